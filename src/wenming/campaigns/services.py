"""Writes in a campaign: each a transaction with its permission check and audit event.

Every change of an application's status goes through ``application_move``, which asks
the one state machine (``wenming.domain.application_states``) whether the action is allowed.
Actions bound to a stage are refused after its deadline, to the second, unless the
office extended it.
"""

import hashlib
import secrets
from collections.abc import Sequence
from datetime import datetime, timedelta
from decimal import Decimal, InvalidOperation
from typing import Any, overload

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import IntegrityError, connection, transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from wenming.accounts.models import User
from wenming.audit.services import Change, audit_record, audit_record_many, snapshot
from wenming.domain.application_states import (
    EDITABLE,
    Action,
    IllegalTransition,
    State,
    next_state,
)
from wenming.domain.stage_gates import missing_stages
from wenming.registry.models import Body, Organization, Region

from .eligibility import verdicts_for
from .models import (
    STATE_LABELS,
    Application,
    Award,
    Campaign,
    DeadlineExtension,
    Evidence,
    ExceptionalStatus,
    Quota,
    QuotaChange,
    QuotaChangeKind,
    Recommendation,
    SelfMark,
    Stage,
    StageKind,
)
from .stages import require_stage_open

ACTION_LABELS = {
    Action.SUBMIT: gettext_lazy("申报"),
    Action.RETURN: gettext_lazy("退回修改"),
    Action.RESUBMIT: gettext_lazy("重新申报"),
    Action.RECOMMEND: gettext_lazy("推荐"),
    Action.KEEP_AS_ALTERNATE: gettext_lazy("列为备选"),
    Action.PROMOTE: gettext_lazy("递补为推荐"),
    Action.DEMOTE: gettext_lazy("改为备选"),
    Action.NOT_RECOMMEND: gettext_lazy("不予推荐"),
    Action.WITHDRAW: gettext_lazy("撤回"),
    Action.ASSESS: gettext_lazy("列入测评结果"),
    Action.SCREEN: gettext_lazy("通过征求意见"),
    Action.VETO: gettext_lazy("一票否决"),
    Action.PUBLISH: gettext_lazy("公示"),
    Action.UPHOLD_OBJECTION: gettext_lazy("因异议成立取消"),
    Action.APPROVE: gettext_lazy("审定通过"),
    Action.NOT_APPROVE: gettext_lazy("审定不通过"),
    Action.NAME: gettext_lazy("命名"),
}
# Every action of the state machine has its label: a missing one is a bug caught at import.
assert set(ACTION_LABELS) == set(Action), set(Action) - set(ACTION_LABELS)

#: States in which an application holds one of its recommending unit's places: recommended,
#: and every state it can only reach from there (docs/rules.md#quota: quota use counts what the unit
#: recommended, whatever has happened to it since).
PLACE_HOLDING = (
    State.RECOMMENDED,
    State.ASSESSED,
    State.SCREENED,
    State.PUBLISHED,
    State.APPROVED,
    State.NAMED,
)
#: States an application leaves the campaign in after recommendation (vetoed, objection
#: upheld, not approved). Its place stays spent, unless it passed to the first alternate
#: (``promote_first_alternate`` then clears the rank, the alternate holds the place).
#: Not recommending clears the rank too, so a rank kept here means "was recommended".
PLACE_SPENT = (State.VETOED, State.REJECTED)


def holds_place(prefix: str = "") -> Q:
    """The applications that use a place of their unit's quota (docs/rules.md#quota).

    A recommended applicant who withdraws (劝退) or is disqualified gives its place to
    the first alternate, which then holds it: the place is counted once. A withdrawn one
    whose place no alternate took leaves the place free for the unit to fill; a vetoed
    or rejected one whose place no alternate took still used it ("谁推荐、谁负责")."""
    return Q(**{f"{prefix}status__in": PLACE_HOLDING}) | Q(
        **{f"{prefix}status__in": PLACE_SPENT, f"{prefix}rank__isnull": False}
    )


def application_holds_place(application: Application) -> bool:
    """``holds_place`` for an application already read."""
    return application.status in PLACE_HOLDING or (
        application.status in PLACE_SPENT and application.rank is not None
    )


#: The statistics an application form must report (they feed the threshold indicators).
FORM_STATISTICS = (
    "staff_count",
    "party_members",
    "registered_volunteers",
    "party_member_volunteers",
    "volunteers_served",
)


# ---- helpers ------------------------------------------------------------------------------


def _require(user: User, perm: str, obj: Any = None) -> None:
    if not user.has_perm(perm, obj):
        raise PermissionDenied(_("您没有权限执行此操作。"))


APPLICATION_FIELDS = [
    "status",
    "exceptional",
    "justification",
    "rank",
    "comment",
    "form",
    "submitted_at",
]


