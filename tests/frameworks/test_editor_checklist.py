"""The editor on a checklist (创建标准, 达标制): a new one from its header and first item, items
added with their conditions, a condition without text refused in the importer's words,
conditions and items removed, a header without a scoring step, and the built-in family
starter revised from its frozen version."""

import pytest
from django.urls import reverse
from tests.conftest import login
from tests.frameworks.test_editor_pages import edits, revision, rows, text_of

from wenming.audit.models import AuditEvent
from wenming.domain.checklists import Checklist
from wenming.domain.framework_data import load
from wenming.frameworks import editing
from wenming.frameworks.models import Framework
from wenming.frameworks.services import framework_import


def checklist_document() -> dict:
    return {
        "kind": "checklist",
        "code": "test-family",
        "name": "测试文明家庭创建标准",
        "category": "family",
        "level": "municipal",
        "version": 1,
        "items": [
            {
                "number": 1,
                "name": "爱国守法",
                "conditions": [
                    {"key": "1.1", "text": "热爱祖国。", "methods": ["material"]},
                    {"key": "1.2", "text": "遵纪守法。", "departments": ["公安机关", "村（社区）"]},
                ],
            },
            {
                "number": 2,
                "name": "遵德守礼",
                "conditions": [{"key": "2.1", "text": "邻里和睦。"}],
            },
        ],
        "negative_list": [],
    }


@pytest.fixture
def checklist(cast) -> Framework:
    framework, _created = framework_import(acting_user=cast.city, document=checklist_document())
    return framework


def test_a_new_checklist_has_no_step_and_loads():
    header = {"code": "c", "name": "标准", "category": "family", "step": "0.5", "notes": ""}
    item = editing.item_with_conditions(1, "爱国守法", [{"key": "1.1", "text": "热爱祖国。"}])
    document = editing.checklist_new(header, item)
    assert "step" not in document
    assert document["negative_list"] == []
    assert isinstance(load(document), Checklist)
    assert editing.condition_keys(checklist_document(), skip_item=0) == {"2.1"}


def test_office_creates_a_checklist_from_the_new_page(client, cast):
    login(client, cast.city)
    url = reverse("frameworks:editor_new_checklist")
    page = client.get(url).content.decode()
    assert 'name="step"' not in page
    assert 'value="family" selected' in page
    data = {"code": "qinghe-family", "name": "清河市文明家庭创建标准", "category": "family"}
    data |= {"level": "municipal", "item-number": "1", "item-name": "爱国守法"}
    data |= rows(
        {"text": "热爱祖国。", "methods": ["material"], "departments": "村（社区）、 妇联"},
        {"text": "遵纪守法。", "key": "1.9"},
        blank=1,
    )
    response = client.post(url, data, follow=True)
    assert "已创建草稿，请继续添加标准项目和达标条件。" in text_of(response)
    framework = Framework.objects.get(code="qinghe-family")
    assert (framework.kind, framework.status) == ("checklist", "draft")
    assert framework.criterion_count == 2
    assert "step" not in framework.document
    assert framework.document["items"][0]["conditions"] == [
        {
            "key": "1.1",
            "text": "热爱祖国。",
            "methods": ["material"],
            "departments": ["村（社区）", "妇联"],
        },
        {"key": "1.9", "text": "遵纪守法。"},
    ]
    assert AuditEvent.objects.filter(action="framework.import").count() == 1


def test_a_new_checklist_without_a_condition_is_refused(client, cast):
    login(client, cast.city)
    data = {"code": "empty-family", "name": "空标准", "category": "family"}
    data |= {"item-number": "1", "item-name": "爱国守法"} | rows(blank=2)
    response = client.post(reverse("frameworks:editor_new_checklist"), data)
    assert "标准项目“爱国守法”没有达标条件。" in text_of(response)
    assert 'value="空标准"' in response.content.decode()
    assert not Framework.objects.exists()


def test_the_editor_shows_items_and_conditions_without_points(client, cast, checklist):
    login(client, cast.city)
    page = text_of(client.get(reverse("frameworks:editor", args=[checklist.pk])))
    assert "编辑创建标准（达标制）" in page
    assert "2 个标准项目，3 项达标条件" in page
    assert "1.2 遵纪守法。 — 公安机关、村（社区）" in page
    assert "添加标准项目" in page
    assert "满分" not in page
    assert "评分步长" not in page
    assert "添加测评标准" not in page


def test_adding_an_item_with_its_conditions(client, cast, checklist):
    login(client, cast.city)
    url = reverse("frameworks:editor_add", args=[checklist.pk, "items"])
    page = client.get(url).content.decode()
    assert 'name="number" value="3"' in page
    assert "达标条件 1" in page
    data = {"number": "3", "name": "平等和谐"}
    both = {"text": "夫妻互敬互爱。", "methods": ["material", "onsite"]}
    data |= rows(both, {"text": "尊老爱幼。"})
    response = client.post(url, data | revision(checklist), follow=True)
    assert "已保存。标准项目“平等和谐”现有 2 项达标条件。" in text_of(response)
    checklist.refresh_from_db()
    assert checklist.document["items"][2] == {
        "number": 3,
        "name": "平等和谐",
        "conditions": [
            {"key": "3.1", "text": "夫妻互敬互爱。", "methods": ["material", "onsite"]},
            {"key": "3.2", "text": "尊老爱幼。"},
        ],
    }
    assert checklist.criterion_count == 5
    assert edits() == 1


