"""A family goes the whole way (issue 12 §3): central review, then screening, publicity,
approval and naming like any applicant, with a 文明家庭 title in the registry."""

from datetime import timedelta

import time_machine
from django.urls import reverse
from django.utils import timezone
from tests.conftest import login
from tests.factories import enter_next_year
from tests.issued_docs import body_text

from wenming.campaigns import stages
from wenming.campaigns.models import Application, Stage
from wenming.committee import decision_docs, selectors
from wenming.committee import services as committee
from wenming.committee.services import naming
from wenming.families.services import family_review_record
from wenming.publicity import services as publicity
from wenming.registry.models import Title
from wenming.screening import services as screening
from wenming.screening.models import ScreeningRequest

ALL_MET = {"1.1": True, "1.2": True, "2.1": True}


def close(campaign, kind, user) -> None:
    stage = Stage.objects.get(campaign=campaign, kind=kind)
    stages.stage_close(acting_user=user, stage=stage, reason="按计划推进")


def test_a_reviewed_family_is_screened_published_approved_and_named(
    client, world, cast, family, recommended
):
    office, campaign = cast.city, family.campaign
    zhang, li, wang = recommended
    for application in (zhang, wang):
        family_review_record(acting_user=office, application=application, findings=ALL_MET)
    family_review_record(
        acting_user=office,
        application=li,
        findings=ALL_MET | {"2.1": False},
        reasons={"2.1": "邻里反映有纠纷"},
    )
    with time_machine.travel(timezone.now(), tick=False) as clock:
        enter_next_year()
        close(campaign, "assessment", office)

        screening.screening_send(
            acting_user=office, campaign=campaign, deadline=timezone.now() + timedelta(days=5)
        )
        request = ScreeningRequest.objects.get(round__campaign=campaign)
        listed = sorted(
            request.round.entries.values_list("application__organization__name", flat=True)
        )
        assert listed == ["张建国家庭", "王家"]  # 李家 failed the review and went no further
        answers = [
            screening.AnswerInput(pk, "no_objection")
            for pk in request.round.entries.values_list("application_id", flat=True)
        ]
        screening.screening_answer(acting_user=cast.reviewer, request=request, answers=answers)
        close(campaign, "screening", office)

        publicity.publicity_publish(
            acting_user=office,
            campaign=campaign,
            starts_on=timezone.localdate(),
            contact_phone="0731-1234567",
        )
        clock.shift(timedelta(days=9))
        close(campaign, "publicity", office)

        meeting = committee.meeting_create(
            acting_user=office,
            campaign=campaign,
            held_on=timezone.localdate(),
            names=["委员乙", "委员丙"],
        )
        ids = list(meeting.members.order_by("id").values_list("pk", flat=True))
        committee.meeting_record_attendance(acting_user=office, meeting=meeting, present=ids)
        committee.meeting_record_minutes(acting_user=office, meeting=meeting, minutes="审议名单。")
        committee.meeting_record_vote(
            acting_user=office, meeting=meeting, votes_for=3, votes_against=0, abstentions=0
        )
        committee.meeting_approve(acting_user=office, meeting=meeting)
        close(campaign, "approval", office)
        decision = naming.naming_decide(
            acting_user=office,
            meeting=meeting,
            document_number="清文明委〔2026〕12号",
            named_on=timezone.localdate(),
            naming_body="清河市精神文明建设委员会",
        )

    statuses = {
        a.organization.name: a.status for a in Application.objects.filter(campaign=campaign)
    }
    assert statuses == {"张建国家庭": "named", "李家": "rejected", "王家": "named"}
    titles = Title.objects.filter(category="family", edition=20).order_by("organization__name")
    assert [(t.organization.name, t.level, t.nominated) for t in titles] == [
        ("张建国家庭", "municipal", False),
        ("王家", "municipal", False),
    ]
    login(client, cast.city)
    page = client.get(reverse("families:review_list", args=[campaign.pk])).content.decode()
    assert "已命名" in page
    # The decision counts families as families (户), not as units (个单位).
    doc = decision_docs.naming_decision(
        decision, list(selectors.certificates().filter(decision=decision))
    )
    assert "命名2户家庭为第二十届市级文明家庭" in body_text(doc)
    assert "个单位" not in body_text(doc)
