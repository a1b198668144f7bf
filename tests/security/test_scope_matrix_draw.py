"""The role × scope matrix over the committed draw (抽签公证): the public verification page
is everyone's, signed in or not; the sampling page, its three steps (publish the list,
draw, enlarge) and the draw API are the running office's alone.

Three city re-check rounds of the assessment in tests/assessment: one drawn, one whose
list is published, one still being set up.
"""

import pytest
from django.utils import timezone
from tests.assessment.conftest import Assessment, assessment, campaign  # noqa: F401 - fixtures
from tests.assessment.drawing import SOURCE, commit, commit_and_draw
from tests.security.matrix import (
    BASE_ROLES,
    Attempt,
    allowed_writes,
    everyone,
    other_county_cast,
    read,
    refusals,
    write,
)

from wenming.assessment import services
from wenming.assessment.models import Round, SampleEntry

OFFICE = {"admin", "city"}


def recheck(cast, s: Assessment, name: str) -> Round:
    round_ = services.round_create(
        acting_user=cast.city, campaign=s.setup.campaign, kind="city_recheck", name=name
    )
    return services.round_sampling_set(
        acting_user=cast.city, round_=round_, stratum_kind="county", default_ratio="0.5", ratios={}
    )


def field(round_: Round, name: str):
    return lambda: Round.objects.values_list(name, flat=True).get(pk=round_.pk)


def attempts_on(cast, s: Assessment) -> list[Attempt]:
    drawn, published, open_ = (recheck(cast, s, n) for n in ("drawn", "published", "open"))
    commit_and_draw(cast.city, drawn)
    commit(cast.city, published)
    everybody = set(ROLES)
    return [
        read("public draw page (drawn)", f"/draw/{drawn.pk}/", everybody),
        read("public draw page (published)", f"/draw/{published.pk}/", everybody),
        read("public draw page (not published)", f"/draw/{open_.pk}/", set()),
        read("sampling page", f"/assessment/rounds/{drawn.pk}/sample/", OFFICE),
        read("draw API", f"/api/assessment/draws/{drawn.pk}/", OFFICE),
        write(
            "publish the list by API",
            f"/api/assessment/draws/{open_.pk}/commit/",
            OFFICE,
            {"seed_source": SOURCE, "seed_draw_on": timezone.localdate().isoformat()},
            field(open_, "candidates_hash"),
            by="city",
            api=True,
        ),
        write(
            "publish the list",
            f"/assessment/rounds/{open_.pk}/sample/",
            OFFICE,
            {"commit": "1", "seed_source": SOURCE, "seed_draw_on": str(timezone.localdate())},
            field(open_, "candidates_hash"),
            by="city",
        ),
        write(
            "draw the sample",
            f"/assessment/rounds/{published.pk}/sample/",
            OFFICE,
            {"draw": "1", "public_numbers": "03 07 12"},
            field(published, "seed"),
            by="city",
        ),
        write(
            "enlarge the sample",
            f"/assessment/rounds/{drawn.pk}/sample/",
            OFFICE,
            {"extend": "1", "default_ratio": "1"},
            lambda: SampleEntry.objects.filter(round=drawn).count(),
            by="city",
        ),
    ]


ROLES = [*BASE_ROLES, "west_assessor"]


@pytest.fixture
def matrix(world, cast, assessment):  # noqa: F811 - the fixture imported above
    users = everyone(cast, other_county_cast(world) | {"west_assessor": assessment.west_assessor})
    return users, attempts_on(cast, assessment)


@pytest.mark.parametrize("role", ROLES)
def test_each_role_reaches_the_draw_only_as_it_may(client, matrix, role):
    users, attempts = matrix
    wrong = refusals(client, role, users[role], attempts)
    assert not wrong, "\n".join(wrong)


def test_the_office_can_take_every_step_of_the_draw(client, matrix):
    users, attempts = matrix
    wrong = allowed_writes(client, users, attempts)
    assert not wrong, "\n".join(wrong)
