"""Framework versions: import, revise, publish, retire — each audited, frozen once in use."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from tests.frameworks.conftest import yiyang_document

from wenming.audit.models import AuditEvent
from wenming.frameworks.models import Framework, FrameworkStatus
from wenming.frameworks.services import (
    framework_import,
    framework_publish,
    framework_retire,
    framework_revise,
)


def test_import_creates_a_draft_with_its_figures_and_an_audit_event(world, cast):
    framework, created = framework_import(acting_user=cast.city, document=yiyang_document())
    assert created
    assert (framework.status, framework.version) == (FrameworkStatus.DRAFT, 1)
    assert (framework.maximum, framework.bonus_caps) == (100, 20)
    assert (framework.item_count, framework.criterion_count) == (11, 44)
    event = AuditEvent.objects.get(action="framework.import")
    assert event.actor_name == cast.city.display_name
    assert event.after["code"] == "yiyang-unit-2021"


def test_import_of_a_wrong_item_total_names_the_item_and_saves_nothing(world, cast):
    document = yiyang_document()
    document["items"][0]["criteria"][1]["points"] = "3"
    document["items"][0]["criteria"][1]["clauses"][0]["points"] = "3"
    with pytest.raises(ValidationError) as error:
        framework_import(acting_user=cast.city, document=document)
    assert error.value.messages == [
        "测评项目“理想信念教育”的分值为 10 分，但其测评标准合计 11 分。"
    ]
    assert not Framework.objects.exists()
    assert not AuditEvent.objects.filter(action__startswith="framework").exists()


def test_import_error_says_where_an_unnamed_field_is(world, cast):
    document = yiyang_document()
    document["items"][1]["criteria"][0]["clauses"][0]["points"] = 2.5
    with pytest.raises(ValidationError) as error:
        framework_import(acting_user=cast.city, document=document)
    assert error.value.messages == [
        "测评项目“培育和践行社会主义核心价值观” › 第 4 条标准 › 评分要点 4.1 › 分值："
        "分值 2.5 须写成带引号的文字，如 '0.5'。"
    ]


def test_only_office_staff_import(world, cast):
    for user in (cast.applicant, cast.assessor, cast.body, cast.nobody):
        with pytest.raises(PermissionDenied):
            framework_import(acting_user=user, document=yiyang_document())
    assert framework_import(acting_user=cast.county, document=yiyang_document())[1]


def test_revising_a_version_in_use_makes_the_next_version_and_leaves_it_frozen(world, cast):
    framework, _ = framework_import(acting_user=cast.city, document=yiyang_document())
    framework = framework_publish(acting_user=cast.city, framework=framework)
    document = yiyang_document()
    document["items"][0]["criteria"][2]["text"] = "新的表述"
    draft = framework_revise(acting_user=cast.city, framework=framework, document=document)
    assert (draft.version, draft.status) == (2, FrameworkStatus.DRAFT)
    assert draft.document["version"] == 2
    framework.refresh_from_db()
    assert framework.document["items"][0]["criteria"][2]["text"] != "新的表述"
    assert draft.to_domain().criterion(3).text == "新的表述"


def test_a_draft_is_edited_in_place(world, cast):
    draft, _ = framework_import(acting_user=cast.city, document=yiyang_document())
    document = yiyang_document()
    document["name"] = "益阳市文明单位测评细则（修订稿）"
    revised = framework_revise(acting_user=cast.city, framework=draft, document=document)
    assert revised.pk == draft.pk
    assert Framework.objects.get().name == "益阳市文明单位测评细则（修订稿）"
    assert revised.to_domain().name == "益阳市文明单位测评细则（修订稿）"
    assert AuditEvent.objects.filter(action="framework.edit").count() == 1


def test_publish_and_retire_follow_the_allowed_transitions(world, cast):
    draft, _ = framework_import(acting_user=cast.city, document=yiyang_document())
    with pytest.raises(ValidationError, match="当前为“草稿”，不能执行此操作"):
        framework_retire(acting_user=cast.city, framework=draft)
    in_use = framework_publish(acting_user=cast.city, framework=draft)
    with pytest.raises(ValidationError, match="当前为“使用中”"):
        framework_publish(acting_user=cast.city, framework=in_use)
    retired = framework_retire(acting_user=cast.city, framework=in_use)
    assert retired.status == FrameworkStatus.RETIRED
    actions = list(
        AuditEvent.objects.filter(action__startswith="framework").values_list("action", flat=True)
    )
    assert actions == ["framework.import", "framework.publish", "framework.retire"]
    event = AuditEvent.objects.get(action="framework.retire")
    assert (event.before["status"], event.after["status"]) == ("in_use", "retired")


def test_importing_a_changed_document_over_a_frozen_version_adds_a_version(world, cast):
    framework, _ = framework_import(acting_user=cast.city, document=yiyang_document())
    framework_publish(acting_user=cast.city, framework=framework)
    document = yiyang_document()
    document["bonuses"][0]["cap"] = "8"
    newer, created = framework_import(acting_user=cast.city, document=document)
    assert created
    assert (newer.version, newer.bonus_caps) == (2, 18)
    again, created = framework_import(acting_user=cast.city, document=document)
    assert (again.pk, created) == (newer.pk, False)
