"""Hostile PDFs where a PDF is the only thing taken: a department's veto document on the
screening answer page, and a unit's stamped recommendation report. Scripted, encrypted
and truncated files are refused with a Chinese message; no answer or report is saved."""

from datetime import timedelta

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone
from tests.campaigns.conftest import campaign  # noqa: F401  (a fixture, offered here)
from tests.conftest import login
from tests.factories import reach_stage
from tests.screening.conftest import screening  # noqa: F401  (a fixture, offered here)
from tests.security.hostile import encrypted_pdf, scripted_pdf, truncated_pdf

from wenming.audit.models import AuditEvent
from wenming.campaigns.models import Recommendation
from wenming.screening import services
from wenming.screening.models import ScreeningAnswer

CASES = [
    ("script", scripted_pdf("open"), "含有脚本"),
    ("hex script", scripted_pdf("hex"), "含有脚本"),
    ("encrypted", encrypted_pdf(), "已加密"),
    ("truncated", truncated_pdf(), "不完整"),
]
IDS = [c[0] for c in CASES]


@pytest.mark.parametrize(("label", "data", "message"), CASES, ids=IDS)
def test_a_veto_document_that_is_hostile_is_refused(
    client,
    cast,
    screening,  # noqa: F811  (a fixture)
    label,
    data,
    message,
) -> None:
    round_ = services.screening_send(
        acting_user=cast.city,
        campaign=screening.setup.campaign,
        deadline=timezone.now() + timedelta(days=5),
    )
    police = round_.requests.get(body=screening.police)
    app = screening.apps["East Extra"].pk
    login(client, cast.reviewer)
    events = AuditEvent.objects.count()  # after the login, which is audited itself
    response = client.post(
        reverse("screening:answer", args=[police.pk]),
        {
            f"verdict-{app}": "veto",
            f"reason-{app}": "Fined",
            f"document-{app}": SimpleUploadedFile("依据.pdf", data),
        },
        follow=True,
    )
    assert message in response.content.decode()
    assert ScreeningAnswer.objects.count() == 0
    assert AuditEvent.objects.count() == events


@pytest.mark.parametrize(("label", "data", "message"), CASES, ids=IDS)
def test_a_stamped_report_that_is_hostile_is_refused(
    world,
    cast,
    campaign,  # noqa: F811  (a fixture)
    client,
    label,
    data,
    message,
) -> None:
    reach_stage(campaign.campaign, "recommendation")
    login(client, cast.county)
    events = AuditEvent.objects.count()  # after the login, which is audited itself
    url = reverse("campaigns:recommendation", args=[campaign.campaign.pk])
    upload = SimpleUploadedFile("推荐报告.pdf", data, content_type="application/pdf")
    response = client.post(url, {"responsible_person": "赵文华", "stamped_pdf": upload})
    assert message in response.content.decode()
    assert Recommendation.objects.filter(submitted_at__isnull=False).count() == 0
    assert AuditEvent.objects.count() == events
