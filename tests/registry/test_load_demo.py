"""``manage.py load_demo``: a whole fictional city to try the software on, loaded once."""

import io
import itertools
import re

import pytest
from django.core.management import call_command
from django.db.models import F, Q
from django.test import Client, override_settings
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from wenming.accounts.models import Role, RoleAssignment, User
from wenming.accounts.todo import todo_for
from wenming.assessment.models import Assignment, Mark, RankingVersion
from wenming.audit.models import AuditEvent
from wenming.audit.selectors import verify_chain
from wenming.campaigns import services as campaign_services
from wenming.campaigns.eligibility import verdicts_for
from wenming.campaigns.models import Application, Campaign, Quota, SelfMark, Stage
from wenming.campaigns.selectors.applications import submission_problems
from wenming.committee.models import Meeting
from wenming.demo.builder import load_data
from wenming.documents.style import date_words
from wenming.domain.titles import (
    KIND_CATEGORIES,
    Category,
    HonorKind,
    Level,
    OrganizationKind,
    TitleStatus,
    UnitType,
)
from wenming.registry.models import Body, Honor, Organization, Region, RegionLevel, Title
from wenming.screening.models import ScreeningRequest, ScreeningRound
from wenming.visits.models import GroupMember

pytestmark = pytest.mark.django_db
DATA = load_data()

USERNAMES = [
    "admin",
    "security",
    "auditor",
    "city",
    "county",
    "province",
    "body",
    "applicant",
    "assessor",
    "reviewer",
    "committee",
]
RUNG = {
    (Level.MUNICIPAL, False): 0,
    (Level.MUNICIPAL, True): 1,
    (Level.PROVINCIAL, False): 2,
    (Level.PROVINCIAL, True): 3,
    (Level.NATIONAL, False): 4,
}


def rung(title: Title) -> int:
    return RUNG[(Level(title.level), title.model)]


def load_demo() -> str:
    out = io.StringIO()
    call_command("load_demo", allow_production=True, stdout=out)  # tests run with DEBUG off
    return out.getvalue()


def printed_password(output: str) -> str:
    # The line that prints the password, whatever the language of the output.
    template = re.escape(_("演示账号（密码均为 %(password)s）：") % {"password": "PASSWORD"})
    match = re.search(template.replace("PASSWORD", r"(\S+?)"), output)
    assert match, output
    return match.group(1)


def demo_city() -> Region:
    return Region.objects.get(level=RegionLevel.CITY, code=DATA["city"]["code"])


def test_demo_city_has_counties_bodies_and_organizations_of_every_kind():
    output = load_demo()
    city = demo_city()
    education = next(b["name"] for b in DATA["bodies"] if b["key"] == "education")
    assert city.name in output

    counties = Region.objects.filter(parent=city, level=RegionLevel.COUNTY)
    assert counties.count() >= 6
    for county in counties:
        townships = Region.objects.filter(parent=county)
        assert 2 <= townships.count() <= 3
        assert all(Region.objects.filter(parent=t).exists() for t in townships)
    # The province's other cities, each with two counties, for cross-inspection.
    others = Region.objects.filter(level=RegionLevel.CITY).exclude(pk=city.pk)
    assert others.count() >= 2
    for other in others:
        assert Region.objects.filter(parent=other).count() == 2
        assert Organization.objects.filter(region__path__startswith=other.path).count() >= 3
    # Every region path is its parent's path plus its own code.
    for region in Region.objects.select_related("parent"):
        parent_path = region.parent.path if region.parent else ""
        assert region.path == f"{parent_path}{region.code}/"

    assert Body.objects.filter(region=city, supervises=True).count() >= 4
    assert Body.objects.filter(region=city, screens=True).count() >= 10
    assert Body.objects.filter(name=education, supervises=True, screens=True).exists()

    in_city = Organization.objects.filter(region__path__startswith=city.path)
    assert in_city.count() >= 300
    assert set(in_city.values_list("kind", flat=True)) == {k.value for k in OrganizationKind}
    assert set(in_city.filter(kind="unit").values_list("unit_type", flat=True)) == {
        t.value for t in UnitType
    }
    assert in_city.filter(kind="unit", applies_directly=True).exists()
    assert in_city.filter(kind="school", is_fulltime_school=True).exists()
    assert in_city.filter(kind="school", is_fulltime_school=False).exists()
    assert not in_city.filter(kind="school").exclude(body__name=education).exists()
    # Each county is an organization under its own region code.
    for county in counties:
        assert Organization.objects.filter(kind="county", code=county.code).exists()


