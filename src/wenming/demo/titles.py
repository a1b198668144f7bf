"""The demo's title and honor histories: which organizations hold titles, how they
climbed over the 17th to 19th editions, how the earlier ones ended, and the other honors
they were granted. Every draw comes from the builder's random stream, in plan order.
"""

from datetime import date, timedelta
from typing import Any

from wenming.domain.titles import (
    Category,
    HonorKind,
    HonorLevel,
    Level,
    OrganizationKind,
    TitleStatus,
)
from wenming.registry.models import Honor, Organization, Region, RegionLevel, Title

from .base import DemoBase, Plan

EDITIONS = (17, 18, 19)

# The ladder of one category (docs/rules.md#titles): 市级 < 市级标兵 < 省级 < 省级标兵 < 全国.
RUNGS: tuple[tuple[Level, bool], ...] = (
    (Level.MUNICIPAL, False),
    (Level.MUNICIPAL, True),
    (Level.PROVINCIAL, False),
    (Level.PROVINCIAL, True),
    (Level.NATIONAL, False),
)

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


class TitleDrawer(DemoBase):
    """Draws each planned organization's titles and honors."""

    def draw_history(self, category: Category) -> list[tuple[int, int]]:
        """Rungs held per edition, climbing at most one rung an edition (docs/rules.md#eligibility:
        each title route asks for the rung below)."""
        rng = self.rng
        # Cities and families have no 标兵 tier; cities start at the provincial level.
        steps: tuple[int, ...]
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
                    pass  # back after a gap: the earlier title is outside the window
                    # (docs/rules.md#eligibility-window)
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

    def titles_for(self, plan: Plan) -> list[Title]:
        """The organization's titles, earliest first: drawn, or its fixed history."""
        if plan.history is not None:
            history = plan.history
        elif self.rng.random() < TITLE_CHANCE[OrganizationKind(plan.org.kind)]:
            history = self.draw_history(plan.categories[0])
        else:
            return []
        titles = [self.named_title(plan, history, i) for i in range(len(history))]
        if plan.history is None and titles[-1].status == TitleStatus.ACTIVE:
            titles += self.end_by_decision(plan.org, titles[-1])
        return titles

    def category_in(self, plan: Plan, edition: int) -> Category:
        # Full-time schools held 文明单位 in the 17th and 18th, 文明校园 from the 19th.
        org = plan.org
        if org.kind == OrganizationKind.SCHOOL and org.is_fulltime_school and edition < 19:
            return Category.UNIT
        return plan.categories[0]

    def named_title(self, plan: Plan, history: list[tuple[int, int]], i: int) -> Title:
        """The title of the ``i``-th step of the history, ended by the next step or, when
        not renewed in the latest edition, lapsed there."""
        d = self.data
        edition, rung = history[i]
        level, model = RUNGS[rung]
        body, number, named_on = self.naming(level, edition)
        title = Title(
            organization=plan.org,
            category=self.category_in(plan, edition),
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
                if self.category_in(plan, next_edition) != title.category
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
        return title

    def end_by_decision(self, org: Organization, last: Title) -> list[Title]:
        """Now and then the title held now was revoked, or a 标兵 title downgraded (which
        records the lower title as a title of its own, returned)."""
        d = self.data
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
            return [
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
            ]
        return []

    def honors_for(self, plan: Plan, has_titles: bool) -> list[Honor]:
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

    def honor(
        self, org: Organization, kind: HonorKind, spec: dict[str, Any], extra: dict[str, str]
    ) -> Honor:
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
