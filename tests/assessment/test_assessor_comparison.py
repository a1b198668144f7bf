"""The assessors of a round compared (docs/rules.md#assessor-comparison): the figures the
office sees on the page, who may see them, the page's fixed number of queries, and the
badge on a disputed clause of the breakdown.

The example, three assessors X, Y, Z on the Yiyang clauses 1.1 and 1.2 (2 points each):

    East Unit 1.1: X 2,   Y 1,   Z 1.5   deviations X +0.75, Y −0.75, Z 0
    East Unit 1.2: X 2,   Y 0.5, Z 1     deviations X +1.25, Y −1,    Z −0.25
    West Unit 1.1: X 1.5, Y 0.5          deviations X +1,    Y −1
    West Unit 1.2: X 2,   Y 2,   Z 1.5   deviations X +0.25, Y +0.25, Z −0.5

Severity: X 3.25/4 = +0.8125 → +0.81, Y −2.5/4 = −0.625 → −0.63, Z −0.75/3 → −0.25.
Spreads (margin 0.3 × 2 = 0.6): 1.00, 1.50, 1.00 disputed; 0.50 not. Variances 1/6 → 0.17,
7/18 → 0.39, 1/4 → 0.25.
"""

from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from tests.conftest import login
from tests.factories import UserFactory, with_role

from wenming.accounts.models import Role, User
from wenming.assessment import services
from wenming.assessment.models import Mark, RankingResult, Round
from wenming.assessment.sheet import sheet
from wenming.campaigns.models import Application

EXAMPLE = {
    ("East Unit", "1.1"): {"X": "2", "Y": "1", "Z": "1.5"},
    ("East Unit", "1.2"): {"X": "2", "Y": "0.5", "Z": "1"},
    ("West Unit", "1.1"): {"X": "1.5", "Y": "0.5"},
    ("West Unit", "1.2"): {"X": "2", "Y": "2", "Z": "1.5"},
}


def lay(round_: Round, apps: dict[str, Application], users: dict[str, User], marks) -> None:
    Mark.objects.bulk_create(
        Mark(
            round=round_,
            application=apps[name],
            assessor=users[who],
            clause_key=key,
            method="material",
            points=Decimal(points),
            framework_id=apps[name].award.framework_id,
        )
        for (name, key), given in marks.items()
        for who, points in given.items()
    )


@pytest.fixture
def example(world, cast, assessment):
    users = {
        n: with_role(
            UserFactory(username=f"assessor-{n}", display_name=f"评分人{n}"), Role.ASSESSOR
        )
        for n in "XY"
    }
    users["Z"] = with_role(
        UserFactory(username="assessor-Z", display_name="评分人Z"), Role.ASSESSOR
    )
    with_role(users["Z"], Role.BODY, body=world.education)  # where Z works
    services.group_member_add(acting_user=cast.city, group=assessment.east_group, user=users["X"])
    lay(assessment.round, assessment.apps, users, EXAMPLE)
    return users


def page(client, user, round_: Round):
    login(client, user)
    return client.get(f"/assessment/rounds/{round_.pk}/assessors/")


def test_the_office_sees_each_assessors_severity_as_computed_by_hand(
    client, cast, assessment, example
):
    response = page(client, cast.city, assessment.round)
    assert response.status_code == 200
    rows = {str(r.user): r for r in response.context["c"].assessors}
    text = response.content.decode()
    # Harshest first.
    assert [str(r.user) for r in response.context["c"].assessors] == [
        "评分人Y",
        "评分人Z",
        "评分人X",
    ]
    assert "+0.81 分" in text
    assert "\u22120.63 分" in text
    assert "\u22120.25 分" in text
    assert "+40.63%" in text  # 0.8125 of 2 points
    assert (rows["评分人X"].severity.marks, rows["评分人Z"].severity.marks) == (4, 3)
    assert "East group（East County）" in text  # X's group and where it comes from
    assert rows["评分人Z"].scope == "Education Bureau"
    assert "平均比其他人低 0.63 分（约为要点分值的 31.25%），评分偏严" in text
    assert "平均比其他人高 0.81 分" in text


