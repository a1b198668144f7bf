"""The naming decision: approved applications become named titles with certificates.

Naming runs only while the campaign's naming stage is open, that is after the approval
stage was closed on a quorate meeting's frozen list. It moves each application the
meeting approved to named, writes the new title into the organization's history through
the registry's own service (so the next edition's eligibility sees it), and issues a
certificate with a random verification code.
"""

from datetime import date

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from wenming.accounts.models import User
from wenming.accounts.permissions import require_perm
from wenming.audit.services import audit_record, snapshot
from wenming.campaigns.models import Application, Campaign
from wenming.campaigns.services import application_move
from wenming.campaigns.stages import require_stage_open
from wenming.domain.application_states import Action
from wenming.domain.stage_gates import StageKind
from wenming.registry.issuing import may_issue
from wenming.registry.letterheads import (
    document_number_issue,
    document_number_register,
    issued_document,
)
from wenming.registry.models import DocumentKind
from wenming.registry.services import title_add

from ..codes import new_code
from ..decision_docs import decision_title, named_label
from ..models import Certificate, Meeting, NamingDecision, Outcome

DECISION_FIELDS = ["meeting", "document_number", "named_on", "naming_body"]


def _fresh_codes(count: int) -> list[str]:
    """``count`` codes, distinct from each other and from every code already issued."""
    codes: set[str] = set()
    while len(codes) < count:
        wanted = {new_code() for _ in range(count - len(codes))} - codes
        taken = set(Certificate.objects.filter(code__in=wanted).values_list("code", flat=True))
        codes |= wanted - taken
    return sorted(codes)


def _register_number(
    acting_user: User, campaign: Campaign, approved: list[Application], named_on: date
) -> str:
    """The decision's number from the office's register, or a refusal saying what to do."""
    issued = None
    if may_issue(acting_user, campaign.office):
        issued = document_number_issue(
            acting_user=acting_user,
            office=campaign.office,
            kind=DocumentKind.NAMING_DECISION,
            title=decision_title(campaign, (named_label(a) for a in approved)),
            on=named_on,
        )
    if issued is None:
        raise ValidationError(
            _("请填写命名文号：本办尚未在“发文设置”中填写机关代字，系统无法自动编号。")
        )
    return issued.number


def _register_typed(
    acting_user: User,
    campaign: Campaign,
    approved: list[Application],
    number: str,
    named_on: date,
) -> None:
    """Enter a typed number in the office's register; a number already used is refused."""
    office = campaign.office
    used = (
        issued_document(office, number) is not None
        or NamingDecision.objects.filter(
            meeting__campaign__office=office, document_number=number
        ).exists()
    )
    if used:
        raise ValidationError(
            {
                "document_number": _(
                    "命名文号“%(number)s”已在本办发文登记中使用，请核对后重新填写。"
                )
                % {"number": number}
            }
        )
    if may_issue(acting_user, office):
        document_number_register(
            acting_user=acting_user,
            office=office,
            kind=DocumentKind.NAMING_DECISION,
            title=decision_title(campaign, (named_label(a) for a in approved)),
            number=number,
            on=named_on,
        )


def naming_decide(
    *,
    acting_user: User,
    meeting: Meeting,
    document_number: str,
    named_on: date,
    naming_body: str,
) -> NamingDecision:
    """Name every application the meeting approved: the decision, the titles in each
    organization's history (edition = the campaign's) and a certificate each.

    A blank ``document_number`` takes the next 发文字号 of the running office's register
    (docs/rules.md#document-numbers); the office types one only when the decision is
    numbered elsewhere (e.g. by the committee itself). A typed number is entered in the
    office's register too, so the register never issues it again, and one already used
    is refused."""
    campaign = meeting.campaign
    require_perm(acting_user, "committee.manage_meeting", campaign)
    document_number, naming_body = document_number.strip(), naming_body.strip()
    if not naming_body or named_on is None:
        raise ValidationError(_("命名决定须填写命名日期和命名机关。"))
    with transaction.atomic():
        current = Meeting.objects.select_for_update().get(pk=meeting.pk)
        if not current.frozen:
            raise ValidationError(_("会议尚未审定名单，不能命名。"))
        if NamingDecision.objects.filter(meeting=current).exists():
            raise ValidationError(_("本次会议审定的名单已经命名。"))
        require_stage_open(campaign, StageKind.NAMING)
        approved = list(
            Application.objects.select_for_update(of=("self",))
            .filter(committee_entry__meeting=current, committee_entry__outcome=Outcome.APPROVED)
            .select_related("award", "organization")
            .order_by("award_id", "rank", "id")
        )
        if not document_number:
            document_number = _register_number(acting_user, campaign, approved, named_on)
        else:
            _register_typed(acting_user, campaign, approved, document_number, named_on)
        decision = NamingDecision.objects.create(
            meeting=current,
            document_number=document_number,
            named_on=named_on,
            naming_body=naming_body,
            created_by=acting_user,
        )
        application_move(acting_user=acting_user, applications=approved, action=Action.NAME)
        certificates = []
        for application, code in zip(approved, _fresh_codes(len(approved)), strict=True):
            award = application.award
            title = title_add(
                acting_user=acting_user,
                organization=application.organization,
                category=award.category,
                level=award.level,
                model=award.model,
                nominated=application.nominated,
                edition=campaign.edition,
                naming_body=naming_body,
                document_number=document_number,
                named_on=named_on,
            )
            certificates.append(
                Certificate(decision=decision, application=application, title=title, code=code)
            )
        Certificate.objects.bulk_create(certificates)
        audit_record(
            actor=acting_user,
            action="naming.decide",
            obj=decision,
            after=snapshot(decision, DECISION_FIELDS) | {"named": [a.pk for a in approved]},
        )
    return decision
