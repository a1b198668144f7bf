"""Building the demo from ``data/demo.yaml``: deterministic, bulk-written, audited.

Everything is drawn from one ``random.Random(seed)`` in file order, so the same data
file and seed always give the same demo. Rows are written with ``bulk_create`` and
their creation recorded with ``audit_record_many`` in the same transaction. When the
demo city already exists nothing is written.
"""

import random
from collections import Counter
from dataclasses import dataclass, field
from datetime import date, timedelta
from pathlib import Path
from typing import Any

import yaml
from django.contrib.auth.hashers import make_password
from django.db import transaction

from wenming.accounts.models import Role, RoleAssignment, User
from wenming.audit.services import Change, audit_record_many, snapshot
from wenming.demo.campaign import build_campaign
from wenming.demo.later import build_later_campaigns
from wenming.domain.titles import (
    KIND_CATEGORIES,
    Category,
    HonorKind,
    HonorLevel,
    Level,
    OrganizationKind,
    TitleStatus,
    UnitType,
)
from wenming.registry.models import Body, Honor, Organization, Region, RegionLevel, Title
from wenming.registry.services import HONOR_FIELDS, ORGANIZATION_FIELDS, TITLE_FIELDS

DATA_FILE = Path(__file__).with_name("data") / "demo.yaml"
#: The password of every demo login (documented in the README and printed by load_demo).
DEMO_PASSWORD = "wenming2026"
SEED = 20
EDITIONS = (17, 18, 19)

REGION_FIELDS = ["code", "name", "level", "parent"]
BODY_FIELDS = ["name", "region", "supervises", "screens"]

# The ladder of one category (DOMAIN §2): 市级 < 市级标兵 < 省级 < 省级标兵 < 全国.
RUNGS: tuple[tuple[Level, bool], ...] = (
    (Level.MUNICIPAL, False),
    (Level.MUNICIPAL, True),
    (Level.PROVINCIAL, False),
    (Level.PROVINCIAL, True),
    (Level.NATIONAL, False),
)

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

# How likely an organization of each kind is to hold titles at all.
TITLE_CHANCE = {
    OrganizationKind.COUNTY: 0.6,
    OrganizationKind.TOWNSHIP: 0.55,
    OrganizationKind.VILLAGE: 0.5,
    OrganizationKind.COMMUNITY: 0.55,
    OrganizationKind.UNIT: 0.6,
    OrganizationKind.SCHOOL: 0.65,
    OrganizationKind.FAMILY: 0.4,
}
REVOKE_CHANCE = 0.05
DOWNGRADE_CHANCE = 0.08
UNIT_HONOR_CHANCE = 0.3
FAMILY_HONOR_CHANCE = 0.5


def credit_code_check(body: str) -> str:
    """The check character of a 17-character credit code body."""
    total = sum(CREDIT_CHARS.index(c) * w for c, w in zip(body, CREDIT_WEIGHTS, strict=True))
    return CREDIT_CHARS[(31 - total % 31) % 31]


def load_data(path: Path = DATA_FILE) -> dict[str, Any]:
    with path.open(encoding="utf-8") as stream:
        return yaml.safe_load(stream)


@dataclass(frozen=True)
class Login:
    username: str
    display_name: str
    role: str
    scope: str


@dataclass
class DemoResult:
    created: bool
    city: str
    counts: dict[str, int] = field(default_factory=dict)
    organizations_by_kind: dict[str, int] = field(default_factory=dict)
    titles_by_status: dict[str, int] = field(default_factory=dict)
    skipped_users: list[str] = field(default_factory=list)


def demo_exists(data: dict[str, Any] | None = None) -> bool:
    data = data or load_data()
    return Region.objects.filter(code=data["city"]["code"]).exists()


