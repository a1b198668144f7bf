"""The role × scope matrix over applications: their audit history, evidence files and
self-marks, for two applicants of the east county and one of the west, tried by id by
every role, on pages and the API, to read and to write.

An application is read by its own applicant, the county office it goes through and the
city office running the campaign; only its applicant (or an administrator) changes it.
The history is on the application's page; an organization's full change history only
for the offices that edit it. An evidence photo is served only as a thumbnail, to who
may see its application (MEDIA_URL is not routed); the matrix tries it and removing one
(the thumbnail shown beside a reused photo: tests/campaigns/test_photo_reuse.py).
"""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from tests.campaigns.conftest import campaign  # noqa: F401 - the fixture, reused
from tests.campaigns.test_evidence_files import jpeg
from tests.factories import OrganizationFactory, UserFactory, with_role
from tests.security.matrix import (
    BASE_ROLES,
    Attempt,
    allowed_writes,
    everyone,
    other_county_cast,
    read,
    refusals,
    sign_in,
    write,
)

from wenming.accounts.models import Role
from wenming.campaigns import services
from wenming.campaigns.models import Application
from wenming.registry.services import organization_update


def marks(application: Application) -> list[tuple[str, str]]:
    return [(m.clause_key, str(m.points)) for m in application.self_marks.order_by("clause_key")]


def started(setup, organization, user) -> Application:
    application = services.application_start(
        acting_user=user, campaign=setup.campaign, award=setup.unit, organization=organization
    )
    services.self_mark_save(
        acting_user=user, application=application, clause_key="1.1", points="1", narrative="x"
    )
    upload = SimpleUploadedFile("p.jpg", jpeg(1_700_000), content_type="image/jpeg")
    services.evidence_add(
        acting_user=user,
        application=application,
        clause_key="4.1",
        kind="photo",
        upload=upload,
        activity="道德讲堂",
    )
    return application


def attempts_on(application: Application, county: str, contact: str) -> list[Attempt]:
    tag = application.organization.name
    sees = {"admin", "city", county, contact}
    edits = {"admin", contact}  # campaigns.edit_application: the applicant, or an administrator
    evidence = application.evidence.get()
    state = lambda: marks(application)  # noqa: E731 - one line per object
    page = f"/campaigns/applications/{application.pk}/"
    return [
        read(f"application page and history {tag}", page, sees),
        read(f"application API {tag}", f"/api/applications/{application.pk}/", sees),
        read(f"evidence image {tag}", f"/campaigns/evidence/{evidence.pk}/image/", sees),
        write(
            f"self-mark page {tag}",
            f"{page}marks/1.1/",
            edits,
            {"points": "2", "narrative": "forged"},
            state,
            by=contact,
        ),
        write(
            f"self-mark API {tag}",
            f"/api/applications/{application.pk}/self-marks/",
            edits,
            {"clause_key": "1.1", "points": "2"},
            state,
            by=contact,
            api=True,
            method="put",
        ),
        write(
            f"evidence removal {tag}",
            f"{page}evidence/{evidence.pk}/remove/",
            edits,
            {},
            lambda: application.evidence.count(),
            by=contact,
        ),
    ]


@pytest.fixture
def matrix(world, cast, campaign):  # noqa: F811 - the fixture imported above
    extra = other_county_cast(world)
    second = OrganizationFactory(name="East Second", region=world.east)
    extra["second_applicant"] = with_role(
        UserFactory(username="second-applicant"), Role.APPLICANT, organization=second
    )
    users = everyone(cast, extra)
    attempts = attempts_on(
        started(campaign, world.east_unit, cast.applicant), "county", "applicant"
    )
    east_second = started(campaign, second, extra["second_applicant"])
    attempts += attempts_on(east_second, "county", "second_applicant")
    west = started(campaign, world.west_unit, extra["west_applicant"])
    attempts += attempts_on(west, "west_office", "west_applicant")
    return users, attempts


ROLES = [*BASE_ROLES, "second_applicant"]


@pytest.mark.parametrize("role", ROLES)
def test_each_role_reads_and_changes_only_the_applications_in_its_scope(client, matrix, role):
    users, attempts = matrix
    wrong = refusals(client, role, users[role], attempts)
    assert not wrong, "\n".join(wrong)


def test_each_applicant_changes_its_own_application(client, matrix):
    users, attempts = matrix
    wrong = allowed_writes(client, users, attempts)
    assert not wrong, "\n".join(wrong)


@pytest.mark.parametrize(
    ("role", "sees_history"),
    [
        ("admin", True),
        ("city", True),
        ("county", True),
        ("applicant", False),
        ("committee", False),
    ],
)
def test_an_organizations_change_history_is_for_the_offices_that_edit_it(
    world, cast, client, role, sees_history
):
    organization_update(acting_user=cast.county, organization=world.east_unit, name="East Unit 2")
    sign_in(client, getattr(cast, role))
    page = client.get(f"/organizations/{world.east_unit.pk}/")
    assert page.status_code == 200
    assert ("organization.update" in page.content.decode()) is sees_history
