"""What the reviewer found on the occurrence page: the leader and the office open the
files they approve; an office member without the application's login is told who copies
the files; a closed plan changes no more; 提交签批 waits for material; the theme hint."""

from collections.abc import Callable

import pytest
from django.core.exceptions import ValidationError
from django.test import Client
from django.urls import reverse
from tests.conftest import Cast, login
from tests.creation.conftest import Creation
from tests.creation.material_helpers import add_photo, make_occurrence, photo_upload

from wenming.campaigns.models import Evidence
from wenming.creation.models import Occurrence, OccurrenceStatus, PlanStatus
from wenming.creation.services import material as services

pytestmark = pytest.mark.django_db
CLOSED = "创建实施方案已结束，不能再修改。"


def _page(client: Client, occurrence: Occurrence) -> str:
    response = client.get(reverse("creation:occurrence", args=[occurrence.pk]))
    assert response.status_code == 200
    return response.content.decode()


def _signed_off(creation: Creation) -> Occurrence:
    occurrence = make_occurrence(creation)
    add_photo(creation, occurrence, creation.office_head)
    services.occurrence_submit(acting_user=creation.office_head, occurrence=occurrence)
    return services.occurrence_sign_off(acting_user=creation.office_leader, occurrence=occurrence)


def test_the_leader_opens_the_photo_on_a_phone_and_outsiders_get_404(
    client: Client, creation: Creation
) -> None:
    occurrence = make_occurrence(creation)
    material = add_photo(creation, occurrence, creation.office_head)
    url = reverse("creation:material_file", args=[material.pk])
    login(client, creation.office_leader)
    assert f'href="{url}"' in _page(client, occurrence)
    response = client.get(url)
    assert response.status_code == 200
    assert response["Content-Type"] == "image/jpeg"
    disposition = response["Content-Disposition"]
    assert disposition.startswith("inline;")
    # 开展道德讲堂活动-照片-讲堂.jpg, percent-encoded
    assert "filename*=UTF-8''%E5%BC%80%E5%B1%95" in disposition
    assert response.getvalue() == material.file.open("rb").read()
    login(client, creation.party_head)
    assert client.get(url).status_code == 404


def test_a_tampered_file_is_not_served(client: Client, creation: Creation, cast: Cast) -> None:
    occurrence = make_occurrence(creation)
    material = add_photo(creation, occurrence, creation.office_head)
    material.sha256 = "0" * 64
    material.save(update_fields=["sha256"])
    login(client, cast.applicant)
    response = client.get(reverse("creation:material_file", args=[material.pk]))
    assert response.status_code == 409
    assert "文件已被改动" in response.content.decode()


def test_an_office_member_without_the_application_login_is_told_who_copies(
    client: Client, creation: Creation, cast: Cast
) -> None:
    occurrence = _signed_off(creation)
    login(client, creation.office_head)  # 办公室主任, seated in the plan's office
    page = _page(client, occurrence)
    assert 'value="accept"' in page
    assert "申报联系人按“重新转入申报表”" in page
    response = client.post(
        reverse("creation:occurrence", args=[occurrence.pk]), {"action": "accept"}, follow=True
    )
    page = response.content.decode()
    assert "已验收通过" in page
    assert "未能转入" not in page
    assert not Evidence.objects.filter(application=creation.application).exists()
    assert 'value="transfer"' not in page  # they cannot copy; the contact can
    login(client, cast.applicant)
    page = _page(client, occurrence)
    assert 'value="transfer"' in page
    client.post(reverse("creation:occurrence", args=[occurrence.pk]), {"action": "transfer"})
    assert Evidence.objects.filter(application=creation.application, clause_key="4.1").exists()


def test_the_contact_is_not_warned(client: Client, creation: Creation, cast: Cast) -> None:
    occurrence = _signed_off(creation)
    login(client, cast.applicant)
    page = _page(client, occurrence)
    assert 'value="accept"' in page
    assert "申报联系人按“重新转入申报表”" not in page


def test_a_closed_plan_refuses_every_step_and_shows_no_form(
    client: Client, creation: Creation, cast: Cast
) -> None:
    open_one = make_occurrence(creation)
    material = add_photo(creation, open_one, creation.office_head)
    signed = _signed_off(creation)
    submitted = make_occurrence(creation)
    add_photo(creation, submitted, creation.office_head)
    services.occurrence_submit(acting_user=creation.office_head, occurrence=submitted)
    creation.plan.status = PlanStatus.CLOSED
    creation.plan.save(update_fields=["status"])
    head, leader, office = creation.office_head, creation.office_leader, cast.applicant
    steps: list[Callable[[], object]] = [
        lambda: services.material_add(
            acting_user=head,
            occurrence=open_one,
            kind="photo",
            upload=photo_upload(3),
            activity="道德讲堂",
        ),
        lambda: services.material_remove(acting_user=head, material=material),
        lambda: services.occurrence_submit(acting_user=head, occurrence=open_one),
        lambda: services.occurrence_sign_off(acting_user=leader, occurrence=submitted),
        lambda: services.occurrence_decline(acting_user=leader, occurrence=submitted, comment="x"),
        lambda: services.occurrence_accept(acting_user=office, occurrence=signed),
        lambda: services.occurrence_return(acting_user=office, occurrence=signed, comment="x"),
    ]
    for step in steps:
        with pytest.raises(ValidationError, match=CLOSED):
            step()
    login(client, office)
    page = _page(client, signed)
    assert CLOSED in page
    assert 'value="accept"' not in page
    assert 'value="return"' not in page
    login(client, head)
    page = _page(client, open_one)
    assert 'value="upload"' not in page
    assert 'value="submit"' not in page
    assert 'value="remove"' not in page
    response = client.post(
        reverse("creation:occurrence", args=[open_one.pk]), {"action": "submit"}, follow=True
    )
    assert CLOSED in response.content.decode()
    open_one.refresh_from_db()
    assert open_one.status == OccurrenceStatus.OPEN


def test_a_closed_plan_refuses_the_transfer(creation: Creation, cast: Cast) -> None:
    occurrence = _signed_off(creation)
    creation.application.status = "submitted"
    creation.application.save(update_fields=["status"])
    services.occurrence_accept(acting_user=cast.applicant, occurrence=occurrence)
    creation.plan.status = PlanStatus.CLOSED
    creation.plan.save(update_fields=["status"])
    with pytest.raises(ValidationError, match=CLOSED):
        services.occurrence_transfer(acting_user=cast.applicant, occurrence=occurrence)


def test_submit_waits_for_material_and_tables_are_styled(
    client: Client, creation: Creation
) -> None:
    occurrence = make_occurrence(creation)
    login(client, creation.office_head)
    page = _page(client, occurrence)
    assert 'value="submit"' not in page
    assert page.count('<div class="table-wrap"><table class="data cards">') == 2
    add_photo(creation, occurrence, creation.office_head)
    assert 'value="submit"' in _page(client, occurrence)


def test_the_theme_pattern_is_hinted_beside_the_theme(client: Client, creation: Creation) -> None:
    campaign = creation.plan.award.campaign
    campaign.theme_pattern = "益阳市2026年+{organization}+{activity}"
    campaign.save(update_fields=["theme_pattern"])
    occurrence = make_occurrence(creation)
    login(client, creation.office_head)
    page = _page(client, occurrence)
    name = creation.plan.organization.name
    assert f"主题格式：益阳市2026年{name}（活动名称）" in page
