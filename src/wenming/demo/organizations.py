"""The demo's organizations, planned before they are written: the demo city's counties,
townships, villages and communities, its units (city, county, enterprises, social
organizations), schools and families, and a few organizations in the other cities.

Each step draws from the builder's random stream in a fixed order: reordering the steps
changes the demo.
"""

from functools import partial
from typing import Any

from wenming.domain.titles import KIND_CATEGORIES, Category, Level, OrganizationKind, UnitType
from wenming.registry.models import Body, Organization, Region

from .base import PARTY_SHARE, SCHOOL_PARTY_SHARE, TOWNSHIP_PARTY_SHARE, DemoBase, Plan
from .titles import RUNGS


class OrganizationPlanner(DemoBase):
    """Plans every organization of the demo, in the order they are written."""

    def region_org(self, region: Region, kind: OrganizationKind, place: str) -> Plan:
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
        return Plan(org, KIND_CATEGORIES[kind])

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
    ) -> Plan:
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
        return Plan(org, KIND_CATEGORIES[OrganizationKind.UNIT])

    def school(
        self, name: str, region: Region, size: list[int], fulltime: bool, place: str = ""
    ) -> Plan:
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
        # Full-time schools held 文明单位 before 文明校园 existed
        # (docs/rules.md#eligibility, the campus rows).
        categories = (Category.CAMPUS,) if fulltime else (Category.UNIT,)
        return Plan(org, categories)

    def build_organizations(self) -> list[Plan]:
        return [
            *self.region_plans(),
            *self.city_unit_plans(),
            *self.county_unit_plans(),
            *self.enterprise_plans(),
            *self.social_organization_plans(),
            *self.school_plans(),
            *self.family_plans(),
            *self.other_city_plans(),
        ]

    def county_of(self, region: Region) -> Region:
        """The county a township lies in (by its parent)."""
        return next(k for k in self.counties + self.other_counties if k.pk == region.parent_id)

    def township_of(self, village: Region) -> Region:
        return next(t for t in self.townships if t.pk == village.parent_id)

    def region_plans(self) -> list[Plan]:
        """Counties, townships, villages and communities of the demo city."""
        city_name = self.city.name
        plans = [
            self.region_org(county, OrganizationKind.COUNTY, city_name) for county in self.counties
        ]
        for township in self.townships:
            county = self.county_of(township)
            plans.append(
                self.region_org(township, OrganizationKind.TOWNSHIP, city_name + county.name)
            )
        for village in self.villages:
            township = self.township_of(village)
            county = self.county_of(township)
            kind = (
                OrganizationKind.COMMUNITY
                if self.is_community[village.code]
                else OrganizationKind.VILLAGE
            )
            plans.append(self.region_org(village, kind, county.name + township.name))
        return plans

    def city_unit_plans(self) -> list[Plan]:
        """City-level units, grouped by supervising body or applying directly."""
        plans = []
        for group in self.data["city_units"]:
            body = self.bodies[group["body"]] if "body" in group else None
            direct = group.get("direct", False)
            for template in group["names"]:
                region = self.rng.choice(self.counties[:3]) if direct else self.city
                plans.append(
                    self.unit(
                        self.text(template),
                        UnitType(group["type"]),
                        region,
                        group["size"],
                        body=body,
                        direct=direct,
                        place=self.city.name + (region.name if direct else ""),
                    )
                )
        return plans

    def county_unit_plans(self) -> list[Plan]:
        """County-level units, and the applicant unit with its fixed history."""
        d = self.data
        plans = []
        for county in self.counties:
            for spec in self.rng.sample(d["county_units"], d["county_units_per_county"]):
                name = self.text(spec["name"], county=county.name)
                if name in self.names:
                    continue
                plans.append(self.unit(name, UnitType(spec["type"]), county, spec["size"]))
            if county.code == d["applicant_unit"]["county"]:
                self.applicant_plan = self.applicant_unit(county)
                plans.append(self.applicant_plan)
        return plans

    def applicant_unit(self, county: Region) -> Plan:
        """The demo applicant's unit: its size, contact and title history are fixed."""
        d = self.data
        a = d["applicant_unit"]
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
            u["display_name"] for u in d["users"] if u["username"] == "applicant"
        )
        plan.history = [
            (h["edition"], RUNGS.index((Level(h["level"]), h["model"]))) for h in a["history"]
        ]
        return plan

    def enterprise_plans(self) -> list[Plan]:
        """Private enterprises and new economic organizations, spread over the counties."""
        d = self.data
        rng = self.rng
        plans = []
        for key, unit_type in (
            ("private_enterprises", UnitType.PRIVATE_ENTERPRISE),
            ("new_economic", UnitType.NEW_ECONOMIC),
        ):
            spec = d[key]
            for _ in range(spec["count"]):
                name = self.unique_name(partial(self.enterprise_name, spec))
                county = rng.choice(self.counties)
                direct = rng.random() < spec["direct_share"]
                plans.append(self.unit(name, unit_type, county, spec["size"], direct=direct))
        return plans

    def enterprise_name(self, spec: dict[str, Any]) -> str:
        return self.text(
            spec["name"],
            stem=self.rng.choice(self.data["enterprise_stems"]),
            industry=self.rng.choice(spec["industries"]),
        )

    def social_organization_name(self, spec: dict[str, Any], county: Region) -> str:
        return self.text(spec["name"], county=county.name, field=self.rng.choice(spec["fields"]))

    def social_organization_plans(self) -> list[Plan]:
        """New social organizations, spread over the counties."""
        rng = self.rng
        spec = self.data["new_social"]
        plans = []
        for _ in range(spec["count"]):
            county = rng.choice(self.counties)
            name = self.unique_name(partial(self.social_organization_name, spec, county))
            plans.append(self.unit(name, UnitType.NEW_SOCIAL, county, spec["size"]))
        return plans

    def school_plans(self) -> list[Plan]:
        """Schools, all under the education bureau: the city's, each county's, and one in
        each rural township."""
        s = self.data["schools"]
        plans = [
            self.school(self.text(spec["name"]), self.city, spec["size"], spec["fulltime"])
            for spec in s["city"]
        ]
        for county in self.counties:
            for spec in s["county"]:
                name = self.text(spec["name"], county=county.name)
                plans.append(self.school(name, county, spec["size"], spec["fulltime"]))
        for township in self.townships:
            if township.name.endswith(self.data["urban_township_suffix"]):
                continue
            county = self.county_of(township)
            name = self.text(s["township"]["name"], township=township.name)
            plans.append(
                self.school(name, township, s["township"]["size"], True, place=county.name)
            )
        return plans

    def family_plans(self) -> list[Plan]:
        """Families in villages and communities."""
        d = self.data
        lo, hi = d["families_per_village"]
        plans = []
        for village in self.villages:
            for n in range(self.rng.randint(lo, hi)):
                head, name = self.family_head()
                org = Organization(
                    code=f"FAM-{village.code}-{n + 1:02d}",
                    name=name,
                    kind=OrganizationKind.FAMILY,
                    region=village,
                    contact_name=head,
                    contact_phone=self.phone(),
                    address=self.township_of(village).name + village.name,
                )
                plans.append(Plan(org, KIND_CATEGORIES[OrganizationKind.FAMILY]))
        return plans

    def family_head(self) -> tuple[str, str]:
        """A family's head and the family's name, not used before."""
        d = self.data
        while True:
            head = self.rng.choice(d["surnames"]) + self.rng.choice(d["given_names"])
            name = self.text(d["family_name"], head=head)
            if name not in self.names:
                self.names.add(name)
                return head, name

    def other_city_plans(self) -> list[Plan]:
        """A few organizations in each of the other cities' counties."""
        d = self.data
        plans = []
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
