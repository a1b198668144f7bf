"""The demo city's 20th-edition campaign, in mid-flight (``campaign`` in data/demo.yaml).

Built after the city by ``build_demo``, in the same transaction and from what is in the
database: the province's campaign and the city's, which recommends into it; awards each
under the built-in framework of its category (loaded first when missing: Yiyang for
units, the starters for villages, communities, schools and cities, the family checklist);
a timeline whose application stage is open now and closes two weeks after the day of
loading; quotas for every county office, supervising body and the city office itself;
and applications from each recommending unit's organizations in draft, submitted,
returned and withdrawn states, with their forms and self-marks (a family's form lists
its members, deeds and village, and it marks nothing). Neither the demo applicant's own
unit nor the demo family has an application, so each can apply. The city office has
scheduled the approval meeting ahead (``campaign.meeting``), so the committee member has
it waiting.

Rows are written in bulk and recorded in the audit chain as the services would record
them (``campaign.create``, ``quota.change``, ``application.start`` …), so the history
pages tell the same story as for a campaign set up by hand.
"""

import random
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from decimal import Decimal
from pathlib import Path
from typing import Any

import yaml
from django.db.models import Prefetch
from django.utils import timezone

from wenming.accounts.models import Role, RoleAssignment, User
from wenming.audit.services import Change, audit_record_many, snapshot
from wenming.campaigns.award_frameworks import award_fields
from wenming.campaigns.eligibility import verdicts_for
from wenming.campaigns.family_form import RECOMMENDER_KINDS
from wenming.campaigns.models import (
    Application,
    Award,
    Campaign,
    Quota,
    QuotaChange,
    QuotaChangeKind,
    SelfMark,
    Stage,
)
from wenming.campaigns.selectors.applications import FORM_STATISTICS, markable_clauses
from wenming.campaigns.services import APPLICATION_FIELDS
from wenming.committee.models import Meeting
from wenming.committee.services import meeting_create
from wenming.domain.application_states import State
from wenming.domain.titles import Category, OrganizationKind
from wenming.frameworks.exchange import builtin_documents
from wenming.frameworks.models import Framework, FrameworkStatus
from wenming.frameworks.services import framework_import, framework_publish
from wenming.registry.models import Body, Organization, Region, RegionLevel

TABLES = Path(__file__).parents[1] / "campaigns" / "data"
#: The demo logins of applicants, whose organizations are left to apply in the demo.
DEMO_APPLICANTS = ("applicant", "family")
#: Statuses that went through submission (the form and every self-mark are complete).
SUBMITTED_ONCE = {State.SUBMITTED, State.RETURNED, State.WITHDRAWN}


@dataclass
class CampaignResult:
    campaign: Campaign
    counts: dict[str, int] = field(default_factory=dict)


def award_key(key: str) -> dict[str, Any]:
    """An award's fields from its key in data/demo.yaml ("unit/municipal_model")."""
    category, tier = key.split("/")
    level, _sep, model = tier.partition("_")
    return {"category": category, "level": level, "model": model == "model"}


def _key_of(award: Award) -> str:
    return f"{award.category}/{award.level}{'_model' if award.model else ''}"


def builtin_framework(code: str) -> Framework:
    """The framework in use, loading the built-in ones first when it is missing."""
    found = Framework.objects.filter(code=code, status=FrameworkStatus.IN_USE).first()
    if found is not None:
        return found
    for _filename, document in builtin_documents():
        framework, _created = framework_import(acting_user=None, document=document)
        if framework.status == FrameworkStatus.DRAFT:
            framework_publish(acting_user=None, framework=framework)
    return Framework.objects.get(code=code, status=FrameworkStatus.IN_USE)


