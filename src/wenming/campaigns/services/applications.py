"""Writes on one application: open, submit, return, withdraw, decide an
exceptional one, and pass a vacated place to the first alternate.

Every change of an application's status goes through ``application_move``, which asks
the one state machine (``wenming.domain.application_states``) whether the action is allowed.
Actions bound to a stage are refused after its deadline, to the second, unless the
office extended it.
"""

from collections.abc import Sequence
from typing import Any, overload

from django.core.exceptions import ValidationError
from django.db import IntegrityError, connection, transaction
from django.db.models import Field
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from wenming.accounts.models import User
from wenming.accounts.permissions import require_perm
from wenming.audit.services import Change, audit_record, audit_record_many, snapshot
from wenming.domain.application_states import (
    EDITABLE,
    Action,
    IllegalTransition,
    State,
    next_state,
)
from wenming.domain.titles import Category
from wenming.registry.models import Organization

from ..eligibility import verdicts_for
from ..models import (
    STATE_LABELS,
    Application,
    Award,
    Campaign,
    ExceptionalStatus,
    StageKind,
)
from ..selectors.applications import FORM_STATISTICS, recommender_for, submission_problems
from ..stages import require_stage_open

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
    Action.FAIL_ASSESSMENT: gettext_lazy("测评未通过"),
    Action.SCREEN: gettext_lazy("通过征求意见"),
    Action.VETO: gettext_lazy("一票否决"),
    Action.PUBLISH: gettext_lazy("公示"),
    Action.UPHOLD_OBJECTION: gettext_lazy("因异议成立取消"),
    Action.APPROVE: gettext_lazy("审定通过"),
    Action.NOT_APPROVE: gettext_lazy("审定不通过"),
    Action.NAME: gettext_lazy("命名"),
}
# Every action of the state machine has its label: a missing one is a bug caught at import.
if set(ACTION_LABELS) != set(Action):
    raise ImportError(f"actions without a label: {set(Action) - set(ACTION_LABELS)}")


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
    moving = [applications] if isinstance(applications, Application) else list(applications)
    if not moving:
        return []
    changes = _move_in_memory(moving, action, comment, extra, labelled=not single)
    with transaction.atomic():
        if single:
            moving[0].save()
        else:
            _update_by_state(moving, comment, extra)
        audit_record_many(actor=acting_user, changes=changes)
    return moving[0] if single else moving


def _move_in_memory(
    moving: list[Application],
    action: Action,
    comment: str,
    extra: dict[str, Any],
    *,
    labelled: bool,
) -> list[Change]:
    """Apply the action to each application in memory and return its audit changes.

    ``labelled``: a bulk move names each application once from what is already loaded
    (str(application) is "organization · award"; an award's label is worked out once)."""
    changed = [
        name
        for name in APPLICATION_FIELDS
        if name == "status" or name in extra or (name == "comment" and comment)
    ]
    awards: dict[int, str] = {}
    award_cached = Application.award.is_cached
    organization_cached = Application.organization.is_cached
    changes = []
    for application in moving:
        label = None
        if labelled and award_cached(application) and organization_cached(application):
            award = awards.get(application.award_id)
            if award is None:
                award = awards[application.award_id] = str(application.award)
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
    return changes


def _column(name: str) -> tuple[Field[Any, Any], str]:
    """An application field and its column (every field a move writes is a column)."""
    field = Application._meta.get_field(name)
    if not isinstance(field, Field) or field.column is None:
        raise TypeError(f"Application.{name} is not a column")
    return field, field.column


def _update_by_state(moving: list[Application], comment: str, extra: dict[str, Any]) -> None:
    """Write a bulk move: one UPDATE per target state.

    Every application gets the same extra fields and comment, so one UPDATE per target
    state does it (in as few statements as the database's parameter limit allows);
    bulk_update's CASE per row grows with the square of the batch."""
    values = {**extra, **({"comment": comment} if comment else {})}
    targets: dict[str, list[int]] = {}
    for application in moving:
        targets.setdefault(application.status, []).append(application.pk)
    columns = [_column(name) for name in ("status", *values)]
    quote = connection.ops.quote_name
    assignments = ", ".join(f"{quote(column)} = %s" for _field, column in columns)
    _pk, pk_column = _column(Application._meta.pk.name)
    table = quote(Application._meta.db_table)
    # Only quoted column names and %s placeholders: no value is written into the text.
    sql = f"UPDATE {table} SET {assignments} WHERE {quote(pk_column)} IN "  # noqa: S608  (names only, values are parameters)
    with connection.cursor() as cursor:
        for status, pks in targets.items():
            params = [
                field.get_db_prep_save(value, connection)
                for (field, _column_name), value in zip(
                    columns, (status, *values.values()), strict=True
                )
            ]
            # The ids are integers from the database, written as literals: one
            # statement whatever their number.
            cursor.execute(sql + "(" + ", ".join(str(int(pk)) for pk in pks) + ")", params)


def application_start(
    *,
    acting_user: User,
    campaign: Campaign,
    award: Award,
    organization: Organization,
    justification: str = "",
) -> Application:
    """Open an application (a draft). Applying twice returns the same application."""
    require_perm(acting_user, "campaigns.apply", organization)
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
    # A unit's form starts from its registered statistics; a family's has none.
    form = (
        {}
        if award.category == Category.FAMILY
        else {name: getattr(organization, name) for name in FORM_STATISTICS}
    )
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


def application_editable(user: User, application: Application) -> None:
    """Refuse unless ``user`` may edit the application now: its status allows editing
    and the application stage is open (the form, the marks, the evidence, the claims)."""
    require_perm(user, "campaigns.edit_application", application)
    if application.status not in EDITABLE:
        raise ValidationError(
            _("“%(state)s”状态的申报不能修改。") % {"state": application.get_status_display()}
        )
    require_stage_open(application.campaign, StageKind.APPLICATION)


def application_submit(*, acting_user: User, application: Application) -> Application:
    """Submit before the deadline. Idempotent: a double click or a retried request finds
    the application already submitted and changes nothing."""
    require_perm(acting_user, "campaigns.edit_application", application)
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
        require_perm(acting_user, "campaigns.review_application", application)
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
    require_perm(acting_user, "campaigns.manage_campaign", application.campaign)
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


def applications_return(
    *, acting_user: User, applications: Sequence[Application], comment: str
) -> list[Application]:
    """Return many applications for correction with one comment (批量退回), through the
    bulk path of ``application_move``: one transaction, an audit event per application;
    one that may not be returned refuses them all, naming it."""
    if not applications:
        raise ValidationError(_("请先勾选要退回的申报。"))
    if not comment.strip():
        raise ValidationError(_("退回修改必须写明意见。"))
    for application in applications:
        require_perm(acting_user, "campaigns.review_application", application)
    with transaction.atomic():
        current = list(
            Application.objects.select_for_update()
            .filter(pk__in=[a.pk for a in applications])
            .select_related("campaign", "organization", "award")
            .order_by("pk")
        )
        for campaign in {a.campaign_id: a.campaign for a in current}.values():
            require_stage_open(campaign, StageKind.APPLICATION)
        return application_move(
            acting_user=acting_user,
            applications=current,
            action=Action.RETURN,
            comment=comment.strip(),
        )


def application_return(*, acting_user: User, application: Application, comment: str) -> Application:
    """Return an application for correction, with comments, before the deadline."""
    require_perm(acting_user, "campaigns.review_application", application)
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
