"""Questionnaires: tokens, the public answer page, rates, and the threshold criteria."""

import re
from decimal import Decimal
from urllib.parse import quote

from django.core.cache import cache
from django.utils import timezone
from tests.conftest import login

from wenming.assessment import services, throttle
from wenming.assessment.models import QuestionnaireResponse, RankingResult
from wenming.assessment.thresholds import questionnaire_results
from wenming.campaigns.models import Stage

from .marking import give


def _answer(client, token: str, satisfied: str) -> str:
    response = client.post(f"/assessment/q/{token}/", {"satisfied": satisfied})
    return response.content.decode()


def test_public_answers_cross_80_percent_and_move_criterion_15_in_the_ranking(
    client, cast, assessment
):
    campaign = assessment.setup.campaign
    app = assessment.apps["East Unit"]
    give(assessment.round, app, {"1.1": ["2"]})
    tokens = services.questionnaire_tokens_issue(
        acting_user=cast.city, application=app, kind="public", count=5
    )
    for token in tokens[:3]:
        assert "提交成功" in _answer(client, token.token, "yes")
    assert "提交成功" in _answer(client, tokens[3].token, "no")
    services.ranking_compute(acting_user=cast.city, campaign=campaign)
    assert RankingResult.objects.get(application=app).total == Decimal("2.0000")  # 3/4: 75%
    login(client, cast.city)
    page = client.get(f"/assessment/campaigns/{campaign.pk}/questionnaires/").content.decode()
    assert "75%" in page
    assert "3/4 人" in page
    client.logout()
    _answer(client, tokens[4].token, "yes")  # 4/5: 80%, the threshold holds
    services.ranking_compute(acting_user=cast.city, campaign=campaign)
    result = RankingResult.objects.get(application=app)
    assert result.threshold_total == Decimal("2.0000")
    assert result.total == Decimal("4.0000")
    login(client, cast.city)
    page = client.get(f"/assessment/rankings/{result.pk}/").content.decode()
    assert "群众满意度 ≥ 80%" in page
    assert "4 / 5" in page


def test_a_token_takes_one_response(client, cast, assessment):
    app = assessment.apps["East Unit"]
    [token] = services.questionnaire_tokens_issue(
        acting_user=cast.city, application=app, kind="public", count=1
    )
    _answer(client, token.token, "yes")
    again = _answer(client, token.token, "no")
    assert "每个问卷码只能提交一次" in again
    assert QuestionnaireResponse.objects.count() == 1
    assert client.get("/assessment/q/not-a-token/").status_code == 404


def test_answers_are_taken_only_while_the_assessment_stage_is_open(client, cast, assessment):
    app = assessment.apps["East Unit"]
    [token] = services.questionnaire_tokens_issue(
        acting_user=cast.city, application=app, kind="public", count=1
    )
    Stage.objects.filter(campaign=assessment.setup.campaign, kind="assessment").update(
        closed_at=timezone.now()
    )
    assert "该问卷已结束。" in _answer(client, token.token, "yes")
    Stage.objects.filter(campaign=assessment.setup.campaign, kind="assessment").update(
        closed_at=None
    )
    Stage.objects.filter(campaign=assessment.setup.campaign, kind="recommendation").update(
        closed_at=None
    )
    assert "该问卷尚未开始。" in _answer(client, token.token, "yes")
    assert not QuestionnaireResponse.objects.exists()


def test_no_respondents_is_not_computable_not_zero(client, cast, assessment):
    app = assessment.apps["East Unit"]
    services.questionnaire_tokens_issue(
        acting_user=cast.city, application=app, kind="staff", count=3
    )
    assert questionnaire_results([app.pk]) == {}
    login(client, cast.city)
    campaign = assessment.setup.campaign
    page = client.get(f"/assessment/campaigns/{campaign.pk}/questionnaires/").content.decode()
    assert "无法计算" in page
    assert not re.search(r"(?<![\d.])0%", page)  # nothing is written as a zero rate


def test_staff_questionnaire_needs_every_answer(client, cast, assessment):
    app = assessment.apps["East Unit"]
    [token] = services.questionnaire_tokens_issue(
        acting_user=cast.city, application=app, kind="staff", count=1
    )
    page = client.get(f"/assessment/q/{token.token}/").content.decode()
    assert "您是否支持本单位创建文明单位" in page
    response = client.post(f"/assessment/q/{token.token}/", {"satisfied": "yes"})
    assert response.status_code == 400
    assert "请回答每一个问题" in response.content.decode()
    full = {"participates": "yes", "satisfied": "yes", "supports": "no", "knows": "yes"}
    assert "提交成功" in client.post(f"/assessment/q/{token.token}/", full).content.decode()
    rates = questionnaire_results([app.pk])[app.pk]
    assert (rates["staff_support"].positive, rates["staff_support"].respondents) == (0, 1)


def test_answers_from_one_address_are_rate_limited(client, cast, assessment, monkeypatch):
    cache.clear()
    monkeypatch.setattr(throttle, "RATE_LIMIT", 2)
    app = assessment.apps["East Unit"]
    tokens = services.questionnaire_tokens_issue(
        acting_user=cast.city, application=app, kind="public", count=3
    )
    _answer(client, tokens[0].token, "yes")
    _answer(client, tokens[1].token, "yes")
    response = client.post(f"/assessment/q/{tokens[2].token}/", {"satisfied": "yes"})
    assert response.status_code == 429
    assert "提交过于频繁" in response.content.decode()
    cache.clear()


def test_qr_sheet_has_one_inline_code_per_unused_token(client, cast, assessment):
    app = assessment.apps["East Unit"]
    tokens = services.questionnaire_tokens_issue(
        acting_user=cast.city, application=app, kind="public", count=4
    )
    _answer(client, tokens[0].token, "yes")
    login(client, cast.city)
    questionnaire = tokens[0].questionnaire
    page = client.get(f"/assessment/questionnaires/{questionnaire.pk}/sheet/").content.decode()
    assert page.count('src="data:image/svg+xml') == 3
    assert tokens[0].token not in page
    assert tokens[1].token in page
    pdf = client.get(f"/assessment/questionnaires/{questionnaire.pk}/sheet/?pdf=1")
    assert pdf["Content-Type"] == "application/pdf"
    assert pdf["Content-Disposition"].endswith("''" + quote("East Unit问卷二维码.pdf"))
    login(client, cast.county)
    url = f"/assessment/questionnaires/{questionnaire.pk}/sheet/"
    assert client.get(url).status_code == 403
