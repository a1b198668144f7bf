"""The applicant's writes to its application while it is editable: the form (a unit's
statistics, a family's members and deeds) and its self-marks against the framework.

Each checks the input first, then saves in one transaction with its audit event, through
``application_editable`` (the applicant's permission, the stage open, the status
editable)."""

from collections.abc import Sequence
from decimal import Decimal, InvalidOperation
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from wenming.accounts.models import User
from wenming.audit.services import audit_record
from wenming.domain.family_form import (
    DEEDS_MAX,
    OTHER_HONORS_MAX,
    FamilyFormError,
    FamilyHonor,
    parse_members,
)
from wenming.domain.scoring import quantize2
from wenming.registry.models import Organization

from ..family_form import form_error_message, is_family, recommenders_for
from ..models import Application, SelfMark
from ..selectors.application_reads import application_locked, self_mark_of
from ..selectors.applications import FORM_STATISTICS
from .applications import application_editable


def application_update_form(
    *, acting_user: User, application: Application, form: dict[str, Any]
) -> Application:
    """Save the application form (its statistics feed the threshold indicators)."""
    if is_family(application):
        raise ValidationError(_("文明家庭的申报表没有统计数据。"))
    with transaction.atomic():
        application = Application.objects.select_for_update().get(pk=application.pk)
        application_editable(acting_user, application)
        cleaned = dict(application.form)
        for name in FORM_STATISTICS:
            if name in form:
                value = form[name]
                if value in ("", None):
                    cleaned[name] = None
                    continue
                try:
                    number = int(value)
                except (TypeError, ValueError) as error:
                    raise ValidationError({name: _("请填写整数。")}) from error
                if number < 0:
                    raise ValidationError({name: _("不能为负数。")})
                cleaned[name] = number
        _check_statistics(cleaned)
        _save_form(acting_user, application, cleaned)
    return application


def application_update_family_form(
    *,
    acting_user: User,
    application: Application,
    members: str,
    deeds: str,
    honors: Sequence[str],
    other_honors: str,
    recommender: Organization | None,
) -> Application:
    """Save a 文明家庭 application's form: members, deeds, honors, recommending village.

    A bad member line is refused naming its line, and nothing is saved."""
    if not is_family(application):
        raise ValidationError(_("只有文明家庭的申报表填写家庭成员和事迹。"))
    try:
        parsed = parse_members(members)
    except FamilyFormError as error:
        raise ValidationError({"members": form_error_message(error)}) from error
    if len(deeds.strip()) > DEEDS_MAX:
        raise ValidationError({"deeds": _("主要事迹最多 %(n)s 字。") % {"n": DEEDS_MAX}})
    if len(other_honors.strip()) > OTHER_HONORS_MAX:
        raise ValidationError(
            {"other_honors": _("其他荣誉最多 %(n)s 字。") % {"n": OTHER_HONORS_MAX}}
        )
    unknown = [h for h in honors if h not in set(FamilyHonor)]
    if unknown:
        raise ValidationError({"honors": _("无法识别的荣誉：%(h)s。") % {"h": "、".join(unknown)}})
    if (
        recommender is not None
        and not recommenders_for(application.organization).filter(pk=recommender.pk).exists()
    ):
        raise ValidationError(
            {
                "recommender": _("“%(name)s”不是本家庭所在的村（社区）。")
                % {"name": recommender.name}
            }
        )
    cleaned = {
        "members": [m.as_dict() for m in parsed],
        "deeds": deeds.strip(),
        "honors": [h.value for h in FamilyHonor if h.value in honors],
        "other_honors": other_honors.strip(),
        "recommender": recommender.pk if recommender is not None else None,
        "recommender_name": recommender.name if recommender is not None else "",
    }
    with transaction.atomic():
        application = Application.objects.select_for_update().get(pk=application.pk)
        application_editable(acting_user, application)
        _save_form(acting_user, application, cleaned)
    return application


