"""The groups, members and visits of a campaign's round and of a periodic review move to
the visits app with their steps and notes, and what pointed at them still does.

Each owner has two groups, two visited things (assignments, entries) and two visits whose
eight step fields all differ, crossed over (the first visited thing has the second group),
so a row copied to the wrong owner, group or visit shows; rows created through the ORM
afterwards show that the shared tables' id sequences were moved past the copied ids."""

from datetime import UTC, date, datetime
from typing import Any

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

from wenming.accounts.models import User
from wenming.assessment.models import Assignment, Conflict, Round
from wenming.supervision.models import Review, ReviewEntry
from wenming.visits.models import STEPS, Group, GroupMember, Visit, VisitPhoto

#: The state before the visits app: both apps with their own groups and visits.
BEFORE = [
    ("assessment", "0006_ranking_versions_deductions_median"),
    ("supervision", "0002_group_members_and_visits"),
    ("visits", None),
]

#: When each old visit was last updated, restored after the copy's auto_now.
STAMPS = {
    "round 1": datetime(2026, 5, 6, 1, 2, 3, tzinfo=UTC),
    "round 2": datetime(2026, 5, 7, 4, 5, 6, tzinfo=UTC),
    "review 1": datetime(2026, 3, 2, 7, 8, 9, tzinfo=UTC),
    "review 2": datetime(2026, 3, 3, 10, 11, 12, tzinfo=UTC),
}

pytestmark = pytest.mark.django_db(transaction=True)


def migrate(targets: list[tuple[str, str | None]]) -> Any:
    """Migrate to ``targets``; the historical apps of that state."""
    executor = MigrationExecutor(connection)
    state = executor.migrate(targets)
    return state.apps


def latest() -> list[tuple[str, str | None]]:
    return list(MigrationExecutor(connection).loader.graph.leaf_nodes())


def steps_of(tag: str, flip: bool) -> dict[str, Any]:
    """Eight step fields of a visit, each telling which visit and step it is: the notes
    name both, the done flags alternate (and ``flip`` inverts them)."""
    fields: dict[str, Any] = {}
    for n, step in enumerate(STEPS):
        fields[f"{step}_done"] = (n % 2 == 0) != flip
        fields[f"{step}_notes"] = f"{tag} {step}"
    return fields


def old_visit(model: Any, tag: str, flip: bool, user: Any, **owner: Any) -> Any:
    """An old visit of ``owner`` with its steps, checklist, author and update time."""
    visit = model.objects.create(
        **owner, **steps_of(tag, flip), site_checklist={tag: True}, updated_by=user
    )
    model.objects.filter(pk=visit.pk).update(updated_at=STAMPS[tag])
    return visit


def old_world(apps: Any, users: list[Any]) -> dict[str, Any]:
    """A campaign of two applications (two organizations) in a county of a city."""
    region = apps.get_model("registry", "Region")
    city = region.objects.create(code="990100", name="City", level="city", path="990100")
    county = region.objects.create(
        code="990101", name="County", level="county", path="990100/990101", parent=city
    )
    framework = apps.get_model("frameworks", "Framework").objects.create(
        code="f", version=1, name="F", kind="plain", document={}
    )
    campaign = apps.get_model("campaigns", "Campaign").objects.create(
        name="C", edition=1, office=city, eligibility_table={}
    )
    award = apps.get_model("campaigns", "Award").objects.create(
        campaign=campaign, category="unit", level="municipal", framework=framework
    )
    organizations = [
        apps.get_model("registry", "Organization").objects.create(
            code=f"O{n}", name=f"Org {n}", kind="unit", region=county
        )
        for n in (1, 2)
    ]
    applications = [
        apps.get_model("campaigns", "Application").objects.create(
            campaign=campaign, award=award, organization=o, region=county, created_by=users[0]
        )
        for o in organizations
    ]
    return {
        "city": city,
        "county": county,
        "framework": framework,
        "campaign": campaign,
        "organizations": organizations,
        "applications": applications,
    }