def _illegal(error: IllegalTransition) -> ValidationError:
    return ValidationError(
        _("“%(state)s”状态的申报不能%(action)s。")
        % {"state": STATE_LABELS[error.state], "action": ACTION_LABELS[error.action]},
        code="illegal_transition",
    )


@overload
def application_move(
    *,
    acting_user: User | None,
    applications: Application,
    action: Action,
    comment: str = "",
    **extra: Any,
) -> Application: ...
@overload
def application_move(
    *,
    acting_user: User | None,
    applications: Sequence[Application],
    action: Action,
    comment: str = "",
    **extra: Any,
) -> list[Application]: ...
def application_move(
    *,
    acting_user: User | None,
    applications: Application | Sequence[Application],
    action: Action,
    comment: str = "",
    **extra: Any,
) -> Application | list[Application]:
    """Change the status of one application or many through the one state machine.

    Each application gets one audit event ``application.<action>`` with its fields
    before and after. Many move in one UPDATE per target state and one batch of audit
    events (the ranking moves tens of thousands at once); the caller holds the
    transaction. An action the current state does not allow refuses the whole call, in
    Chinese, naming the state and the action. ``extra`` sets further fields (e.g. the
    rank on recommending, the time on submitting) on each application.
    """
    single = isinstance(applications, Application)
    moving: list[Application] = [applications] if single else list(applications)  # type: ignore[list-item]
    if not moving:
        return []
    changes = []
    changed = [
        name
        for name in APPLICATION_FIELDS
        if name == "status" or name in extra or (name == "comment" and comment)
    ]
    # str(application) is "organization · award"; an award's label is worked out once.
    awards: dict[int, str] = {}
    award_cached = Application.award.is_cached  # type: ignore[attr-defined]
    organization_cached = Application.organization.is_cached  # type: ignore[attr-defined]
    for application in moving:
        label = None
        if not single and award_cached(application) and organization_cached(application):
            award = awards.get(application.award_id)  # type: ignore[attr-defined]
            if award is None:
                award = awards[application.award_id] = str(application.award)  # type: ignore[attr-defined]
            label = f"{application.organization} · {award}"
        before = snapshot(application, APPLICATION_FIELDS)
        try:
            application.status = next_state(application.status, action)
        except IllegalTransition as error:
            raise _illegal(error) from error
        for name, value in extra.items():
            setattr(application, name, value)
        if comment:
            application.comment = comment
        # Only the status, the extra fields and the comment changed: the rest of the
        # snapshot is the same (a bulk move snapshots tens of thousands).
        after = before | snapshot(application, changed)
        changes.append(
            Change(f"application.{action.value}", application, before, after, label=label)
        )
    with transaction.atomic():
        if single:
            moving[0].save()
        else:
            # Every application gets the same extra fields and comment, so one UPDATE per
            # target state does it (in as few statements as the database's parameter limit
            # allows); bulk_update's CASE per row grows with the square of the batch.
            values = {**extra, **({"comment": comment} if comment else {})}
            targets: dict[str, list[int]] = {}
            for application in moving:
                targets.setdefault(application.status, []).append(application.pk)
            meta = Application._meta
            fields = [meta.get_field(name) for name in ("status", *values)]
            quote = connection.ops.quote_name
            assignments = ", ".join(f"{quote(f.column)} = %s" for f in fields)  # type: ignore[union-attr]
            sql = (
                f"UPDATE {quote(meta.db_table)} SET {assignments} WHERE {quote(meta.pk.column)} IN "  # type: ignore[union-attr]
            )
            with connection.cursor() as cursor:
                for status, pks in targets.items():
                    params = [
                        f.get_db_prep_save(v, connection)  # type: ignore[union-attr]
                        for f, v in zip(fields, (status, *values.values()), strict=True)
                    ]
                    # The ids are integers from the database, written as literals: one
                    # statement whatever their number.
                    cursor.execute(sql + "(" + ", ".join(str(int(pk)) for pk in pks) + ")", params)
        audit_record_many(actor=acting_user, changes=changes)
    return moving[0] if single else moving


def recommender_for(campaign: Campaign, organization: Organization) -> dict[str, Any]:
    """Who reviews and recommends the organization: its supervising body, its county
    office, or the running office itself for direct applicants (docs/rules.md#recommender)."""
    if organization.applies_directly or organization.kind == "county":
        return {"region": campaign.office, "body": None}
    if organization.body_id and organization.body and organization.body.supervises:
        return {"region": None, "body": organization.body}
    # The county (or district) the organization lies in, below the running office.
    codes = organization.region.path.strip("/").split("/")
    counties = Region.objects.filter(code__in=codes, level="county")
    county = counties.filter(path__startswith=campaign.office.path).first()
    return {"region": county or campaign.office, "body": None}


# ---- campaigns, stages, quotas ------------------------------------------------------------


