"""The committed draw through the REST API: the same steps and refusals as the page."""

from django.utils import timezone
from tests.assessment.drawing import NUMBERS, SOURCE
from tests.assessment.test_draw import recheck
from tests.conftest import login

from wenming.assessment.models import Round


def TODAY() -> str:
    return timezone.localdate().isoformat()


def test_the_office_publishes_and_draws_through_the_api(client, cast, assessment):
    round_ = recheck(cast, assessment)
    login(client, cast.city)
    base = f"/api/assessment/draws/{round_.pk}/"
    people = [{"name": "张三", "numbers": "7"}, {"name": "李四", "numbers": "42"}]
    body = {"seed_source": SOURCE, "seed_draw_on": TODAY(), "witnesses": people}
    committed = client.post(f"{base}commit/", body, "application/json")
    assert committed.status_code == 200
    assert committed.json()["candidates_hash"] == Round.objects.get(pk=round_.pk).candidates_hash
    assert committed.json()["seed_inputs"]["witnesses"] == people
    assert committed.json()["seed_draw_on"] == TODAY()
    drawn = client.post(f"{base}draw/", {"public_numbers": NUMBERS}, "application/json").json()
    assert drawn["seed"] == Round.objects.get(pk=round_.pk).seed
    assert len(drawn["sample"]) == 4
    extended = client.post(f"{base}extend/", {"default_ratio": "1"}, "application/json").json()
    assert set(drawn["sample"]) < set(extended["sample"])
    rows = client.get("/api/assessment/samples/").json()["results"]
    assert {r["candidates_hash"] for r in rows} == {drawn["candidates_hash"]}


def test_the_api_refuses_as_the_page_does(client, cast, assessment):
    round_ = recheck(cast, assessment)
    login(client, cast.city)
    base = f"/api/assessment/draws/{round_.pk}/"
    early = client.post(f"{base}draw/", {"public_numbers": NUMBERS}, "application/json")
    assert early.status_code == 400
    assert "请先公布候选名单，再录入开奖号码抽取样本。" in early.content.decode()
    undated = client.post(f"{base}commit/", {"seed_source": SOURCE}, "application/json")
    assert undated.status_code == 400
    one = {"seed_source": SOURCE, "seed_draw_on": TODAY()}
    one["witnesses"] = [{"name": "张三", "numbers": "7"}]
    refused = client.post(f"{base}commit/", one, "application/json")
    assert refused.status_code == 400
    assert "两人或两人以上" in refused.content.decode()
    assert Round.objects.get(pk=round_.pk).committed_at is None


def test_an_assessor_reaches_no_draw(client, cast, assessment):
    round_ = recheck(cast, assessment)
    login(client, cast.assessor)
    assert client.get("/api/assessment/draws/").status_code == 403
    answer = client.post(
        f"/api/assessment/draws/{round_.pk}/commit/", {"seed_source": SOURCE}, "application/json"
    )
    assert answer.status_code == 403
    assert Round.objects.get(pk=round_.pk).committed_at is None
