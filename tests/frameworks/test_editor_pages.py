"""The framework editor's pages: a new framework, items and criteria added and changed,
an edit the importer refuses saving nothing, who may edit, and frozen versions."""

import re

import pytest
from django.urls import reverse
from tests.conftest import login
from tests.frameworks.test_editor_editing import document as small_document

from wenming.audit.models import AuditEvent
from wenming.frameworks.models import Framework
from wenming.frameworks.services import framework_import, framework_publish


def text_of(response) -> str:
    html = response.content.decode()
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html))


def rows(*filled: dict, initial: int = 0, blank: int = 0) -> dict:
    """A formset's fields: the filled rows, then ``blank`` empty ones."""
    data = {
        "rows-TOTAL_FORMS": str(len(filled) + blank),
        "rows-INITIAL_FORMS": str(initial),
        "rows-MIN_NUM_FORMS": "0",
        "rows-MAX_NUM_FORMS": "1000",
    }
    for index, row in enumerate(filled):
        data |= {f"rows-{index}-{key}": value for key, value in row.items()}
    return data


def revision(framework: Framework) -> dict:
    framework.refresh_from_db()
    return {"revision": framework.updated_at.isoformat()}


def edits() -> int:
    return AuditEvent.objects.filter(action="framework.edit").count()


@pytest.fixture
def draft(cast) -> Framework:
    framework, _created = framework_import(acting_user=cast.city, document=small_document())
    return framework


def test_office_creates_a_framework_from_the_new_page(client, cast):
    login(client, cast.city)
    data = {
        "code": "qinghe-unit-2026",
        "name": "清河市文明单位测评细则",
        "category": "unit",
        "level": "municipal",
        "step": "0.5",
        "item-number": "1",
        "item-name": "理想信念教育",
        "criterion-number": "1",
        "criterion-points": "3",
        "criterion-text": "学习教育。",
    } | rows(
        {
            "points": "2",
            "text": "理论学习。",
            "methods": ["material", "onsite"],
            "departments": "办公室、 工会",
        },
        {"points": "1", "key": "1.9"},
        blank=1,
    )
    response = client.post(reverse("frameworks:editor_new"), data, follow=True)
    assert "已创建草稿" in text_of(response)
    framework = Framework.objects.get(code="qinghe-unit-2026")
    assert framework.status == "draft"
    assert framework.maximum == 3
    assert framework.document["items"][0]["criteria"][0]["clauses"] == [
        {
            "key": "1.1",
            "text": "理论学习。",
            "points": "2",
            "methods": ["material", "onsite"],
            "departments": ["办公室", "工会"],
        },
        {"key": "1.9", "points": "1"},
    ]
    assert AuditEvent.objects.filter(action="framework.import").count() == 1


def test_new_page_refuses_a_code_in_use_and_a_sum_that_does_not_add_up(client, cast, draft):
    login(client, cast.city)
    data = {
        "code": draft.code,
        "name": "另一个",
        "category": "unit",
        "step": "0.5",
        "item-number": "1",
        "item-name": "项目",
        "criterion-number": "1",
        "criterion-points": "3",
    } | rows({"points": "2"})
    text = text_of(client.post(reverse("frameworks:editor_new"), data))
    assert "编码“test-unit”已被其他测评体系使用。" in text
    data["code"] = "other-unit"
    response = client.post(reverse("frameworks:editor_new"), data)
    assert "第 1 条测评标准的分值为 3 分，但其评分要点合计 2 分。" in text_of(response)
    assert 'value="另一个"' in response.content.decode()
    assert list(Framework.objects.values_list("code", flat=True)) == ["test-unit"]


def test_adding_a_criterion_raises_its_item_and_is_audited(client, cast, draft):
    login(client, cast.city)
    url = reverse("frameworks:editor_add_in", args=[draft.pk, 1, "criteria"])
    assert 'value="5"' in client.get(url).content.decode()  # the next number is offered
    data = {"number": "5", "points": "1.5", "text": "新标准", "adjust_item": "on"}
    data |= rows({"points": "1"}, {"points": "0.5"}, blank=1) | revision(draft)
    response = client.post(url, data, follow=True)
    assert "已保存。测评项目“文明优质服务”现为 5.5 分。" in text_of(response)
    draft.refresh_from_db()
    assert draft.maximum == 11.5
    criteria = draft.document["items"][1]["criteria"]
    assert criteria[1] == {
        "number": 5,
        "text": "新标准",
        "points": "1.5",
        "clauses": [{"key": "5.1", "points": "1"}, {"key": "5.2", "points": "0.5"}],
    }
    event = AuditEvent.objects.get(action="framework.edit")
    assert event.before["document"]["items"][1]["points"] == "4"
    assert event.after["document"]["items"][1]["points"] == "5.5"
    assert event.actor == cast.city


