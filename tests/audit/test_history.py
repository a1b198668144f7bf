"""An organization's history page: each event by its label, each changed field by its name."""

import datetime
import re

from django.db import transaction
from django.urls import reverse
from tests.conftest import login

from wenming.audit.labels import action_label
from wenming.audit.services import audit_record
from wenming.registry.services import organization_update, title_add


def history(client, user, organization) -> str:
    login(client, user)
    page = client.get(reverse("registry:organization", args=[organization.pk])).content.decode()
    section = page[page.index("操作记录") :]
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", section))


def test_an_update_shows_its_label_and_only_the_changed_field(client, world, cast):
    organization_update(acting_user=cast.city, organization=world.east_unit, name="Renamed")
    text = history(client, cast.city, world.east_unit)
    assert "修改组织信息" in text
    assert "1 个字段" in text
    assert "East Unit Renamed" in text
    assert "联系人" not in text  # unchanged fields are not listed


def test_a_title_recorded_on_an_organization_shows_the_titles_fields(client, world, cast):
    title_add(
        acting_user=cast.city,
        organization=world.east_unit,
        category="unit",
        level="municipal",
        edition=2024,
        naming_body="City Committee",
        document_number="C〔2024〕1号",
        named_on=datetime.date(2024, 12, 1),
    )
    text = history(client, cast.city, world.east_unit)
    assert "记录称号" in text
    assert "命名文号" in text
    assert "市级" in text
    assert "C〔2024〕1号" in text
    assert "title_id" not in text


def test_a_payload_key_named_like_a_reverse_relation_is_shown_as_recorded(client, world, cast):
    # "titles" is the reverse relation from Title to Organization, not a field of the
    # organization: it has no label, so the key is shown as recorded.
    with transaction.atomic():
        audit_record(
            actor=cast.city,
            action="organization.update",
            obj=world.east_unit,
            before={"titles": 1},
            after={"titles": 2},
        )
    text = history(client, cast.city, world.east_unit)
    assert "titles 1 2" in text


def test_an_action_without_a_registered_label_shows_its_code():
    assert action_label("organization.create") == "登记组织"
    assert action_label("campaigns.unknown_action") == "campaigns.unknown_action"


def test_the_state_machine_moves_read_as_the_campaigns_app_names_them():
    assert action_label("application.submit") == "申报"
    assert action_label("screening.answer_on_behalf") == "代录成员单位书面复函"
