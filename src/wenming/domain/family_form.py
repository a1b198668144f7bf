"""The 文明家庭 application form (docs/rules.md#families): who the family is, what it
did, the honors it holds and the village or community that recommends it.

A family is not an organization with staff and party members: its form has none of the
statistics a unit's form feeds the threshold indicators with, and it marks nothing
itself (the office reviews it centrally against the family standard). Members are typed
one per line, "姓名 关系 备注" (separated by spaces, commas or 、), as the paper form
lists them; each line is checked and a bad one named by its number.
"""

import re
from collections.abc import Mapping
from dataclasses import dataclass
from enum import StrEnum
from typing import Any

MAX_MEMBERS = 30
DEEDS_MAX = 3000
OTHER_HONORS_MAX = 500
_SEPARATORS = re.compile(r"[\s,，、;；]+")


class FamilyHonor(StrEnum):
    """Honors the form asks about by name (seed 000 §一: they open 省级文明家庭)."""

    MOST_BEAUTIFUL = "most_beautiful_family"  # 最美家庭
    TEN_STAR = "ten_star_household"  # 十星级文明户


class FamilyFormError(ValueError):
    """A form that cannot be saved; ``code`` names the problem, ``line`` the member row."""

    def __init__(self, code: str, **params: object) -> None:
        self.code = code
        self.params = params
        super().__init__(f"{code}: {params}" if params else code)


@dataclass(frozen=True, slots=True)
class Member:
    name: str
    relation: str  # 与户主关系: 户主, 妻子, 长子 …
    note: str = ""  # occupation, school, anything the family adds

    def as_dict(self) -> dict[str, str]:
        return {"name": self.name, "relation": self.relation, "note": self.note}


def parse_members(text: str) -> tuple[Member, ...]:
    """The members typed one per line; a line without a name and a relation is refused."""
    members = []
    lines = [line.strip() for line in text.splitlines()]
    for number, line in enumerate(lines, start=1):
        if not line:
            continue
        parts = [p for p in _SEPARATORS.split(line, maxsplit=2) if p]
        if len(parts) < 2:
            raise FamilyFormError("member_relation_missing", line=number, text=line)
        members.append(Member(parts[0], parts[1], parts[2] if len(parts) > 2 else ""))
    if len(members) > MAX_MEMBERS:
        raise FamilyFormError("members_too_many", maximum=MAX_MEMBERS)
    return tuple(members)


def members_text(members: Any) -> str:
    """The stored members back as the lines the family typed."""
    if not isinstance(members, list):
        return ""
    return "\n".join(
        " ".join(p for p in (m.get("name", ""), m.get("relation", ""), m.get("note", "")) if p)
        for m in members
        if isinstance(m, Mapping)
    )


def family_form_problems(form: Mapping[str, Any]) -> tuple[str, ...]:
    """What the saved form still lacks before submission, as codes in the form's order."""
    problems = []
    if not form.get("members"):
        problems.append("members_missing")
    if not str(form.get("deeds") or "").strip():
        problems.append("deeds_missing")
    if not form.get("recommender"):
        problems.append("recommender_missing")
    return tuple(problems)