class _CampaignBuilder:
    def __init__(self, data: dict[str, Any], seed: int, today: date) -> None:
        self.data = data
        self.spec = data["campaign"]
        self.rng = random.Random(seed)  # noqa: S311  (a repeatable demo, not a secret)
        self.today = today
        self.now = timezone.now()
        self.batches: list[tuple[User | None, list[Change]]] = []

    def moment(self, days: int, clock: str) -> datetime:
        hour, minute = (int(part) for part in clock.split(":"))
        day = self.today + timedelta(days=days)
        return timezone.make_aware(datetime.combine(day, time(hour, minute)))

    def record(self, actor: User | None, *changes: Change) -> None:
        self.batches.append((actor, list(changes)))

    # --- campaigns -----------------------------------------------------------
    def campaign(
        self, name: str, office: Region, awards: list[str], timeline: dict[str, list[int]]
    ) -> Campaign:
        spec = self.spec
        campaign = Campaign.objects.create(
            name=name,
            edition=spec["edition"],
            office=office,
            eligibility_table=self.table,
        )
        stages = {
            kind: (self.moment(opens, spec["opens_at"]), self.moment(closes, spec["closes_at"]))
            for kind, (opens, closes) in timeline.items()
        }
        Stage.objects.bulk_create(
            Stage(campaign=campaign, kind=kind, opens_at=opens, closes_at=closes)
            for kind, (opens, closes) in stages.items()
        )
        rows = [
            award_fields(award_key(key) | {"framework": self.framework_of(key)}) for key in awards
        ]
        Award.objects.bulk_create(Award(campaign=campaign, **fields) for fields in rows)
        self.record(
            None,
            Change(
                "campaign.create",
                campaign,
                None,
                {
                    "name": name,
                    "edition": campaign.edition,
                    "office": office.code,
                    "awards": [
                        {k: v.pk if isinstance(v, Framework) else v for k, v in f.items()}
                        for f in rows
                    ],
                    "stages": {k: [o.isoformat(), c.isoformat()] for k, (o, c) in stages.items()},
                },
            ),
        )
        return campaign

    # --- quotas --------------------------------------------------------------
    def quotas(self, campaign: Campaign, city: Region, staff: User) -> list[Quota]:
        spec = self.spec
        awards = {_key_of(a): a for a in campaign.awards.all()}
        counties = Region.objects.filter(parent=city, level=RegionLevel.COUNTY).order_by("code")
        bodies = {b["key"]: b["name"] for b in self.data["bodies"]}
        units: list[tuple[dict[str, Any], dict[str, int]]] = [
            ({"region": county}, spec["quotas"]["county"]) for county in counties
        ]
        units.append(({"region": city}, spec["quotas"]["direct"]))
        by_name = {b.name: b for b in Body.objects.filter(region=city)}
        for key, places in spec["quotas"]["bodies"].items():
            units.append(({"body": by_name[bodies[key]]}, places))
        rows = [
            Quota(award=awards[key], places=places, **unit)
            for unit, table in units
            for key, places in table.items()
        ]
        Quota.objects.bulk_create(rows)
        reason = spec["quota_reason"]
        QuotaChange.objects.bulk_create(
            QuotaChange(
                quota=q,
                kind=QuotaChangeKind.SET,
                previous=0,
                places=q.places,
                reason=reason,
                changed_by=staff,
            )
            for q in rows
        )
        self.record(
            staff,
            *(
                Change(
                    "quota.change",
                    campaign,
                    {"award": q.award_id, "unit": str(q.region or q.body), "places": 0},
                    {
                        "award": q.award_id,
                        "unit": str(q.region or q.body),
                        "places": q.places,
                        "kind": QuotaChangeKind.SET.value,
                        "reason": reason,
                    },
                )
                for q in rows
            ),
        )
        return rows

    # --- applications --------------------------------------------------------
    def candidates(
        self, campaign: Campaign, quotas: list[Quota], city: Region, skip: set[int]
    ) -> dict[tuple[int | None, int | None], list[tuple[Organization, Any]]]:
        """Per recommending unit, its organizations with the highest award they may apply
        for among those the unit has places for."""
        keys = {(q.region_id, q.body_id) for q in quotas}
        offered = defaultdict(set)
        for q in quotas:
            offered[(q.region_id, q.body_id)].add(q.award_id)
        organizations = (
            Organization.objects.filter(region__path__startswith=city.path)
            .exclude(pk__in=skip)
            .select_related("region", "body")
            .prefetch_related("titles", "honors")
            .order_by("code")
        )
        counties = {r.code: r for r in Region.objects.filter(parent=city, level=RegionLevel.COUNTY)}
        out: dict[tuple[int | None, int | None], list[tuple[Organization, Any]]] = defaultdict(list)
        for org in organizations:
            unit = self.unit_of(campaign, org, counties)
            if unit not in keys:
                continue
            eligible = [
                v for v in verdicts_for(campaign, org) if v.eligible and v.award.pk in offered[unit]
            ]
            if eligible:
                out[unit].append((org, eligible[-1]))  # awards go up the ladder
        return out

    @staticmethod
    def unit_of(
        campaign: Campaign, org: Organization, counties: dict[str, Region]
    ) -> tuple[int | None, int | None]:
        """``recommender_for`` without a query per organization (the counties are known)."""
        if org.applies_directly or org.kind == "county":
            return (campaign.office_id, None)
        if org.body_id and org.body and org.body.supervises:
            return (None, org.body_id)
        for code in org.region.path.strip("/").split("/"):
            if code in counties:
                return (counties[code].pk, None)
        return (campaign.office_id, None)

    def applications(
        self, campaign: Campaign, quotas: list[Quota], city: Region, own: set[int]
    ) -> list[Application]:
        spec = self.spec
        rng = self.rng
        reviewers = self.unit_staff()
        by_unit = self.candidates(campaign, quotas, city, own)
        lo, hi = spec["applications_per_unit"]
        application_stage = campaign.stages.get(kind="application")
        plans: list[tuple[Organization, Any, State, tuple[int | None, int | None]]] = []
        for unit in sorted(by_unit, key=lambda u: (u[0] or 0, u[1] or 0)):
            chosen = rng.sample(by_unit[unit], min(len(by_unit[unit]), rng.randint(lo, hi)))
            for i, (org, verdict) in enumerate(chosen):
                status = State(spec["status_cycle"][i % len(spec["status_cycle"])])
                complete = org.kind == OrganizationKind.FAMILY or all(
                    getattr(org, name) is not None for name in FORM_STATISTICS
                )
                plans.append((org, verdict, status if complete else State.DRAFT, unit))

        contacts = self.contacts([org for org, *_ in plans])
        opened = application_stage.opens_at
        rows = []
        created_at: list[datetime] = []  # set after bulk_create, which sets auto_now_add
        for org, verdict, status, unit in plans:
            created = opened + timedelta(minutes=rng.randint(60, 60 * 24 * 12))
            application = Application(
                campaign=campaign,
                award=verdict.award,
                organization=org,
                status=status,
                region_id=unit[0],
                body_id=unit[1],
                eligibility=verdict.reason | {"status": verdict.status, "text": verdict.text},
                form=self.form_of(org, verdict.award),
                created_by=contacts[org.pk],
            )
            if status in SUBMITTED_ONCE:
                application.submitted_at = min(
                    created + timedelta(minutes=rng.randint(60, 60 * 24 * 6)), self.now
                )
            if status is State.RETURNED:
                application.comment = rng.choice(spec["return_comments"])
            if status is State.WITHDRAWN:
                application.comment = rng.choice(spec["withdraw_reasons"])
            created_at.append(created)
            rows.append(application)
        Application.objects.bulk_create(rows)
        for application, when in zip(rows, created_at, strict=True):
            application.created_at = when
        Application.objects.bulk_update(rows, ["created_at"])

        marks: list[SelfMark] = []
        for application in rows:
            marked = self.self_marks(application)
            marks += marked
            unit = (application.region_id, application.body_id)
            self.history(application, marked, reviewers.get(unit))
        SelfMark.objects.bulk_create(marks, batch_size=1000)
        return rows

    def framework_of(self, key: str) -> Framework:
        """The built-in framework of an award's category (``campaign.frameworks``)."""
        return self.frameworks[award_key(key)["category"]]

    def form_of(self, org: Organization, award: Award) -> dict[str, Any]:
        """A unit's form is its registered statistics; a family's is the family form, as
        ``application_update_family_form`` writes it (members, deeds, its village)."""
        if award.category != Category.FAMILY:
            return {name: getattr(org, name) for name in FORM_STATISTICS}
        spec = self.spec["family_form"]
        head = org.contact_name
        members = [{"name": head, "relation": spec["head"], "note": self.rng.choice(spec["notes"])}]
        members += [
            {"name": head[0] + given, "relation": relation, "note": ""}
            for given, relation in self.rng.sample(spec["relatives"], 2)
        ]
        village = self.villages.get(org.region_id)
        return {
            "members": members,
            "deeds": self.rng.choice(spec["deeds"]),
            "honors": [],
            "other_honors": "",
            "recommender": village.pk if village else None,
            "recommender_name": village.name if village else "",
        }

    def self_marks(self, application: Application) -> list[SelfMark]:
        """Self-marks for every scoring point of the award's framework (a draft has some);
        none under a checklist, which the office reviews centrally."""
        rng = self.rng
        framework = application.award.framework
        if framework.is_checklist:
            return []
        keys, clause_points, step = self.marking[framework.pk]
        if application.status is State.DRAFT:
            keys = keys[: rng.randint(0, len(keys) - 1)]
        marks = []
        for key in keys:
            top = clause_points[key]
            steps = int(top / step)
            points = step * rng.randint((steps + 1) // 2, steps)
            marks.append(
                SelfMark(
                    application=application,
                    clause_key=key,
                    points=points,
                    narrative=rng.choice(self.spec["narratives"]),
                )
            )
        return marks

    def history(
        self, application: Application, marks: list[SelfMark], reviewer: User | None
    ) -> None:
        """The audit events the services would have written for this application."""
        contact = application.created_by
        status = application.status
        draft = snapshot(application, APPLICATION_FIELDS) | {
            "status": State.DRAFT.value,
            "submitted_at": None,
            "comment": "",
        }
        changes = [
            Change(
                "application.start",
                application,
                None,
                draft | {"eligibility": application.eligibility["text"]},
            )
        ]
        changes += [
            Change(
                "application.self_mark",
                application,
                None,
                {"clause": m.clause_key, "points": str(m.points), "narrative": m.narrative},
            )
            for m in marks
        ]
        if status in SUBMITTED_ONCE:
            submitted = draft | {
                "status": State.SUBMITTED.value,
                "submitted_at": application.submitted_at,
            }
            changes.append(Change("application.submit", application, draft, submitted))
            if status is State.WITHDRAWN:
                after = snapshot(application, APPLICATION_FIELDS)
                changes.append(Change("application.withdraw", application, submitted, after))
        self.record(contact, *changes)
        if status is State.RETURNED:
            submitted = draft | {
                "status": State.SUBMITTED.value,
                "submitted_at": application.submitted_at,
            }
            after = snapshot(application, APPLICATION_FIELDS)
            self.record(reviewer, Change("application.return", application, submitted, after))

    def unit_staff(self) -> dict[tuple[int | None, int | None], User]:
        """The demo's office and body logins, by the recommending unit they work for."""
        names = [u["username"] for u in self.data["users"]]
        staff = {}
        for a in RoleAssignment.objects.filter(
            user__username__in=names, role__in=[Role.OFFICE, Role.BODY]
        ).select_related("user"):
            staff[(a.region_id, a.body_id)] = a.user
        return staff

    def contacts(self, organizations: list[Organization]) -> dict[int, User]:
        """One contact per applying organization: the applicant role, no password."""
        template = self.spec["contact_username"]
        wanted = {template.format(code=o.code.lower()): o for o in organizations}
        existing = {u.username: u for u in User.objects.filter(username__in=wanted)}
        users = []
        for username, org in wanted.items():
            if username in existing:
                continue
            user = User(username=username, display_name=org.contact_name, phone=org.contact_phone)
            user.set_unusable_password()
            users.append(user)
        User.objects.bulk_create(users)
        RoleAssignment.objects.bulk_create(
            RoleAssignment(user=u, role=Role.APPLICANT, organization=wanted[u.username])
            for u in users
        )
        self.record(
            None,
            *(
                Change(
                    "user.create",
                    u,
                    None,
                    {
                        "username": u.username,
                        "display_name": u.display_name,
                        "role": Role.APPLICANT.value,
                        "organization": wanted[u.username].pk,
                    },
                )
                for u in users
            ),
        )
        everyone = existing | {u.username: u for u in users}
        return {org.pk: everyone[name] for name, org in wanted.items()}

    # --- the approval meeting -----------------------------------------------------
    def meeting(self, campaign: Campaign, staff: User) -> Meeting:
        """The approval meeting, scheduled ahead through the service (audited): the
        committee login is a member, so its 工作台 shows the meeting on first sight."""
        spec = self.spec["meeting"]
        return meeting_create(
            acting_user=staff,
            campaign=campaign,
            held_on=self.today + timedelta(days=spec["day"]),
            place=spec["place"],
            names=spec["members"],
        )

    # --- everything ----------------------------------------------------------
    def build(self) -> CampaignResult:
        spec = self.spec
        city = Region.objects.get(code=self.data["city"]["code"])
        province = Region.objects.get(code=self.data["province"]["code"])
        self.frameworks = {
            category: builtin_framework(code) for category, code in spec["frameworks"].items()
        }
        # Per points framework: the clauses an applicant marks, their points and the step.
        self.marking: dict[int, tuple[list[str], dict[str, Decimal], Decimal]] = {}
        for framework in self.frameworks.values():
            if framework.is_checklist:
                continue
            domain = framework.to_framework()
            probe = Application(award=Award(framework=framework))
            points = {c.key: c.points for criterion in domain.criteria() for c in criterion.clauses}
            self.marking[framework.pk] = (markable_clauses(probe), points, domain.step)
        self.table = yaml.safe_load((TABLES / spec["eligibility"]).read_text(encoding="utf-8"))
        # A family's village or community is the organization registered at its place.
        self.villages = {
            o.region_id: o
            for o in Organization.objects.filter(
                kind__in=RECOMMENDER_KINDS, region__path__startswith=city.path
            )
        }

        p = spec["province"]
        parent = self.campaign(p["name"], province, p["awards"], p["timeline"])
        campaign = self.campaign(spec["name"], city, spec["awards"], spec["timeline"])
        campaign.parent = parent
        campaign.save(update_fields=["parent"])
        campaign = Campaign.objects.prefetch_related(
            Prefetch("awards", queryset=Award.objects.select_related("framework"))
        ).get(pk=campaign.pk)

        staff = self.unit_staff().get((city.pk, None))
        if staff is None:
            raise ValueError("the demo needs the city office login to set quotas")
        quotas = self.quotas(campaign, city, staff)
        # The demo's own applicants (a unit and a family) have not applied: they apply.
        own = set(
            RoleAssignment.objects.filter(
                user__username__in=DEMO_APPLICANTS, role=Role.APPLICANT
            ).values_list("organization_id", flat=True)
        )
        applications = self.applications(campaign, quotas, city, own)
        events = 0
        for actor, changes in self.batches:
            events += len(audit_record_many(actor=actor, changes=changes))
        meeting = self.meeting(campaign, staff)
        by_status: defaultdict[str, int] = defaultdict(int)
        for a in applications:
            by_status[a.status] += 1
        return CampaignResult(
            campaign,
            {
                "campaign_awards": len(spec["awards"]),
                "quotas": len(quotas),
                "applications": len(applications),
                "campaign_events": events,
                "meeting_members": meeting.members.count(),
                **{f"applications_{s}": n for s, n in by_status.items()},
            },
        )


def build_campaign(data: dict[str, Any], *, seed: int, today: date | None = None) -> CampaignResult:
    """Build the demo campaign (the caller holds the transaction and checks it is absent)."""
    return _CampaignBuilder(data, seed, today or timezone.localdate()).build()
