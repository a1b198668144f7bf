"""The groups, members and visits of a campaign's round and of a periodic review move to
the visits app with their steps and notes, and what pointed at them still does."""

from datetime import date
from typing import Any

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

from wenming.assessment.models import Assignment, Conflict, Round
from wenming.supervision.models import Review, ReviewEntry

#: The state before the visits app: both apps with their own groups and visits.
BEFORE = [
    ("assessment", "0006_ranking_versions_deductions_median"),
    ("supervision", "0002_group_members_and_visits"),
    ("visits", None),
]

pytestmark = pytest.mark.django_db(transaction=True)


def migrate(targets: list[tuple[str, str | None]]) -> Any:
    """Migrate to ``targets``; the historical apps of that state."""
    executor = MigrationExecutor(connection)
    state = executor.migrate(targets)
    return state.apps


def latest() -> list[tuple[str, str | None]]:
    return list(MigrationExecutor(connection).loader.graph.leaf_nodes())


def old_round_rows(apps: Any, users: list[Any]) -> dict[str, Any]:
    """A round with a group of two, an assignment visited, a conflict and a photo."""
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
    organization = apps.get_model("registry", "Organization").objects.create(
        code="O1", name="Org", kind="unit", region=county
    )
    application = apps.get_model("campaigns", "Application").objects.create(
        campaign=campaign,
        award=award,
        organization=organization,
        region=county,
        created_by=users[0],
    )
    round_ = apps.get_model("assessment", "Round").objects.create(
        campaign=campaign, kind="cross_inspection", name="R"
    )
    group = apps.get_model("assessment", "Group").objects.create(
        round=round_, name="东组", phase=2, home_county=county
    )
    member_model = apps.get_model("assessment", "GroupMember")
    member_model.objects.create(group=group, user=users[0], is_leader=True)
    member = member_model.objects.create(group=group, user=users[1])
    assignment = apps.get_model("assessment", "Assignment").objects.create(
        round=round_, application=application, group=group
    )
    conflict = apps.get_model("assessment", "Conflict").objects.create(
        application=application, member=member, reason="亲属", declared_by=users[0]
    )
    visit = apps.get_model("assessment", "Visit").objects.create(
        assignment=assignment,
        visited_on=date(2026, 5, 6),
        report_done=True,
        report_notes="听了汇报",
        site_checklist={"道德讲堂": True},
        updated_by=users[0],
    )
    apps.get_model("assessment", "VisitPhoto").objects.create(
        visit=visit,
        step="site",
        file="visits/abc.jpg",
        original_name="a.jpg",
        size=3,
        content_type="image/jpeg",
        sha256="0" * 64,
        uploaded_by=users[0],
    )
    return {
        "round": round_.pk,
        "group": group.pk,
        "member": member.pk,
        "assignment": assignment.pk,
        "conflict": conflict.pk,
        "framework": framework,
        "city": city,
        "organization": organization,
    }


def old_review_rows(apps: Any, users: list[Any], made: dict[str, Any]) -> dict[str, Any]:
    """A review with a group led by the first user, an entry planned and visited."""
    review = apps.get_model("supervision", "Review").objects.create(
        name="年中考核",
        kind="midyear",
        office=made["city"],
        framework=made["framework"],
        period_start=date(2026, 1, 1),
        period_end=date(2026, 6, 30),
        created_by=users[0],
    )
    group = apps.get_model("supervision", "AssessmentGroup").objects.create(
        review=review, name="第一组"
    )
    apps.get_model("supervision", "GroupMember").objects.create(
        group=group, user=users[0], is_leader=True
    )
    entry = apps.get_model("supervision", "ReviewEntry").objects.create(
        review=review, organization=made["organization"], group=group, visited_on=date(2026, 3, 2)
    )
    apps.get_model("supervision", "Visit").objects.create(
        entry=entry, files_done=True, files_notes="台账齐全", updated_by=users[0]
    )
    return {"review": review.pk, "entry": entry.pk, "old_group": group.pk}


def test_groups_members_and_visits_of_both_owners_arrive_in_the_visits_app() -> None:
    try:
        apps = migrate(BEFORE)
        user = apps.get_model("accounts", "User")
        users = [user.objects.create(username=f"m{n}", password="!") for n in range(2)]
        made = old_round_rows(apps, users)
        made |= old_review_rows(apps, users, made)
        migrate(latest())

        round_ = Round.objects.get(pk=made["round"])
        group = round_.groups.get()
        assert (group.pk, group.name, group.phase) == (made["group"], "东组", 2)
        assert group.home_county is not None
        assert group.home_county.name == "County"
        members = [(m.user.username, m.is_leader) for m in group.members.all()]
        assert members == [("m0", True), ("m1", False)]
        assignment = Assignment.objects.get(pk=made["assignment"])
        assert assignment.group == group
        visit = assignment.visit
        assert visit is not None
        assert (visit.visited_on, visit.report_done, visit.report_notes) == (
            date(2026, 5, 6),
            True,
            "听了汇报",
        )
        assert visit.site_checklist == {"道德讲堂": True}
        assert [p.original_name for p in visit.photos.all()] == ["a.jpg"]
        conflict = Conflict.objects.get(pk=made["conflict"])
        assert conflict.member is not None
        assert conflict.member.user.username == "m1"

        review = Review.objects.get(pk=made["review"])
        review_group = review.groups.get()
        assert review_group.name == "第一组"
        assert review_group.pk != group.pk
        assert [(m.user.username, m.is_leader) for m in review_group.members.all()] == [
            ("m0", True)
        ]
        entry = ReviewEntry.objects.get(pk=made["entry"])
        assert entry.group == review_group
        assert entry.visited_on == date(2026, 3, 2)
        assert entry.visit is not None
        assert (entry.visit.files_done, entry.visit.files_notes) == (True, "台账齐全")
        assert (entry.visit.report_done, entry.visit.report_notes) == (False, "")
    finally:
        migrate(latest())
