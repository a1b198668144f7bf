"""The form renderer writes exactly what Django's templates write: for every field of
every form in the project (empty, with a value, with one needing escaping, bound with
an error) and for generated widgets, attributes and labels."""

import copy
import importlib
import pkgutil
from typing import Any

import pytest
from django import forms
from django.forms.renderers import DjangoTemplates
from django.utils.safestring import mark_safe
from hypothesis import given, settings
from hypothesis import strategies as st

import wenming
from wenming.core.form_renderer import FAST, FormRenderer

DJANGO = DjangoTemplates()
OURS = FormRenderer()
AWKWARD = ['<b>"引号"&amp;</b>', "  空格  ", "0", "12.5", ""]


def _project_forms() -> list[Any]:
    for module in pkgutil.walk_packages(wenming.__path__, "wenming."):
        if ".migrations" in module.name or module.name.endswith(("settings", "wsgi", "manage")):
            continue
        if module.name.rsplit(".", 1)[-1] in {"forms", "views"} or ".forms" in module.name:
            importlib.import_module(module.name)
    found: list[Any] = []
    todo: list[Any] = [forms.Form, forms.ModelForm]
    while todo:
        cls = todo.pop()
        todo += cls.__subclasses__()
        if cls.__module__.startswith("wenming."):
            found.append(cls)
    return found


FORMS = _project_forms()


def _one_field_form(field: forms.Field, renderer: Any, data: dict[str, Any] | None) -> Any:
    form_class = type("One", (forms.Form,), {"f": copy.deepcopy(field)})
    return form_class(data=data, files=None, renderer=renderer)


def _both(field: forms.Field, data: dict[str, Any] | None) -> tuple[str, str]:
    out = []
    for renderer in (DJANGO, OURS):
        form = _one_field_form(field, renderer, data)
        if data is not None:
            form.is_valid()
        bound = form["f"]
        # A widget of Django's other templates is rendered by them under both renderers
        # (some, a model choice given its rows later, cannot render on their own here).
        widget = str(bound) if getattr(field.widget, "template_name", "") in FAST else ""
        out.append(f"{bound.label_tag()}|{widget}|{bound.errors}|{bound.legend_tag()}")
    return out[0], out[1]


def test_the_project_has_forms_to_compare() -> None:
    assert len(FORMS) > 40
    fields = [f for form in FORMS for f in form.base_fields.values()]
    assert any(f.widget.template_name in FAST for f in fields)


@pytest.mark.django_db  # model choices read their rows
@pytest.mark.parametrize("form_class", FORMS, ids=lambda f: f"{f.__module__}.{f.__name__}")
def test_every_field_of_every_form_renders_as_django_renders_it(
    form_class: Any,
) -> None:
    for name, field in form_class.base_fields.items():
        cases: list[dict[str, Any] | None] = [None, *({"f": value} for value in AWKWARD)]
        if getattr(field, "queryset", False) is None:
            cases = [None]  # its rows are given by the form's constructor: no validation
        for data in cases:
            django_html, our_html = _both(field, data)
            assert our_html == django_html, (name, data)


names = st.sampled_from(["class", "id", "min", "max", "step", "placeholder", "data-x", 'x"<'])
values = st.one_of(
    st.booleans(),
    st.none(),
    st.integers(-5, 5),
    st.text(max_size=8),
    st.text(max_size=4).map(mark_safe),
)
attrs = st.dictionaries(names, values, max_size=4)


@settings(max_examples=200, deadline=None)
@given(
    template=st.sampled_from(sorted(FAST)),
    value=st.one_of(
        st.none(), st.text(max_size=8), st.integers(), st.text(max_size=4).map(mark_safe)
    ),
    attrs=attrs,
    label=st.text(max_size=6),
    use_tag=st.booleans(),
)
def test_generated_contexts_render_as_the_templates_do(
    template: str, value: Any, attrs: dict[str, Any], label: str, use_tag: bool
) -> None:
    if template.endswith("label.html"):
        context: dict[str, Any] = {
            "field": None, "label": label, "attrs": attrs, "use_tag": use_tag, "tag": "label"
        }  # fmt: skip
    else:
        context = {"widget": {"name": "n<", "type": "text", "value": value, "attrs": attrs}}
    assert OURS.render(template, context) == DJANGO.render(template, context)