def test_a_condition_without_text_is_refused_naming_it(client, cast, checklist):
    login(client, cast.city)
    before = Framework.objects.get(pk=checklist.pk).document
    url = reverse("frameworks:editor_part", args=[checklist.pk, "items", 1])
    data = {"number": "2", "name": "遵德守礼"}
    data |= rows({"key": "2.1", "text": "邻里和睦。"}, {"departments": "村（社区）"}, initial=1)
    response = client.post(url, data | revision(checklist))
    text = text_of(response)
    assert "未保存" in text
    assert "达标条件 2.2 缺少内容。" in text
    assert 'name="rows-1-departments" value="村（社区）"' in response.content.decode()
    assert Framework.objects.get(pk=checklist.pk).document == before
    assert edits() == 0


def test_a_key_another_item_uses_is_refused_and_a_blank_one_skips_it(client, cast, checklist):
    login(client, cast.city)
    url = reverse("frameworks:editor_part", args=[checklist.pk, "items", 1])
    data = {"number": "2", "name": "遵德守礼"} | revision(checklist)
    text = text_of(client.post(url, data | rows({"key": "1.1", "text": "重复。"})))
    assert "达标条件编号 1.1 重复。" in text
    # A blank key takes the next <item>.<n> that no condition uses.
    data = {"number": "1", "name": "爱国守法"} | revision(checklist)
    data |= rows({"key": "1.2", "text": "遵纪守法。"}, {"text": "新条件。"}, initial=1)
    client.post(reverse("frameworks:editor_part", args=[checklist.pk, "items", 0]), data)
    checklist.refresh_from_db()
    keys = [c["key"] for c in checklist.document["items"][0]["conditions"]]
    assert keys == ["1.2", "1.3"]


def test_removing_a_condition_and_an_item(client, cast, checklist):
    login(client, cast.city)
    url = reverse("frameworks:editor_part", args=[checklist.pk, "items", 0])
    assert 'name="rows-1-key" value="1.2"' in client.get(url).content.decode()
    data = {"number": "1", "name": "爱国守法"}
    data |= rows(
        {"key": "1.1", "text": "热爱祖国。", "methods": ["material"]},
        {"key": "1.2", "text": "遵纪守法。", "DELETE": "on"},
        initial=2,
    )
    client.post(url, data | revision(checklist))
    checklist.refresh_from_db()
    assert [c["key"] for c in checklist.document["items"][0]["conditions"]] == ["1.1"]
    remove = reverse("frameworks:editor_remove", args=[checklist.pk, "items", 0])
    response = client.post(remove, revision(checklist), follow=True)
    assert "已删除。" in text_of(response)
    checklist.refresh_from_db()
    assert [i["name"] for i in checklist.document["items"]] == ["遵德守礼"]
    last = reverse("frameworks:editor_remove", args=[checklist.pk, "items", 0])
    client.post(last, revision(checklist))
    assert Framework.objects.get(pk=checklist.pk).item_count == 1  # a checklist keeps one
    assert edits() == 2


def test_the_header_has_no_step(client, cast, checklist):
    login(client, cast.city)
    url = reverse("frameworks:editor_header", args=[checklist.pk])
    page = client.get(url).content.decode()
    assert 'name="step"' not in page
    assert "评分步长" not in page
    data = {"name": "改名的标准", "category": "family", "level": "provincial", "notes": "说明"}
    client.post(url, data | revision(checklist))
    checklist.refresh_from_db()
    assert (checklist.name, checklist.level) == ("改名的标准", "provincial")
    assert "step" not in checklist.document
    assert checklist.document["notes"] == "说明"


def test_the_negative_list_and_unknown_sections(client, cast, checklist):
    login(client, cast.city)
    negative = reverse("frameworks:editor_add", args=[checklist.pk, "negative_list"])
    client.post(negative, {"text": "有违法犯罪行为"} | revision(checklist))
    checklist.refresh_from_db()
    assert checklist.document["negative_list"] == [{"key": "negative-1", "text": "有违法犯罪行为"}]
    for url in [
        reverse("frameworks:editor_add", args=[checklist.pk, "bonuses"]),
        reverse("frameworks:editor_add_in", args=[checklist.pk, 0, "criteria"]),
    ]:
        assert client.get(url).status_code == 404, url


def test_only_office_staff_edit_a_checklist(client, cast, checklist):
    urls = [
        reverse("frameworks:editor_new_checklist"),
        reverse("frameworks:editor", args=[checklist.pk]),
        reverse("frameworks:editor_part", args=[checklist.pk, "items", 0]),
    ]
    for user in (cast.applicant, cast.assessor, cast.nobody):
        login(client, user)
        for url in urls:
            assert client.get(url).status_code == 403, (user, url)
            assert client.post(url, {"name": "x"} | revision(checklist)).status_code == 403
    assert edits() == 0


def test_the_family_starter_is_frozen_and_revised(client, cast, loaded):
    login(client, cast.city)
    family = loaded["family-example"]
    page = text_of(client.get(reverse("frameworks:editor", args=[family.pk])))
    assert "已冻结，不能直接修改：已作出的审核认定始终指向它。" in page
    assert "添加标准项目" not in page
    response = client.post(reverse("frameworks:editor_revise", args=[family.pk]), follow=True)
    draft = Framework.objects.get(code="family-example", version=2)
    assert response.redirect_chain[-1][0] == reverse("frameworks:editor", args=[draft.pk])
    assert "添加标准项目" in text_of(response)


def test_the_list_offers_a_new_checklist(client, cast):
    login(client, cast.city)
    page = client.get(reverse("frameworks:index")).content.decode()
    assert reverse("frameworks:editor_new_checklist") in page
    assert "新建创建标准（达标制）" in page
