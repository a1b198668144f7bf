"""The 文明城市 path end to end over six counties: the survey workbook, the review and the
questionnaire give the order computed by hand below; closing the assessment names the
first two 文明城市 and the next two 提名城市 and rejects the other two; after screening,
publicity, approval and naming each named county holds its title with its kind.

Weights 50% / 30% / 20%, shares 2 and 2. The framework's maximum is 30 (items 10 + 20).

====== ==================== ============= ============ ==============================
county survey (mean)        review        question.    composite
====== ==================== ============= ============ ==============================
东城区 (90+92+94)/3 = 92.00  27/30 = 90.00 88.00        46.00 + 27.00 + 17.60 = 90.60
西城区 (80+85+90)/3 = 85.00  24/30 = 80.00 90.00        42.50 + 24.00 + 18.00 = 84.50
南岗区 (95+95+95)/3 = 95.00  15/30 = 50.00 70.00        47.50 + 15.00 + 14.00 = 76.50
北林区 (70+72+74)/3 = 72.00  29/30 = 96.67 95.00        36.00 + 29.001 + 19.00 = 84.001
中山区 (60+60+61)/3 = 60.33  20/30 = 66.67 60.00        30.165 + 20.001 + 12.00 = 62.166
六合区 (88+88+88)/3 = 88.00  20/30 = 66.67 50.00        44.00 + 20.001 + 10.00 = 74.001
====== ==================== ============= ============ ==============================

Order: 东城区 90.60, 西城区 84.50, 北林区 84.001, 南岗区 76.50, 六合区 74.001, 中山区 62.166
(60.33 is (181/3) rounded half up; 96.67 and 66.67 are the review shares rounded).
"""

from datetime import date
from decimal import Decimal

from django.urls import reverse
from tests.cities.workbooks import survey_row, survey_workbook
from tests.committee.conftest import close_approval, meeting_of
from tests.conftest import login
from tests.factories import reach_stage

from wenming.audit.models import AuditEvent
from wenming.campaigns.models import Application, Stage
from wenming.campaigns.services import application_move
from wenming.campaigns.stages import stage_close, stage_gate
from wenming.cities import services
from wenming.cities.models import CityStanding
from wenming.committee import services as committee
from wenming.committee.decision_docs import naming_decision
from wenming.committee.models import Certificate
from wenming.domain.application_states import Action, State
from wenming.registry.models import Title

SURVEY = {
    "东城区": (90, 92, 94),
    "西城区": (80, 85, 90),
    "南岗区": (95, 95, 95),
    "北林区": (70, 72, 74),
    "中山区": (60, 60, 61),
    "六合区": (88, 88, 88),
}
REVIEW = {  # item 1 (of 10), item 2 (of 20)
    "东城区": ("9", "18"),
    "西城区": ("8", "16"),
    "南岗区": ("5", "10"),
    "北林区": ("10", "19"),
    "中山区": ("6", "14"),
    "六合区": ("7.5", "12.5"),
}
QUESTIONNAIRE = {"东城区": 88, "西城区": 90, "南岗区": 70, "北林区": 95, "中山区": 60, "六合区": 50}
ORDER = ["东城区", "西城区", "北林区", "南岗区", "六合区", "中山区"]
COMPOSITE = ["90.600000", "84.500000", "84.001000", "76.500000", "74.001000", "62.166000"]
WEIGHTS = {"survey": Decimal("0.5"), "review": Decimal("0.3"), "questionnaire": Decimal("0.2")}


def enter_all(cities, user) -> None:
    services.city_settings_set(
        acting_user=user, campaign=cities.campaign, weights=WEIGHTS, named=2, nominated=2
    )
    rows = [survey_row(org, SURVEY[org.name]) for org in cities.counties]
    services.survey_import(acting_user=user, campaign=cities.campaign, upload=survey_workbook(rows))
    for application in cities.applications:
        name = application.organization.name
        first, second = REVIEW[name]
        services.review_record(
            acting_user=user, application=application, items={"1": first, "2": second}
        )
        services.questionnaire_record(
            acting_user=user, application=application, rate=QUESTIONNAIRE[name], respondents=300
        )


def close_assessment(cities, user) -> Stage:
    stage = Stage.objects.get(campaign=cities.campaign, kind="assessment")
    return stage_close(acting_user=user, stage=stage, reason="All parts are in.")


