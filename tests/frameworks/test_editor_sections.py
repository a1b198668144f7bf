"""The editor's lists beside the tree: threshold indicators, bonus items, deductions and the
negative list, each added, changed and removed, and refused in the importer's words."""

from django.urls import reverse
from tests.conftest import login
from tests.frameworks.test_editor_pages import draft, edits, revision, rows, text_of  # noqa: F401

from wenming.domain.framework_data import load


def test_a_threshold_indicator_from_a_questionnaire_and_a_ratio(client, cast, draft):  # noqa: F811
    login(client, cast.city)
    url = reverse("frameworks:editor_add", args=[draft.pk, "thresholds"])
    page = client.get(url).content.decode()
    assert "第 3 条（2 分）" in page
    data = {"criterion": "3"} | rows(
        {"kind": "questionnaire", "questionnaire": "public_satisfaction", "minimum": "80"},
        {
            "kind": "ratio",
            "numerator": "party_member_volunteers",
            "denominator": "party_members",
            "minimum": "80",
            "all_required_below": "20",
        },
        blank=1,
    )
    client.post(url, data | revision(draft))
    draft.refresh_from_db()
    assert draft.document["thresholds"] == [
        {
            "criterion": 3,
            "points": "2",  # left blank: the criterion's points
            "conditions": [
                {
                    "key": "public_satisfaction",
                    "kind": "questionnaire",
                    "questionnaire": "public_satisfaction",
                    "minimum": "0.8",
                },
                {
                    "key": "party_member_volunteers_share",
                    "kind": "ratio",
                    "numerator": "party_member_volunteers",
                    "denominator": "party_members",
                    "minimum": "0.8",
                    "all_required_below": 20,
                },
            ],
        }
    ]
    page = text_of(client.get(reverse("frameworks:editor", args=[draft.pk])))
    assert "党员注册志愿者数 / 在职党员数 ≥ 80%（在职党员数不足 20 人时须全部达到）" in page


def test_a_threshold_is_refused_in_the_forms_and_importers_words(client, cast, draft):  # noqa: F811
    login(client, cast.city)
    url = reverse("frameworks:editor_add", args=[draft.pk, "thresholds"])
    ratio = {"kind": "ratio", "numerator": "staff", "minimum": "50"}
    text = text_of(client.post(url, {"criterion": "3"} | rows(ratio) | revision(draft)))
    assert "按统计数据计算的条件须选择分子和分母。" in text
    questionnaire = {"kind": "questionnaire", "questionnaire": "staff_support", "minimum": "90"}
    data = {"criterion": "3", "points": "1"} | rows(questionnaire)
    text = text_of(client.post(url, data | revision(draft)))
    assert "第 3 条标准的达标分值 1 与该标准分值 2 不一致。" in text
    text = text_of(client.post(url, {"criterion": "3"} | rows() | revision(draft)))
    assert "第 3 条标准的达标指标没有条件。" in text
    assert edits() == 0


def test_changing_and_removing_a_threshold(client, cast, draft):  # noqa: F811
    login(client, cast.city)
    add = reverse("frameworks:editor_add", args=[draft.pk, "thresholds"])
    condition = {"kind": "questionnaire", "questionnaire": "staff_support", "minimum": "90"}
    client.post(add, {"criterion": "3"} | rows(condition) | revision(draft))
    url = reverse("frameworks:editor_part", args=[draft.pk, "thresholds", 0])
    assert 'name="rows-0-minimum" value="90"' in client.get(url).content.decode()
    condition = {"key": "staff_support", "kind": "questionnaire"}
    condition |= {"questionnaire": "staff_support", "minimum": "95"}
    client.post(url, {"criterion": "3"} | rows(condition, initial=1) | revision(draft))
    draft.refresh_from_db()
    assert draft.document["thresholds"][0]["conditions"][0]["minimum"] == "0.95"
    remove = reverse("frameworks:editor_remove", args=[draft.pk, "thresholds", 0])
    client.post(remove, revision(draft))
    draft.refresh_from_db()
    assert draft.document["thresholds"] == []
    assert edits() == 3


