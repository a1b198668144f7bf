"""Which framework an award may use (DOMAIN §5, seed 000 §二): one of the award's own
category, of the kind its way of assessment needs, never a retired one.

A family award reviewed centrally needs a checklist (达标制创建标准); a scored award and
a 文明城市 composite (whose online review is marked under the city framework) need a
framework of points. A composite (综合考评) is a supervision review's, never an award's.
Each refusal names both the award and the framework, so the office sees what to change.
"""

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from wenming.domain.titles import AssessmentMode, default_assessment
from wenming.frameworks.models import Framework, FrameworkKind, FrameworkStatus
from wenming.registry.models import CATEGORY_LABELS, title_label

from .models import ASSESSMENT_CHOICES

REQUIRED_KIND = {
    AssessmentMode.SCORED: FrameworkKind.FRAMEWORK,
    AssessmentMode.CENTRAL_REVIEW: FrameworkKind.CHECKLIST,
    AssessmentMode.CITY_COMPOSITE: FrameworkKind.FRAMEWORK,
}


def _category_label(code: str) -> str:
    return str(next((label for key, label in CATEGORY_LABELS.items() if key == code), code))


def require_framework_fits(
    *, category: str, level: str, model: bool, assessment: str, framework: Framework
) -> None:
    """Refuse ``framework`` for the award described, with the reason in the office's words."""
    award = title_label(category, level, model)
    names = {"award": award, "framework": framework.name}
    if framework.status == FrameworkStatus.DRAFT:
        # A draft is edited in place: marks and reviews must point at a frozen version.
        raise ValidationError(
            _("“%(framework)s”还是草稿，启用后才能作为“%(award)s”的测评体系。") % names,
            code="framework_draft",
        )
    if framework.status == FrameworkStatus.RETIRED:
        raise ValidationError(
            _("“%(framework)s”已停用，不能作为“%(award)s”的测评体系。") % names,
            code="framework_retired",
        )
    if framework.kind == FrameworkKind.COMPOSITE:
        raise ValidationError(
            _("“%(framework)s”是综合考评体系，不能作为“%(award)s”的测评体系。") % names,
            code="framework_composite",
        )
    if framework.category != category:
        raise ValidationError(
            _("“%(award)s”只能使用%(category)s类的测评体系，“%(framework)s”属于%(other)s类。")
            % (
                names
                | {
                    "category": _category_label(category),
                    "other": _category_label(framework.category or "") or _("未分类"),
                }
            ),
            code="framework_category",
        )
    required = REQUIRED_KIND[AssessmentMode(assessment)]
    if framework.kind != required:
        raise ValidationError(
            _("“%(award)s”采用%(mode)s，须使用%(kind)s；“%(framework)s”是%(actual)s。")
            % (
                names
                | {
                    "mode": _mode_label(assessment),
                    "kind": required.label,
                    "actual": FrameworkKind(framework.kind).label,
                }
            ),
            code="framework_kind",
        )


def _mode_label(assessment: str) -> str:
    return str(dict(ASSESSMENT_CHOICES)[assessment])


def award_fields(data: dict[str, object]) -> dict[str, object]:
    """An award's fields with its way of assessment filled in from its category, checked."""
    fields = dict(data)
    category = str(fields["category"])
    fields.setdefault("assessment", default_assessment(category).value)
    framework = fields["framework"]
    if not isinstance(framework, Framework):
        raise TypeError("an award's framework must be a Framework")
    require_framework_fits(
        category=category,
        level=str(fields["level"]),
        model=bool(fields.get("model", False)),
        assessment=str(fields["assessment"]),
        framework=framework,
    )
    return fields
