"""A self-mark save reads the application's campaign, award and organization with its
locked row, and the answer's row from the mark just saved (issue 14's workspace load)."""

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from tests.assessment.test_mark_save_queries import selects_from
from tests.campaigns.test_application_sheet import apply

from wenming.audit.models import AuditEvent
from wenming.campaigns.models import SelfMark


def test_a_self_mark_save_reads_each_thing_once(client, cast, campaign, world):
    application = apply(client, cast, campaign, world)
    url = reverse("campaigns:self_mark", args=[application.pk, "1.2"])
    for points in ("1", "2"):  # the first save inserts, the second updates
        with CaptureQueriesContext(connection) as queries:
            response = client.post(
                url, {"points": points, "narrative": "台账"}, HTTP_HX_REQUEST="true"
            )
        assert response.status_code == 200
        assert f'value="{points}.00"' in response.content.decode()
        for table in ("campaigns_campaign", "campaigns_award", "registry_organization"):
            assert not selects_from(queries, table), table  # read with the application
        assert len(selects_from(queries, "campaigns_selfmark")) == 1
        # The save's own transaction (a savepoint inside the test's), none for a race.
        assert len([q for q in queries if q["sql"].startswith("SAVEPOINT")]) <= 1
    assert SelfMark.objects.get().points == 2


def test_a_refused_self_mark_answers_with_the_mark_kept(client, cast, campaign, world):
    application = apply(client, cast, campaign, world)
    url = reverse("campaigns:self_mark", args=[application.pk, "1.2"])
    client.post(url, {"points": "1", "narrative": "台账"}, HTTP_HX_REQUEST="true")
    response = client.post(url, {"points": "99", "narrative": "多"}, HTTP_HX_REQUEST="true")
    assert response.status_code == 422
    row = response.content.decode()
    assert 'value="1.00"' in row
    assert "台账</textarea>" in row


def test_saving_a_self_mark_again_unchanged_writes_and_audits_nothing(
    client, cast, campaign, world
):
    application = apply(client, cast, campaign, world)
    url = reverse("campaigns:self_mark", args=[application.pk, "1.2"])
    client.post(url, {"points": "1", "narrative": "台账"}, HTTP_HX_REQUEST="true")
    events = AuditEvent.objects.filter(action="application.self_mark").count()
    with CaptureQueriesContext(connection) as queries:
        response = client.post(url, {"points": "1.0", "narrative": "台账"}, HTTP_HX_REQUEST="true")
    assert response.status_code == 200
    assert 'value="1.00"' in response.content.decode()
    assert not [q for q in queries if q["sql"].startswith(("UPDATE", "INSERT"))]
    assert AuditEvent.objects.filter(action="application.self_mark").count() == events
    # A changed narrative is a change: saved and audited.
    client.post(url, {"points": "1", "narrative": "台账齐全"}, HTTP_HX_REQUEST="true")
    assert SelfMark.objects.get().narrative == "台账齐全"
    assert AuditEvent.objects.filter(action="application.self_mark").count() == events + 1