def old_round_rows(apps: Any, users: list[Any], world: dict[str, Any]) -> dict[str, Any]:
    """A round with two groups (m0 leading m1 in 东组; m2 alone in 西组), two assignments
    crossed over, both visited, with a photo each, and a conflict of a member and of a group."""
    round_ = apps.get_model("assessment", "Round").objects.create(
        campaign=world["campaign"], kind="cross_inspection", name="R"
    )
    group_model = apps.get_model("assessment", "Group")
    east = group_model.objects.create(
        round=round_, name="东组", phase=2, home_county=world["county"]
    )
    west = group_model.objects.create(round=round_, name="西组", phase=1)
    member_model = apps.get_model("assessment", "GroupMember")
    member_model.objects.create(group=east, user=users[0], is_leader=True)
    member = member_model.objects.create(group=east, user=users[1])
    member_model.objects.create(group=west, user=users[2], is_leader=True)
    assignment_model = apps.get_model("assessment", "Assignment")
    first = assignment_model.objects.create(
        round=round_, application=world["applications"][0], group=west
    )
    second = assignment_model.objects.create(
        round=round_, application=world["applications"][1], group=east
    )
    conflict_model = apps.get_model("assessment", "Conflict")
    by_member = conflict_model.objects.create(
        application=world["applications"][0], member=member, reason="亲属", declared_by=users[0]
    )
    by_group = conflict_model.objects.create(
        application=world["applications"][1], group=west, reason="同乡", declared_by=users[1]
    )
    visit_model = apps.get_model("assessment", "Visit")
    photo_model = apps.get_model("assessment", "VisitPhoto")
    for assignment, tag, flip, user, day, step in [
        (first, "round 1", False, users[1], date(2026, 5, 6), "site"),
        (second, "round 2", True, users[2], date(2026, 5, 7), "feedback"),
    ]:
        visit = old_visit(visit_model, tag, flip, user, assignment=assignment, visited_on=day)
        photo_model.objects.create(
            visit=visit,
            step=step,
            file=f"visits/{step}.jpg",
            original_name=f"{tag}.jpg",
            size=3,
            content_type="image/jpeg",
            sha256="0" * 64,
            uploaded_by=user,
        )
    return {
        "round": round_.pk,
        "east": east.pk,
        "west": west.pk,
        "member": member.pk,
        "assignments": [first.pk, second.pk],
        "conflicts": [by_member.pk, by_group.pk],
    }


def old_review_rows(apps: Any, users: list[Any], world: dict[str, Any]) -> dict[str, Any]:
    """A review with two groups (m1 leading 第一组; m2 leading m0 in 第二组) and two entries
    crossed over, planned and visited."""
    review = apps.get_model("supervision", "Review").objects.create(
        name="年中考核",
        kind="midyear",
        office=world["city"],
        framework=world["framework"],
        period_start=date(2026, 1, 1),
        period_end=date(2026, 6, 30),
        created_by=users[0],
    )
    group_model = apps.get_model("supervision", "AssessmentGroup")
    one = group_model.objects.create(review=review, name="第一组")
    two = group_model.objects.create(review=review, name="第二组")
    member_model = apps.get_model("supervision", "GroupMember")
    member_model.objects.create(group=one, user=users[1], is_leader=True)
    member_model.objects.create(group=two, user=users[0])
    member_model.objects.create(group=two, user=users[2], is_leader=True)
    entry_model = apps.get_model("supervision", "ReviewEntry")
    visit_model = apps.get_model("supervision", "Visit")
    entries = []
    for organization, group, day, tag, flip, user in [
        (world["organizations"][0], two, date(2026, 3, 2), "review 1", True, users[0]),
        (world["organizations"][1], one, date(2026, 3, 3), "review 2", False, users[2]),
    ]:
        entry = entry_model.objects.create(
            review=review, organization=organization, group=group, visited_on=day
        )
        old_visit(visit_model, tag, flip, user, entry=entry)
        entries.append(entry.pk)
    return {"review": review.pk, "entries": entries}


def visit_state(visit: Visit | None) -> tuple[Any, ...]:
    """What a copy must keep of a visit: steps, checklist, author, update time, photos."""
    assert visit is not None
    return (
        {f: getattr(visit, f) for f in steps_of("", False)},
        visit.site_checklist,
        visit.updated_by.username,
        visit.updated_at,
        [(p.step, p.original_name) for p in visit.photos.all()],
    )


