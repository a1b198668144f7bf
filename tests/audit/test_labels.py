"""Every action a service records has a label for people, registered by its app.

The actions are read from the source with ``ast``: the string given as ``action=`` to any
call, as the first argument of ``Change(...)``, or as the ``action`` parameter of a
function of the same module (``_save_new(..., "framework.import")``). An action recorded
with an f-string must be one of the families listed in ``FAMILIES`` below."""

import ast
import datetime
from collections.abc import Iterator
from pathlib import Path

from django.db import transaction

import wenming
from wenming.audit.labels import registered_actions
from wenming.audit.presentation import changes
from wenming.audit.services import audit_record
from wenming.campaigns.services import ACTION_LABELS
from wenming.domain.review import ItemAction
from wenming.domain.titles import TitleStatus
from wenming.registry.services import title_add

SOURCE = Path(wenming.__file__).parent

#: The f-string actions (``f"application.{action.value}"``) and the values they take.
FAMILIES: dict[str, list[str]] = {
    "application.": [str(action) for action in ACTION_LABELS],
    "item.": [action.value for action in ItemAction],
    "title.": [status.value for status in TitleStatus if status is not TitleStatus.ACTIVE],
}


def _action_parameters(tree: ast.Module) -> dict[str, int | None]:
    """The module's functions that take an ``action`` parameter, and its position
    (None: keyword only)."""
    found: dict[str, int | None] = {}
    for node in ast.walk(tree):
        if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef):
            positional = [a.arg for a in node.args.posonlyargs + node.args.args]
            if "action" in positional:
                found[node.name] = positional.index("action")
            elif "action" in [a.arg for a in node.args.kwonlyargs]:
                found[node.name] = None
    return found


def _recorded(tree: ast.Module) -> Iterator[ast.expr]:
    """The expressions given as an action in the module."""
    local = _action_parameters(tree)
    for node in ast.walk(tree):
        if not isinstance(node, ast.Call):
            continue
        name = node.func.id if isinstance(node.func, ast.Name) else None
        method = node.func.attr if isinstance(node.func, ast.Attribute) else None
        if method != "add_argument":  # a command's ``action="store_true"`` is argparse's
            yield from (kw.value for kw in node.keywords if kw.arg == "action")
        if name == "Change" and node.args:
            yield node.args[0]
        position = local.get(name or "")
        if position is not None and len(node.args) > position:
            yield node.args[position]


def recorded_actions() -> tuple[dict[str, str], dict[str, str]]:
    """Literal actions and f-string families, each with where it is first written."""
    literals: dict[str, str] = {}
    families: dict[str, str] = {}
    for path in sorted(SOURCE.rglob("*.py")):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for expr in _recorded(tree):
            where = f"{path.relative_to(SOURCE.parent)}:{expr.lineno}"
            if isinstance(expr, ast.Constant) and isinstance(expr.value, str):
                literals.setdefault(expr.value, where)
            elif isinstance(expr, ast.JoinedStr):
                head = expr.values[0]
                prefix = head.value if isinstance(head, ast.Constant) else ""
                families.setdefault(str(prefix), where)
    return literals, families


def test_the_scan_finds_the_recorded_actions():
    literals, families = recorded_actions()
    # A scan that finds nothing would make the next tests pass for nothing.
    assert {"assessment.mark_save", "framework.import", "title.add", "user.create"} <= set(literals)
    assert set(families) == set(FAMILIES)


def test_every_recorded_action_has_a_label():
    literals, _families = recorded_actions()
    registered = registered_actions()
    missing = {action: where for action, where in literals.items() if action not in registered}
    assert not missing, (
        f"actions without a label (register them in the app's audit_labels.py): {missing}"
    )


def test_every_action_of_an_f_string_family_has_a_label():
    _literals, families = recorded_actions()
    unknown = {prefix: where for prefix, where in families.items() if prefix not in FAMILIES}
    assert not unknown, f"an f-string action this test does not know, add it to FAMILIES: {unknown}"
    registered = registered_actions()
    missing = [
        prefix + value
        for prefix, values in FAMILIES.items()
        for value in values
        if prefix + value not in registered
    ]
    assert not missing


def test_every_label_is_chinese_for_the_catalogue():
    for action, entry in registered_actions().items():
        assert any("\u4e00" <= ch <= "\u9fff" for ch in str(entry.label)), action


def test_a_titles_own_organization_and_its_id_are_not_listed(world, cast):
    title = title_add(
        acting_user=cast.city,
        organization=world.east_unit,
        category="unit",
        level="municipal",
        edition=2024,
        naming_body="City Committee",
        document_number="C〔2024〕2号",
        named_on=datetime.date(2024, 12, 1),
    )
    with transaction.atomic():
        event = audit_record(
            actor=cast.city,
            action="title.add",
            obj=world.east_unit,
            after={"organization": world.east_unit.pk, "title_id": title.pk, "level": "municipal"},
        )
    assert [(c.label, c.after) for c in changes(event)] == [("级别", "市级")]
