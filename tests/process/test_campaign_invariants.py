"""The campaign as one governed process, proven by a stateful property test.

Hypothesis drives random sequences of the real services, called by random roles, over a
small campaign: three applicants, one county with two places, one assessor, one member
department with an account and one without, a committee. Most calls are refused (the
wrong role, the wrong stage, an unmet gate); a refusal is a fine outcome. After every
step the invariants across apps must hold:

- nothing is named without each assigned assessor's complete mark set (or a recorded
  reason), a closed screening, a closed publicity with no objection open, and a quorate
  approval;
- no recommending unit's quota is exceeded;
- every change of an application's status has exactly one audit event;
- the audit chain verifies;
- appeals (申诉): none is taken before the ranking is frozen or after its window's last
  day, at most one per application (one award), each lodge and answer has its one audit
  event, and screening never closes while one lodged before the close waits for its
  answer.
"""

import copy
import io
import os
from datetime import timedelta
from pathlib import Path

import pytest
import time_machine
import yaml
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import transaction
from django.utils import timezone
from hypothesis import HealthCheck, settings
from hypothesis import strategies as st
from hypothesis.stateful import RuleBasedStateMachine, invariant, rule, run_state_machine_as_test
from pypdf import PdfWriter
from tests.factories import (
    BodyFactory,
    OrganizationFactory,
    RegionFactory,
    UserFactory,
    all_stages_open,
    enter_next_year,
    with_role,
)
from tests.process.attempts import attempt

from wenming.accounts.models import Role
from wenming.appeals import services as appeals
from wenming.appeals.models import Appeal, AppealStatus
from wenming.appeals.selectors import first_frozen, window_of
from wenming.assessment import services as assessment
from wenming.assessment.models import Assignment, Mark, MarkSetWaiver, Round
from wenming.audit.models import AuditEvent
from wenming.audit.selectors import verify_chain
from wenming.campaigns import services as campaigns
from wenming.campaigns import stages
from wenming.campaigns.models import Application, Quota, Stage
from wenming.campaigns.selectors.applications import holds_place, markable_clauses
from wenming.campaigns.selectors.quotas import quota_overview
from wenming.committee import selectors as committee_selectors
from wenming.committee import services as committee
from wenming.committee.models import Meeting
from wenming.committee.services import naming
from wenming.domain.application_states import Action, State
from wenming.domain.stage_gates import STAGE_ORDER
from wenming.frameworks.models import Framework
from wenming.frameworks.services import framework_import, framework_publish
from wenming.publicity import services as publicity
from wenming.publicity.models import Objection, Publicity
from wenming.screening import services as screening
from wenming.screening.documents import CheckedDocument, check_pdf
from wenming.screening.models import ScreeningRequest, ScreeningRound

DATA = Path(__file__).parents[2] / "src/wenming/frameworks/data/yiyang-unit-2021.yaml"
TABLE = Path(__file__).parents[2] / "src/wenming/campaigns/data/eligibility-20.yaml"
STATUS_ACTIONS = {f"application.{a.value}" for a in Action}
# A recommended application holds its unit's place until it leaves the list.
WHO = st.sampled_from(["own", "own", "own", "other", "office"])
REASONS_ = st.sampled_from(["", "   ", "第2.1项已按要求提交台账，评分偏低。"])
HOLDING_A_PLACE = (
    State.RECOMMENDED,
    State.ASSESSED,
    State.SCREENED,
    State.PUBLISHED,
    State.APPROVED,
    State.NAMED,
)


def _blank_pdf() -> bytes:
    writer = PdfWriter()
    writer.add_blank_page(width=595, height=842)
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


PDF = _blank_pdf()


def letter() -> CheckedDocument:
    """A department's scanned reply, checked as the paper-reply page checks it."""
    return check_pdf(io.BytesIO(PDF), "复函.pdf")


def small_framework() -> Framework:
    """The Yiyang framework cut to one criterion of one clause, marked by two methods."""
    document = copy.deepcopy(yaml.safe_load(DATA.read_text(encoding="utf-8")))
    item = document["items"][0]
    criterion = item["criteria"][1]
    criterion["clauses"][0]["methods"] = ["material", "onsite"]
    item["criteria"] = [criterion]
    item["points"] = criterion["points"]
    document.update(items=[item], thresholds=[], code="process-test", name="Process test")
    framework, _changed = framework_import(acting_user=None, document=document)
    return framework_publish(acting_user=None, framework=framework)