def _save_form(acting_user: User, application: Application, form: dict[str, Any]) -> None:
    """Replace the (locked, editable) application's form, audited with before and after."""
    before = {"form": application.form}
    application.form = form
    application.save(update_fields=["form"])
    audit_record(
        actor=acting_user,
        action="application.form",
        obj=application,
        before=before,
        after={"form": form},
    )


def _check_statistics(form: dict[str, Any]) -> None:
    pairs = [
        ("party_members", "staff_count", _("在职党员数不能多于职工人数。")),
        ("party_member_volunteers", "party_members", _("党员注册志愿者数不能多于在职党员数。")),
        ("volunteers_served", "registered_volunteers", _("参与服务志愿者数不能多于注册志愿者数。")),
    ]
    errors = {}
    for part, whole, message in pairs:
        if form.get(part) is not None and form.get(whole) is not None and form[part] > form[whole]:
            errors[part] = message
    if errors:
        raise ValidationError(errors)


def _locked_again(application: Application) -> Application:
    """The application's row read again under a lock, its related rows as already read."""
    locked = application_locked.first(application.pk)
    if locked is None:
        raise Application.DoesNotExist
    for relation in ("campaign", "award", "organization"):
        if getattr(locked, f"{relation}_id") == getattr(application, f"{relation}_id"):
            setattr(locked, relation, getattr(application, relation))
    return locked


def self_mark_save(
    *,
    acting_user: User,
    application: Application,
    clause_key: str,
    points: Any,
    narrative: str = "",
) -> SelfMark:
    """Save the applicant's own mark for one scoring point of the award's framework."""
    if application.award.framework.is_checklist:
        raise ValidationError(
            _("“%(award)s”按创建标准集中审核认定，申报单位不自评打分。")
            % {"award": application.award.label}
        )
    framework = application.award.framework.to_framework()
    clauses = {c.key: c for criterion in framework.criteria() for c in criterion.clauses}
    clause = clauses.get(clause_key)
    if clause is None:
        raise ValidationError(_("测评体系中没有评分要点“%(key)s”。") % {"key": clause_key})
    try:
        value = Decimal(str(points))
    except InvalidOperation as error:
        raise ValidationError(_("自评分“%(v)s”不是数字。") % {"v": points}) from error
    if value < 0 or value > clause.points:
        raise ValidationError(
            _("评分要点 %(key)s 的自评分应在 0 到 %(max)s 之间。")
            % {"key": clause_key, "max": clause.points}
        )
    if value % framework.step != 0:
        raise ValidationError(_("自评分须为 %(step)s 的整数倍。") % {"step": framework.step})
    with transaction.atomic():
        # The application's row alone is locked and read again: self-marks of one
        # application take turns, those of other applications do not wait. Its campaign,
        # award and organization (the stage check and the event's label need them) are
        # the caller's: they are not locked either way, and reading them again with joins
        # would cost the save a third of its time.
        application = _locked_again(application)
        application_editable(acting_user, application)
        # Under that lock no other save can insert this mark: no savepoint for a race.
        mark = self_mark_of.first(application.pk, clause_key)
        created = mark is None
        if mark is None:
            mark = SelfMark.objects.create(
                application=application, clause_key=clause_key, points=value, narrative=narrative
            )
        if not created and mark.points == value and mark.narrative == narrative:
            # Saved again unchanged (a second blur, a retried request): nothing to write
            # and nothing to audit.
            return mark
        before = None if created else {"points": str(mark.points), "narrative": mark.narrative}
        if not created:
            mark.points = value
            mark.narrative = narrative
            mark.save()
        audit_record(
            actor=acting_user,
            action="application.self_mark",
            obj=application,
            before=before and before | {"clause": clause_key},
            after={"clause": clause_key, "points": str(value), "narrative": narrative},
        )
    # The points as the column keeps them (two places), as reading the row back gives.
    mark.points = quantize2(value)
    return mark