def test_organization_codes_and_statistics_are_plausible():
    load_demo()
    orgs = Organization.objects.all()
    for org in orgs.filter(kind__in=["unit", "school"]):
        assert len(org.code) == 18, org.code
    for org in orgs.filter(kind__in=["county", "township", "village", "community"]):
        assert org.code == org.region.code
    assert all(
        code.startswith("FAM-")
        for code in orgs.filter(kind="family").values_list("code", flat=True)
    )
    assert not orgs.filter(party_members__gt=F("staff_count")).exists()
    assert not orgs.filter(party_member_volunteers__gt=F("party_members")).exists()
    assert not orgs.filter(volunteers_served__gt=F("registered_volunteers")).exists()
    units = orgs.filter(kind="unit")
    assert not units.filter(Q(staff_count__isnull=True) | Q(party_members__isnull=True)).exists()
    # Criterion 22 treats units with fewer than 20 serving party members differently.
    assert units.filter(party_members__lt=20).exists()
    assert units.filter(party_members__gte=20).exists()
    assert not orgs.filter(contact_name="").exists()
    assert not orgs.filter(contact_phone="").exists()


def test_title_histories_climb_the_ladder_across_three_editions():
    load_demo()
    titles = Title.objects.select_related("organization")
    assert set(titles.values_list("edition", flat=True)) == {17, 18, 19}
    assert titles.count() >= 200
    assert titles.filter(level=Level.PROVINCIAL).exists()
    assert titles.filter(level=Level.NATIONAL).exists()
    # The city's naming decision of the 19th edition, e.g. 清文明委〔2019〕5号.
    decision = DATA["document_pattern"].format(
        prefix=DATA["city"]["document_prefix"], year=2019, number=5
    )
    assert titles.filter(edition=19, level=Level.MUNICIPAL, document_number=decision).exists()

    by_org: dict[int, list[Title]] = {}
    for title in titles:
        kind = OrganizationKind(title.organization.kind)
        assert Category(title.category) in KIND_CATEGORIES[kind]
        if title.category == Category.FAMILY:
            assert not title.model  # families have no 标兵 tier
        assert title.naming_body
        assert title.document_number
        by_org.setdefault(title.organization_id, []).append(title)

    climbed = 0
    for held in by_org.values():
        named = sorted(held, key=lambda t: (t.edition, t.named_on))
        for earlier, later in itertools.pairwise(named):
            step = rung(later) - rung(earlier)
            # One rung an edition at most (families and cities have no 标兵 rung to pass,
            # 全国 follows 省级标兵); a step down is a downgrade within the same edition.
            no_model = later.category in {Category.FAMILY, Category.CITY}
            assert step <= (2 if no_model else 1), (earlier.label, later.label)
            if step < 0:
                assert earlier.status == TitleStatus.DOWNGRADED
                assert later.edition == earlier.edition
            climbed += step > 0
    assert climbed >= 20

    ended = titles.exclude(status=TitleStatus.ACTIVE)
    assert not ended.filter(
        Q(ended_on__isnull=True) | Q(end_reason="") | Q(end_document="")
    ).exists()
    assert not ended.filter(ended_on__lt=F("named_on")).exists()
    assert titles.filter(status=TitleStatus.REVOKED).count() >= 3
    assert titles.filter(status=TitleStatus.DOWNGRADED).exists()
    assert titles.filter(status=TitleStatus.EXPIRED).exists()

    # Full-time schools held 文明单位 in the 18th and 文明校园 in the 19th.
    schools = Organization.objects.filter(kind="school", is_fulltime_school=True)
    assert (
        schools.filter(titles__category=Category.UNIT, titles__edition=18)
        .filter(titles__category=Category.CAMPUS, titles__edition=19)
        .exists()
    )
    assert not Title.objects.filter(
        organization__in=schools, category=Category.CAMPUS, edition__lt=19
    ).exists()


def test_families_and_units_hold_other_honors_for_eligibility_and_bonus_points():
    load_demo()
    honors = Honor.objects.select_related("organization")
    assert honors.filter(kind=HonorKind.MOST_BEAUTIFUL_FAMILY, organization__kind="family").exists()
    assert honors.filter(kind=HonorKind.TEN_STAR_HOUSEHOLD, organization__kind="family").exists()
    unit_honors = honors.filter(kind=HonorKind.HONOR_TITLE, organization__kind="unit")
    in_window = unit_honors.filter(granted_on__year__in=[2020, 2021])
    assert {"national", "provincial", "municipal"} <= set(in_window.values_list("level", flat=True))
    assert not honors.filter(Q(document_number="") | Q(granting_body="")).exists()