def test_the_office_sees_the_disputed_clauses_with_text_marks_spread_and_variance(
    client, cast, assessment, example
):
    response = page(client, cast.city, assessment.round)
    text = response.content.decode()
    comparison = response.context["c"]
    assert (comparison.disputed, comparison.cells) == (3, 4)
    assert "评分分歧：3 项（共 4 项评分要点）" in text
    found = {
        (a.application.organization.name, d.key): (f"{d.spread.spread:.2f}", d.marks)
        for a in comparison.applicants
        for d in a.clauses
    }
    assert set(found) == {("East Unit", "1.1"), ("East Unit", "1.2"), ("West Unit", "1.1")}
    assert found[("East Unit", "1.2")] == (
        "1.50",
        [("评分人X", Decimal("2.00")), ("评分人Y", Decimal("0.50")), ("评分人Z", Decimal("1.00"))],
    )
    framework = assessment.apps["East Unit"].award.framework.to_framework()
    clause_text = sheet(framework)["1.2"].clause.text
    assert clause_text in text
    assert "0.39" in text  # East Unit 1.2's variance, 7/18
    assert "0.17" in text  # East Unit 1.1's, 1/6
    assert "分歧阈值 0.60 分" in text


def test_a_larger_margin_leaves_no_dispute(client, cast, assessment, example):
    assessment.round.disagreement_margin = Decimal("0.750")  # 1.5 points: no spread exceeds it
    assessment.round.save()
    text = page(client, cast.city, assessment.round).content.decode()
    assert "评分分歧：0 项" in text
    assert "没有评分分歧的评分要点。" in text


@pytest.mark.parametrize("who", ["assessor", "county", "applicant", "nobody"])
def test_assessors_and_strangers_are_refused(client, cast, assessment, example, who):
    response = page(client, getattr(cast, who), assessment.round)
    assert response.status_code == 403
    assert "评分人" not in response.content.decode()


def test_a_marking_assessor_cannot_see_the_others_severity(client, assessment, example):
    assert page(client, example["X"], assessment.round).status_code == 403


def test_the_page_runs_the_same_number_of_queries_whatever_the_number_of_marks(
    client, cast, assessment, example
):
    login(client, cast.city)
    url = f"/assessment/rounds/{assessment.round.pk}/assessors/"
    client.get(url)  # warm the session and the framework cache
    with CaptureQueriesContext(connection) as few:
        assert client.get(url).status_code == 200
    more = {n: with_role(UserFactory(username=f"more-{n}"), Role.ASSESSOR) for n in ("P", "Q", "R")}
    services.group_member_add(acting_user=cast.city, group=assessment.west_group, user=more["P"])
    bigger = {
        (name, key): {"P": "2", "Q": "0", "R": "1"}
        for name in ("East Village", "East Extra", "West School", "Direct Unit")
        for key in ("1.1", "1.2", "1.3", "2.1")
    }
    lay(assessment.round, assessment.apps, more, bigger)
    with CaptureQueriesContext(connection) as many:
        response = client.get(url)
    assert response.context["c"].disputed == 3 + 16
    assert len(many) == len(few)


def _breakdown(client, cast, assessment):
    services.ranking_compute(acting_user=cast.city, campaign=assessment.setup.campaign)
    result = RankingResult.objects.filter(application=assessment.apps["West Unit"]).latest("pk")
    login(client, cast.city)
    return client.get(f"/assessment/rankings/{result.pk}/").content.decode()


def test_the_breakdown_marks_a_disputed_clause_and_not_an_agreed_one(
    client, cast, assessment, example
):
    text = _breakdown(client, cast, assessment)
    rows = {line.split("</td>")[0]: line for line in text.split("<tr") if "clause-key" in line}
    disputed = next(v for k, v in rows.items() if ">1.1</strong>" in k)
    agreed = next(v for k, v in rows.items() if ">1.2</strong>" in k)
    assert "评分分歧" in disputed
    assert "极差 1.00 分，超过 0.60 分" in disputed
    assert "评分分歧" not in agreed
    assert text.count("评分分歧") == 1  # West Unit's 1.1 only


def test_the_api_gives_the_same_figures_to_the_office_only(client, cast, assessment, example):
    url = f"/api/assessment/assessor-comparisons/{assessment.round.pk}/"
    login(client, cast.city)
    body = client.get(url).json()
    severities = {a["name"]: (a["severity"], a["severity_percent"]) for a in body["assessors"]}
    assert severities == {
        "评分人X": ("0.81", "40.63"),
        "评分人Y": ("-0.63", "-31.25"),
        "评分人Z": ("-0.25", "-12.50"),
    }
    disputes = {
        (d["organization"], d["clause"]): (d["spread"], d["variance"]) for d in body["disputes"]
    }
    assert disputes == {
        ("East Unit", "1.1"): ("1.00", "0.17"),
        ("East Unit", "1.2"): ("1.50", "0.39"),
        ("West Unit", "1.1"): ("1.00", "0.25"),
    }
    assert (body["margin"], body["cells"]) == ("0.300", 4)
    login(client, cast.assessor)
    assert client.get(url).status_code == 404
