"""The assessment lists as Excel: every assessor's marks (all rounds or one) and the
questionnaire rates, as the pages show them, only for the running office."""

from tests.conftest import login
from tests.core.test_list_exports import filename_of, sheet_rows

from wenming.assessment import services

from .marking import give


def test_marks_export_lists_each_mark_and_narrows_to_a_round(client, cast, assessment) -> None:
    give(assessment.round, assessment.apps["East Unit"], {"1.1": ["2", "1.5"]})
    other = services.round_create(
        acting_user=cast.city,
        campaign=assessment.setup.campaign,
        kind="city_recheck",
        name="市级复核",
    )
    give(other, assessment.apps["West Unit"], {"1.2": ["0.5"]})
    login(client, cast.city)
    campaign = assessment.setup.campaign.pk
    page = client.get(f"/assessment/campaigns/{campaign}/mark-sets/").content.decode()
    assert f"/exports/marks.xlsx?campaign={campaign}&amp;round={other.pk}" in page
    response = client.get("/exports/marks.xlsx", {"campaign": campaign})
    assert filename_of(response).endswith("测评打分明细.xlsx")
    rows = sheet_rows(response)
    assert rows[1][:6] == ["测评轮次", "单位名称", "测评人员", "评分要点", "考评方法", "得分"]
    assert sorted((r[0], r[1], r[3], r[5]) for r in rows[2:]) == [
        ("交叉互检", "East Unit", "1.1", 1.5),
        ("交叉互检", "East Unit", "1.1", 2.0),
        ("市级复核", "West Unit", "1.2", 0.5),
    ]
    one = sheet_rows(client.get("/exports/marks.xlsx", {"campaign": campaign, "round": other.pk}))
    assert [(r[1], r[4]) for r in one[2:]] == [("West Unit", "材料审核")]
    login(client, cast.county)
    assert client.get("/exports/marks.xlsx", {"campaign": campaign}).status_code == 403


def test_questionnaire_rates_export_shows_the_pages_rates(client, cast, assessment) -> None:
    app = assessment.apps["East Unit"]
    tokens = services.questionnaire_tokens_issue(
        acting_user=cast.city, application=app, kind="public", count=4
    )
    for token, satisfied in zip(tokens, ["yes", "yes", "yes", "no"], strict=True):
        client.post(f"/assessment/q/{token.token}/", {"satisfied": satisfied})
    login(client, cast.city)
    campaign = assessment.setup.campaign.pk
    page = client.get(f"/assessment/campaigns/{campaign}/questionnaires/").content.decode()
    assert f"/exports/questionnaire-rates.xlsx?campaign={campaign}" in page
    response = client.get("/exports/questionnaire-rates.xlsx", {"campaign": campaign})
    assert filename_of(response).endswith("问卷调查结果.xlsx")
    rows = {r[0]: r for r in sheet_rows(response)[2:]}
    assert set(rows) == set(assessment.apps)
    assert rows["East Unit"][2:5] == ["75%", "3/4", "无法计算"]
    assert rows["West Unit"][2] == "无法计算"
    assert "75%" in page  # the same rate as the page shows
    login(client, cast.county)
    url = "/exports/questionnaire-rates.xlsx"
    assert client.get(url, {"campaign": campaign}).status_code == 403