# The demo is served with DEBUG on (make run); production refuses its public password.
@override_settings(WENMING_ALLOW_DEMO_PASSWORD=True)
def test_one_login_per_role_works_with_the_printed_password():
    output = load_demo()
    password = printed_password(output)
    assert password == "wenming2026"
    for username in USERNAMES:
        assert re.search(rf"^\s+{username}\s", output, re.MULTILINE), username
        client = Client()
        response = client.post(reverse("login"), {"username": username, "password": password})
        assert response.status_code == 302, username
        assert client.session["_auth_user_id"] == str(User.objects.get(username=username).pk)
        assert User.objects.get(username=username).display_name

    roles = {a.user.username: a for a in RoleAssignment.objects.select_related("user")}
    assert {a.role for a in roles.values()} == {r.value for r in Role}
    # 三员分立: three administrators, none of them a superuser.
    admins = User.objects.filter(username__in=["admin", "security", "auditor"])
    assert [(u.is_staff, u.is_superuser) for u in admins] == [(True, False)] * 3
    city = demo_city()
    assert roles["city"].region == city
    assert roles["committee"].region == city
    assert roles["province"].region == city.parent
    county = roles["county"].region
    assert county.level == RegionLevel.COUNTY
    assert county.parent == city
    assert roles["body"].body.supervises
    assert roles["reviewer"].body.screens
    # The applicant's unit lies in the county user's county and may climb to 省级.
    unit = roles["applicant"].organization
    assert unit.kind == "unit"
    assert unit.region.path.startswith(county.path)
    assert unit.titles.filter(edition=19, level=Level.PROVINCIAL, status="active").exists()
    assert unit.titles.filter(edition=18, level=Level.MUNICIPAL, model=True).exists()
    assert unit.contact_name == User.objects.get(username="applicant").display_name


def test_loading_twice_changes_nothing_and_prints_the_logins_again():
    load_demo()
    counts = [
        m.objects.count()
        for m in (Region, Body, Organization, Title, Honor, User, RoleAssignment, AuditEvent)
    ] + [m.objects.count() for m in (Campaign, Quota, Application, SelfMark)]
    first = list(Organization.objects.order_by("code").values_list("code", "name"))
    output = load_demo()
    city = DATA["city"]["name"]
    assert _("演示数据已存在（%(city)s），未做任何改动。") % {"city": city} in output
    assert printed_password(output) == "wenming2026"
    for username in USERNAMES:
        assert re.search(rf"^\s+{username}\s", output, re.MULTILINE), username
    assert counts == [
        m.objects.count()
        for m in (Region, Body, Organization, Title, Honor, User, RoleAssignment, AuditEvent)
    ] + [m.objects.count() for m in (Campaign, Quota, Application, SelfMark)]
    assert first == list(Organization.objects.order_by("code").values_list("code", "name"))


def test_every_organization_and_title_created_is_in_the_audit_trail():
    load_demo()
    created = set(
        AuditEvent.objects.filter(
            action="organization.create", object_type="registry.organization"
        ).values_list("object_id", flat=True)
    )
    assert created == {str(pk) for pk in Organization.objects.values_list("pk", flat=True)}
    title_ids = {
        e["title_id"]
        for e in AuditEvent.objects.filter(action="title.add").values_list("after", flat=True)
    }
    assert title_ids == set(Title.objects.values_list("pk", flat=True))
    event = AuditEvent.objects.filter(action="organization.create").first()
    assert event.actor_name == "system"
    assert event.after["code"]
    checked, broken = verify_chain()
    assert broken is None
    assert checked == AuditEvent.objects.count()