class CampaignProcess(RuleBasedStateMachine):
    framework: Framework
    finished = 0  # runs that reached the end of naming (the test is not vacuous)
    lodged = 0  # appeals taken (the appeal invariants are not vacuous)

    def __init__(self) -> None:
        super().__init__()
        self._atomic = transaction.atomic()
        self._atomic.__enter__()
        self._traveller = time_machine.travel(timezone.now(), tick=False)
        self.clock = self._traveller.start()
        enter_next_year()
        self._build()

    def teardown(self) -> None:
        self._traveller.stop()
        transaction.set_rollback(True)
        self._atomic.__exit__(None, None, None)

    # --- the world ----------------------------------------------------------------------

    def _build(self) -> None:
        city = RegionFactory(code="981000", name="Process City", level="city")
        self.county_region = RegionFactory(
            code="981001", name="Process County", level="county", parent=city
        )
        police = BodyFactory(name="Process Police", region=city, supervises=False, screens=True)
        BodyFactory(name="Process Courts", region=city, supervises=False, screens=True)
        self.office = with_role(UserFactory(), Role.OFFICE, region=city)
        self.county = with_role(UserFactory(), Role.OFFICE, region=self.county_region)
        self.assessor = with_role(UserFactory(), Role.ASSESSOR)
        self.reviewer = with_role(UserFactory(), Role.REVIEWER, body=police)
        self.member = with_role(UserFactory(), Role.COMMITTEE, region=city)
        self.organizations = [
            OrganizationFactory(name=f"Applicant {i}", region=self.county_region) for i in range(3)
        ]
        self.contacts = [
            with_role(UserFactory(), Role.APPLICANT, organization=org) for org in self.organizations
        ]
        self.campaign = campaigns.campaign_create(
            acting_user=self.office,
            name="Process campaign",
            edition=20,
            office=city,
            eligibility_table=yaml.safe_load(TABLE.read_text(encoding="utf-8")),
            stages=all_stages_open(days_before=1, days_after=90),
            awards=[
                {
                    "category": "unit",
                    "level": "municipal",
                    "model": False,
                    "framework": self.framework,
                }
            ],
        )
        self.award = self.campaign.awards.get()
        campaigns.quota_set(
            acting_user=self.office,
            award=self.award,
            places=2,
            reason="initial",
            region=self.county_region,
        )
        self.users = [self.office, self.county, self.assessor, self.reviewer, self.member]

    def _applications(self, *statuses: str) -> list[Application]:
        found = Application.objects.filter(campaign=self.campaign).order_by("pk")
        if statuses:
            found = found.filter(status__in=statuses)
        return list(found.select_related("organization", "award"))

    # --- rules: applying and recommending -------------------------------------------------

    @rule(i=st.integers(0, 2))
    def apply(self, i: int) -> None:
        contact, organization = self.contacts[i], self.organizations[i]
        application = attempt(
            campaigns.application_start,
            acting_user=contact,
            campaign=self.campaign,
            award=self.award,
            organization=organization,
        )
        if application is None:
            return
        attempt(
            campaigns.application_update_form,
            acting_user=contact,
            application=application,
            form={
                "staff_count": 100,
                "party_members": 30,
                "registered_volunteers": 60,
                "party_member_volunteers": 25,
                "volunteers_served": 55,
            },
        )
        for key in markable_clauses(application):
            attempt(
                campaigns.self_mark_save,
                acting_user=contact,
                application=application,
                clause_key=key,
                points="1",
                narrative="做法",
            )
        attempt(campaigns.application_submit, acting_user=contact, application=application)

    @rule(data=st.data(), who=st.sampled_from(["county", "office"]))
    def recommend(self, data: st.DataObject, who: str) -> None:
        pending = self._applications(State.SUBMITTED, State.ALTERNATE)
        if not pending:
            return
        chosen = data.draw(st.permutations(pending))
        places = data.draw(st.integers(0, len(chosen)))
        attempt(
            campaigns.recommend,
            acting_user=getattr(self, who),
            award=self.award,
            recommended=chosen[:places],
            alternates=chosen[places:],
            region=self.county_region,
        )

    @rule()
    def submit_report(self) -> None:
        attempt(
            campaigns.recommendation_submit,
            acting_user=self.county,
            campaign=self.campaign,
            responsible_person="张主任",
            stamped_pdf=SimpleUploadedFile("report.pdf", PDF, "application/pdf"),
            region=self.county_region,
        )

    # --- rules: the office drives the stages ----------------------------------------------

    @rule(who=st.integers(0, 4), early=st.booleans())
    def close_stage(self, who: int, early: bool) -> None:
        stage = stages.current_stage(self.campaign)
        if stage is not None:
            reason = "按计划提前结束" if early else ""
            attempt(stages.stage_close, acting_user=self.users[who], stage=stage, reason=reason)

    @rule(days=st.integers(1, 9))
    def time_passes(self, days: int) -> None:
        self.clock.shift(timedelta(days=days))

    # --- rules: assessment ----------------------------------------------------------------

    @rule()
    def set_up_assessment(self) -> None:
        if Round.objects.filter(campaign=self.campaign).exists():
            round_ = Round.objects.get(campaign=self.campaign)
        else:
            round_ = attempt(
                assessment.round_create,
                acting_user=self.office,
                campaign=self.campaign,
                kind="city_recheck",
                name="复核",
            )
            if round_ is None:
                return
            group = attempt(
                assessment.group_create, acting_user=self.office, round_=round_, name="第一组"
            )
            if group is None:
                return
            attempt(
                assessment.group_member_add,
                acting_user=self.office,
                group=group,
                user=self.assessor,
                is_leader=True,
            )
        attempt(assessment.assignment_generate, acting_user=self.office, round_=round_)

    @rule(data=st.data(), complete=st.booleans())
    def mark(self, data: st.DataObject, complete: bool) -> None:
        assignments = list(Assignment.objects.filter(round__campaign=self.campaign))
        if not assignments:
            return
        assignment = data.draw(st.sampled_from(assignments))
        methods = ["material", "onsite"] if complete else ["material"]
        for method in methods:
            attempt(
                assessment.mark_save,
                acting_user=self.assessor,
                assignment=assignment,
                clause_key="2.1",
                method=method,
                points=data.draw(st.sampled_from(["0", "1", "1.5", "2"])),
            )

    @rule(data=st.data())
    def waive(self, data: st.DataObject) -> None:
        assignments = list(
            Assignment.objects.filter(round__campaign=self.campaign).select_related(
                "round", "application"
            )
        )
        if assignments:
            assignment = data.draw(st.sampled_from(assignments))
            attempt(
                assessment.mark_set_waive,
                acting_user=self.office,
                round=assignment.round,
                application=assignment.application,
                assessor=self.assessor,
                reason="考核当日因病缺席",
            )

    @rule()
    def rank(self) -> None:
        attempt(
            assessment.ranking_compute,
            acting_user=self.office,
            campaign=self.campaign,
            reason="补录评分后重新计算",
        )

    # --- rules: screening, publicity, approval, naming ------------------------------------

    @rule()
    def send_for_screening(self) -> None:
        attempt(
            screening.screening_send,
            acting_user=self.office,
            campaign=self.campaign,
            deadline=timezone.now() + timedelta(days=5),
        )

    @rule(data=st.data(), veto=st.booleans(), on_paper=st.booleans())
    def answer_screening(self, data: st.DataObject, veto: bool, on_paper: bool) -> None:
        requests = list(ScreeningRequest.objects.filter(round__campaign=self.campaign))
        if not requests:
            return
        request = data.draw(st.sampled_from(requests))
        listed = list(request.round.entries.values_list("application_id", flat=True))
        answers = [
            screening.AnswerInput(
                application_id=pk,
                verdict="veto" if veto and n == 0 else "no_objection",
                reason="有违纪记录" if veto and n == 0 else "",
            )
            for n, pk in enumerate(listed)
        ]
        if on_paper:
            attempt(
                screening.screening_answer_on_behalf,
                acting_user=self.office,
                request=request,
                answers=answers,
                letter=letter(),
            )
        else:
            attempt(
                screening.screening_answer,
                acting_user=self.reviewer,
                request=request,
                answers=answers,
            )

    @rule()
    def publish(self) -> None:
        attempt(
            publicity.publicity_publish,
            acting_user=self.office,
            campaign=self.campaign,
            starts_on=timezone.localdate(),
            contact_phone="0731-1234567",
        )

    @rule(data=st.data())
    def object(self, data: st.DataObject) -> None:
        notice = Publicity.objects.filter(campaign=self.campaign).first()
        listed = self._applications(State.PUBLISHED)
        if notice is not None and listed:
            attempt(
                publicity.objection_lodge,
                acting_user=None,
                publicity=notice,
                application_id=data.draw(st.sampled_from(listed)).pk,
                reasons="群众反映该单位存在问题",
                contact="13800000000",
            )

    @rule(data=st.data(), upheld=st.booleans())
    def decide_objection(self, data: st.DataObject, upheld: bool) -> None:
        open_ = list(Objection.objects.filter(publicity__campaign=self.campaign, decided_at=None))
        if open_:
            attempt(
                publicity.objection_decide,
                acting_user=self.office,
                objection=data.draw(st.sampled_from(open_)),
                upheld=upheld,
                reply="经调查核实",
            )

    @rule(attending=st.integers(0, 3))
    def meet_and_approve(self, attending: int) -> None:
        meeting = attempt(
            committee.meeting_create,
            acting_user=self.office,
            campaign=self.campaign,
            held_on=timezone.localdate(),
            names=["委员乙", "委员丙"],
        )
        if meeting is None:
            return
        ids = list(meeting.members.order_by("id").values_list("pk", flat=True))
        attempt(
            committee.meeting_record_attendance,
            acting_user=self.office,
            meeting=meeting,
            present=ids[:attending],
        )
        attempt(
            committee.meeting_record_minutes,
            acting_user=self.office,
            meeting=meeting,
            minutes="审议了拟命名名单。",
        )
        attempt(
            committee.meeting_record_vote,
            acting_user=self.office,
            meeting=meeting,
            votes_for=attending,
            votes_against=0,
            abstentions=0,
        )
        attempt(committee.meeting_approve, acting_user=self.office, meeting=meeting)

    @rule()
    def name(self) -> None:
        meeting = Meeting.objects.filter(campaign=self.campaign, approved_at__isnull=False).first()
        if meeting is not None:
            attempt(
                naming.naming_decide,
                acting_user=self.office,
                meeting=meeting,
                document_number="清文明委〔2026〕12号",
                named_on=timezone.localdate(),
                naming_body="清河市精神文明建设委员会",
            )

    # --- rules: appeals (taken after the freeze, while screening is open) -----------------

    def _lodge(self, who: str, i: int, reasons: str) -> None:
        # The applicant's own user, another applicant's, or the office (which may not
        # appeal for it).
        user = {"own": self.contacts[i], "other": self.contacts[i - 1], "office": self.office}[who]
        application = Application.objects.filter(
            campaign=self.campaign, organization=self.organizations[i]
        ).first()
        if application is None:
            return
        if (
            attempt(
                appeals.appeal_lodge, acting_user=user, application=application, reasons=reasons
            )
            is not None
        ):
            CampaignProcess.lodged += 1

    # Two rules for one step, so that appeals come while screening is open (it is short).
    @rule(who=WHO, i=st.integers(0, 2), reasons=REASONS_)
    def lodge_appeal(self, who: str, i: int, reasons: str) -> None:
        self._lodge(who, i, reasons)

    @rule(who=WHO, i=st.integers(0, 2), reasons=REASONS_)
    def lodge_appeal_again(self, who: str, i: int, reasons: str) -> None:
        self._lodge(who, i, reasons)

    @rule(
        data=st.data(),
        who=st.integers(0, 4),
        outcome=st.sampled_from(["maintained", "corrected", "upheld"]),
        answer=st.sampled_from(["", "经复核，维持原评分。"]),
    )
    def answer_appeal(self, data: st.DataObject, who: int, outcome: str, answer: str) -> None:
        lodged = list(Appeal.objects.filter(application__campaign=self.campaign).order_by("pk"))
        if lodged:
            attempt(
                appeals.appeal_answer,
                acting_user=self.users[who],
                appeal=data.draw(st.sampled_from(lodged)),
                outcome=outcome,
                answer=answer,
            )

    @rule()
    def answer_every_appeal(self) -> None:
        for appeal in Appeal.objects.filter(
            application__campaign=self.campaign, status=AppealStatus.OPEN
        ):
            attempt(
                appeals.appeal_answer,
                acting_user=self.office,
                appeal=appeal,
                outcome="maintained",
                answer="经复核，维持原评分。",
            )

    @rule(who=st.integers(0, 4))
    def close_screening(self, who: int) -> None:
        stage = Stage.objects.get(campaign=self.campaign, kind="screening")
        attempt(stages.stage_close, acting_user=self.users[who], stage=stage, reason="意见已齐")

    # --- the diligent clerk: the next sensible step of the current stage ------------------

    def _advance(self) -> None:
        stage = stages.current_stage(self.campaign)
        if stage is None:
            return
        kind = stage.kind
        if kind == "application":
            for i in range(3):
                self.apply(i)
        elif kind == "recommendation":
            self._recommend_step()
        elif kind == "assessment":
            self._assess_step()
        elif kind == "screening":
            self._screen_step()
        elif kind == "publicity":
            self.publish()
            self.clock.shift(timedelta(days=8))
        elif kind == "approval":
            self.meet_and_approve(3)
        elif kind == "naming":
            self.name()
        attempt(stages.stage_close, acting_user=self.office, stage=stage, reason="按计划推进")
        if stages.current_stage(self.campaign) is None:
            CampaignProcess.finished += 1

    def _recommend_step(self) -> None:
        """The county recommends what it received and submits its report."""
        pending = self._applications(State.SUBMITTED)
        if pending:
            attempt(
                campaigns.recommend,
                acting_user=self.county,
                award=self.award,
                recommended=pending[:2],
                alternates=pending[2:],
                region=self.county_region,
            )
        self.submit_report()

    def _assess_step(self) -> None:
        """The assessor marks every assignment; the office ranks."""
        self.set_up_assessment()
        for assignment in Assignment.objects.filter(round__campaign=self.campaign):
            for method in ("material", "onsite"):
                attempt(
                    assessment.mark_save,
                    acting_user=self.assessor,
                    assignment=assignment,
                    clause_key="2.1",
                    method=method,
                    points="1.5",
                )
        self.rank()

    def _screen_step(self) -> None:
        """Each body answers its screening request (one itself, the others through the office);
        the office answers the appeals waiting, and the first applicant then appeals (so the
        close that follows is held until the next step answers it)."""
        self.answer_every_appeal()
        self.send_for_screening()
        for request in ScreeningRequest.objects.filter(round__campaign=self.campaign):
            listed = request.round.entries.values_list("application_id", flat=True)
            answers = [screening.AnswerInput(pk, "no_objection") for pk in listed]
            if request.body.name == "Process Police":
                attempt(
                    screening.screening_answer,
                    acting_user=self.reviewer,
                    request=request,
                    answers=answers,
                )
            else:
                attempt(
                    screening.screening_answer_on_behalf,
                    acting_user=self.office,
                    request=request,
                    answers=answers,
                    letter=letter(),
                )
        self._lodge("own", 0, "第2.1项已按要求提交台账，评分偏低。")

    # Four rules for one step, so that a run reaches naming while the other rules interfere.
    @rule()
    def advance(self) -> None:
        self._advance()

    @rule()
    def advance_again(self) -> None:
        self._advance()

    @rule()
    def advance_once_more(self) -> None:
        self._advance()

    @rule()
    def advance_further(self) -> None:
        self._advance()

    # --- the invariants -------------------------------------------------------------------

    def _closed(self, kind: str) -> bool:
        return Stage.objects.filter(
            campaign=self.campaign, kind=kind, closed_at__isnull=False
        ).exists()

    @invariant()
    def named_only_through_every_gate(self) -> None:
        named = self._applications(State.NAMED, State.APPROVED)
        if not named:
            return
        # Every stage up to approval closed, in order.
        for kind in STAGE_ORDER[: STAGE_ORDER.index("approval")]:
            assert self._closed(kind.value), kind
        assert not Objection.objects.filter(
            publicity__campaign=self.campaign, decided_at=None
        ).exists()
        assert ScreeningRound.objects.get(campaign=self.campaign).requests.exists()
        approving = Meeting.objects.get(campaign=self.campaign, approved_at__isnull=False)
        assert committee_selectors.quorum_of(approving).valid
        for application in named:
            for assignment in Assignment.objects.filter(application=application):
                for member in assignment.group.members.all():
                    marks = set(
                        Mark.objects.filter(
                            round=assignment.round,
                            application=application,
                            assessor=member.user,
                        ).values_list("method", flat=True)
                    )
                    waived = MarkSetWaiver.objects.filter(
                        round=assignment.round, application=application, assessor=member.user
                    ).exists()
                    assert marks == {"material", "onsite"} or waived, application
            assert Assignment.objects.filter(application=application).exists(), application

    @invariant()
    def no_quota_exceeded(self) -> None:
        holding = Application.objects.filter(
            campaign=self.campaign, status__in=HOLDING_A_PLACE
        ).count()
        quota = Quota.objects.get(award=self.award, region=self.county_region)
        assert holding <= quota.places, (holding, quota.places)
        # The quota's own count (places a vetoed applicant spent included) stays within too.
        used = Application.objects.filter(
            holds_place(), award=self.award, region=self.county_region
        ).count()
        assert used <= quota.places, (used, quota.places)
        for row in quota_overview(self.campaign).rows:
            assert all(cell.state != "over" for cell in row.cells), row

    @invariant()
    def one_audit_event_per_status_change(self) -> None:
        for application in self._applications():
            events = AuditEvent.objects.filter(
                object_type="campaigns.application",
                object_id=str(application.pk),
                action__in=STATUS_ACTIONS,
            ).order_by("id")
            status = State.DRAFT.value
            for event in events:
                assert event.before["status"] == status, (event.action, status)
                assert event.after["status"] != status, event.action
                status = event.after["status"]
            assert status == application.status

    def _appeals(self) -> list[Appeal]:
        return list(Appeal.objects.filter(application__campaign=self.campaign).order_by("pk"))

    def _events(self, action: str, appeal: Appeal) -> list[AuditEvent]:
        return list(
            AuditEvent.objects.filter(
                action=action, object_type="appeals.appeal", object_id=str(appeal.pk)
            ).order_by("id")
        )

    @invariant()
    def screening_never_closes_over_an_open_appeal(self) -> None:
        stage = Stage.objects.get(campaign=self.campaign, kind="screening")
        if stage.closed_at is None:
            return
        closing = AuditEvent.objects.filter(
            action="stage.close", object_type="campaigns.stage", object_id=str(stage.pk)
        ).get()
        for appeal in self._appeals():
            # Lodged before the close (none after: a closed screening takes none) ...
            (lodge,) = self._events("appeal.lodge", appeal)
            assert lodge.pk < closing.pk, appeal
            # ... and answered before it.
            assert appeal.status == AppealStatus.ANSWERED, appeal
            (answer,) = self._events("appeal.answer", appeal)
            assert answer.pk < closing.pk, appeal

    @invariant()
    def appeals_only_once_in_their_window(self) -> None:
        lodged = self._appeals()
        if not lodged:
            return
        frozen = first_frozen(self.campaign)
        assert frozen is not None
        assert frozen.frozen_at is not None
        window = window_of(self.campaign)
        assert window.last_day is not None
        for appeal in lodged:
            assert appeal.lodged_at >= frozen.frozen_at, appeal
            assert timezone.localdate(appeal.lodged_at) <= window.last_day, appeal
        applications = [a.application_id for a in lodged]
        assert len(applications) == len(set(applications))
        # One application per organization and award, so one appeal per award.
        keys = {(a.application.organization_id, a.application.award_id) for a in lodged}
        assert len(keys) == len(lodged)

    @invariant()
    def each_lodge_and_answer_recorded_once(self) -> None:
        lodged = self._appeals()
        for appeal in lodged:
            (lodge,) = self._events("appeal.lodge", appeal)
            assert lodge.after["application"] == appeal.application_id
            assert lodge.actor_id == appeal.lodged_by_id
            answers = self._events("appeal.answer", appeal)
            if appeal.status == AppealStatus.OPEN:
                assert answers == [], appeal
            else:
                (answer,) = answers
                assert answer.after["outcome"] == appeal.outcome
                assert answer.actor_id == appeal.answered_by_id
        # A refused lodge or answer leaves no event behind.
        for action in ("appeal.lodge", "appeal.answer"):
            recorded = AuditEvent.objects.filter(
                action=action, object_type="appeals.appeal"
            ).values_list("object_id", flat=True)
            assert set(recorded) <= {str(a.pk) for a in lodged}, action
        answered = sum(a.status == AppealStatus.ANSWERED for a in lodged)
        assert AuditEvent.objects.filter(action="appeal.answer").count() == answered
        assert AuditEvent.objects.filter(action="appeal.lodge").count() == len(lodged)

    @invariant()
    def audit_chain_verifies(self) -> None:
        _count, broken = verify_chain()
        assert broken is None, broken


@pytest.mark.django_db(transaction=False)
def test_campaign_process_keeps_its_invariants(world, cast):
    CampaignProcess.framework = small_framework()
    CampaignProcess.finished = 0
    CampaignProcess.lodged = 0
    run_state_machine_as_test(
        CampaignProcess,
        settings=settings(
            max_examples=int(os.environ.get("PROCESS_EXAMPLES", "15")),
            stateful_step_count=60,
            deadline=None,
            suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
        ),
    )
    # Some runs went all the way to naming, through the gates the invariants check.
    assert CampaignProcess.finished > 0
    # Some runs took appeals, so that the appeal invariants held over real ones.
    assert CampaignProcess.lodged > 0