def test_an_invalid_edit_saves_nothing_and_keeps_the_input(client, cast, draft):
    login(client, cast.city)
    before = Framework.objects.get(pk=draft.pk).document
    url = reverse("frameworks:editor_part_in", args=[draft.pk, 0, "criteria", 0])
    data = {"number": "1", "points": "4", "adjust_item": "on"}
    data |= rows({"key": "1.1", "points": "2"}, {"key": "1.2", "points": "3"}, initial=2)
    response = client.post(url, data | revision(draft))
    assert response.status_code == 200
    text = text_of(response)
    assert "未保存" in text
    assert "第 1 条测评标准的分值为 4 分，但其评分要点合计 5 分。" in text
    assert 'name="rows-1-points" value="3"' in response.content.decode()
    assert Framework.objects.get(pk=draft.pk).document == before
    assert edits() == 0


def test_item_total_kept_fixed_must_match_its_criteria(client, cast, draft):
    login(client, cast.city)
    url = reverse("frameworks:editor_part_in", args=[draft.pk, 1, "criteria", 0])
    data = {"number": "4", "points": "3"} | rows({"key": "4.1", "points": "3"}, initial=1)
    text = text_of(client.post(url, data | revision(draft)))  # adjust_item left unticked
    assert "测评项目“文明优质服务”的分值为 4 分，但其测评标准合计 3 分。" in text
    item = reverse("frameworks:editor_part", args=[draft.pk, "items", 1])
    data = {"number": "3", "name": "文明优质服务", "points": "5"}
    text = text_of(client.post(item, data | revision(draft)))
    assert "测评项目“文明优质服务”的分值为 5 分，但其测评标准合计 4 分。" in text
    assert edits() == 0


def test_changing_a_criterion_and_removing_a_scoring_point(client, cast, draft):
    login(client, cast.city)
    url = reverse("frameworks:editor_part_in", args=[draft.pk, 0, "criteria", 0])
    page = client.get(url).content.decode()
    assert 'name="rows-1-key" value="1.2"' in page
    data = {"number": "1", "points": "2", "text": "改过的标准", "adjust_item": "on"}
    data |= rows(
        {"key": "1.1", "points": "2"}, {"key": "1.2", "points": "2", "DELETE": "on"}, initial=2
    )
    client.post(url, data | revision(draft))
    draft.refresh_from_db()
    item = draft.document["items"][0]
    assert item["points"] == "4"
    assert item["criteria"][0] == {
        "number": 1,
        "text": "改过的标准",
        "points": "2",
        "clauses": [{"key": "1.1", "points": "2"}],
    }
    assert edits() == 1


def test_header_changes_and_the_code_stays(client, cast, draft):
    login(client, cast.city)
    url = reverse("frameworks:editor_header", args=[draft.pk])
    data = {"code": "renamed", "name": "新名称", "category": "campus", "level": "", "step": "1"}
    data |= {"edition": "2026年版", "notes": "说明"}
    client.post(url, data | revision(draft))
    draft.refresh_from_db()
    assert (draft.code, draft.name, draft.category, draft.level) == (
        "test-unit",
        "新名称",
        "campus",
        "",
    )
    assert draft.document["step"] == "1"
    assert draft.document["notes"] == "说明"


def test_a_clause_off_the_new_step_is_refused(client, cast, draft):
    login(client, cast.city)
    url = reverse("frameworks:editor_part_in", args=[draft.pk, 1, "criteria", 0])
    data = {"number": "4", "points": "4", "adjust_item": "on"}
    client.post(url, data | rows({"key": "4.1", "points": "4"}, initial=1) | revision(draft))
    header = reverse("frameworks:editor_header", args=[draft.pk])
    data = {"name": "测试测评细则", "category": "unit", "step": "3"}
    text = text_of(client.post(header, data | revision(draft)))
    assert "评分要点 1.1 的分值 2 不是评分步长 3 的整数倍。" in text