def campaign_create(
    *,
    acting_user: User,
    name: str,
    edition: int,
    office: Region,
    eligibility_table: dict[str, Any],
    stages: dict[str, tuple[datetime, datetime]],
    awards: Sequence[dict[str, Any]],
    publicity_days: int = 5,
    parent: Campaign | None = None,
    copied_from: Campaign | None = None,
) -> Campaign:
    _require(acting_user, "campaigns.create_campaign", office)
    missing = missing_stages(set(stages))
    if missing:
        raise ValidationError(
            _("届次计划缺少以下阶段：%(stages)s。每一届都须设置全部阶段的起止时间。")
            % {"stages": "、".join(str(StageKind(kind.value).label) for kind in missing)},
            code="stage_missing",
        )
    with transaction.atomic():
        campaign = Campaign(
            name=name,
            edition=edition,
            office=office,
            eligibility_table=eligibility_table,
            publicity_days=publicity_days,
            parent=parent,
            copied_from=copied_from,
        )
        campaign.full_clean()
        campaign.save()
        for kind, (opens, closes) in stages.items():
            stage = Stage(campaign=campaign, kind=kind, opens_at=opens, closes_at=closes)
            stage.full_clean(exclude=["campaign"])
            stage.save()
        for data in awards:
            Award.objects.create(campaign=campaign, **data)
        audit_record(
            actor=acting_user,
            action="campaign.create",
            obj=campaign,
            after={
                "name": name,
                "edition": edition,
                "office": office.code,
                "awards": [
                    {k: (v.pk if hasattr(v, "pk") else v) for k, v in a.items()} for a in awards
                ],
                "stages": {k: [o.isoformat(), c.isoformat()] for k, (o, c) in stages.items()},
            },
        )
    return campaign


def campaign_copy(
    *, acting_user: User, campaign: Campaign, edition: int, name: str, shift: timedelta
) -> Campaign:
    """Start the next edition from this one: the same awards (and framework versions),
    quotas and rules, the timeline moved by ``shift``; lookback windows count from the
    new edition."""
    table = _shift_editions(campaign.eligibility_table, edition - campaign.edition)
    table["edition"] = edition
    new = campaign_create(
        acting_user=acting_user,
        name=name,
        edition=edition,
        office=campaign.office,
        eligibility_table=table,
        stages={s.kind: (s.opens_at + shift, s.closes_at + shift) for s in campaign.stages.all()},
        awards=[
            {"category": a.category, "level": a.level, "model": a.model, "framework": a.framework}
            for a in campaign.awards.all()
        ],
        publicity_days=campaign.publicity_days,
        parent=None,
        copied_from=campaign,
    )
    awards = {(a.category, a.level, a.model): a for a in new.awards.all()}
    with transaction.atomic():
        for quota in Quota.objects.filter(award__campaign=campaign).select_related("award"):
            award = awards[(quota.award.category, quota.award.level, quota.award.model)]
            Quota.objects.create(
                award=award, region=quota.region, body=quota.body, places=quota.places
            )
    return new


def _shift_editions(value: Any, delta: int) -> Any:
    """The rule table with every fixed window ("named in the 18th or 19th") moved on by
    ``delta`` editions, as relative windows move by themselves."""
    if isinstance(value, dict):
        return {
            key: [e + delta for e in item]
            if key == "editions" and isinstance(item, list)
            else _shift_editions(item, delta)
            for key, item in value.items()
        }
    if isinstance(value, list):
        return [_shift_editions(item, delta) for item in value]
    return value


def stage_extend(
    *, acting_user: User, stage: Stage, closes_at: datetime, reason: str
) -> DeadlineExtension:
    """Move a stage's deadline; the reason is required and recorded
    (docs/rules.md#stage-deadlines)."""
    _require(acting_user, "campaigns.manage_campaign", stage.campaign)
    if not reason.strip():
        raise ValidationError(_("延期必须说明原因。"))
    if closes_at <= stage.opens_at:
        raise ValidationError(_("新的截止时间必须晚于阶段开始时间。"))
    with transaction.atomic():
        current = Stage.objects.select_for_update().get(pk=stage.pk)
        extension = DeadlineExtension.objects.create(
            stage=current,
            previous_closes_at=current.closes_at,
            new_closes_at=closes_at,
            reason=reason.strip(),
            extended_by=acting_user,
        )
        before = {"closes_at": current.closes_at.isoformat()}
        current.closes_at = closes_at
        current.save(update_fields=["closes_at"])
        audit_record(
            actor=acting_user,
            action="stage.extend",
            obj=current.campaign,
            before=before | {"stage": current.kind},
            after={"closes_at": closes_at.isoformat(), "stage": current.kind, "reason": reason},
        )
    return extension


