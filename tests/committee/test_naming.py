"""Naming: titles enter each organization's history and the next edition sees them."""

from datetime import date, timedelta

import pytest
from django.core.exceptions import ValidationError
from tests.committee.conftest import close_approval, meeting_of

from wenming.campaigns.eligibility import verdicts_for
from wenming.campaigns.models import Application
from wenming.campaigns.services import campaign_copy
from wenming.committee import services
from wenming.committee.models import Certificate
from wenming.committee.services import naming_decide
from wenming.domain.application_states import State
from wenming.registry.models import Title

DOC = "清文明委〔2021〕12号"


def approve_and_name(setup, cast, refused=()):
    meeting = meeting_of(setup, cast, members=3, attending=3)
    services.meeting_approve(acting_user=cast.city, meeting=meeting, refused=refused)
    close_approval(setup, cast.city)
    return naming_decide(
        acting_user=cast.city,
        meeting=meeting,
        document_number=DOC,
        named_on=date(2021, 12, 28),
        naming_body="City civilization committee",
    )


def test_naming_writes_each_title_and_a_certificate(world, cast, campaign, listed):
    east, west = listed
    decision = approve_and_name(campaign, cast, refused=[west])
    east.refresh_from_db()
    assert east.status == State.NAMED
    title = Title.objects.get(organization=world.east_unit)
    assert (title.label, title.edition, title.document_number, title.named_on) == (
        "市级文明单位", 20, DOC, date(2021, 12, 28),
    )  # fmt: skip
    assert not Title.objects.filter(organization=world.west_unit).exists()
    certificate = Certificate.objects.get()
    assert (certificate.decision, certificate.title, len(certificate.code)) == (decision, title, 12)


def test_naming_twice_or_before_approval_is_refused(cast, campaign, listed):
    meeting = meeting_of(campaign, cast, members=3, attending=3)
    with pytest.raises(ValidationError) as error:
        naming_decide(
            acting_user=cast.city, meeting=meeting, document_number=DOC,
            named_on=date(2021, 12, 28), naming_body="Committee",
        )  # fmt: skip
    assert "尚未审定" in error.value.messages[0]
    services.meeting_approve(acting_user=cast.city, meeting=meeting)
    close_approval(campaign, cast.city)
    kwargs = {"document_number": DOC, "named_on": date(2021, 12, 28), "naming_body": "Committee"}
    naming_decide(acting_user=cast.city, meeting=meeting, **kwargs)
    with pytest.raises(ValidationError) as error:
        naming_decide(acting_user=cast.city, meeting=meeting, **kwargs)
    assert "已经命名" in error.value.messages[0]
    assert Title.objects.count() == 2


def _copy_to_21st(setup, cast):
    return campaign_copy(
        acting_user=cast.city, campaign=setup.campaign, edition=21,
        name="第二十一届市级精神文明建设先进集体推荐考核", shift=timedelta(days=1095),
    )  # fmt: skip


def test_naming_makes_the_organization_eligible_one_step_up_next_time(
    world, cast, campaign, listed
):
    before = {v.award.label: v.eligible for v in verdicts_for(campaign.campaign, world.east_unit)}
    assert before == {"市级文明单位": True, "市级文明单位标兵": False}
    approve_and_name(campaign, cast)
    # The copy's rules name editions 19 and 20 where the 20th's named 18 and 19.
    nxt = _copy_to_21st(campaign, cast)
    model = {v.award.label: v for v in verdicts_for(nxt, world.east_unit)}["市级文明单位标兵"]
    assert model.eligible
    assert model.text == f"可以申报，依据：第二十届市级文明单位（{DOC}）。"


def test_a_refused_application_stays_refused_when_the_list_is_named(cast, campaign, listed):
    _east, west = listed
    approve_and_name(campaign, cast, refused=[west])
    assert Application.objects.get(pk=west.pk).status == State.REJECTED
