"""The plan's Word documents: 实施方案 and 自查报告, built for the one 公文 builder.

Both are ``OfficialDocument`` without the red letterhead: the applicant is not an office and
issues them under its own name. The 实施方案 follows seed 004's order (指导思想和目标, 组织机构,
实施步骤, 任务分工); its 任务分工 table has one heading row per framework item, then a row
per clause with the departments assigned (the first leads: "办公室（牵头）、机关党委"), the
framework's own 责任部门 when nothing is assigned. The 自查报告 gives per criterion the
self-marks of the plan's application, the material gathered for it and what is missing.
"""

import re
from collections import defaultdict
from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from django.utils.translation import gettext as _

from wenming.campaigns.models import Application, Evidence, SelfMark
from wenming.documents import official
from wenming.documents.gongwen_docx import build_docx
from wenming.documents.style import date_words
from wenming.domain.frameworks import Clause, Criterion, Framework, Method

from .models import (
    BODY_POSITIONS,
    Assignment,
    GroupBody,
    GroupMember,
    Material,
    Occurrence,
    OccurrenceStatus,
    Plan,
)

__all__ = [
    "SelfCheck",
    "departments_text",
    "plan_document",
    "plan_docx",
    "self_check",
    "self_check_document",
    "self_check_docx",
]

_CHINESE_NUMBERS = "一二三四五六七八九十"


def _method_label(method: Method) -> str:
    labels = {
        Method.MATERIAL: _("材料审核"),
        Method.ONSITE: _("实地考察"),
        Method.QUESTIONNAIRE: _("问卷调查"),
    }
    return labels.get(method, str(method))


def _ordinal(number: int) -> str:
    """一 … 十, then 十一 … 九十九 (framework items stay well below that)."""
    if number <= 10:
        return _CHINESE_NUMBERS[number - 1]
    tens, ones = divmod(number, 10)
    head = "" if tens == 1 else _CHINESE_NUMBERS[tens - 1]
    return head + "十" + (_CHINESE_NUMBERS[ones - 1] if ones else "")


def _points(value: Decimal) -> str:
    text = f"{value:f}"
    return text.rstrip("0").rstrip(".") if "." in text else text


def _span(starts_on: date, ends_on: date) -> str:
    """2026年3月30日—4月6日: the end's year is left out when it is the same."""
    if starts_on.year != ends_on.year:
        end = date_words(ends_on)
    else:
        # Django's MONTH_DAY_FORMAT pads the month (04月6日); the translated words do not.
        end = _("%(month)d月%(day)d日") % {"month": ends_on.month, "day": ends_on.day}
    return _("%(start)s—%(end)s") % {"start": date_words(starts_on), "end": end}


def _letterhead(plan: Plan) -> official.Letterhead:
    name = plan.organization.name
    return official.Letterhead(mark="", number="", signature=name, printer=name)


# --- 实施方案 -------------------------------------------------------------------------------


def _group_lines(plan: Plan) -> list[official.Block]:
    members = GroupMember.objects.filter(plan=plan).select_related("staff")
    by_slot: dict[tuple[str, str], list[str]] = defaultdict(list)
    for member in members.order_by("order", "pk"):
        staff = member.staff
        by_slot[(member.body, member.position)].append(
            f"{staff.name}（{staff.position}）" if staff.position else staff.name
        )
    blocks: list[official.Block] = []
    organization = plan.organization.name
    for body, positions in BODY_POSITIONS.items():
        if body == GroupBody.LEADING_GROUP:
            intro = _("成立%(org)s创建%(award)s工作领导小组：") % {
                "org": organization,
                "award": plan.award.label,
            }
        else:
            intro = _("领导小组下设办公室，负责日常工作：")
        blocks.append(official.Paragraph(intro))
        lines = [
            f"{position.label}：{'、'.join(by_slot[(body, position)])}"
            for position in positions
            if by_slot[(body, position)]
        ]
        blocks.extend(official.Paragraph(line) for line in lines)
        if not lines:
            blocks.append(official.Paragraph(_("（尚未确定人员）")))
    return blocks


def _departments(plan: Plan) -> dict[str, list[str]]:
    by_clause: dict[str, list[str]] = defaultdict(list)
    rows = Assignment.objects.filter(plan=plan).select_related("department")
    for row in rows.order_by("clause_key", "order", "pk"):
        by_clause[row.clause_key].append(row.department.name)
    return by_clause


def departments_text(names: list[str] | tuple[str, ...]) -> str:
    """办公室（牵头）、机关党委 — the first department leads; one alone needs no mark."""
    names = [name for name in names if name]
    if len(names) > 1:
        names = [_("%(name)s（牵头）") % {"name": names[0]}, *names[1:]]
    return "、".join(names)