def quota_set(
    *,
    acting_user: User,
    award: Award,
    places: int,
    reason: str,
    kind: str = QuotaChangeKind.SET,
    region: Region | None = None,
    body: Body | None = None,
) -> Quota:
    """Set or change a recommending unit's quota for an award, with the reason."""
    _require(acting_user, "campaigns.manage_campaign", award.campaign)
    if (region is None) == (body is None):
        raise ValidationError(_("名额必须属于一个县（市、区）文明办或一个主管部门。"))
    if places < 0:
        raise ValidationError(_("名额不能为负数。"))
    if not reason.strip():
        raise ValidationError(_("调整名额必须说明原因。"))
    with transaction.atomic():
        quota, _created = Quota.objects.select_for_update().get_or_create(
            award=award, region=region, body=body, defaults={"places": 0}
        )
        previous = quota.places
        used = Application.objects.filter(
            holds_place(), award=award, region=region, body=body
        ).count()
        if places < used:
            raise ValidationError(_("已推荐 %(used)d 个，名额不能少于已推荐数。") % {"used": used})
        quota.places = places
        quota.save()
        QuotaChange.objects.create(
            quota=quota,
            kind=kind,
            previous=previous,
            places=places,
            reason=reason.strip(),
            changed_by=acting_user,
        )
        audit_record(
            actor=acting_user,
            action="quota.change",
            obj=award.campaign,
            before={"award": award.pk, "unit": str(region or body), "places": previous},
            after={
                "award": award.pk,
                "unit": str(region or body),
                "places": places,
                "kind": kind,
                "reason": reason.strip(),
            },
        )
    return quota


# ---- applications -------------------------------------------------------------------------


def application_start(
    *,
    acting_user: User,
    campaign: Campaign,
    award: Award,
    organization: Organization,
    justification: str = "",
) -> Application:
    """Open an application (a draft). Applying twice returns the same application."""
    _require(acting_user, "campaigns.apply", organization)
    require_stage_open(campaign, StageKind.APPLICATION)
    existing = Application.objects.filter(
        campaign=campaign, award=award, organization=organization
    ).first()
    if existing is not None:
        return existing
    verdict = next(v for v in verdicts_for(campaign, organization) if v.award.pk == award.pk)
    exceptional = ExceptionalStatus.NONE
    if verdict.exceptional_only:
        if not justification.strip():
            raise ValidationError(_("破格申报必须写明破格理由。"))
        exceptional = ExceptionalStatus.PENDING
    elif not verdict.eligible:
        raise ValidationError(verdict.text)
    form = {name: getattr(organization, name) for name in FORM_STATISTICS}
    try:
        with transaction.atomic():
            application = Application.objects.create(
                campaign=campaign,
                award=award,
                organization=organization,
                eligibility=verdict.reason | {"status": verdict.status, "text": verdict.text},
                exceptional=exceptional,
                justification=justification.strip(),
                form=form,
                created_by=acting_user,
                **recommender_for(campaign, organization),
            )
            audit_record(
                actor=acting_user,
                action="application.start",
                obj=application,
                after=snapshot(application, APPLICATION_FIELDS) | {"eligibility": verdict.text},
            )
    except IntegrityError:
        # A double click raced us to it: the other request made it, use that one.
        return Application.objects.get(campaign=campaign, award=award, organization=organization)
    return application


def _editable(user: User, application: Application) -> None:
    _require(user, "campaigns.edit_application", application)
    if application.status not in EDITABLE:
        raise ValidationError(
            _("“%(state)s”状态的申报不能修改。") % {"state": application.get_status_display()}
        )
    require_stage_open(application.campaign, StageKind.APPLICATION)


def application_update_form(
    *, acting_user: User, application: Application, form: dict[str, Any]
) -> Application:
    """Save the application form (its statistics feed the threshold indicators)."""
    with transaction.atomic():
        application = Application.objects.select_for_update().get(pk=application.pk)
        _editable(acting_user, application)
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
        before = {"form": application.form}
        application.form = cleaned
        application.save(update_fields=["form"])
        audit_record(
            actor=acting_user,
            action="application.form",
            obj=application,
            before=before,
            after={"form": cleaned},
        )
    return application


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


def self_mark_save(
    *,
    acting_user: User,
    application: Application,
    clause_key: str,
    points: Any,
    narrative: str = "",
) -> SelfMark:
    """Save the applicant's own mark for one scoring point of the award's framework."""
    framework = application.award.framework.to_domain()
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
        application = Application.objects.select_for_update().get(pk=application.pk)
        _editable(acting_user, application)
        mark, created = SelfMark.objects.get_or_create(
            application=application,
            clause_key=clause_key,
            defaults={"points": value, "narrative": narrative},
        )
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
    return mark


def markable_clauses(application: Application) -> list[str]:
    """The scoring points the applicant marks itself (threshold ones are computed)."""
    framework = application.award.framework.to_domain()
    computed = {rule.criterion for rule in framework.thresholds}
    return [
        clause.key
        for criterion in framework.criteria()
        if criterion.number not in computed
        for clause in criterion.clauses
    ]