def test_the_parts_give_the_hand_computed_order(cast, cities):
    enter_all(cities, cast.city)
    close_assessment(cities, cast.city)
    standings = list(CityStanding.objects.select_related("application__organization"))
    assert [s.application.organization.name for s in standings] == ORDER
    assert [str(s.composite) for s in standings] == COMPOSITE
    assert [s.outcome for s in standings] == ["named", "named", "nominated", "nominated",
                                              "none", "none"]  # fmt: skip
    by_name = {s.application.organization.name: s for s in standings}
    assert (by_name["中山区"].survey, by_name["北林区"].review) == (
        Decimal("60.33"),
        Decimal("96.67"),
    )


def test_closing_moves_each_county_by_its_outcome_with_an_audit_event(cast, cities):
    enter_all(cities, cast.city)
    close_assessment(cities, cast.city)
    apps = {a.organization.name: a for a in Application.objects.select_related("organization")}
    assert [(apps[n].status, apps[n].nominated) for n in ORDER] == [
        (State.ASSESSED, False), (State.ASSESSED, False),
        (State.ASSESSED, True), (State.ASSESSED, True),
        (State.REJECTED, False), (State.REJECTED, False),
    ]  # fmt: skip
    assert apps["六合区"].comment == (
        "文明城市综合测评第5名（74.00分），未进入文明城市和提名城市名额。"
    )
    events = AuditEvent.objects.filter(action__startswith="application.")
    assert events.filter(action="application.assess").count() == 4
    assert events.filter(action="application.fail_assessment").count() == 2
    freeze = AuditEvent.objects.get(action="cities.ranking_freeze")
    assert (freeze.after["named"], freeze.after["nominated"]) == (2, 2)
    assert [r["name"] for r in freeze.after["ranking"]] == ORDER


def test_the_gate_names_the_counties_missing_a_part(cast, cities):
    stage = Stage.objects.get(campaign=cities.campaign, kind="assessment")
    lines = {line.code: line for line in stage_gate(stage)}
    assert not lines["cities_ranked"].met
    assert "东城区" in lines["cities_ranked"].message
    assert "rounds_exist" not in lines  # no scored award: no rounds are asked for
    enter_all(cities, cast.city)
    assert {line.code: line.met for line in stage_gate(stage)} == {"cities_ranked": True}


def name_the_list(cities, cast):
    """Screening, publicity and approval as their own tests drive them (tests/committee),
    then the naming decision."""
    assessed = list(Application.objects.filter(status=State.ASSESSED).order_by("pk"))
    for action in (Action.SCREEN, Action.PUBLISH):
        application_move(acting_user=cast.city, applications=assessed, action=action)
    reach_stage(cities.campaign, "approval")
    meeting = meeting_of(cities, cast, members=3, attending=3)
    committee.meeting_approve(acting_user=cast.city, meeting=meeting)
    close_approval(cities, cast.city)
    return committee.naming_decide(
        acting_user=cast.city,
        meeting=meeting,
        document_number="清文明委〔2021〕12号",
        named_on=date(2021, 12, 28),
        naming_body="省文明委",
    )


def test_naming_gives_two_civilized_and_two_nominated_cities(cast, cities, client):
    enter_all(cities, cast.city)
    close_assessment(cities, cast.city)
    decision = name_the_list(cities, cast)
    titles = {t.organization.name: t for t in Title.objects.select_related("organization")}
    assert {n: (t.nominated, t.label) for n, t in titles.items()} == {
        "东城区": (False, "省级文明城市"),
        "西城区": (False, "省级文明城市"),
        "北林区": (True, "省级提名城市"),
        "南岗区": (True, "省级提名城市"),
    }
    rejected = Application.objects.filter(status=State.REJECTED)
    assert sorted(a.organization.name for a in rejected) == ["中山区", "六合区"]
    assert Application.objects.filter(status=State.NAMED).count() == 4
    certificates = list(
        Certificate.objects.filter(decision=decision)
        .select_related("title", "application__award", "application__organization__region")
        .order_by("id")
    )
    document = naming_decision(decision, certificates)
    assert document.title == "关于命名第二十届省级文明城市、省级提名城市的决定"
    body = "".join(p.text for p in document.body)
    assert "2个县（市、区）为第二十届省级文明城市；2个县（市、区）为第二十届省级提名城市" in body
    assert "实地测评（占50%）、网上材料审核（占30%）和问卷调查（占20%）" in body
    assert "前2名命名为文明城市，其后2名为提名城市" in body
    # The registry page of a nominated county says 提名城市, the certificate too.
    login(client, cast.city)
    url = reverse("registry:organization", args=[titles["北林区"].organization_id])
    assert "第二十届 省级提名城市" in client.get(url).content.decode()
    assert {c.title.label for c in certificates} == {"省级文明城市", "省级提名城市"}
