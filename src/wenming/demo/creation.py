"""The demo applicant's creation work (``creation`` in data/demo.yaml, issue 11 §10).

清源区政务服务中心, whose contact logs in as ``applicant``, has a plan for 市级文明单位 in
the city's 20th campaign, 实施中, in its 全面实施 phase on the day of loading: its staff
(names from the demo's name lists), four departments with heads and leaders, the
leading group and its office, every clause of the framework assigned from its 责任部门
column, and a dozen tasks with seed 004's due words. Occurrences due before today stand
where the data file says (accepted, or still open: overdue); the one whose period holds
today may wait for the leader's sign-off or the office's acceptance.

The heads of 办公室 and 机关党委 and the two leaders have logins with the demo
password and no role: they reach creation work through their department.

Rows are written in bulk and recorded in the audit chain as one batch per actor, as the
rest of the demo does. The demo applicant has not applied yet (it applies in the demo
walk), so accepted material has no evidence copy on an application until it does.
"""

import hashlib
import itertools
import random
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from typing import Any

from django.contrib.auth.hashers import make_password
from django.core.files.base import ContentFile
from django.utils import timezone
from django.utils.translation import gettext as _

from wenming.accounts.backends import DEMO_PASSWORD
from wenming.accounts.models import Role, RoleAssignment, User
from wenming.audit.services import Change, audit_record_many
from wenming.campaigns.models import Award, Campaign
from wenming.creation.models import (
    Assignment,
    Department,
    GroupMember,
    Material,
    MaterialKind,
    Occurrence,
    OccurrenceStatus,
    Phase,
    Plan,
    PlanStatus,
    StaffMember,
    Task,
)
from wenming.domain.creation import due_periods
from wenming.domain.stage_gates import StageKind
from wenming.registry.models import Organization

from .campaign import award_key
from .later import STAMPED_PDF

#: Where each status leaves the people who moved it there.
REACHED = {
    OccurrenceStatus.SUBMITTED: 1,
    OccurrenceStatus.SIGNED_OFF: 2,
    OccurrenceStatus.ACCEPTED: 3,
}


@dataclass(frozen=True)
class CreationLogin:
    username: str
    display_name: str
    role: str
    scope: str