def submission_problems(application: Application) -> list[str]:
    """What still stops the application from being submitted, in words."""
    problems = []
    missing_stats = [n for n in FORM_STATISTICS if application.form.get(n) is None]
    if missing_stats:
        problems.append(_("申报表的统计数据未填写完整。"))
    marked = set(application.self_marks.values_list("clause_key", flat=True))
    unmarked = [key for key in markable_clauses(application) if key not in marked]
    if unmarked:
        problems.append(
            _("还有 %(n)d 个评分要点未自评（如 %(first)s）。")
            % {"n": len(unmarked), "first": unmarked[0]}
        )
    blocked = application.evidence.filter(blocking=True).count()
    if blocked:
        problems.append(_("有 %(n)d 份佐证材料不符合要求，请替换。") % {"n": blocked})
    return problems


def application_submit(*, acting_user: User, application: Application) -> Application:
    """Submit before the deadline. Idempotent: a double click or a retried request finds
    the application already submitted and changes nothing."""
    _require(acting_user, "campaigns.edit_application", application)
    with transaction.atomic():
        # The row lock makes concurrent submissions of one application take turns.
        current = (
            Application.objects.select_for_update()
            .select_related("campaign", "award__framework")
            .get(pk=application.pk)
        )
        if current.status == State.SUBMITTED:
            return current
        require_stage_open(current.campaign, StageKind.APPLICATION)
        problems = submission_problems(current)
        if problems:
            raise ValidationError(problems)
        action = Action.RESUBMIT if current.status == State.RETURNED else Action.SUBMIT
        return application_move(
            acting_user=acting_user,
            applications=current,
            action=action,
            submitted_at=timezone.now(),
        )


def application_withdraw(
    *, acting_user: User, application: Application, reason: str
) -> Application:
    """Withdraw (or persuade to withdraw, 劝退). A recommended application's place goes to
    the first alternate of the same recommending unit and award."""
    if not reason.strip():
        raise ValidationError(_("撤回必须说明原因。"))
    perm = "campaigns.edit_application"
    if not acting_user.has_perm(perm, application):
        _require(acting_user, "campaigns.review_application", application)
    with transaction.atomic():
        current = Application.objects.select_for_update().get(pk=application.pk)
        was_recommended = current.status == State.RECOMMENDED
        application_move(
            acting_user=acting_user,
            applications=current,
            action=Action.WITHDRAW,
            comment=reason.strip(),
        )
        if was_recommended:
            promote_first_alternate(acting_user=acting_user, vacated=current)
    return current


def promote_first_alternate(*, acting_user: User, vacated: Application) -> Application | None:
    """Give a vacated place to the first-ranked alternate of the same unit and award."""
    alternate = (
        Application.objects.select_for_update()
        .filter(
            award=vacated.award,
            region=vacated.region,
            body=vacated.body,
            status=State.ALTERNATE,
        )
        .order_by("rank", "id")
        .first()
    )
    if alternate is None:
        return None
    promoted = application_move(
        acting_user=acting_user,
        applications=alternate,
        action=Action.PROMOTE,
        comment=_("递补 %(name)s 空出的名额。") % {"name": vacated.organization.name},
    )
    # The place is the alternate's now: the vacated application no longer uses it.
    if vacated.rank is not None:
        before = vacated.rank
        Application.objects.filter(pk=vacated.pk).update(rank=None)
        vacated.rank = None
        audit_record(
            actor=acting_user,
            action="application.place_passed",
            obj=vacated,
            before={"rank": before},
            after={"rank": None, "to": promoted.pk, "to_name": promoted.organization.name},
        )
    return promoted


def exceptional_decide(
    *, acting_user: User, application: Application, approve: bool, comment: str = ""
) -> Application:
    """The office approves or refuses an exceptional application (破格)."""
    _require(acting_user, "campaigns.manage_campaign", application.campaign)
    with transaction.atomic():
        current = Application.objects.select_for_update().get(pk=application.pk)
        if current.exceptional != ExceptionalStatus.PENDING:
            raise ValidationError(_("该申报不是待审批的破格申报。"))
        before = snapshot(current, APPLICATION_FIELDS)
        current.exceptional = ExceptionalStatus.APPROVED if approve else ExceptionalStatus.REFUSED
        if comment:
            current.comment = comment
        current.save()
        audit_record(
            actor=acting_user,
            action="application.exceptional",
            obj=current,
            before=before,
            after=snapshot(current, APPLICATION_FIELDS),
        )
    return current