def test_a_bonus_item_with_its_levels_window_and_cap(client, cast, draft):  # noqa: F811
    login(client, cast.city)
    url = reverse("frameworks:editor_add", args=[draft.pk, "bonuses"])
    data = {
        "key": "experience_promoted",
        "name": "经验推介",
        "cap": "10",
        "window_start": "2024-01-01",
        "window_end": "2025-12-31",
        "once_per_content": "on",
        "text": "同一内容按最高分加分。",
        "methods": ["material"],
        "departments": "办公室",
    } | rows(
        {"level": "national", "points": "3", "text": "中央媒体"},
        {"level": "provincial", "points": "2"},
    )
    client.post(url, data | revision(draft))
    draft.refresh_from_db()
    assert draft.bonus_caps == 10
    assert draft.document["bonuses"] == [
        {
            "key": "experience_promoted",
            "name": "经验推介",
            "cap": "10",
            "window_start": "2024-01-01",
            "window_end": "2025-12-31",
            "once_per_content": True,
            "levels": [
                {"level": "national", "points": "3", "text": "中央媒体"},
                {"level": "provincial", "points": "2"},
            ],
            "text": "同一内容按最高分加分。",
            "methods": ["material"],
            "departments": ["办公室"],
        }
    ]
    assert load(draft.document).bonuses[0].points_for("national") == 3


def test_a_bonus_item_is_refused_in_the_importers_words(client, cast, draft):  # noqa: F811
    login(client, cast.city)
    url = reverse("frameworks:editor_add", args=[draft.pk, "bonuses"])
    data = {"key": "honor", "name": "荣誉", "cap": "5"}
    data |= {"window_start": "2025-01-01", "window_end": "2024-01-01"}
    text = text_of(
        client.post(url, data | rows({"level": "national", "points": "2"}) | revision(draft))
    )
    assert "加分项目 honor 的起始日期晚于截止日期。" in text
    data["window_end"] = "2025-12-31"
    level = {"level": "national", "points": "2"}
    text = text_of(client.post(url, data | rows(level, level) | revision(draft)))
    assert "加分项目 honor 的档次重复。" in text
    text = text_of(client.post(url, data | rows() | revision(draft)))
    assert "加分项目 honor 没有加分档次。" in text
    assert edits() == 0


def test_deductions_and_the_negative_list_get_keys_of_their_own(client, cast, draft):  # noqa: F811
    login(client, cast.city)
    deductions = reverse("frameworks:editor_add", args=[draft.pk, "deductions"])
    client.post(deductions, {"text": "发生安全事故", "points": "2", "cap": "6"} | revision(draft))
    client.post(deductions, {"text": "被通报批评", "points": "1"} | revision(draft))
    negative = reverse("frameworks:editor_add", args=[draft.pk, "negative_list"])
    client.post(negative, {"text": "发生重大违法违纪案件"} | revision(draft))
    draft.refresh_from_db()
    assert draft.document["deductions"] == [
        {"key": "deduction-1", "text": "发生安全事故", "points": "2", "cap": "6"},
        {"key": "deduction-2", "text": "被通报批评", "points": "1"},
    ]
    assert draft.document["negative_list"] == [
        {"key": "negative-1", "text": "发生重大违法违纪案件"}
    ]
    page = text_of(client.get(reverse("frameworks:editor", args=[draft.pk])))
    assert "发生安全事故 2 6" in page
    assert "发生重大违法违纪案件" in page

    client.post(
        reverse("frameworks:editor_part", args=[draft.pk, "deductions", 1]),
        {"key": "deduction-2", "text": "被通报", "points": "1.5"} | revision(draft),
    )
    client.post(
        reverse("frameworks:editor_remove", args=[draft.pk, "negative_list", 0]), revision(draft)
    )
    draft.refresh_from_db()
    assert draft.document["deductions"][1] == {
        "key": "deduction-2",
        "text": "被通报",
        "points": "1.5",
    }
    assert draft.document["negative_list"] == []
