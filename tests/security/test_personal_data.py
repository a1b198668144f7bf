"""Personal data (GB/T 35273): phone numbers masked on the pages for whoever does not
handle them, and objectors' contacts erased a retention period after publicity closes,
with an audit event, the audit trail itself untouched."""

import io
from datetime import timedelta

import pytest
from django.core.management import CommandError, call_command
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook
from tests.conftest import login
from tests.factories import UserFactory, with_role
from tests.publicity.conftest import (  # noqa: F401 - fixtures, reused
    _fresh_cache,
    _next_year_entered,
    campaign,
    screened,
    screening,
)

from wenming.accounts.models import Role
from wenming.audit.models import AuditEvent
from wenming.publicity import services
from wenming.publicity.models import Objection, Publicity

PHONE, MASKED = "13812345678", "138****5678"
OBJECTOR, OBJECTOR_MASKED = "13900001111", "139****1111"


# --- Masking on the pages ---------------------------------------------------------------


@pytest.mark.parametrize(
    ("who", "in_full"),
    [
        ("county", True),  # the office over the organization's county keeps its record
        ("city", True),
        ("admin", True),
        ("applicant", True),  # its own contact
        ("committee", False),  # may read the organization, does not handle its contact
    ],
)
def test_an_organization_contact_phone_is_masked_for_those_who_do_not_handle_it(
    world, cast, client, who, in_full
):
    world.east_unit.contact_phone = PHONE
    world.east_unit.save()
    login(client, getattr(cast, who))
    page = client.get(reverse("registry:organization", args=[world.east_unit.pk]))
    assert page.status_code == 200
    text = page.content.decode()
    assert (PHONE in text, MASKED in text) == (in_full, not in_full)


@pytest.mark.parametrize(("who", "in_full"), [("county", True), ("committee", False)])
def test_the_organization_api_and_export_mask_the_phone_as_the_page_does(
    world, cast, client, who, in_full
):
    world.east_unit.contact_phone = PHONE
    world.east_unit.save()
    login(client, getattr(cast, who))
    shown = client.get(f"/api/organizations/{world.east_unit.pk}/").json()["contact_phone"]
    assert shown == (PHONE if in_full else MASKED)
    listed = client.get("/api/organizations/?limit=200").json()["results"]
    assert {o["contact_phone"] for o in listed if o["id"] == world.east_unit.pk} == {shown}
    response = client.get(reverse("registry:export"))
    sheet = load_workbook(io.BytesIO(b"".join(response.streaming_content))).worksheets[0]
    cells = {str(c.value) for row in sheet.iter_rows() for c in row if c.value}
    assert (PHONE in cells, MASKED in cells) == (in_full, not in_full)


@pytest.fixture
def listed(screened):  # noqa: F811 - the fixture imported above
    """The screened campaign of tests/publicity (East Unit, East Extra, West Unit)."""
    return screened


@pytest.fixture
def publicity(listed, cast):
    return services.publicity_publish(
        acting_user=cast.city,
        campaign=listed.setup.campaign,
        starts_on=timezone.localdate(),
        contact_phone="0737-1234567",
    )


def lodge(publicity, listed, contact=OBJECTOR, name="王先生"):
    return services.objection_lodge(
        acting_user=None,
        publicity=publicity,
        application_id=listed.apps["East Extra"].pk,
        reasons="Fraudulent statistics.",
        contact=contact,
        contact_name=name,
        source_ip="203.0.113.7",
    )


def test_the_running_office_sees_an_objectors_contact_and_others_see_it_masked(
    world, cast, client, listed, publicity
):
    objection = lodge(publicity, listed)
    url = reverse("publicity:objection", args=[objection.pk])
    province_office = with_role(UserFactory(), Role.OFFICE, region=world.province)
    for user, in_full in [(cast.city, True), (province_office, False), (cast.admin, False)]:
        login(client, user)
        page = client.get(url)
        assert page.status_code == 200
        text = page.content.decode()
        assert (OBJECTOR in text, OBJECTOR_MASKED in text) == (in_full, not in_full), user
    # Nobody else reaches the page at all.
    for user in (cast.county, cast.applicant, cast.committee):
        login(client, user)
        assert client.get(url).status_code == 403


def test_the_objection_api_masks_the_contact_except_for_the_running_office(
    world, cast, client, listed, publicity
):
    objection = lodge(publicity, listed)
    province_office = with_role(UserFactory(), Role.OFFICE, region=world.province)
    for user, shown in [
        (cast.city, OBJECTOR),
        (province_office, OBJECTOR_MASKED),
        (cast.admin, OBJECTOR_MASKED),
    ]:
        login(client, user)
        one = client.get(f"/api/objections/{objection.pk}/")
        assert (one.status_code, one.json()["contact"]) == (200, shown), user
        listing = client.get("/api/objections/").json()["results"]
        assert [o["contact"] for o in listing] == [shown], user


# --- Retention --------------------------------------------------------------------------


def close_days_ago(publicity: Publicity, days: int) -> None:
    """Set-up: the publicity ended ``days`` ago (closing has its own tests)."""
    Publicity.objects.filter(pk=publicity.pk).update(
        closed_at=timezone.now() - timedelta(days=days)
    )


def purge(*args: str) -> str:
    out = io.StringIO()
    call_command("purge_personal_data", *args, stdout=out)
    return out.getvalue()


def chain() -> list[tuple[int, str, str]]:
    return list(AuditEvent.objects.order_by("id").values_list("id", "action", "hash"))


def test_contacts_are_erased_a_year_after_publicity_closed(listed, publicity):
    first, second = lodge(publicity, listed), lodge(publicity, listed, "wang@example.com")
    close_days_ago(publicity, 400)
    before = chain()

    dry = purge()
    assert "试运行：将清除1次公示的2条异议的联系人信息（保存期限365天）" in dry
    assert Objection.objects.get(pk=first.pk).contact == OBJECTOR  # a dry run erases nothing
    assert chain() == before

    assert "已清除1次公示的2条异议的联系人信息（保存期限365天）。" in purge("--yes")
    for objection in Objection.objects.filter(pk__in=[first.pk, second.pk]):
        assert (objection.contact, objection.contact_name, objection.source_ip) == ("", "", None)
        assert objection.reasons == "Fraudulent statistics."  # the record itself stays
    after = chain()
    assert after[: len(before)] == before  # not one earlier event changed or went
    (event,) = AuditEvent.objects.filter(id__gt=before[-1][0])
    assert event.action == "publicity.personal_data_purge"
    assert event.after == {"objections": 2, "retention_days": 365}
    # Done once: a second run finds nothing and writes nothing.
    assert "已清除0次公示的0条异议" in purge("--yes")
    assert chain() == after


def test_contacts_are_kept_within_the_retention_period(listed, publicity):
    objection = lodge(publicity, listed)
    close_days_ago(publicity, 100)
    before = chain()
    assert "已清除0次公示的0条异议" in purge("--yes")
    objection.refresh_from_db()
    assert (objection.contact, objection.source_ip) == (OBJECTOR, "203.0.113.7")
    assert chain() == before


def test_a_period_shorter_than_the_audit_minimum_is_refused(listed, publicity):
    objection = lodge(publicity, listed)
    close_days_ago(publicity, 400)
    with pytest.raises(CommandError, match="保存期限不能少于184天"):
        purge("--yes", "--days", "100")
    objection.refresh_from_db()
    assert objection.contact == OBJECTOR