def application_return(*, acting_user: User, application: Application, comment: str) -> Application:
    """Return an application for correction, with comments, before the deadline."""
    _require(acting_user, "campaigns.review_application", application)
    if not comment.strip():
        raise ValidationError(_("退回修改必须写明意见。"))
    with transaction.atomic():
        current = Application.objects.select_for_update().get(pk=application.pk)
        require_stage_open(current.campaign, StageKind.APPLICATION)
        return application_move(
            acting_user=acting_user,
            applications=current,
            action=Action.RETURN,
            comment=comment.strip(),
        )


# ---- recommendation -----------------------------------------------------------------------


def recommend(
    *,
    acting_user: User,
    award: Award,
    recommended: Sequence[Application],
    alternates: Sequence[Application] = (),
    not_recommended: Sequence[Application] = (),
    region: Region | None = None,
    body: Body | None = None,
) -> list[Application]:
    """A recommending unit's decision for one award: the recommended in order (within the
    quota), the alternates in order, and the rest not recommended."""
    campaign = award.campaign
    unit = {"region": region, "body": body}
    _require(acting_user, "campaigns.recommend", region or body)
    with transaction.atomic():
        require_stage_open(campaign, StageKind.RECOMMENDATION)
        # The quota row's lock makes two colleagues' decisions for one unit take turns.
        quota = Quota.objects.select_for_update().filter(award=award, **unit).first()
        places = quota.places if quota else 0
        ids = [a.pk for a in (*recommended, *alternates, *not_recommended)]
        # Recommended earlier and not decided again now: they keep their places, and so
        # do those that moved on or left after recommendation (``holds_place``).
        kept = (
            Application.objects.filter(holds_place(), award=award, **unit)
            .exclude(pk__in=ids)
            .count()
        )
        if kept + len(recommended) > places:
            raise ValidationError(
                _("推荐 %(n)d 个，超出名额 %(places)d 个。")
                % {"n": kept + len(recommended), "places": places}
            )
        if len(ids) != len(set(ids)):
            raise ValidationError(_("同一申报不能既推荐又列为备选。"))
        rows = {
            a.pk: a
            for a in Application.objects.select_for_update()
            .filter(pk__in=ids)
            .select_related("organization", "award")
        }
        order_before = _recommendation_order(award, unit)
        changed = []
        for rank, application in enumerate(recommended, start=1):
            current = rows[application.pk]
            _check_unit(acting_user, current, award, unit)
            if current.exceptional in (ExceptionalStatus.PENDING, ExceptionalStatus.REFUSED):
                raise ValidationError(
                    _("%(name)s 是未获批准的破格申报，不能推荐。")
                    % {"name": current.organization.name}
                )
            if current.status != State.RECOMMENDED:
                application_move(
                    acting_user=acting_user,
                    applications=current,
                    action=Action.RECOMMEND,
                    rank=rank,
                )
            elif current.rank != rank:
                current.rank = rank
                current.save(update_fields=["rank"])
            changed.append(current)
        for rank, application in enumerate(alternates, start=1):
            current = rows[application.pk]
            _check_unit(acting_user, current, award, unit)
            if current.status != State.ALTERNATE:
                application_move(
                    acting_user=acting_user,
                    applications=current,
                    action=Action.KEEP_AS_ALTERNATE,
                    rank=rank,
                )
            elif current.rank != rank:
                current.rank = rank
                current.save(update_fields=["rank"])
            changed.append(current)
        for application in not_recommended:
            current = rows[application.pk]
            _check_unit(acting_user, current, award, unit)
            if current.status != State.REJECTED:
                application_move(
                    acting_user=acting_user,
                    applications=current,
                    action=Action.NOT_RECOMMEND,
                    rank=None,
                )
            changed.append(current)
        order_after = _recommendation_order(award, unit)
        if order_after != order_before:
            # The order decides which alternate is promoted: changing it is audited.
            audit_record(
                actor=acting_user,
                action="recommendation.order",
                obj=campaign,
                before={"award": award.pk, "unit": str(region or body)} | order_before,
                after={"award": award.pk, "unit": str(region or body)} | order_after,
            )
    return changed


def _recommendation_order(award: Award, unit: dict) -> dict[str, list[dict[str, Any]]]:
    """A unit's list for an award as it stands: the recommended and the alternates, each
    in order, by id and name."""
    rows = (
        Application.objects.filter(
            award=award, status__in=(State.RECOMMENDED, State.ALTERNATE), **unit
        )
        .order_by("rank", "id")
        .values_list("pk", "organization__name", "status")
    )
    order: dict[str, list[dict[str, Any]]] = {"recommended": [], "alternates": []}
    for pk, name, status in rows:
        key = "recommended" if status == State.RECOMMENDED else "alternates"
        order[key].append({"id": pk, "name": name})
    return order


