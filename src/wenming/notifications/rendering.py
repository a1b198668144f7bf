"""The office's wording rendered safely: Django template syntax over plain strings only.

A template may use the variables of ``VARIABLES`` and the tags ``if`` and ``comment``
with the built-in filters; nothing else (no ``load``, ``include``, ``extends``, no other
variable). Its context holds only strings, so no attribute reaches past them. The text
is a message, not HTML: nothing is escaped (e-mail, SMS and chat carry plain text; the
inbox escapes it when it shows it).
"""

from collections.abc import Mapping

from django.core.exceptions import ValidationError
from django.template import Context, Engine, Template, TemplateSyntaxError
from django.template.base import Node, TextNode, VariableNode
from django.template.defaulttags import CommentNode, IfNode
from django.utils.translation import gettext as _

from .kinds import VARIABLES

# No loaders and no libraries: {% include %} and {% extends %} find nothing to read, and
# {% load %} nothing to load (they are refused before rendering anyway).
_ENGINE = Engine(dirs=[], app_dirs=False, loaders=[], libraries={}, autoescape=False)
_ALLOWED_NODES = (TextNode, VariableNode, IfNode, CommentNode)


def _variables(node: Node) -> list[str]:
    """The top-level names the node reads (its own and its filters' arguments)."""
    if isinstance(node, VariableNode):
        expressions = [node.filter_expression]
    elif isinstance(node, IfNode):
        expressions = []
        for condition, _nodelist in node.conditions_nodelists:
            stack = [condition]
            while stack:
                current = stack.pop()
                if current is None:
                    continue
                value = getattr(current, "value", None)
                if value is not None and hasattr(value, "var"):
                    expressions.append(value)
                stack += [getattr(current, "first", None), getattr(current, "second", None)]
    else:
        return []
    names = []
    for expression in expressions:
        for variable in [
            expression.var,
            *(arg for _f, args in expression.filters for _l, arg in args),
        ]:
            lookups = getattr(variable, "lookups", None)
            if lookups:
                names.append(".".join(lookups))
    return names


def compile_template(source: str) -> Template:
    """The template, or a ValidationError in Chinese saying what is not allowed."""
    try:
        template = _ENGINE.from_string(source)
    except TemplateSyntaxError as error:
        raise ValidationError(
            _("模板格式有误：%(error)s") % {"error": error}, code="template_syntax"
        ) from error
    allowed = ", ".join(VARIABLES)
    for node in _walk(template.nodelist):
        if not isinstance(node, _ALLOWED_NODES):
            raise ValidationError(
                _("模板只能使用变量和 if 标签，不能使用“%(tag)s”。") % {"tag": _tag_name(node)},
                code="template_tag",
            )
        for name in _variables(node):
            if name not in VARIABLES:
                raise ValidationError(
                    _("模板中的变量“%(name)s”不存在；可用的变量：%(allowed)s。")
                    % {"name": name, "allowed": allowed},
                    code="template_variable",
                )
    return template


def _walk(nodelist: list[Node]) -> list[Node]:
    nodes: list[Node] = []
    for node in nodelist:
        nodes.append(node)
        # An if's branches are its ``nodelist`` (every branch's nodes, in order).
        for attr in node.child_nodelists:
            nodes += _walk(getattr(node, attr, None) or [])
    return nodes


def _tag_name(node: Node) -> str:
    token = getattr(node, "token", None)
    contents = getattr(token, "contents", "")
    return str(contents) if contents else type(node).__name__


def render(source: str, context: Mapping[str, str]) -> str:
    """The text of ``source`` over ``context`` (only the known variables are passed)."""
    values = {name: str(context.get(name, "")) for name in VARIABLES}
    return compile_template(source).render(Context(values, autoescape=False)).strip()