def test_the_city_campaign_is_in_mid_flight_with_quotas_and_applications():
    load_demo()
    spec = DATA["campaign"]
    city = demo_city()
    campaign = Campaign.objects.get(office=city, edition=20)
    assert campaign.name == spec["name"]
    assert campaign.parent.office == city.parent  # it recommends into the province's
    assert {a.label for a in campaign.awards.all()} >= {
        "市级文明单位",
        "市级文明单位标兵",
        "省级文明单位",
        "市级文明村镇",
        "市级文明社区",
        "市级文明校园",
        "省级文明家庭",
    }
    # Every award under the framework of its own category (issue 12 §6).
    city_awards = {a.category: a.framework.code for a in campaign.awards.all()}
    assert city_awards == {k: v for k, v in spec["frameworks"].items() if k != "city"}
    assert all(a.framework.category == a.category for a in campaign.awards.all())
    family = campaign.awards.filter(category="family").first()
    assert (family.assessment, family.framework.kind) == ("central_review", "checklist")
    province_city = campaign.parent.awards.get(category="city")
    assert (province_city.assessment, province_city.framework.code) == (
        "city_composite",
        "city-county-example",
    )

    # Applications are open now and close about two weeks from today; recommendation next.
    stages = {s.kind: s for s in Stage.objects.filter(campaign=campaign)}
    now = timezone.now()
    application = stages["application"]
    assert application.is_open(now)
    assert 13 <= (application.closes_at - now).days <= 14
    assert stages["recommendation"].opens_at > application.closes_at
    assert not stages["recommendation"].is_open(now)

    # Every county office, the city office itself and the supervising bodies have places.
    quotas = Quota.objects.filter(award__campaign=campaign)
    counties = Region.objects.filter(parent=city, level=RegionLevel.COUNTY)
    assert set(quotas.values_list("region", flat=True)) - {None} == {
        *counties.values_list("pk", flat=True),
        city.pk,
    }
    assert quotas.filter(body__supervises=True).values("body").distinct().count() >= 4
    assert all(q.changes.get().reason == spec["quota_reason"] for q in quotas)

    apps = Application.objects.filter(campaign=campaign)
    assert set(apps.values_list("status", flat=True)) >= {
        "draft",
        "submitted",
        "returned",
        "withdrawn",
    }
    county = RoleAssignment.objects.get(user__username="county").region
    assert apps.filter(region=county, status="submitted").exists()  # for the county to review
    assert not apps.filter(status="returned", comment="").exists()
    for application in apps.filter(status="submitted"):
        assert submission_problems(application) == []
    # A family applied with its own form and marked nothing; a village and a school too.
    families = apps.filter(award__category="family").exclude(status="draft")
    assert families.exists()
    for application in families:
        assert application.form["members"][0]["relation"] == "户主"
        assert application.form["recommender_name"]
        assert "staff_count" not in application.form
        assert not application.self_marks.exists()
    assert apps.filter(award__category="village_town").exclude(status="draft").exists()
    assert apps.filter(award__category="campus").exclude(status="draft").exists()
    # Each application that went past draft was submitted once, in the audit trail.
    ids = [str(pk) for pk in apps.values_list("pk", flat=True)]
    submitted = AuditEvent.objects.filter(action="application.submit", object_id__in=ids)
    assert submitted.count() == apps.exclude(status="draft").count()


def test_the_demo_applicant_has_not_applied_yet_and_can():
    load_demo()
    user = User.objects.get(username="applicant")
    unit = RoleAssignment.objects.get(user=user).organization
    campaign = Campaign.objects.get(office=demo_city(), edition=20)
    assert not Application.objects.filter(organization=unit).exists()
    # Its 工作台 calls it to apply (the e2e walks have it apply for 市级文明单位 itself).

    lines = [t for t in todo_for(user) if t.group == "申报"]
    assert [(t.label, t.url) for t in lines] == [
        (f"可申报：{unit.name} 尚未申报", f"/campaigns/{campaign.pk}/apply/")
    ]
    eligible = [v.award for v in verdicts_for(campaign, unit) if v.eligible]
    assert "省级文明单位" in [a.label for a in eligible]
    application = campaign_services.application_start(
        acting_user=user, campaign=campaign, award=eligible[-1], organization=unit
    )
    assert application.status == "draft"
    assert application.region == RoleAssignment.objects.get(user__username="county").region