class _CreationBuilder:
    def __init__(self, data: dict[str, Any], seed: int, today: date) -> None:
        self.data = data
        self.spec: dict[str, Any] = data["creation"]
        self.rng = random.Random(seed)  # noqa: S311  (a repeatable demo, not a secret)
        self.today = today
        self.changes: dict[int | None, list[Change]] = {}
        self.actors: dict[int | None, User | None] = {None: None}

    def record(self, actor: User | None, *changes: Change) -> None:
        key = actor.pk if actor else None
        self.actors[key] = actor
        self.changes.setdefault(key, []).extend(changes)

    def at(self, day: date, hour: int) -> datetime:
        return timezone.make_aware(datetime.combine(day, time(hour, self.rng.randint(0, 59))))

    # --- people --------------------------------------------------------------
    def staff(self, org: Organization, contact: User) -> dict[str, StaffMember]:
        """The organization's staff named in the data file, and their logins."""
        taken = {contact.display_name}
        names = {}
        for spec in self.spec["staff"]:
            while True:
                name = self.rng.choice(self.data["surnames"]) + self.rng.choice(
                    self.data["given_names"]
                )
                if name not in taken:
                    break
            taken.add(name)
            names[spec["key"]] = name
        usernames = {s["key"]: s["username"] for s in self.spec["staff"] if "username" in s}
        password = make_password(DEMO_PASSWORD)
        users = {
            key: User(username=username, display_name=names[key], password=password)
            for key, username in usernames.items()
        }
        User.objects.bulk_create(users.values())
        self.record(
            None,
            *(
                Change(
                    "user.create", u, None, {"username": u.username, "display_name": u.display_name}
                )
                for u in users.values()
            ),
        )
        members = {
            s["key"]: StaffMember(
                organization=org,
                name=names[s["key"]],
                position=s["position"],
                user=users.get(s["key"]),
            )
            for s in self.spec["staff"]
        }
        members["contact"] = StaffMember(
            organization=org,
            name=contact.display_name,
            position=self.spec["contact_position"],
            user=contact,
        )
        StaffMember.objects.bulk_create(members.values())
        self.record(
            contact,
            *(
                Change(
                    "creation.staff_add",
                    m,
                    None,
                    {"name": m.name, "position": m.position, "phone": "", "email": ""},
                )
                for m in members.values()
            ),
        )
        return members

    def departments(
        self, org: Organization, staff: dict[str, StaffMember], contact: User
    ) -> dict[str, Department]:
        specs = self.spec["departments"]
        rows = [
            Department(
                organization=org,
                name=d["name"],
                head=staff[d["head"]],
                leader=staff[d["leader"]],
                order=i + 1,
            )
            for i, d in enumerate(specs)
        ]
        Department.objects.bulk_create(rows)
        Department.members.through.objects.bulk_create(
            Department.members.through(department=row, staffmember=staff[key])
            for row, d in zip(rows, specs, strict=True)
            for key in d.get("members", [])
        )
        self.record(
            contact,
            *(
                Change(
                    "creation.department_create",
                    row,
                    None,
                    {
                        "name": row.name,
                        "head": str(row.head or ""),
                        "leader": str(row.leader or ""),
                        "members": [staff[k].name for k in d.get("members", [])],
                    },
                )
                for row, d in zip(rows, specs, strict=True)
            ),
        )
        return {row.name: row for row in rows}

    # --- the plan ------------------------------------------------------------
    def plan(self, org: Organization, award: Award, contact: User) -> Plan:
        # The campaign's year, as the plan service takes it: when applications open.
        opens = award.campaign.stages.get(kind=StageKind.APPLICATION).opens_at
        year = timezone.localtime(opens).year
        plan = Plan.objects.create(
            organization=org,
            award=award,
            title=self.spec["title"].format(organization=org.name, year=year),
            year=year,
            status=PlanStatus.ACTIVE,
            created_by=contact,
        )
        phases = [
            Phase(
                plan=plan,
                name=p["name"],
                starts_on=self.phase_day(p["starts"], year),
                ends_on=self.phase_day(p["ends"], year),
                description=p["description"],
                order=i,
            )
            for i, p in enumerate(self.spec["phases"])
        ]
        for earlier, later in itertools.pairwise(phases):
            # A load early in the year: the phases still follow one another.
            later.starts_on = max(later.starts_on, earlier.starts_on + timedelta(days=1))
        for phase in phases:
            phase.ends_on = max(phase.ends_on, phase.starts_on)
        Phase.objects.bulk_create(phases)
        after = {
            "title": plan.title,
            "award": award.label,
            "phases": [
                {
                    "name": p.name,
                    "starts_on": p.starts_on.isoformat(),
                    "ends_on": p.ends_on.isoformat(),
                }
                for p in phases
            ],
        }
        self.record(
            contact,
            Change("creation.plan_create", plan, None, after),
            Change("creation.plan_activate", plan, {"status": "draft"}, {"status": "active"}),
        )
        return plan

    def phase_day(self, when: str | int, year: int) -> date:
        """A phase's day: a date in the campaign's year ("03-30"), or days from today (the
        work goes on past the load day, whichever day that is)."""
        if isinstance(when, int):
            return self.today + timedelta(days=when)
        month, day = (int(part) for part in when.split("-"))
        return date(year, month, day)

    def group(self, plan: Plan, staff: dict[str, StaffMember], contact: User) -> int:
        # Seats are numbered within each body, in the spec's order (as services/plans.py
        # numbers them), so the plan page lists 组长, 副组长, 副组长, 成员….
        rows = [
            GroupMember(plan=plan, body=body, position=position, staff=staff[key], order=i)
            for body, seats in self.spec["group"].items()
            for i, (position, key) in enumerate(
                (position, key) for position, keys in seats.items() for key in keys
            )
        ]
        GroupMember.objects.bulk_create(rows)
        self.record(
            contact,
            *(
                Change(
                    "creation.group_member_add",
                    plan,
                    None,
                    {"body": m.body, "position": m.position, "staff": m.staff.name},
                )
                for m in rows
            ),
        )
        return len(rows)

    def assignments(
        self, plan: Plan, award: Award, departments: dict[str, Department], contact: User
    ) -> int:
        """Every clause to the departments its 责任部门 column names, as this unit calls
        them; a clause naming none of them goes to 办公室."""
        aliases: dict[str, str] = self.spec["department_aliases"]
        fallback = next(iter(departments))
        rows = []
        for criterion in award.framework.to_framework().criteria():
            for clause in criterion.clauses:
                names = [aliases.get(n, n) for n in clause.departments]
                chosen = list(dict.fromkeys(n for n in names if n in departments)) or [fallback]
                rows += [
                    Assignment(plan=plan, clause_key=clause.key, department=departments[n], order=i)
                    for i, n in enumerate(chosen)
                ]
        Assignment.objects.bulk_create(rows)
        assigned: dict[str, list[str]] = {}
        for a in rows:
            assigned.setdefault(a.clause_key, []).append(a.department.name)
        self.record(
            contact,
            Change(
                "creation.assignments_default",
                plan,
                None,
                {"assigned": assigned, "unmatched": []},
            ),
        )
        return len(rows)

    # --- tasks and their material ---------------------------------------------
    def tasks(
        self, plan: Plan, departments: dict[str, Department], contact: User
    ) -> list[Occurrence]:
        tasks, occurrences = [], []
        for spec in self.spec["tasks"]:
            task = Task(
                plan=plan,
                clause_key=spec["clause"],
                title=spec["title"],
                department=departments[spec["department"]],
                material_requirement=spec["requirement"],
                due_text=spec["due"],
                minimum_count=spec.get("count", 0),
            )
            tasks.append(task)
            for period in due_periods(spec["due"], plan.year):
                label, starts_on, due_on = period.label, period.starts_on, period.due_on
                if due_on < self.today:
                    status = spec["past"]
                elif starts_on <= self.today:
                    status = spec["current"]
                else:
                    status = OccurrenceStatus.OPEN
                occurrences.append(
                    Occurrence(
                        task=task,
                        label=label,
                        starts_on=starts_on,
                        due_on=due_on,
                        status=OccurrenceStatus(status),
                    )
                )
        Task.objects.bulk_create(tasks)
        for o in occurrences:
            o.task_id = o.task.pk
        Occurrence.objects.bulk_create(occurrences)
        self.record(
            contact,
            *(
                Change(
                    "creation.task_create",
                    t,
                    None,
                    {
                        "title": t.title,
                        "clause": t.clause_key,
                        "list_item": None,
                        "department": t.department.name if t.department else "",
                        "due_text": t.due_text,
                        "material_requirement": t.material_requirement,
                        "minimum_count": t.minimum_count,
                        "occurrences": [
                            [o.label, o.starts_on.isoformat(), o.due_on.isoformat()]
                            for o in occurrences
                            if o.task is t
                        ],
                    },
                )
                for t in tasks
            ),
        )
        return occurrences

    def material(self, occurrences: list[Occurrence], contact: User) -> int:
        """A file for each occurrence that went beyond OPEN, and the steps that took it
        there: submitted by the head, signed off by the leader, accepted by the office."""
        moved = [o for o in occurrences if o.status in REACHED]
        # Nothing is handed in before the plan began (its first phase).
        plans = {o.task.plan_id for o in moved}
        first = Phase.objects.filter(plan_id__in=plans).order_by("starts_on").first()
        begun = first.starts_on if first else self.today
        rows = []
        for o in moved:
            department = o.task.department
            head = _login(department.head if department else None, contact)
            leader = _login(department.leader if department else None, contact)
            submitted = min(o.due_on, self.today) - timedelta(days=self.rng.randint(3, 10))
            submitted = max(submitted, begun)
            name = self.spec["material"].format(task=o.task.title, label=o.label or o.due_on.year)
            material = Material(
                occurrence=o,
                kind=MaterialKind.DOCUMENT,
                activity=o.task.title,
                original_name=name,
                size=len(STAMPED_PDF),
                content_type="application/pdf",
                sha256=hashlib.sha256(STAMPED_PDF).hexdigest(),
                uploaded_by=head,
            )
            # A storage key drawn like the service's random one, but from the demo's seed.
            key = f"{self.rng.getrandbits(128):032x}.pdf"
            material.file.save(key, ContentFile(STAMPED_PDF), save=False)
            rows.append(material)
            steps = REACHED[OccurrenceStatus(o.status)]
            o.submitted_by, o.submitted_at = head, self.at(submitted, 10)
            added = {
                "file": name,
                "kind": material.kind,
                "activity": material.activity,
                "sha256": material.sha256,
                "blocking": False,
            }
            submit = {"status": "submitted", "files": 1, "below_minimum": False}
            self.record(
                head,
                Change("creation.material_add", o, None, added),
                Change("creation.occurrence_submit", o, None, submit),
            )
            if steps >= 2:
                o.signed_off_by, o.signed_off_at = leader, self.at(submitted + timedelta(1), 15)
                o.sign_off_comment = self.spec["sign_off_comment"]
                signed = {"status": "signed_off", "comment": o.sign_off_comment}
                self.record(leader, Change("creation.occurrence_sign_off", o, None, signed))
            if steps >= 3:
                o.decided_by, o.decided_at = contact, self.at(submitted + timedelta(2), 11)
                # The applicant has not applied yet: the material stays with the task.
                accepted = {"status": "accepted", "copied": 0, "reason": self.spec["not_copied"]}
                self.record(contact, Change("creation.occurrence_accept", o, None, accepted))
        Material.objects.bulk_create(rows)
        Occurrence.objects.bulk_update(
            moved,
            [
                "submitted_by",
                "submitted_at",
                "signed_off_by",
                "signed_off_at",
                "sign_off_comment",
                "decided_by",
                "decided_at",
            ],
        )
        return len(rows)

    # --- everything ----------------------------------------------------------
    def build(self) -> dict[str, int]:
        contact = User.objects.get(username="applicant")
        org = (
            RoleAssignment.objects.select_related("organization")
            .get(user=contact, role=Role.APPLICANT)
            .organization
        )
        if org is None:
            raise ValueError("the demo applicant has no organization")
        campaign = Campaign.objects.get(
            office__code=self.data["city"]["code"], edition=self.data["campaign"]["edition"]
        )
        award = Award.objects.select_related("framework").get(
            campaign=campaign, **award_key(self.spec["award"])
        )
        staff = self.staff(org, contact)
        departments = self.departments(org, staff, contact)
        plan = self.plan(org, award, contact)
        seats = self.group(plan, staff, contact)
        assignments = self.assignments(plan, award, departments, contact)
        occurrences = self.tasks(plan, departments, contact)
        materials = self.material(occurrences, contact)
        for key, changes in self.changes.items():
            audit_record_many(actor=self.actors[key], changes=changes)
        return {
            "creation_staff": len(staff),
            "creation_departments": len(departments),
            "creation_group_seats": seats,
            "creation_assignments": assignments,
            "creation_tasks": len(self.spec["tasks"]),
            "creation_occurrences": len(occurrences),
            "creation_materials": materials,
        }


