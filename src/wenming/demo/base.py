"""What every step of the demo's registry builder shares: the data file, the one random
stream every draw comes from (in file order, so a seed always gives the same demo), the
names and codes drawn so far, and the regions and bodies once they are written.
"""

import random
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from wenming.audit.services import Change
from wenming.domain.titles import Category, UnitType
from wenming.registry.models import Body, Organization, Region

# Share of serving party members among staff, by unit type.
PARTY_SHARE = {
    UnitType.ORGAN: (0.45, 0.85),
    UnitType.INSTITUTION: (0.25, 0.6),
    UnitType.STATE_ENTERPRISE: (0.2, 0.45),
    UnitType.PRIVATE_ENTERPRISE: (0.03, 0.15),
    UnitType.NEW_ECONOMIC: (0.02, 0.12),
    UnitType.NEW_SOCIAL: (0.1, 0.4),
}
SCHOOL_PARTY_SHARE = (0.3, 0.6)
TOWNSHIP_PARTY_SHARE = (0.5, 0.8)

# Unified social credit codes (GB 32100-2015): registering authority and type by unit type.
CREDIT_PREFIX = {
    UnitType.ORGAN: "11",
    UnitType.INSTITUTION: "12",
    UnitType.STATE_ENTERPRISE: "91",
    UnitType.PRIVATE_ENTERPRISE: "91",
    UnitType.NEW_ECONOMIC: "91",
    UnitType.NEW_SOCIAL: "51",
}
CREDIT_CHARS = "0123456789ABCDEFGHJKLMNPQRTUWXY"
CREDIT_WEIGHTS = (1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28)


def credit_code_check(body: str) -> str:
    """The check character of a 17-character credit code body."""
    total = sum(CREDIT_CHARS.index(c) * w for c, w in zip(body, CREDIT_WEIGHTS, strict=True))
    return CREDIT_CHARS[(31 - total % 31) % 31]


@dataclass
class Plan:
    """An organization about to be written, with how its titles are to be drawn."""

    org: Organization
    categories: tuple[Category, ...] = ()
    history: list[tuple[int, int]] | None = None  # fixed (edition, rung) pairs, if any
    county: str = ""


class DemoBase:
    """The builder's state and its small drawing helpers."""

    # Set by the region and body steps (``wenming.demo.builder``), read by the later ones.
    province: Region
    city: Region
    other_cities: list[Region]
    counties: list[Region]
    other_counties: list[Region]
    townships: list[Region]
    villages: list[Region]
    is_community: dict[str, bool]
    bodies: dict[str, Body]
    applicant_plan: Plan

    def __init__(self, data: dict[str, Any], seed: int) -> None:
        self.data = data
        self.rng = random.Random(seed)  # noqa: S311  (a repeatable demo, not a secret)
        self.changes: list[Change] = []
        self.codes: set[str] = set()
        self.names: set[str] = set()
        c = data["city"]
        self.fmt = {"city": c["name"], "short": c["short"]}

    def text(self, template: str, **extra: str) -> str:
        return template.format(**(self.fmt | extra))

    def person(self) -> str:
        surname: str = self.rng.choice(self.data["surnames"])
        given: str = self.rng.choice(self.data["given_names"])
        return surname + given

    def phone(self) -> str:
        prefix: str = self.rng.choice(self.data["phone_prefixes"])
        return prefix + f"{self.rng.randrange(10**8):08d}"

    def office_phone(self) -> str:
        prefix: str = self.data["office_phone_prefix"]
        return prefix + f"{self.rng.randrange(10**7):07d}"

    def address(self, place: str) -> str:
        a = self.data["addresses"]
        return str(a["unit"]).format(
            place=place, street=self.rng.choice(a["streets"]), number=self.rng.randint(1, 399)
        )

    def credit_code(self, unit_type: UnitType, region_code: str) -> str:
        while True:
            org = "".join(self.rng.choice(CREDIT_CHARS) for _ in range(9))
            body = CREDIT_PREFIX[unit_type] + region_code[:6] + org
            code = body + credit_code_check(body)
            if code not in self.codes:
                self.codes.add(code)
                return code

    def unique_name(self, make: Callable[[], str]) -> str:
        for _ in range(1000):
            name = make()
            if name not in self.names:
                self.names.add(name)
                return name
        raise ValueError("the demo data has too few name parts")

    def doc(self, prefix: str, year: int, number: int) -> str:
        pattern: str = self.data["document_pattern"]
        return pattern.format(prefix=prefix, year=year, number=number)

    def stats(self, size: list[int], share: tuple[float, float]) -> dict[str, int]:
        staff = self.rng.randint(*size)
        party = max(1, min(staff, round(staff * self.rng.uniform(*share))))
        volunteers = min(staff, max(1, round(staff * self.rng.uniform(0.35, 1.0))))
        party_volunteers = min(party, round(party * self.rng.uniform(0.6, 1.0)))
        volunteers = max(volunteers, party_volunteers)
        served = min(volunteers, round(volunteers * self.rng.uniform(0.7, 1.0)))
        return {
            "staff_count": staff,
            "party_members": party,
            "registered_volunteers": volunteers,
            "party_member_volunteers": party_volunteers,
            "volunteers_served": served,
        }

    def village_stats(self) -> dict[str, int]:
        party = self.rng.randint(15, 90)
        volunteers = self.rng.randint(30, 400)
        party_volunteers = min(party, volunteers, round(party * self.rng.uniform(0.5, 1.0)))
        return {
            "party_members": party,
            "registered_volunteers": volunteers,
            "party_member_volunteers": party_volunteers,
            "volunteers_served": round(volunteers * self.rng.uniform(0.6, 1.0)),
        }
