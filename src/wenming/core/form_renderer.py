"""The form renderer: Django's, with its simplest templates written as Python.

Every field Django renders goes through three templates at least: the widget's (which
includes ``input.html``), its attributes (``attrs.html``) and the label's (``label.html``,
including its own ``attrs.html``). For one number field that is five template renders,
about 0.4 ms. The application page has five such fields and the sign-in and password
pages three, so these templates were a tenth of a page's time.

The templates written here are the ones that only place escaped values: the inputs
(text, number, date, file, checkbox, …), the textarea, the label and both attribute
lists. Each function returns exactly what Django's template returns (tests/core/
test_form_renderer.py compares them for every field of every form of the project and for
generated attributes). Every other template (selects, radios, clearable files, the
form and field layouts) and any widget given a template of its own is rendered by
Django's templates as before.
"""

from collections.abc import Callable, Mapping
from typing import Any

from django.forms.renderers import DjangoTemplates
from django.utils.html import conditional_escape

Context = Mapping[str, Any]


def _attrs(attrs: Mapping[str, Any]) -> str:
    # attrs.html: a False value leaves the attribute out, True writes its bare name.
    out = []
    for name, value in attrs.items():
        if value is False:
            continue
        out.append(f" {conditional_escape(name)}")
        if value is not True:
            out.append(f'="{conditional_escape(value)}"')
    return "".join(out)


def _input(context: Context) -> str:
    widget = context["widget"]
    value = widget["value"]
    shown = "" if value is None else f' value="{conditional_escape(value)}"'
    return (
        f'<input type="{conditional_escape(widget["type"])}" '
        f'name="{conditional_escape(widget["name"])}"{shown}{_attrs(widget["attrs"])}>'
    )


def _textarea(context: Context) -> str:
    widget = context["widget"]
    value = widget["value"]
    text = conditional_escape(value) if value else ""
    return (
        f'<textarea name="{conditional_escape(widget["name"])}"{_attrs(widget["attrs"])}>\n'
        f"{text}</textarea>"
    )


def _label(context: Context) -> str:
    label = conditional_escape(context["label"])
    if not context["use_tag"]:
        return str(label).strip()
    tag = conditional_escape(context["tag"])
    return f"<{tag}{_attrs(context['attrs'])}>{label}</{tag}>"


_INPUTS = "checkbox color date datetime email file hidden number password search tel text time url"
FAST: dict[str, Callable[[Context], str]] = {
    **{f"django/forms/widgets/{name}.html": _input for name in _INPUTS.split()},
    "django/forms/widgets/input.html": _input,
    "django/forms/widgets/textarea.html": _textarea,
    "django/forms/label.html": _label,
}


class FormRenderer(DjangoTemplates):
    """settings.FORM_RENDERER: the templates in ``FAST`` as Python, the rest as Django's."""

    def render(self, template_name: str, context: Any, request: Any = None) -> str:
        # Like Django's, the text is returned unmarked: its callers mark it safe. The
        # functions escape every value, as the templates' autoescape does.
        fast = FAST.get(template_name)
        return fast(context) if fast else str(super().render(template_name, context, request))