_POINTS_WRITTEN = re.compile(r"\d+(?:\.\d+)?\s*分\s*[)）]")


def _standard(clause: Clause) -> str:
    """The clause's text with its points, unless the text already states them ("(2分)")."""
    if _POINTS_WRITTEN.search(clause.text):
        return clause.text
    return _("%(text)s（%(points)s分）") % {"text": clause.text, "points": _points(clause.points)}


def _division_table(plan: Plan, framework: Framework) -> official.Table:
    assigned = _departments(plan)
    rows: list[tuple[str, ...]] = []
    number = 0
    for item in framework.items:
        heading = _("%(ordinal)s、%(name)s（%(points)s分）") % {
            "ordinal": _ordinal(item.number),
            "name": item.name,
            "points": _points(item.points),
        }
        rows.append(("", heading, "", "", ""))
        for criterion in item.criteria:
            for index, clause in enumerate(criterion.clauses):
                number += 1
                names = assigned.get(clause.key) or list(clause.departments)
                methods = "、".join(_method_label(method) for method in clause.methods)
                # The criterion's text once, on its first clause: the rows below continue it.
                content = criterion.text if index == 0 else ""
                rows.append(
                    (str(number), content, _standard(clause), methods, departments_text(names))
                )
    return official.Table(
        columns=(_("序号"), _("考评内容"), _("考评标准"), _("考评方法"), _("责任部门")),
        rows=tuple(rows),
        widths=(0.8, 2.6, 4, 1.2, 1.8),
        empty_text=_("测评体系尚无评分要点。"),
    )


def plan_document(plan: Plan, *, on: date) -> official.OfficialDocument:
    """The 实施方案 of ``plan`` dated ``on``."""
    framework = plan.award.framework.to_framework()
    organization = plan.organization.name
    award = plan.award.label
    body: list[official.Block] = [
        official.Paragraph(_("一、指导思想和目标"), level=1),
        official.Paragraph(
            _(
                "以习近平新时代中国特色社会主义思想为指导，深入践行社会主义核心价值观，"
                "对照《%(framework)s》逐项落实创建任务，以创建促工作、以创建树形象，"
                "力争%(year)s年成功创建%(award)s。"
            )
            % {"framework": framework.name, "year": plan.year, "award": award}
        ),
        official.Paragraph(_("二、组织机构"), level=1),
        *_group_lines(plan),
        official.Paragraph(_("三、实施步骤"), level=1),
    ]
    phases = list(plan.phases.order_by("order", "starts_on"))
    for index, phase in enumerate(phases, start=1):
        body.append(
            official.Paragraph(
                _("（%(ordinal)s）%(name)s（%(span)s）")
                % {
                    "ordinal": _ordinal(index),
                    "name": phase.name,
                    "span": _span(phase.starts_on, phase.ends_on),
                },
                level=2,
            )
        )
        if phase.description:
            body.append(official.Paragraph(phase.description))
    if not phases:
        body.append(official.Paragraph(_("（尚未安排实施步骤）")))
    body.append(official.Paragraph(_("四、任务分工"), level=1))
    body.append(
        official.Paragraph(
            _(
                "各责任部门对照下表抓好落实，牵头部门负责统筹协调、汇总资料，配合部门按要求及时提供资料。"
            )
        )
    )
    body.append(_division_table(plan, framework))
    return official.OfficialDocument(
        letterhead=_letterhead(plan),
        title=plan.title
        or _("%(org)s创建%(award)s实施方案") % {"org": organization, "award": award},
        addressees=_("各部门"),
        body=tuple(body),
        signed_on=on,
        sealed=False,
    )


def plan_docx(plan: Plan, *, on: date) -> bytes:
    return build_docx(plan_document(plan, on=on))


# --- 自查报告 -------------------------------------------------------------------------------


@dataclass
class SelfCheck:
    """What the plan's application and tasks hold for each clause."""

    marks: dict[str, Decimal]
    materials: dict[str, list[str]]  # clause key -> file names (accepted material, evidence)
    open_tasks: dict[str, list[str]]  # clause key -> "任务（期次）已逾期/未验收"