def _check_unit(user: User, application: Application, award: Award, unit: dict) -> None:
    _require(user, "campaigns.review_application", application)
    if application.award_id != award.pk or (
        application.region_id != (unit["region"].pk if unit["region"] else None)
        or application.body_id != (unit["body"].pk if unit["body"] else None)
    ):
        raise ValidationError(
            _("%(name)s 不属于本单位本项目的申报。") % {"name": application.organization.name}
        )


def recommendation_submit(
    *,
    acting_user: User,
    campaign: Campaign,
    responsible_person: str,
    stamped_pdf: UploadedFile,
    region: Region | None = None,
    body: Body | None = None,
) -> Recommendation:
    """Record the stamped recommendation report and the person responsible (谁推荐、谁负责)."""
    _require(acting_user, "campaigns.recommend", region or body)
    if not responsible_person.strip():
        raise ValidationError(_("必须填写推荐责任人。"))
    head = stamped_pdf.read(5)
    stamped_pdf.seek(0)
    if head != b"%PDF-":
        raise ValidationError(_("盖章推荐报告必须是 PDF 文件。"))
    digest = hashlib.sha256()
    for chunk in stamped_pdf.chunks():
        digest.update(chunk)
    stamped_pdf.seek(0)
    with transaction.atomic():
        require_stage_open(campaign, StageKind.RECOMMENDATION)
        recommendation, _created = Recommendation.objects.select_for_update().get_or_create(
            campaign=campaign,
            region=region,
            body=body,
            defaults={"responsible_person": responsible_person, "responsible_user": acting_user},
        )
        recommendation.responsible_person = responsible_person.strip()
        recommendation.responsible_user = acting_user
        recommendation.submitted_at = timezone.now()
        recommendation.stamped_sha256 = digest.hexdigest()
        recommendation.stamped_file.save(f"{secrets.token_hex(16)}.pdf", stamped_pdf, save=False)
        recommendation.save()
        audit_record(
            actor=acting_user,
            action="recommendation.submit",
            obj=campaign,
            after={
                "unit": str(region or body),
                "responsible_person": recommendation.responsible_person,
                "sha256": recommendation.stamped_sha256,
            },
        )
    return recommendation


# ---- evidence -----------------------------------------------------------------------------

#: Larger uploads are refused before they are read: no evidence rule allows more than 2 MB.
EVIDENCE_MAX_BYTES = 20 * 1024 * 1024


def evidence_rules_for(campaign: Campaign) -> Any:
    """The shipped evidence rules with the campaign's own photo-theme pattern."""
    from dataclasses import replace

    from wenming.domain.evidence import ThemePattern

    from .evidence_files import default_rules

    rules = default_rules()
    shipped = rules.photo.theme_pattern
    separators = shipped.separators if shipped else "+ "
    pattern = (
        ThemePattern.parse(campaign.theme_pattern, separators) if campaign.theme_pattern else None
    )
    return replace(rules, photo=replace(rules.photo, theme_pattern=pattern))


def bonus_evidence_key(rule: str) -> str:
    """The evidence key of a bonus item's claims."""
    return f"bonus:{rule}"


def evidence_add(
    *,
    acting_user: User,
    application: Application,
    clause_key: str,
    kind: str,
    upload: UploadedFile,
    activity: str = "",
    captions: dict[str, str] | None = None,
) -> Evidence:
    """Check an evidence file by its content and keep it with its findings.

    A file with a blocking finding is kept (so the applicant sees why beside it) but it
    blocks submission until it is replaced; warnings are for the reviewer to judge.
    """
    from wenming.domain.evidence import Captions, EvidenceKind, check, check_activity

    from .evidence_files import inspect

    framework = application.award.framework.to_domain()
    # Evidence belongs to a scoring point, or to a bonus item as "bonus:<key>" (the
    # evidence of a bonus claim, ``campaigns.claims``).
    keys = {c.key for criterion in framework.criteria() for c in criterion.clauses}
    keys |= {bonus_evidence_key(b.key) for b in framework.bonuses}
    if clause_key not in keys:
        raise ValidationError(_("测评体系中没有评分要点“%(key)s”。") % {"key": clause_key})
    if upload.size > EVIDENCE_MAX_BYTES:
        raise ValidationError(_("文件超过 20 MB，已拒收。"))
    data = upload.read()
    inspected = inspect(data, upload.name, EvidenceKind(kind))
    fields = {k: v for k, v in (captions or {}).items() if k in Captions.__dataclass_fields__}
    item = inspected.item(
        captions=Captions(**fields), organization_names=(application.organization.name,)
    )
    rules = evidence_rules_for(application.campaign)
    findings = list(check(item, rules))
    with transaction.atomic():
        current = Application.objects.select_for_update().get(pk=application.pk)
        _editable(acting_user, current)
        if kind == EvidenceKind.PHOTO and activity:
            # The activity's photos so far plus this one: 1 to 3 per activity.
            photos = current.evidence.filter(kind=kind, activity=activity).count() + 1
            siblings = [item] * photos
            findings += [f for f in check_activity(siblings, rules) if photos > 1]
        evidence = Evidence(
            application=current,
            clause_key=clause_key,
            kind=kind,
            activity=activity.strip(),
            original_name=upload.name[:255],
            size=len(data),
            content_type=inspected.facts.content_type,
            sha256=hashlib.sha256(data).hexdigest(),
            captions=fields,
            findings=[
                {
                    "code": f.code.value,
                    "severity": f.severity.value,
                    "field": f.field,
                    "params": dict(f.params),
                }
                for f in findings
            ],
            blocking=any(f.blocking for f in findings),
            uploaded_by=acting_user,
        )
        # A random storage key: never the uploader's file name.
        suffix = {"image/jpeg": ".jpg", "application/pdf": ".pdf", "image/png": ".png"}.get(
            evidence.content_type, ".bin"
        )
        from django.core.files.base import ContentFile

        evidence.file.save(f"{secrets.token_hex(16)}{suffix}", ContentFile(data), save=False)
        evidence.save()
        audit_record(
            actor=acting_user,
            action="application.evidence",
            obj=current,
            after={
                "clause": clause_key,
                "kind": kind,
                "file": evidence.original_name,
                "sha256": evidence.sha256,
                "blocking": evidence.blocking,
            },
        )
    return evidence