def test_removing_a_criterion_and_refusing_to_empty_an_item(client, cast, draft):
    login(client, cast.city)
    remove = reverse("frameworks:editor_remove_in", args=[draft.pk, 0, "criteria", 1])
    response = client.post(remove, revision(draft), follow=True)
    assert "已删除。" in text_of(response)
    draft.refresh_from_db()
    assert draft.document["items"][0]["points"] == "4"
    assert draft.maximum == 8
    last = reverse("frameworks:editor_remove_in", args=[draft.pk, 1, "criteria", 0])
    response = client.post(last, revision(draft), follow=True)
    assert "测评项目“文明优质服务”没有测评标准。" in text_of(response)
    draft.refresh_from_db()
    assert len(draft.document["items"][1]["criteria"]) == 1
    assert edits() == 1


def test_adding_and_removing_an_item(client, cast, draft):
    login(client, cast.city)
    url = reverse("frameworks:editor_add", args=[draft.pk, "items"])
    page = client.get(url).content.decode()
    assert 'name="item-number" value="4"' in page
    assert 'name="criterion-number" value="5"' in page
    data = {"item-number": "2", "item-name": "文明风尚行动", "criterion-number": "5"}
    data |= {"criterion-points": "2"} | rows({"points": "2", "methods": "questionnaire"})
    client.post(url, data | revision(draft))
    draft.refresh_from_db()
    assert [i["name"] for i in draft.document["items"]] == [
        "思想道德建设",
        "文明风尚行动",
        "文明优质服务",
    ]
    assert draft.maximum == 12
    client.post(reverse("frameworks:editor_remove", args=[draft.pk, "items", 0]), revision(draft))
    draft.refresh_from_db()
    assert [i["number"] for i in draft.document["items"]] == [2, 3]


def test_an_unchanged_edit_saves_nothing(client, cast, draft):
    login(client, cast.city)
    url = reverse("frameworks:editor_part", args=[draft.pk, "items", 0])
    data = {"number": "1", "name": "思想道德建设", "points": "6"}
    response = client.post(url, data | revision(draft), follow=True)
    assert "内容没有变化，未做改动。" in text_of(response)
    assert edits() == 0


def test_an_edit_from_a_page_opened_before_another_save_is_refused(client, cast, draft):
    login(client, cast.city)
    stale = revision(draft)
    url = reverse("frameworks:editor_part", args=[draft.pk, "items", 0])
    client.post(url, {"number": "1", "name": "改名", "points": "6"} | stale)
    text = text_of(client.post(url, {"number": "1", "name": "再改名", "points": "6"} | stale))
    assert "测评体系在您编辑期间已被修改，请重新打开后再改。" in text
    draft.refresh_from_db()
    assert draft.document["items"][0]["name"] == "改名"
    remove = reverse("frameworks:editor_remove", args=[draft.pk, "items", 0])
    client.post(remove, stale)
    assert Framework.objects.get(pk=draft.pk).item_count == 2


def test_a_part_that_does_not_exist_is_not_found(client, cast, draft):
    login(client, cast.city)
    for url in [
        reverse("frameworks:editor_part", args=[draft.pk, "items", 9]),
        reverse("frameworks:editor_part", args=[draft.pk, "components", 0]),
        reverse("frameworks:editor_add", args=[draft.pk, "criteria"]),  # criteria sit in an item
        reverse("frameworks:editor_add_in", args=[draft.pk, 0, "bonuses"]),
        reverse("frameworks:editor_add_in", args=[draft.pk, 7, "criteria"]),
    ]:
        assert client.get(url).status_code == 404, url


def test_only_office_staff_may_edit(client, cast, draft):
    before = Framework.objects.get(pk=draft.pk).document
    urls = [
        reverse("frameworks:editor_new"),
        reverse("frameworks:editor", args=[draft.pk]),
        reverse("frameworks:editor_header", args=[draft.pk]),
        reverse("frameworks:editor_add", args=[draft.pk, "bonuses"]),
        reverse("frameworks:editor_part", args=[draft.pk, "items", 0]),
    ]
    posts = [
        *urls[2:],
        reverse("frameworks:editor_remove", args=[draft.pk, "items", 0]),
        reverse("frameworks:editor_revise", args=[draft.pk]),
    ]
    for user in (cast.applicant, cast.assessor, cast.nobody):
        login(client, user)
        for url in urls:
            assert client.get(url).status_code == 403, (user, url)
        for url in posts:
            data = {"number": "1", "name": "x", "points": "6"} | revision(draft)
            assert client.post(url, data).status_code == 403, (user, url)
    assert Framework.objects.get(pk=draft.pk).document == before
    assert edits() == 0


