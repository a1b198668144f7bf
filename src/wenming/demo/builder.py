"""Building the demo from ``data/demo.yaml``: deterministic, bulk-written, audited.

This module writes the regions, bodies, users and the registry; what the organizations
are is planned in ``organizations.py`` and their titles and honors are drawn in
``titles.py`` (the shared state and helpers are in ``base.py``); the campaigns follow
(``campaign.py``, ``later.py``).

Everything is drawn from one ``random.Random(seed)`` in file order, so the same data
file and seed always give the same demo. Rows are written with ``bulk_create`` and
their creation recorded with ``audit_record_many`` in the same transaction. When the
demo city already exists nothing is written.
"""

from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml
from django.contrib.auth.hashers import make_password
from django.db import transaction
from django.utils import timezone

# The password of every demo login (the README prints it; refused when DEBUG is off).
from wenming.accounts.backends import DEMO_PASSWORD as DEMO_PASSWORD
from wenming.accounts.models import ADMIN_ROLES, Role, RoleAssignment, User
from wenming.audit.services import Change, audit_record_many, snapshot
from wenming.demo.campaign import build_campaign
from wenming.demo.creation import build_creation
from wenming.demo.later import build_later_campaigns
from wenming.demo.reports import build_reports
from wenming.demo.workrules import build_workrules
from wenming.domain.titles import OrganizationKind, TitleStatus
from wenming.registry.models import Body, Honor, Organization, Region, RegionLevel, Title
from wenming.registry.services import HONOR_FIELDS, ORGANIZATION_FIELDS, TITLE_FIELDS

from .organizations import OrganizationPlanner
from .titles import TitleDrawer

DATA_FILE = Path(__file__).with_name("data") / "demo.yaml"
SEED = 20

REGION_FIELDS = ["code", "name", "level", "parent"]
BODY_FIELDS = ["name", "region", "supervises", "screens"]


def load_data(path: Path = DATA_FILE) -> dict[str, Any]:
    with path.open(encoding="utf-8") as stream:
        data: dict[str, Any] = yaml.safe_load(stream)
        return data


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


class _Builder(OrganizationPlanner, TitleDrawer):
    """Writes the demo's registry: regions, bodies, organizations with their titles and
    honors, and the demo logins."""

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

        self.villages = self.regions(self.village_rows())

    def village_rows(self) -> list[Region]:
        """Each township's villages and communities: mostly communities in urban townships
        (街道), mostly villages in the others."""
        d = self.data
        urban = d["urban_township_suffix"]
        villages = self.rng.sample(d["village_stems"], len(d["village_stems"]))
        communities = self.rng.sample(d["community_stems"], len(d["community_stems"]))
        rows = []
        self.is_community = {}
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
        return rows

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
        # The province's member departments answer the province campaign's screening.
        departments = [
            Body(name=name, region=self.province, screens=True)
            for name in self.data["province"]["departments"]
        ]
        created = Body.objects.bulk_create(rows + departments)
        city_bodies, self.province_departments = created[: len(rows)], created[len(rows) :]
        self.bodies = {
            b["key"]: body for b, body in zip(self.data["bodies"], city_bodies, strict=True)
        }
        self.changes += [Change("body.create", b, None, snapshot(b, BODY_FIELDS)) for b in created]

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
            # The demo family's login is its head, whose name the registry already holds.
            family = self.demo_family(counties[spec["family"]]) if spec.get("family") else None
            user = User(
                username=spec["username"],
                display_name=family.contact_name if family else spec["display_name"],
                password=password,
                # No superuser: the three administrators each hold their own part (三员分立),
                # and the admin site lets each see only that part.
                is_staff=role in ADMIN_ROLES,
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
            elif family is not None:
                scope = {"organization": family}
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

    def demo_family(self, county: Region) -> Organization:
        """The family whose head logs in as ``family``: the county's first family by code
        (it has not applied yet, so it can apply in the demo, as the applicant unit can)."""
        family = (
            Organization.objects.filter(
                kind=OrganizationKind.FAMILY, region__path__startswith=county.path
            )
            .order_by("code")
            .first()
        )
        if family is None:
            raise ValueError(f"the demo county {county.code} has no family")
        return family

    # --- everything ----------------------------------------------------------
    def record_registry(
        self, organizations: list[Organization], titles: list[Title], honors: list[Honor]
    ) -> None:
        """The creation of every organization, title and honor, as the audit trail tells it."""
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
        self.record_registry(organizations, titles, honors)
        events = audit_record_many(actor=None, changes=self.changes)
        kinds = Counter(o.kind for o in organizations)
        return DemoResult(
            created=True,
            city=self.city.name,
            counts={
                "regions": Region.objects.count(),
                "counties": len(self.counties) + len(self.other_counties),
                "bodies": len(self.bodies) + len(self.province_departments),
                "supervising_bodies": sum(b.supervises for b in self.bodies.values()),
                "screening_bodies": sum(b.screens for b in self.bodies.values())
                + len(self.province_departments),
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
        result.counts |= build_creation(data, seed=seed)
        result.counts |= build_reports(data, today=timezone.localdate())
        result.counts |= build_workrules(data, today=timezone.localdate())
        return result