def _login(member: StaffMember | None, fallback: User) -> User:
    """The staff member's login, or the office's contact who acts for a person without one."""
    return member.user if member is not None and member.user is not None else fallback


def build_creation(data: dict[str, Any], *, seed: int, today: date | None = None) -> dict[str, int]:
    """Build the applicant's creation plan (the caller holds the transaction; the
    campaign and the applicant login exist)."""
    return _CreationBuilder(data, seed, today or timezone.localdate()).build()


def creation_logins(data: dict[str, Any]) -> list[CreationLogin]:
    """The department logins, as they are in the database (for ``load_demo``'s table)."""
    names = [s["username"] for s in data["creation"]["staff"] if "username" in s]
    logins = []
    for member in (
        StaffMember.objects.filter(user__username__in=names)
        .select_related("user", "organization")
        .prefetch_related("headed_departments", "led_departments")
    ):
        if member.user is None:
            continue
        heads = _("、").join(d.name for d in member.headed_departments.all())
        leads = _("、").join(d.name for d in member.led_departments.all())
        role = (
            _("%(departments)s负责人") % {"departments": heads}
            if heads
            else _("%(departments)s分管领导") % {"departments": leads}
        )
        logins.append(
            CreationLogin(member.user.username, member.name, role, member.organization.name)
        )
    return sorted(logins, key=lambda x: names.index(x.username))
