"""催办全部未答复部门: the office chases every silent department at once — one reminder,
one audit event and one mail each, in one transaction; nothing sent when one is refused."""

from datetime import timedelta

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import timezone
from tests.conftest import login
from tests.screening.test_services import no_objection

from wenming.audit.models import AuditEvent
from wenming.screening import services
from wenming.screening.models import ScreeningReminder


@pytest.fixture
def round_(screening, cast):
    return services.screening_send(
        acting_user=cast.city,
        campaign=screening.setup.campaign,
        deadline=timezone.now() + timedelta(days=5),
    )


def test_the_office_chases_every_silent_department_at_once(
    client, screening, cast, round_, django_capture_on_commit_callbacks
):
    login(client, cast.city)
    url = reverse("screening:round", args=[round_.pk])
    page = client.get(url).content.decode()
    assert "催办所选部门（未答复 2 个）" in page
    ids = list(round_.requests.values_list("pk", flat=True))
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(url, {"action": "remind_many", "request": ids}, follow=True)
    assert "已向 2 个部门催办：Police Bureau、Tax Bureau。" in response.content.decode()
    assert ScreeningReminder.objects.count() == 2
    assert AuditEvent.objects.filter(action="screening.remind").count() == 2
    assert sorted(m.to[0] for m in mail.outbox) == ["police@example.org", "tax@example.org"]


def test_an_answered_department_among_them_sends_nothing(client, screening, cast, round_):
    police = round_.requests.get(body=screening.police)
    services.screening_answer(
        acting_user=cast.reviewer,
        request=police,
        answers=no_objection(screening, "East Unit", "East Extra", "West Unit"),
    )
    login(client, cast.city)
    url = reverse("screening:round", args=[round_.pk])
    page = client.get(url).content.decode()
    assert "催办所选部门（未答复 1 个）" in page
    ids = list(round_.requests.values_list("pk", flat=True))
    response = client.post(url, {"action": "remind_many", "request": ids}, follow=True)
    assert "Police Bureau已答复，无需催办" in response.content.decode()
    assert ScreeningReminder.objects.count() == 0
    assert AuditEvent.objects.filter(action="screening.remind").count() == 0


def test_nothing_ticked_is_refused_and_others_may_not(client, screening, cast, round_):
    login(client, cast.city)
    url = reverse("screening:round", args=[round_.pk])
    response = client.post(url, {"action": "remind_many"}, follow=True)
    assert "请先勾选要催办的部门。" in response.content.decode()
    login(client, cast.county)
    ids = list(round_.requests.values_list("pk", flat=True))
    assert client.post(url, {"action": "remind_many", "request": ids}).status_code == 403
    assert ScreeningReminder.objects.count() == 0