def evidence_remove(*, acting_user: User, evidence: Evidence) -> None:
    """Take an evidence file back (to replace a refused one), while the form is editable."""
    with transaction.atomic():
        current = Application.objects.select_for_update().get(pk=evidence.application_id)
        _editable(acting_user, current)
        audit_record(
            actor=acting_user,
            action="application.evidence_remove",
            obj=current,
            before={
                "clause": evidence.clause_key,
                "file": evidence.original_name,
                "sha256": evidence.sha256,
            },
        )
        name = evidence.file.name
        evidence.delete()
        # The stored file goes once the removal is committed, never before.
        transaction.on_commit(lambda: evidence.file.storage.delete(name))


# ---- up to the province -------------------------------------------------------------------


def recommendation_to_parent(*, acting_user: User, campaign: Campaign) -> list[Application]:
    """Submit the city's approved list for the province's awards to the province's campaign.

    The city office is the recommending unit there, as a county office is in the city's
    campaign: its approved applications for the awards the province offers become the
    province's applications, recommended in the city's order within the city's quota, the
    rest kept as alternates. Recommendation is one mechanism at every level.
    """
    parent = campaign.parent
    if parent is None:
        raise ValidationError(_("本届次没有上级届次。"))
    _require(acting_user, "campaigns.manage_campaign", campaign)
    parent_awards = {(a.category, a.level, a.model): a for a in parent.awards.all()}
    approved = (
        Application.objects.filter(campaign=campaign, status=State.APPROVED)
        .select_related("award", "organization")
        .order_by("award_id", "rank", "id")
    )
    by_award: dict[int, list[Application]] = {}
    with transaction.atomic():
        require_stage_open(parent, StageKind.RECOMMENDATION)
        for source in approved:
            award = parent_awards.get(
                (source.award.category, source.award.level, source.award.model)
            )
            if award is None:
                continue  # a municipal award: the city names it itself
            target, created = Application.objects.get_or_create(
                campaign=parent,
                award=award,
                organization=source.organization,
                defaults={
                    "status": State.DRAFT,
                    "region": campaign.office,
                    "eligibility": source.eligibility,
                    "form": source.form,
                    "created_by": acting_user,
                },
            )
            if created:
                SelfMark.objects.bulk_create(
                    SelfMark(
                        application=target,
                        clause_key=m.clause_key,
                        points=m.points,
                        narrative=m.narrative,
                    )
                    for m in source.self_marks.all()
                )
                audit_record(
                    actor=acting_user,
                    action="application.submit_to_parent",
                    obj=target,
                    after={"from_campaign": campaign.pk, "from_application": source.pk},
                )
                # The city submits it on the organization's behalf, through the machine.
                application_move(
                    acting_user=acting_user,
                    applications=target,
                    action=Action.SUBMIT,
                    submitted_at=timezone.now(),
                )
            by_award.setdefault(award.pk, []).append(target)
        decided: list[Application] = []
        for award_pk, targets in by_award.items():
            award = Award.objects.get(pk=award_pk)
            quota = Quota.objects.filter(award=award, region=campaign.office).first()
            places = quota.places if quota else 0
            decided += recommend(
                acting_user=acting_user,
                award=award,
                recommended=targets[:places],
                alternates=targets[places:],
                region=campaign.office,
            )
        audit_record(
            actor=acting_user,
            action="campaign.submit_to_parent",
            obj=campaign,
            after={"parent": parent.pk, "applications": [a.pk for a in decided]},
        )
    return decided