def self_check(plan: Plan, *, today: date) -> SelfCheck:
    """Self-marks, material and unfinished occurrences of ``plan``, by clause key."""
    application = Application.objects.filter(
        organization=plan.organization, award=plan.award
    ).first()
    marks: dict[str, Decimal] = {}
    materials: dict[str, list[str]] = defaultdict(list)
    if application is not None:
        for mark in SelfMark.objects.filter(application=application):
            marks[mark.clause_key] = mark.points
        for evidence in Evidence.objects.filter(application=application).order_by("pk"):
            materials[evidence.clause_key].append(evidence.original_name)
    accepted = Material.objects.filter(
        occurrence__task__plan=plan, occurrence__status=OccurrenceStatus.ACCEPTED
    ).select_related("occurrence__task")
    for material in accepted.order_by("pk"):
        # Accepted material is copied onto the application as evidence; name each file once.
        key = material.occurrence.task.clause_key
        if material.original_name not in materials[key]:
            materials[key].append(material.original_name)
    open_tasks: dict[str, list[str]] = defaultdict(list)
    unfinished = Occurrence.objects.filter(task__plan=plan).exclude(
        status=OccurrenceStatus.ACCEPTED
    )
    for occurrence in unfinished.select_related("task").order_by("due_on", "pk"):
        title = occurrence.task.title + (f"（{occurrence.label}）" if occurrence.label else "")
        state = _("已逾期") if occurrence.due_on < today else _("未验收")
        open_tasks[occurrence.task.clause_key].append(f"{title}{state}")
    return SelfCheck(marks=marks, materials=dict(materials), open_tasks=dict(open_tasks))


def _criterion_row(criterion: Criterion, check: SelfCheck) -> tuple[str, ...]:
    clauses: tuple[Clause, ...] = criterion.clauses
    marked = [check.marks[c.key] for c in clauses if c.key in check.marks]
    mark = _points(sum(marked, Decimal(0))) if marked else _("未自评")
    files = [name for c in clauses for name in check.materials.get(c.key, [])]
    material = "、".join(files) if files else _("无")
    gaps: list[str] = []
    for clause in clauses:
        if clause.key not in check.marks:
            gaps.append(_("%(key)s未自评") % {"key": clause.key})
        if not check.materials.get(clause.key):
            gaps.append(_("%(key)s无材料") % {"key": clause.key})
        gaps.extend(check.open_tasks.get(clause.key, []))
    return (
        str(criterion.number),
        criterion.text,
        _points(criterion.points),
        mark,
        material,
        "；".join(gaps) or _("无"),
    )


def self_check_document(plan: Plan, *, on: date) -> official.OfficialDocument:
    """The 自查报告 of ``plan`` dated ``on``."""
    framework = plan.award.framework.to_framework()
    check = self_check(plan, today=on)
    clauses = [c for item in framework.items for cr in item.criteria for c in cr.clauses]
    total = sum((check.marks.get(c.key, Decimal(0)) for c in clauses), Decimal(0))
    full = sum((c.points for c in clauses), Decimal(0))
    body: list[official.Block] = [
        official.Paragraph(_("一、总体情况"), level=1),
        official.Paragraph(
            _(
                "对照《%(framework)s》，本单位共%(count)d项评分要点，已自评%(marked)d项，"
                "自评得分%(total)s分（满分%(full)s分），%(with)d项已有材料。"
            )
            % {
                "framework": framework.name,
                "count": len(clauses),
                "marked": sum(1 for c in clauses if c.key in check.marks),
                "total": _points(total),
                "full": _points(full),
                "with": sum(1 for c in clauses if check.materials.get(c.key)),
            }
        ),
        official.Paragraph(_("二、逐项自查情况"), level=1),
    ]
    columns = (_("序号"), _("考评内容"), _("分值"), _("自评分"), _("已有材料"), _("存在问题"))
    for item in framework.items:
        body.append(
            official.Table(
                heading=_("（%(ordinal)s）%(name)s")
                % {"ordinal": _ordinal(item.number), "name": item.name},
                columns=columns,
                rows=tuple(_criterion_row(criterion, check) for criterion in item.criteria),
                widths=(0.8, 3, 0.8, 0.9, 2.2, 2.5),
            )
        )
    body.append(official.Paragraph(_("三、下一步工作"), level=1))
    body.append(
        official.Paragraph(
            _(
                "针对以上存在问题，各责任部门限期补齐材料、完成自评，创建办公室跟踪督办，确保按时完成创建任务。"
            )
        )
    )
    return official.OfficialDocument(
        letterhead=_letterhead(plan),
        title=_("%(org)s创建%(award)s自查报告")
        % {"org": plan.organization.name, "award": plan.award.label},
        addressees="",
        body=tuple(body),
        signed_on=on,
        sealed=False,
    )


def self_check_docx(plan: Plan, *, on: date) -> bytes:
    return build_docx(self_check_document(plan, on=on))