def test_a_neighbouring_city_is_in_assessment_with_marks_to_give():
    load_demo()
    spec = DATA["later_campaigns"][0]
    campaign = Campaign.objects.get(name=spec["name"])
    assert campaign.office.code == spec["office"]
    assert campaign.parent is None  # the demo city's is the one that reports up
    stages = {s.kind: s for s in campaign.stages.all()}
    # Closed from the screens' service, each with its reason and its audit event.
    for kind in ("application", "recommendation"):
        assert stages[kind].closed_at is not None
        assert stages[kind].close_reason == spec["close_reason"]
    closing = AuditEvent.objects.filter(
        action__regex=r"stage[._]close$",
        object_type="campaigns.stage",
        object_id__in=[str(s.pk) for s in stages.values()],
    )
    assert closing.count() == 2
    assert stages["assessment"].closed_at is None
    assert stages["assessment"].is_open(timezone.now())

    apps = Application.objects.filter(campaign=campaign)
    assert set(apps.values_list("status", flat=True)) == {"recommended"}
    assessor = User.objects.get(username="assessor")
    assert GroupMember.objects.filter(user=assessor, group__round__campaign=campaign).exists()
    assigned = Assignment.objects.filter(round__campaign=campaign)
    assert assigned.count() == apps.count()
    marked = {m.application_id for m in Mark.objects.filter(round__campaign=campaign)}
    assert 0 < len(marked) < apps.count()  # some marked, not all
    # Every mark (of this city's and the third city's) is in the audit trail, as the
    # marking page would record it.
    assert AuditEvent.objects.filter(action__startswith="assessment.mark").count() == (
        Mark.objects.count()
    )

    # The assessor's 工作台 lists what is still to mark; the neighbouring city's office,
    # which has no login, is not a demo login's work.
    assert todo_for(assessor)
    city_lines = [t.group for t in todo_for(User.objects.get(username="city"))]
    assert campaign.name not in city_lines


def test_the_city_committee_member_has_the_approval_meeting_scheduled_ahead():
    load_demo()
    spec = DATA["campaign"]["meeting"]
    campaign = Campaign.objects.get(office=demo_city(), edition=20)
    # The city's campaign is still at 申报: no stage closed, applications open.
    assert not campaign.stages.filter(closed_at__isnull=False).exists()
    meeting = Meeting.objects.get(campaign=campaign)
    approval = campaign.stages.get(kind="approval")
    assert approval.opens_at.date() <= meeting.held_on <= approval.closes_at.date()
    assert meeting.place == spec["place"]
    committee = User.objects.get(username="committee")
    members = list(meeting.members.order_by("id").values_list("name", "user"))
    assert members[0] == (str(committee), committee.pk)
    assert [n for n, _user in members[1:]] == spec["members"]
    assert AuditEvent.objects.filter(action="meeting.create").count() == 1
    lines = [t for t in todo_for(committee) if t.group == "文明委"]
    assert [(t.label, t.url) for t in lines] == [
        (f"文明委会议 {date_words(meeting.held_on)}", f"/committee/meeting/{meeting.pk}/")
    ]
    assert lines[0].detail == f"{campaign.name} · {spec['place']}"


def test_a_third_city_is_in_screening_with_a_request_for_the_demo_reviewer():
    load_demo()
    spec = DATA["later_campaigns"][1]
    campaign = Campaign.objects.get(name=spec["name"])
    stages = {s.kind: s for s in campaign.stages.all()}
    for kind in ("application", "recommendation", "assessment"):
        assert stages[kind].closed_at is not None, kind
        assert stages[kind].close_reason == spec["close_reason"]
    assert stages["screening"].is_open(timezone.now())
    # Closing the assessment froze the ranking the list was taken from.
    assert RankingVersion.objects.get(campaign=campaign).frozen_at is not None
    apps = Application.objects.filter(campaign=campaign)
    assert set(apps.values_list("status", flat=True)) == {"assessed"}
    round_ = ScreeningRound.objects.get(campaign=campaign)
    assert round_.entries.count() == apps.count() >= 2
    assert set(round_.requests.values_list("body__name", flat=True)) == set(spec["bodies"])
    assert not round_.requests.filter(answered_at__isnull=False).exists()
    # The demo reviewer answers for the demo city's police and for this city's.
    reviewer = User.objects.get(username="reviewer")
    bodies = set(reviewer.roles.filter(role="reviewer").values_list("body__name", flat=True))
    assert bodies == {"清河市公安局", spec["reviewer"]["body"]}
    request = ScreeningRequest.objects.get(round=round_, body__name=spec["reviewer"]["body"])
    lines = [t for t in todo_for(reviewer) if t.group == "征求意见"]
    assert [(t.count, t.url) for t in lines] == [
        (apps.count(), f"/screening/request/{request.pk}/")
    ]
    assert not lines[0].urgent
    # Nobody's login runs that city: its unanswered departments are not the demo city's work.
    assert not [t for t in todo_for(User.objects.get(username="city")) if t.group == "征求意见"]
