"""Other cities' campaigns, further on than the demo city's (``later_campaigns`` in
data/demo.yaml), so that the demo assessor has marks to give and the demo reviewer a
screening request to answer on first sight.

A campaign is one per office and edition, so the demo city's 20th stays in its
application stage, where the clerk walks it, and a neighbouring city of the province
(云岭市) runs its own 20th campaign ahead of it. Unlike the demo city's, written in bulk,
this one is driven through the services, as an office drives it from the screens:
applications started, filled, self-marked and submitted by their contacts; each stage
closed with ``stage_close`` once its gate holds (early, with a reason); the county
offices' decisions and stamped reports; an assessment round with a group holding the
demo assessor, the assignment and the marks. So every row and audit event is what the
system itself writes. In 云岭市 the demo assessor has marked some of the assigned units,
not all. 白石市 (``reach: screening``) goes one stage further: its own assessors mark
everything, the office ranks, closing the assessment freezes the ranking, and the list
is sent to its member departments (its own bodies, written here as the demo city's are),
of which the police department is reviewed by the demo ``reviewer`` too.

The neighbouring city's staff are accounts without a password, as the organizations'
contacts are: nobody logs in as them, they only stand behind the history.
"""

import random
from datetime import date, datetime, time, timedelta
from typing import Any

import yaml
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from wenming.accounts.models import Role, RoleAssignment, User
from wenming.assessment.models import Assignment
from wenming.assessment.services.assignments import assignment_generate
from wenming.assessment.services.groups import group_create, group_member_add
from wenming.assessment.services.marks import mark_save
from wenming.assessment.services.ranking import ranking_compute
from wenming.assessment.services.rounds import round_create
from wenming.assessment.sheet import sheet
from wenming.audit.services import Change, audit_record, audit_record_many, snapshot
from wenming.campaigns import services
from wenming.campaigns.eligibility import verdicts_for
from wenming.campaigns.models import Application, Campaign, Stage
from wenming.campaigns.selectors.applications import markable_clauses, recommender_for
from wenming.campaigns.stages import stage_close
from wenming.domain.stage_gates import STAGE_ORDER, StageKind
from wenming.registry.models import Body, Organization, Region
from wenming.screening.services import screening_send

from . import showcase
from .campaign import TABLES, award_key, builtin_framework

BODY_FIELDS = ["name", "region", "supervises", "screens"]


def _one_page_pdf() -> bytes:
    """The smallest whole PDF (with its cross-reference table, which the upload check
    asks for): the stamped report a unit scans and uploads."""
    objects = (
        b"<</Type/Catalog/Pages 2 0 R>>",
        b"<</Type/Pages/Kids[3 0 R]/Count 1>>",
        b"<</Type/Page/Parent 2 0 R/MediaBox[0 0 595 842]>>",
    )
    out, offsets = b"%PDF-1.4\n", []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += b"%d 0 obj%sendobj\n" % (number, body)
    table = b"".join(b"%010d 00000 n \n" % offset for offset in offsets)
    start = len(out)
    out += b"xref\n0 4\n0000000000 65535 f \n" + table
    return out + b"trailer<</Size 4/Root 1 0 R>>\nstartxref\n%d\n%%%%EOF\n" % start


STAMPED_PDF = _one_page_pdf()


def passwordless_user(
    username: str, display_name: str, role: Role, *, phone: str = "", **scope: Any
) -> User:
    """An account nobody logs in as (office staff, contacts), with its one role in
    ``scope`` (``region=`` or ``organization=``), audited as the system's."""
    user = User(username=username, display_name=display_name, phone=phone)
    user.set_unusable_password()
    user.save()
    RoleAssignment.objects.create(user=user, role=role, **scope)
    audit_record(
        actor=None,
        action="user.create",
        obj=user,
        after={"username": username, "display_name": display_name, "role": role.value}
        | {key: value.pk for key, value in scope.items()},
    )
    return user


