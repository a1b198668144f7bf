"""Published applications of the test campaign, and meetings of its committee."""

from datetime import date

import pytest
from django.db import transaction
from tests.campaigns.conftest import campaign  # noqa: F401  (the 20th-edition campaign)
from tests.factories import reach_stage

from wenming.campaigns.models import Application, Stage
from wenming.campaigns.services import application_move
from wenming.campaigns.stages import stage_close
from wenming.committee import services
from wenming.committee.models import Meeting
from wenming.domain.application_states import Action

TO_PUBLISHED = (Action.SUBMIT, Action.RECOMMEND, Action.ASSESS, Action.SCREEN, Action.PUBLISH)


def publish(setup, user, organization, award=None) -> Application:
    """An application moved through every stage to publicity, as the earlier stages do."""
    with transaction.atomic():
        return _published(setup, user, organization, award)


def _published(setup, user, organization, award) -> Application:
    application = Application.objects.create(
        campaign=setup.campaign,
        award=award or setup.unit,
        organization=organization,
        region=organization.region,
        created_by=user,
    )
    for action in TO_PUBLISHED:
        application_move(acting_user=user, applications=application, action=action)
    return application


@pytest.fixture
def listed(world, cast, campaign):  # noqa: F811  (its campaign argument is the imported fixture, by pytest's name matching)
    """East Unit and West Unit published for 市级文明单位; publicity closed, approval open."""
    reach_stage(campaign.campaign, "approval")
    return [publish(campaign, cast.city, org) for org in (world.east_unit, world.west_unit)]


def meeting_of(setup, cast, members: int, attending: int, opinions: int = 0) -> Meeting:
    """A meeting with ``members`` members (the committee user plus named ones), of whom the
    first ``attending`` attend and the next ``opinions`` send a written opinion."""
    names = [f"Member {n}" for n in range(2, members + 1)]
    meeting = services.meeting_create(
        acting_user=cast.city, campaign=setup.campaign, held_on=date(2021, 12, 20), names=names
    )
    ids = list(meeting.members.order_by("id").values_list("pk", flat=True))
    absent = ids[attending:]
    services.meeting_record_attendance(
        acting_user=cast.city,
        meeting=meeting,
        present=ids[:attending],
        opinions=dict.fromkeys(absent[:opinions], "Agree with the list."),
    )
    services.meeting_record_minutes(
        acting_user=cast.city, meeting=meeting, minutes="The list was read and discussed."
    )
    if attending:
        services.meeting_record_vote(
            acting_user=cast.city,
            meeting=meeting,
            votes_for=attending,
            votes_against=0,
            abstentions=0,
        )
    return meeting


def close_approval(setup, user) -> None:
    """The office closes the approval stage once a quorate meeting approved the list."""
    stage = Stage.objects.get(campaign=setup.campaign, kind="approval")
    stage_close(acting_user=user, stage=stage, reason="The list is approved.")