def test_a_frozen_version_is_refused_and_revised_into_a_draft(client, cast, yiyang):
    login(client, cast.city)
    before = Framework.objects.get(pk=yiyang.pk).document
    page = text_of(client.get(reverse("frameworks:editor", args=[yiyang.pk])))
    assert "第 1 版使用中，已冻结" in page
    assert "修订（生成新版本）" in page
    assert "添加测评标准" not in page
    url = reverse("frameworks:editor_part", args=[yiyang.pk, "items", 0])
    data = {"number": "1", "name": "改名", "points": "10"} | revision(yiyang)
    response = client.post(url, data, follow=True)
    assert "第 1 版使用中，已冻结，不能修改；请修订生成新的草稿版本。" in text_of(response)
    remove = reverse("frameworks:editor_remove", args=[yiyang.pk, "items", 0])
    client.post(remove, revision(yiyang))
    assert Framework.objects.get(pk=yiyang.pk).document == before
    assert edits() == 0
    assert client.get(url).status_code == 302

    response = client.post(reverse("frameworks:editor_revise", args=[yiyang.pk]), follow=True)
    new = Framework.objects.get(code="yiyang-unit-2021", version=2)
    assert response.redirect_chain[-1][0] == reverse("frameworks:editor", args=[new.pk])
    assert "已生成第 2 版草稿，可以修改。" in text_of(response)
    assert new.status == "draft"
    page = text_of(client.get(reverse("frameworks:editor", args=[yiyang.pk])))
    assert "编辑草稿第 2 版" in page  # the draft is offered, not a second revision


def test_a_revision_edited_in_the_editor_is_compared_and_published(client, cast, draft):
    framework_publish(acting_user=cast.city, framework=draft)
    login(client, cast.city)
    client.post(reverse("frameworks:editor_revise", args=[draft.pk]))
    new = Framework.objects.get(code="test-unit", version=2)
    url = reverse("frameworks:editor_part_in", args=[new.pk, 0, "criteria", 0])
    data = {"number": "1", "points": "4", "text": "修订后的第一条标准"}
    data |= rows({"key": "1.1", "points": "3"}, {"key": "1.2", "points": "1"}, initial=2)
    client.post(url, data | revision(new))
    editor = text_of(client.get(reverse("frameworks:editor", args=[new.pk])))
    assert "版本对比" in editor
    diff = text_of(client.get(reverse("frameworks:diff", args=[new.pk])))
    assert "第 1 版 → 第 2 版" in diff
    assert "测评标准：新增 0 条，删除 0 条，修改 1 条" in diff
    assert "评分要点：新增 0 个，删除 0 个，修改 2 个" in diff
    assert "修订后的第一条标准" in diff
    client.post(reverse("frameworks:action", args=[new.pk, "publish"]))
    assert Framework.objects.get(pk=new.pk).status == "in_use"
    assert Framework.objects.get(pk=draft.pk).document["items"][0]["criteria"][0] == {
        "number": 1,
        "points": "4",
        "clauses": [{"key": "1.1", "points": "2"}, {"key": "1.2", "points": "2"}],
    }  # the first version, frozen, is unchanged


def test_composites_are_not_edited_here(client, cast, loaded):
    login(client, cast.city)
    liaocheng = loaded["liaocheng-midyear-2018"]
    response = client.get(reverse("frameworks:editor", args=[liaocheng.pk]), follow=True)
    assert "这类测评体系暂不能在线编辑" in text_of(response)


def test_list_and_detail_link_to_the_editor_for_office_staff(client, cast, draft):
    login(client, cast.city)
    assert "新建测评体系" in text_of(client.get(reverse("frameworks:index")))
    detail = client.get(reverse("frameworks:detail", args=[draft.pk])).content.decode()
    assert reverse("frameworks:editor", args=[draft.pk]) in detail
    login(client, cast.applicant)
    assert "新建测评体系" not in text_of(client.get(reverse("frameworks:index")))
    detail = client.get(reverse("frameworks:detail", args=[draft.pk])).content.decode()
    assert reverse("frameworks:editor", args=[draft.pk]) not in detail