def demo_logins(data: dict[str, Any] | None = None) -> list[Login]:
    """The demo logins as they are in the database, in the data file's order."""
    data = data or load_data()
    names = [u["username"] for u in data["users"]]
    users = {u.username: u for u in User.objects.filter(username__in=names)}
    roles: dict[int, list[RoleAssignment]] = {}
    for a in RoleAssignment.objects.filter(user__username__in=names).select_related(
        "region", "body", "organization"
    ):
        roles.setdefault(a.user_id, []).append(a)
    logins = []
    for name in names:
        user = users.get(name)
        if user is None:
            continue
        for a in roles.get(user.pk, []):
            scope = a.region or a.body or a.organization
            logins.append(
                Login(name, user.display_name, str(a.get_role_display()), str(scope or ""))
            )
    return logins


@dataclass
class _Plan:
    """An organization about to be written, with how its titles are to be drawn."""

    org: Organization
    categories: tuple[Category, ...] = ()
    history: list[tuple[int, int]] | None = None  # fixed (edition, rung) pairs, if any
    county: str = ""


class _Builder:
    def __init__(self, data: dict[str, Any], seed: int) -> None:
        self.data = data
        self.rng = random.Random(seed)
        self.changes: list[Change] = []
        self.codes: set[str] = set()
        self.names: set[str] = set()
        c = data["city"]
        self.fmt = {"city": c["name"], "short": c["short"]}

    # --- small helpers -------------------------------------------------------
    def text(self, template: str, **extra: str) -> str:
        return template.format(**(self.fmt | extra))

    def person(self) -> str:
        return self.rng.choice(self.data["surnames"]) + self.rng.choice(self.data["given_names"])

    def phone(self) -> str:
        prefix = self.rng.choice(self.data["phone_prefixes"])
        return prefix + f"{self.rng.randrange(10**8):08d}"

    def office_phone(self) -> str:
        return self.data["office_phone_prefix"] + f"{self.rng.randrange(10**7):07d}"

    def address(self, place: str) -> str:
        a = self.data["addresses"]
        return a["unit"].format(
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

    def unique_name(self, make: Any) -> str:
        for _ in range(1000):
            name = make()
            if name not in self.names:
                self.names.add(name)
                return name
        raise ValueError("the demo data has too few name parts")

    def doc(self, prefix: str, year: int, number: int) -> str:
        return self.data["document_pattern"].format(prefix=prefix, year=year, number=number)

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

    # --- regions and bodies --------------------------------------------------
    def regions(self, rows: list[Region]) -> list[Region]:
        for r in rows:
            r.path = (r.parent.path if r.parent else "") + r.code + "/"
        created = Region.objects.bulk_create(rows)
        self.changes += [
            Change("region.create", r, None, snapshot(r, REGION_FIELDS)) for r in created
        ]
        return created

    def build_regions(self) -> None:
        d = self.data
        (self.province,) = self.regions(
            [
                Region(
                    code=d["province"]["code"],
                    name=d["province"]["name"],
                    level=RegionLevel.PROVINCE,
                )
            ]
        )
        cities = [d["city"], *d["other_cities"]]
        city_rows = self.regions(
            [
                Region(code=c["code"], name=c["name"], level=RegionLevel.CITY, parent=self.province)
                for c in cities
            ]
        )
        self.city = city_rows[0]
        self.other_cities = city_rows[1:]
        county_rows = []
        for c, region in zip(cities, city_rows, strict=True):
            county_rows += [
                Region(code=k["code"], name=k["name"], level=RegionLevel.COUNTY, parent=region)
                for k in c["counties"]
            ]
        counties = self.regions(county_rows)
        self.counties = [k for k in counties if k.parent_id == self.city.pk]
        self.other_counties = [k for k in counties if k.parent_id != self.city.pk]

        urban = d["urban_township_suffix"]
        township_rows = []
        for spec, county in zip(d["city"]["counties"], self.counties, strict=True):
            numbers = {"urban": 1, "town": 100}
            for name in spec["townships"]:
                key = "urban" if name.endswith(urban) else "town"
                code = county.code + f"{numbers[key]:03d}"
                numbers[key] += 1
                township_rows.append(
                    Region(code=code, name=name, level=RegionLevel.TOWNSHIP, parent=county)
                )
        self.townships = self.regions(township_rows)

        villages = self.rng.sample(d["village_stems"], len(d["village_stems"]))
        communities = self.rng.sample(d["community_stems"], len(d["community_stems"]))
        rows = []
        self.is_community: dict[str, bool] = {}
        for township in self.townships:
            if township.name.endswith(urban):
                n_comm, n_vill = self.rng.randint(3, 4), self.rng.randint(0, 1)
            else:
                n_comm, n_vill = self.rng.randint(0, 1), self.rng.randint(3, 4)
            for i in range(n_comm):
                code = township.code + f"{i + 1:03d}"
                name = communities.pop() + d["community_suffix"]
                rows.append(
                    Region(code=code, name=name, level=RegionLevel.VILLAGE, parent=township)
                )
                self.is_community[code] = True
            for i in range(n_vill):
                code = township.code + f"{201 + i:03d}"
                name = villages.pop() + d["village_suffix"]
                rows.append(
                    Region(code=code, name=name, level=RegionLevel.VILLAGE, parent=township)
                )
                self.is_community[code] = False
        self.villages = self.regions(rows)

    def build_bodies(self) -> None:
        rows = [
            Body(
                name=b["name"],
                region=self.city,
                supervises=b.get("supervises", False),
                screens=b.get("screens", False),
            )
            for b in self.data["bodies"]
        ]
        created = Body.objects.bulk_create(rows)
        self.bodies = {b["key"]: body for b, body in zip(self.data["bodies"], created, strict=True)}
        self.changes += [Change("body.create", b, None, snapshot(b, BODY_FIELDS)) for b in created]

    # --- organizations -------------------------------------------------------
    def region_org(self, region: Region, kind: OrganizationKind, place: str) -> _Plan:
        org = Organization(
            code=region.code,
            name=region.name,
            kind=kind,
            region=region,
            contact_name=self.person(),
            contact_phone=self.office_phone(),
            address=place + region.name,
        )
        if kind is OrganizationKind.TOWNSHIP:
            for k, v in self.stats([40, 150], TOWNSHIP_PARTY_SHARE).items():
                setattr(org, k, v)
        elif kind in {OrganizationKind.VILLAGE, OrganizationKind.COMMUNITY}:
            for k, v in self.village_stats().items():
                setattr(org, k, v)
        self.names.add(org.name)
        return _Plan(org, KIND_CATEGORIES[kind])

    def unit(
        self,
        name: str,
        unit_type: UnitType,
        region: Region,
        size: list[int],
        *,
        body: Body | None = None,
        direct: bool = False,
        place: str = "",
    ) -> _Plan:
        org = Organization(
            code=self.credit_code(unit_type, region.code),
            name=name,
            kind=OrganizationKind.UNIT,
            unit_type=unit_type,
            region=region,
            body=body,
            applies_directly=direct,
            contact_name=self.person(),
            contact_phone=self.phone(),
            address=self.address(place or region.name),
            **self.stats(size, PARTY_SHARE[unit_type]),
        )
        self.names.add(name)
        return _Plan(org, KIND_CATEGORIES[OrganizationKind.UNIT])

    def school(
        self, name: str, region: Region, size: list[int], fulltime: bool, place: str = ""
    ) -> _Plan:
        org = Organization(
            code=self.credit_code(UnitType.INSTITUTION, region.code),
            name=name,
            kind=OrganizationKind.SCHOOL,
            region=region,
            body=self.bodies["education"],
            is_fulltime_school=fulltime,
            contact_name=self.person(),
            contact_phone=self.phone(),
            address=self.address(place or region.name),
            **self.stats(size, SCHOOL_PARTY_SHARE),
        )
        self.names.add(name)
        # Full-time schools held 文明单位 before 文明校园 existed (DOMAIN §4).
        categories = (Category.CAMPUS,) if fulltime else (Category.UNIT,)
        return _Plan(org, categories)

    def build_organizations(self) -> list[_Plan]:
        d = self.data
        rng = self.rng
        plans: list[_Plan] = []
        city_name = self.city.name
        # Counties, townships, villages and communities of the demo city.
        for county in self.counties:
            plans.append(self.region_org(county, OrganizationKind.COUNTY, city_name))
        county_of = {k.pk: k for k in self.counties + self.other_counties}
        township_by_pk = {t.pk: t for t in self.townships}
        for township in self.townships:
            county = county_of[township.parent_id]
            plans.append(
                self.region_org(township, OrganizationKind.TOWNSHIP, city_name + county.name)
            )
        for village in self.villages:
            township = township_by_pk[village.parent_id]
            county = county_of[township.parent_id]
            kind = (
                OrganizationKind.COMMUNITY
                if self.is_community[village.code]
                else OrganizationKind.VILLAGE
            )
            plans.append(self.region_org(village, kind, county.name + township.name))

        # City-level units, grouped by supervising body or applying directly.
        for group in d["city_units"]:
            body = self.bodies[group["body"]] if "body" in group else None
            direct = group.get("direct", False)
            for template in group["names"]:
                region = rng.choice(self.counties[:3]) if direct else self.city
                plans.append(
                    self.unit(
                        self.text(template),
                        UnitType(group["type"]),
                        region,
                        group["size"],
                        body=body,
                        direct=direct,
                        place=city_name + (region.name if direct else ""),
                    )
                )

        # County-level units, and the applicant unit with its fixed history.
        a = d["applicant_unit"]
        for county in self.counties:
            specs = rng.sample(d["county_units"], d["county_units_per_county"])
            for spec in specs:
                name = self.text(spec["name"], county=county.name)
                if name in self.names:
                    continue
                plans.append(self.unit(name, UnitType(spec["type"]), county, spec["size"]))
            if county.code == a["county"]:
                plan = self.unit(
                    self.text(a["name"], county=county.name),
                    UnitType(a["type"]),
                    county,
                    [a["staff"], a["staff"]],
                )
                plan.org.party_members = a["party_members"]
                plan.org.party_member_volunteers = min(
                    plan.org.party_member_volunteers or 0, a["party_members"]
                )
                plan.org.contact_name = next(
                    u["display_name"] for u in d["users"] if u["role"] == Role.APPLICANT
                )
                plan.history = [
                    (h["edition"], RUNGS.index((Level(h["level"]), h["model"])))
                    for h in a["history"]
                ]
                self.applicant_plan = plan
                plans.append(plan)

        # Enterprises and social organizations, spread over the counties.
        stems = d["enterprise_stems"]
        for key, unit_type in (
            ("private_enterprises", UnitType.PRIVATE_ENTERPRISE),
            ("new_economic", UnitType.NEW_ECONOMIC),
        ):
            spec = d[key]
            for _ in range(spec["count"]):
                name = self.unique_name(
                    lambda spec=spec: self.text(
                        spec["name"],
                        stem=rng.choice(stems),
                        industry=rng.choice(spec["industries"]),
                    )
                )
                county = rng.choice(self.counties)
                direct = rng.random() < spec["direct_share"]
                plans.append(self.unit(name, unit_type, county, spec["size"], direct=direct))
        spec = d["new_social"]
        for _ in range(spec["count"]):
            county = rng.choice(self.counties)
            name = self.unique_name(
                lambda county=county: self.text(
                    spec["name"], county=county.name, field=rng.choice(spec["fields"])
                )
            )
            plans.append(self.unit(name, UnitType.NEW_SOCIAL, county, spec["size"]))

        # Schools, all under the education bureau.
        s = d["schools"]
        for spec in s["city"]:
            plans.append(
                self.school(self.text(spec["name"]), self.city, spec["size"], spec["fulltime"])
            )
        for county in self.counties:
            for spec in s["county"]:
                name = self.text(spec["name"], county=county.name)
                plans.append(self.school(name, county, spec["size"], spec["fulltime"]))
        urban = d["urban_township_suffix"]
        for township in self.townships:
            if township.name.endswith(urban):
                continue
            county = county_of[township.parent_id]
            name = self.text(s["township"]["name"], township=township.name)
            plans.append(
                self.school(name, township, s["township"]["size"], True, place=county.name)
            )

        # Families in villages and communities.
        lo, hi = d["families_per_village"]
        for village in self.villages:
            for n in range(rng.randint(lo, hi)):
                while True:
                    head = rng.choice(d["surnames"]) + rng.choice(d["given_names"])
                    name = self.text(d["family_name"], head=head)
                    if name not in self.names:
                        self.names.add(name)
                        break
                org = Organization(
                    code=f"FAM-{village.code}-{n + 1:02d}",
                    name=name,
                    kind=OrganizationKind.FAMILY,
                    region=village,
                    contact_name=head,
                    contact_phone=self.phone(),
                    address=township_by_pk[village.parent_id].name + village.name,
                )
                plans.append(_Plan(org, KIND_CATEGORIES[OrganizationKind.FAMILY]))

        # A few organizations in each of the other cities' counties.
        for county in self.other_counties:
            city = county.parent.name if county.parent else ""
            plans.append(self.region_org(county, OrganizationKind.COUNTY, city))
            for spec in d["other_county_units"]:
                name = self.text(spec["name"], county=county.name)
                plans.append(
                    self.unit(name, UnitType(spec["type"]), county, spec["size"], place=city)
                )
            spec = d["other_county_school"]
            name = self.text(spec["name"], county=county.name)
            plans.append(self.school(name, county, spec["size"], spec["fulltime"], place=city))
        return plans

    # --- titles --------------------------------------------------------------
    def draw_history(self, category: Category) -> list[tuple[int, int]]:
        """Rungs held per edition, climbing at most one rung an edition (DOMAIN §4)."""
        rng = self.rng
        # Cities and families have no 标兵 tier; cities start at the provincial level.
        if category is Category.CITY:
            steps, rung = (2, 4), 2
        elif category is Category.FAMILY:
            steps, rung = (0, 2), 0
        else:
            # Some held titles from before the 17th edition and start higher up.
            steps, rung = (0, 1, 2, 3), rng.choice((0, 0, 0, 0, 0, 0, 1, 2))
        start = rng.choice((17, 17, 18, 18, 19))
        # Few counties climb from 省级文明城市 to 全国文明城市.
        climb = 0.25 if category is Category.CITY else 0.6
        history: list[tuple[int, int]] = []
        for edition in EDITIONS:
            if edition < start:
                continue
            if history:
                r = rng.random()
                if r < 0.12:
                    continue  # not renewed in this edition
                if history[-1][0] != edition - 1:
                    pass  # back after a gap: the earlier title is outside the window (DOMAIN §4)
                elif r < climb and rung != steps[-1]:
                    rung = steps[steps.index(rung) + 1]
                elif r > 0.8 and rung == 3 and category is Category.UNIT:
                    rung = 4  # a few 省级标兵 units become 全国文明单位
            history.append((edition, rung))
        return history

    def naming(self, level: Level, edition: int) -> tuple[str, str, date]:
        d = self.data
        body = {
            Level.MUNICIPAL: d["city"],
            Level.PROVINCIAL: d["province"],
            Level.NATIONAL: d["national"],
        }[level]
        when = d["editions"][edition][level.value]
        named_on: date = when["date"]
        number = self.doc(body["document_prefix"], named_on.year, when["number"])
        return body["naming_body"], number, named_on

    def end_decision(self, level: Level, after: date) -> tuple[str, date]:
        d = self.data
        prefix = {
            Level.MUNICIPAL: d["city"],
            Level.PROVINCIAL: d["province"],
            Level.NATIONAL: d["national"],
        }[level]["document_prefix"]
        year = max(after.year + 1, self.rng.choice(d["end_years"]))
        ended_on = date(year, 1, 1) + timedelta(days=self.rng.randrange(330))
        return self.doc(prefix, year, self.rng.randint(20, 60)), ended_on

    def titles_for(self, plan: _Plan) -> list[Title]:
        org = plan.org
        d = self.data
        if plan.history is not None:
            history = plan.history
        elif self.rng.random() < TITLE_CHANCE[OrganizationKind(org.kind)]:
            history = self.draw_history(plan.categories[0])
        else:
            return []

        def category_of(edition: int) -> Category:
            # Full-time schools held 文明单位 in the 17th and 18th, 文明校园 from the 19th.
            if org.kind == OrganizationKind.SCHOOL and org.is_fulltime_school and edition < 19:
                return Category.UNIT
            return plan.categories[0]

        titles: list[Title] = []
        for i, (edition, rung) in enumerate(history):
            level, model = RUNGS[rung]
            body, number, named_on = self.naming(level, edition)
            title = Title(
                organization=org,
                category=category_of(edition),
                level=level,
                model=model,
                edition=edition,
                naming_body=body,
                document_number=number,
                named_on=named_on,
            )
            if i + 1 < len(history):
                next_edition, next_rung = history[i + 1]
                _, next_number, next_on = self.naming(RUNGS[next_rung][0], next_edition)
                title.status = TitleStatus.EXPIRED
                title.ended_on = next_on
                title.end_document = next_number
                title.end_reason = (
                    d["campus_reason"]
                    if category_of(next_edition) != title.category
                    else d["superseded_reason"].format(edition=next_edition)
                )
            elif edition < EDITIONS[-1]:
                # Named earlier, not renewed in the latest edition: it lapsed there.
                lapsed = edition + 1
                _, lapse_number, lapse_on = self.naming(level, lapsed)
                title.status = TitleStatus.EXPIRED
                title.ended_on = lapse_on
                title.end_document = lapse_number
                title.end_reason = d["lapsed_reason"].format(edition=lapsed)
            titles.append(title)

        last = titles[-1]
        if plan.history is not None or last.status != TitleStatus.ACTIVE:
            return titles
        r = self.rng.random()
        if r < REVOKE_CHANCE:
            last.status = TitleStatus.REVOKED
            last.end_document, last.ended_on = self.end_decision(Level(last.level), last.named_on)
            last.end_reason = self.rng.choice(d["revocations"])
        elif r < REVOKE_CHANCE + DOWNGRADE_CHANCE and last.model:
            # 标兵 lowered to the plain title of the same level, by the same committee.
            last.status = TitleStatus.DOWNGRADED
            last.end_document, last.ended_on = self.end_decision(Level(last.level), last.named_on)
            lower = d["lower_labels"][last.level][last.category]
            last.end_reason = self.rng.choice(d["downgrades"]).format(lower=lower)
            titles.append(
                Title(
                    organization=org,
                    category=last.category,
                    level=last.level,
                    model=False,
                    edition=last.edition,
                    naming_body=last.naming_body,
                    document_number=last.end_document,
                    named_on=last.ended_on,
                )
            )
        return titles

    def honors_for(self, plan: _Plan, has_titles: bool) -> list[Honor]:
        org = plan.org
        d = self.data
        rng = self.rng
        honors = []
        if org.kind == OrganizationKind.UNIT:
            chance = UNIT_HONOR_CHANCE if has_titles else UNIT_HONOR_CHANCE / 3
            if rng.random() >= chance:
                return []
            fitting = [h for h in d["unit_honors"] if h.get("only_for", "") in org.name]
            for spec in rng.sample(fitting, rng.randint(1, 2)):
                honors.append(self.honor(org, HonorKind.HONOR_TITLE, spec, {}))
        elif org.kind == OrganizationKind.FAMILY:
            if rng.random() >= FAMILY_HONOR_CHANCE:
                return []
            county = self.county_name_of(org.region)
            spec = rng.choice(d["family_honors"])
            honors.append(self.honor(org, HonorKind(spec["kind"]), spec, {"county": county}))
        return honors

    def honor(self, org: Organization, kind: HonorKind, spec: dict, extra: dict) -> Honor:
        year = self.rng.choice(self.data["honor_years"])
        granted_on = date(year, 1, 1) + timedelta(days=self.rng.randrange(360))
        prefix = self.text(spec["prefix"], **extra)
        return Honor(
            organization=org,
            kind=kind,
            level=HonorLevel(spec["level"]),
            name=self.text(spec["name"], **extra),
            granting_body=self.text(spec["body"], **extra),
            document_number=self.doc(prefix, year, self.rng.randint(1, 40)),
            granted_on=granted_on,
        )

    def county_name_of(self, region: Region) -> str:
        while region.level != RegionLevel.COUNTY and region.parent is not None:
            region = region.parent
        return region.name

    # --- users ---------------------------------------------------------------
    def build_users(self) -> list[str]:
        specs = self.data["users"]
        existing = set(
            User.objects.filter(username__in=[u["username"] for u in specs]).values_list(
                "username", flat=True
            )
        )
        password = make_password(DEMO_PASSWORD)
        counties = {k.code: k for k in self.counties}
        users, roles = [], []
        for spec in specs:
            if spec["username"] in existing:
                continue
            role = Role(spec["role"])
            user = User(
                username=spec["username"],
                display_name=spec["display_name"],
                password=password,
                is_superuser=role is Role.ADMIN,
                is_staff=role is Role.ADMIN,
                phone=self.office_phone(),
            )
            users.append(user)
            scope: dict[str, Any] = {}
            if spec.get("scope") == "city":
                scope = {"region": self.city}
            elif spec.get("scope") == "province":
                scope = {"region": self.province}
            elif spec.get("scope") == "county":
                scope = {"region": counties[spec["county"]]}
            elif "body" in spec:
                scope = {"body": self.bodies[spec["body"]]}
            elif role is Role.APPLICANT:
                scope = {"organization": self.applicant_plan.org}
            roles.append(RoleAssignment(user=user, role=role, **scope))
        User.objects.bulk_create(users)
        for a in roles:
            a.user_id = a.user.pk
        RoleAssignment.objects.bulk_create(roles)
        self.changes += [
            Change(
                "user.create",
                a.user,
                None,
                {
                    "username": a.user.username,
                    "display_name": a.user.display_name,
                    "role": a.role,
                    "region": a.region_id,
                    "body": a.body_id,
                    "organization": a.organization_id,
                },
            )
            for a in roles
        ]
        return sorted(existing)

    # --- everything ----------------------------------------------------------
    def build(self) -> DemoResult:
        self.build_regions()
        self.build_bodies()
        plans = self.build_organizations()
        organizations = Organization.objects.bulk_create([p.org for p in plans], batch_size=500)
        titles: list[Title] = []
        honors: list[Honor] = []
        for plan in plans:
            held = self.titles_for(plan)
            titles += held
            honors += self.honors_for(plan, bool(held))
        Title.objects.bulk_create(titles, batch_size=500)
        Honor.objects.bulk_create(honors, batch_size=500)
        skipped = self.build_users()
        self.changes += [
            Change("organization.create", o, None, snapshot(o, ORGANIZATION_FIELDS))
            for o in organizations
        ]
        self.changes += [
            Change(
                "title.add",
                t.organization,
                None,
                snapshot(t, TITLE_FIELDS) | {"title_id": t.pk},
            )
            for t in titles
        ]
        self.changes += [
            Change(
                "honor.add",
                h.organization,
                None,
                snapshot(h, HONOR_FIELDS) | {"honor_id": h.pk},
            )
            for h in honors
        ]
        events = audit_record_many(actor=None, changes=self.changes)
        kinds = Counter(o.kind for o in organizations)
        return DemoResult(
            created=True,
            city=self.city.name,
            counts={
                "regions": Region.objects.count(),
                "counties": len(self.counties) + len(self.other_counties),
                "bodies": len(self.bodies),
                "supervising_bodies": sum(b.supervises for b in self.bodies.values()),
                "screening_bodies": sum(b.screens for b in self.bodies.values()),
                "organizations": len(organizations),
                "titles": len(titles),
                "honors": len(honors),
                "users": len(self.data["users"]) - len(skipped),
                "audit_events": len(events),
            },
            organizations_by_kind={k.value: kinds.get(k.value, 0) for k in OrganizationKind},
            titles_by_status={s.value: sum(t.status == s for t in titles) for s in TitleStatus},
            skipped_users=skipped,
        )


def build_demo(data: dict[str, Any] | None = None, *, seed: int = SEED) -> DemoResult:
    """Build the demo with its campaign in mid-flight, or do nothing when its city exists."""
    data = data or load_data()
    with transaction.atomic():
        if demo_exists(data):
            return DemoResult(created=False, city=data["city"]["name"])
        result = _Builder(data, seed).build()
        result.counts |= build_campaign(data, seed=seed).counts
        result.counts |= build_later_campaigns(data, seed=seed)
        return result
