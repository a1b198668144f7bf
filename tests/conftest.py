"""A small world and a fixed cast of users, one per role (as Healthchecks' alice and bob).

province > city > counties "east" and "west"; the east county has a township and a
village. Organizations: a unit in each county, a village in the east, a unit applying
directly to the city, a school under the education bureau.
"""

from dataclasses import dataclass

import pytest
from tests.factories import BodyFactory, OrganizationFactory, RegionFactory, UserFactory, with_role

from wenming.accounts.models import Role, User
from wenming.registry.models import Body, Organization, Region

PASSWORD = "pw-test-2026"


def login(client, user: User) -> None:
    """Log a test client in (Axes' backend, first in line, does not load users itself)."""
    client.force_login(user, backend="django.contrib.auth.backends.ModelBackend")


@dataclass
class World:
    province: Region
    city: Region
    east: Region
    west: Region
    township: Region
    village_region: Region
    education: Body
    screening: Body
    east_unit: Organization
    west_unit: Organization
    village: Organization
    direct_unit: Organization
    school: Organization


@pytest.fixture
def world(db) -> World:
    province = RegionFactory(code="990000", name="Province", level="province")
    city = RegionFactory(code="991000", name="City", level="city", parent=province)
    east = RegionFactory(code="991001", name="East County", level="county", parent=city)
    west = RegionFactory(code="991002", name="West County", level="county", parent=city)
    township = RegionFactory(code="991001001", name="East Town", level="township", parent=east)
    village_region = RegionFactory(
        code="991001001001", name="East Village", level="village", parent=township
    )
    education = BodyFactory(name="Education Bureau", region=city, supervises=True)
    screening = BodyFactory(name="Police Bureau", region=city, supervises=False, screens=True)
    return World(
        province=province,
        city=city,
        east=east,
        west=west,
        township=township,
        village_region=village_region,
        education=education,
        screening=screening,
        east_unit=OrganizationFactory(name="East Unit", region=east),
        west_unit=OrganizationFactory(name="West Unit", region=west),
        village=OrganizationFactory(
            name="East Village", kind="village", unit_type="", region=village_region
        ),
        direct_unit=OrganizationFactory(name="Direct Unit", region=city, applies_directly=True),
        school=OrganizationFactory(
            name="West School", kind="school", region=west, body=education, is_fulltime_school=True
        ),
    )


@dataclass
class Cast:
    admin: User
    city: User
    county: User
    body: User
    applicant: User
    assessor: User
    reviewer: User
    committee: User
    nobody: User


@pytest.fixture
def cast(world: World) -> Cast:
    return Cast(
        admin=with_role(UserFactory(username="admin"), Role.ADMIN),
        city=with_role(UserFactory(username="city"), Role.OFFICE, region=world.city),
        county=with_role(UserFactory(username="county"), Role.OFFICE, region=world.east),
        body=with_role(UserFactory(username="body"), Role.BODY, body=world.education),
        applicant=with_role(
            UserFactory(username="applicant"), Role.APPLICANT, organization=world.east_unit
        ),
        assessor=with_role(UserFactory(username="assessor"), Role.ASSESSOR),
        reviewer=with_role(UserFactory(username="reviewer"), Role.REVIEWER, body=world.screening),
        committee=with_role(UserFactory(username="committee"), Role.COMMITTEE, region=world.city),
        nobody=UserFactory(username="nobody"),
    )
