"""The role × scope matrix over the naming's downloads: the certificates of an east and a
west applicant, the honor roll and the plaques workbook, tried by id by every role.

The office running the campaign, the committee sitting on it and the administrator
download them all; an applicant downloads its own certificate on the page (the API lists
certificates for the committee's side only); nobody else reaches any.
"""

import pytest
from tests.committee.conftest import campaign, listed  # noqa: F401 - fixtures, reused
from tests.committee.test_naming import approve_and_name
from tests.security.matrix import BASE_ROLES, everyone, other_county_cast, read, refusals

from wenming.committee.models import Certificate

COMMITTEE_SIDE = {"admin", "city", "committee"}


@pytest.fixture
def matrix(world, cast, campaign, listed):  # noqa: F811 - the fixtures imported above
    decision = approve_and_name(campaign, cast)
    attempts = [
        # The honor roll is a background document: its start page, as the link leads to it.
        read(
            "honor roll",
            f"/exports/documents/honor-roll/?decision={decision.pk}",
            COMMITTEE_SIDE,
        ),
        read("plaques", f"/committee/decision/{decision.pk}/plaques.xlsx", COMMITTEE_SIDE),
        read("decision API", f"/api/committee/decisions/{decision.pk}/", COMMITTEE_SIDE),
    ]
    own = {world.east_unit.pk: "applicant", world.west_unit.pk: "west_applicant"}
    for certificate in Certificate.objects.select_related("application__organization"):
        tag = certificate.application.organization.name
        contact = own[certificate.application.organization_id]
        attempts += [
            read(
                f"certificate PDF {tag}",
                f"/committee/certificate/{certificate.pk}.pdf",
                COMMITTEE_SIDE | {contact},
            ),
            read(
                f"certificate API {tag}",
                f"/api/committee/certificates/{certificate.pk}/",
                COMMITTEE_SIDE,
            ),
        ]
    assert len(attempts) == 7
    return everyone(cast, other_county_cast(world)), attempts


ROLES = [*BASE_ROLES]


@pytest.mark.parametrize("role", ROLES)
def test_each_role_downloads_only_the_naming_documents_in_its_scope(client, matrix, role):
    users, attempts = matrix
    wrong = refusals(client, role, users[role], attempts)
    assert not wrong, "\n".join(wrong)