class _Later:
    def __init__(self, data: dict[str, Any], spec: dict[str, Any], seed: int, today: date) -> None:
        self.data = data
        self.spec = spec
        self.rng = random.Random(seed)  # noqa: S311  (a repeatable demo, not a secret)
        self.today = today
        self.users = {
            u.username: u
            for u in User.objects.filter(username__in=[u["username"] for u in data["users"]])
        }
        self.office = Region.objects.get(code=spec["office"])
        self.staff: dict[int, User] = {}
        self.uploaded = 0  # applications so far (the showcase's photos go on the first two)

    def user(self, name: str) -> User:
        return self.users[name]

    def clerk(self, region: Region) -> User:
        """The office staff of ``region`` (an account without a password)."""
        if region.pk in self.staff:
            return self.staff[region.pk]
        username = self.spec["staff_username"].format(code=region.code)
        user = User.objects.filter(username=username).first() or passwordless_user(
            username,
            self.spec["staff_name"].format(region=region.name),
            Role.OFFICE,
            region=region,
        )
        self.staff[region.pk] = user
        return user

    def moment(self, days: int, clock: str = "09:00") -> datetime:
        hour, minute = (int(part) for part in clock.split(":"))
        return timezone.make_aware(
            datetime.combine(self.today + timedelta(days=days), time(hour, minute))
        )

    # --- the plan --------------------------------------------------------------
    def stages(self) -> dict[str, tuple[datetime, datetime]]:
        """The stages before ``reach`` began in the past and close soon (the office closes
        them early); ``reach`` is open now; the rest follow, a stage's length apart."""
        reach = STAGE_ORDER.index(StageKind(self.spec["reach"]))
        plan = {}
        for i, kind in enumerate(STAGE_ORDER):
            if i < reach:
                opens, closes = -30 + 3 * i, 2
            elif i == reach:
                opens, closes = -3 * (reach - i + 1), self.spec["open_days"]
            else:
                start = self.spec["open_days"] + 1 + 10 * (i - reach - 1)
                opens, closes = start, start + 9
            plan[kind.value] = (self.moment(opens), self.moment(closes, "17:30"))
        return plan

    def counties(self) -> list[Region]:
        return list(Region.objects.filter(parent=self.office).order_by("code"))

    def candidates(self, campaign: Campaign, county: Region) -> list[Organization]:
        """The county's organizations of the kind that may apply for the award."""
        award = campaign.awards.get()
        organizations = Organization.objects.filter(
            region__path__startswith=county.path, kind=self.spec["kind"]
        ).order_by("code")
        found = []
        for org in organizations.select_related("region", "body").prefetch_related("titles"):
            if recommender_for(campaign, org) != {"region": county, "body": None}:
                continue
            verdict = next(v for v in verdicts_for(campaign, org) if v.award.pk == award.pk)
            if verdict.eligible and not verdict.exceptional_only:
                found.append(org)
        return found

    def contact(self, org: Organization) -> User:
        """The organization's contact (the applicant role, no password), as in the 20th."""
        username = self.data["campaign"]["contact_username"].format(code=org.code.lower())
        user = User.objects.filter(username=username).first()
        if user is not None:
            return user
        return passwordless_user(
            username, org.contact_name, Role.APPLICANT, phone=org.contact_phone, organization=org
        )

    # --- stages ------------------------------------------------------------------
    def close(self, campaign: Campaign, kind: StageKind) -> None:
        stage = Stage.objects.select_related("campaign").get(campaign=campaign, kind=kind)
        stage_close(
            acting_user=self.clerk(self.office), stage=stage, reason=self.spec["close_reason"]
        )

    def apply(self, campaign: Campaign, chosen: list[Organization]) -> list[Application]:
        narratives = self.data["campaign"]["narratives"]
        submitted = []
        award = campaign.awards.get()
        for org in chosen:
            contact = self.contact(org)
            application = services.application_start(
                acting_user=contact, campaign=campaign, award=award, organization=org
            )
            framework = award.framework.to_framework()
            points = {
                c.key: c.points for criterion in framework.criteria() for c in criterion.clauses
            }
            step = framework.step
            for key in markable_clauses(application):
                steps = int(points[key] / step)
                services.self_mark_save(
                    acting_user=contact,
                    application=application,
                    clause_key=key,
                    points=step * self.rng.randint((steps + 1) // 2, steps),
                    narrative=self.rng.choice(narratives),
                )
            showcase.photos(self.spec, self.uploaded, application, contact, STAMPED_PDF)
            self.uploaded += 1
            submitted.append(
                services.application_submit(acting_user=contact, application=application)
            )
        return submitted

    def recommend(self, campaign: Campaign, county: Region, apps: list[Application]) -> None:
        clerk = self.clerk(county)
        places = self.spec["quota"]
        services.recommend(
            acting_user=clerk,
            award=apps[0].award,
            recommended=apps[:places],
            alternates=apps[places:],
            region=county,
        )
        services.recommendation_submit(
            acting_user=clerk,
            campaign=campaign,
            responsible_person=clerk.display_name,
            stamped_pdf=SimpleUploadedFile("推荐报告.pdf", STAMPED_PDF, "application/pdf"),
            region=county,
        )

    def assessors(self) -> list[User]:
        """The group's assessors: the demo assessor, or the city's own (no password)."""
        names = self.spec.get("assessors")
        if not names:
            return [self.user("assessor")]
        found = []
        for n, name in enumerate(names, start=1):
            username = f"assessor-{self.office.code}-{n}"
            user = User.objects.filter(username=username).first()
            if user is None:
                user = User(username=username, display_name=name)
                user.set_unusable_password()
                user.save()
                RoleAssignment.objects.create(user=user, role=Role.ASSESSOR)
                audit_record(
                    actor=None,
                    action="user.create",
                    obj=user,
                    after={
                        "username": username,
                        "display_name": name,
                        "role": Role.ASSESSOR.value,
                    },
                )
            found.append(user)
        return found

    def assess(self, campaign: Campaign) -> int:
        city = self.clerk(self.office)
        round_ = round_create(
            acting_user=city, campaign=campaign, kind="city_recheck", name=self.spec["round"]
        )
        group = group_create(acting_user=city, round_=round_, name=self.spec["group"])
        assessors = self.assessors()
        for n, assessor in enumerate(assessors):
            group_member_add(acting_user=city, group=group, user=assessor, is_leader=n == 0)
        assignment_generate(acting_user=city, round_=round_)
        assignments = list(
            Assignment.objects.filter(round=round_)
            .select_related("application__award__framework", "application__campaign")
            .order_by("application__rank", "application_id")
        )
        framework = assignments[0].application.award.framework.to_framework()
        clauses = sheet(framework)
        step = framework.step
        marked = self.spec.get("marked", len(assignments))
        marks = 0
        for n, assignment in enumerate(assignments):
            # The first ``marked`` are marked in full, the next one half, the rest not yet.
            if n > marked:
                break
            entries = list(clauses.items())
            if n == marked:
                entries = entries[: len(entries) // 2]
            for key, entry in entries:
                top = int(entry.clause.points / step)
                for method in entry.methods:
                    for k, assessor in enumerate(assessors):
                        mark_save(
                            acting_user=assessor,
                            assignment=assignment,
                            clause_key=key,
                            method=method,
                            points=step * self.points(top, strict=k > 0),
                        )
                        marks += 1
        return marks

    def points(self, top: int, *, strict: bool) -> int:
        """Steps of a mark: 60 % to all of the clause's, or, for a second assessor on
        ``strict_share`` of the clauses, 20 % to 40 %: a severity and disputed clauses
        that the assessor comparison shows (docs/rules.md#assessor-comparison)."""
        if strict and self.rng.random() < self.spec.get("strict_share", 0):
            return self.rng.randint(top // 5, (top * 2 + 4) // 5)
        return self.rng.randint((top * 3 + 3) // 5, top)

    # --- screening -----------------------------------------------------------------
    def departments(self) -> list[Body]:
        """The city's member departments (文明委成员单位), written as the demo city's are."""
        rows = Body.objects.bulk_create(
            Body(name=name, region=self.office, screens=True) for name in self.spec["bodies"]
        )
        audit_record_many(
            actor=None,
            changes=[Change("body.create", b, None, snapshot(b, BODY_FIELDS)) for b in rows],
        )
        return rows

    def screen(self, campaign: Campaign) -> int:
        """Rank, close the assessment (which freezes the ranking) and send the list to
        the member departments; the demo reviewer also reviews for one of them."""
        clerk = self.clerk(self.office)
        bodies = {b.name: b for b in self.departments()}
        ranking_compute(acting_user=clerk, campaign=campaign)
        self.close(campaign, StageKind.ASSESSMENT)
        # The demo reviewer (清河市公安局) also answers for this city's police department:
        # a second role assignment, so the reviewer has a request waiting on first sight.
        reviewer = self.spec["reviewer"]
        user = self.user(reviewer["username"])
        body = bodies[reviewer["body"]]
        RoleAssignment.objects.create(user=user, role=Role.REVIEWER, body=body)
        audit_record(
            actor=None,
            action="user.role_add",
            obj=user,
            after={"username": user.username, "role": Role.REVIEWER.value, "body": body.pk},
        )
        round_ = screening_send(
            acting_user=clerk,
            campaign=campaign,
            deadline=self.moment(self.spec["answer_days"], "17:30"),
        )
        return round_.entries.count()

    # --- everything --------------------------------------------------------------
    def build(self) -> dict[str, int]:
        spec = self.spec
        clerk = self.clerk(self.office)
        framework = builtin_framework(self.data["campaign"]["frameworks"]["unit"])
        table = yaml.safe_load((TABLES / self.data["campaign"]["eligibility"]).read_text("utf-8"))
        campaign = services.campaign_create(
            acting_user=clerk,
            name=spec["name"],
            edition=spec["edition"],
            office=self.office,
            eligibility_table=table,
            stages=self.stages(),
            awards=[award_key(k) | {"framework": framework} for k in spec["awards"]],
        )
        award = campaign.awards.get()
        by_county = {}
        for county in self.counties():
            services.quota_set(
                acting_user=clerk,
                award=award,
                places=spec["quota"],
                reason=self.data["campaign"]["quota_reason"],
                region=county,
            )
            by_county[county] = self.candidates(campaign, county)
        applications = {c: self.apply(campaign, orgs) for c, orgs in by_county.items() if orgs}
        self.close(campaign, StageKind.APPLICATION)
        for county, apps in applications.items():
            self.recommend(campaign, county, apps)
        self.close(campaign, StageKind.RECOMMENDATION)
        made = {
            "applications": sum(len(a) for a in applications.values()),
            "marks": self.assess(campaign),
        }
        showcase.draw(spec, campaign, clerk)
        if StageKind(spec["reach"]) is StageKind.SCREENING:
            made["screened"] = self.screen(campaign)
            showcase.appeal(spec, campaign, clerk, self.contact)
        return made


def build_later_campaigns(
    data: dict[str, Any], *, seed: int, today: date | None = None
) -> dict[str, int]:
    """Drive each later campaign to its stage (the caller holds the transaction)."""
    today = today or timezone.localdate()
    counts: dict[str, int] = {}
    for i, spec in enumerate(data.get("later_campaigns", [])):
        made = _Later(data, spec, seed + i + 1, today).build()
        for key, value in made.items():
            counts[f"later_{key}"] = counts.get(f"later_{key}", 0) + value
    return counts


__all__ = ["build_later_campaigns"]