def members_of(group: Group) -> list[tuple[str, bool]]:
    return [(m.user.username, m.is_leader) for m in group.members.all()]


def check_round(made: dict[str, Any]) -> None:
    """The round's groups, members, assignments, visits, photos and conflicts arrived."""
    round_ = Round.objects.get(pk=made["round"])
    east, west = round_.groups.get(name="东组"), round_.groups.get(name="西组")
    assert (east.pk, east.phase, west.pk, west.phase) == (made["east"], 2, made["west"], 1)
    assert east.home_county is not None
    assert east.home_county.name == "County"
    assert west.home_county is None
    assert members_of(east) == [("m0", True), ("m1", False)]
    assert members_of(west) == [("m2", True)]
    first, second = (Assignment.objects.get(pk=pk) for pk in made["assignments"])
    assert (first.group, second.group) == (west, east)
    assert first.visit is not None
    assert second.visit is not None
    assert (first.visit.visited_on, second.visit.visited_on) == (
        date(2026, 5, 6),
        date(2026, 5, 7),
    )
    assert visit_state(first.visit) == (
        steps_of("round 1", False),
        {"round 1": True},
        "m1",
        STAMPS["round 1"],
        [("site", "round 1.jpg")],
    )
    assert visit_state(second.visit) == (
        steps_of("round 2", True),
        {"round 2": True},
        "m2",
        STAMPS["round 2"],
        [("feedback", "round 2.jpg")],
    )
    by_member, by_group = (Conflict.objects.get(pk=pk) for pk in made["conflicts"])
    assert by_member.group is None
    assert by_member.member is not None
    assert (by_member.member.pk, by_member.member.user.username) == (made["member"], "m1")
    assert (by_group.group, by_group.member) == (west, None)


def check_review(made: dict[str, Any], round_groups: set[int]) -> Review:
    """The review's groups, members, entries and visits arrived, apart from the round's."""
    review = Review.objects.get(pk=made["review"])
    one, two = review.groups.get(name="第一组"), review.groups.get(name="第二组")
    assert not {one.pk, two.pk} & round_groups
    assert members_of(one) == [("m1", True)]
    assert members_of(two) == [("m2", True), ("m0", False)]
    first, second = (ReviewEntry.objects.get(pk=pk) for pk in made["entries"])
    assert (first.group, second.group) == (two, one)
    assert (first.visited_on, second.visited_on) == (date(2026, 3, 2), date(2026, 3, 3))
    assert visit_state(first.visit) == (
        steps_of("review 1", True),
        {"review 1": True},
        "m0",
        STAMPS["review 1"],
        [],
    )
    assert visit_state(second.visit) == (
        steps_of("review 2", False),
        {"review 2": True},
        "m2",
        STAMPS["review 2"],
        [],
    )
    return review


def check_new_rows(owner: Review, user: User) -> None:
    """New groups, members, visits and photos take fresh ids (the sequences were reset)."""
    group = Group.objects.create(owner=owner, name="新组")
    GroupMember.objects.create(group=group, user=user, is_leader=True)
    visit = Visit.objects.create(updated_by=user)
    VisitPhoto.objects.create(
        visit=visit,
        step="site",
        file="visits/new.jpg",
        original_name="new.jpg",
        size=3,
        content_type="image/jpeg",
        sha256="1" * 64,
        uploaded_by=user,
    )
    assert Group.objects.count() == 5
    assert Visit.objects.count() == 5


def test_groups_members_and_visits_of_both_owners_arrive_in_the_visits_app() -> None:
    try:
        apps = migrate(BEFORE)
        user = apps.get_model("accounts", "User")
        users = [user.objects.create(username=f"m{n}", password="!") for n in range(3)]
        world = old_world(apps, users)
        made_round = old_round_rows(apps, users, world)
        made_review = old_review_rows(apps, users, world)
        migrate(latest())

        check_round(made_round)
        review = check_review(made_review, {made_round["east"], made_round["west"]})
        check_new_rows(review, User.objects.get(username="m0"))
    finally:
        migrate(latest())
