"""Screening API: a reviewer answers for its department; the office reads the answers."""

from datetime import timedelta

from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone
from tests.conftest import login
from tests.screening.conftest import pdf_bytes

from wenming.screening import services


def test_a_reviewer_answers_by_api_and_the_office_reads_it(client, screening, cast):
    s = screening
    round_ = services.screening_send(
        acting_user=cast.city,
        campaign=s.setup.campaign,
        deadline=timezone.now() + timedelta(days=5),
    )
    police = round_.requests.get(body=s.police)
    login(client, cast.reviewer)
    url = f"/api/screening-requests/{police.pk}/answer/"
    response = client.post(
        url,
        {
            "application": s.apps["East Extra"].pk,
            "verdict": "veto",
            "reason": "Fined",
            "document": SimpleUploadedFile("f.pdf", pdf_bytes()),
        },
    )
    assert response.status_code == 201, response.content
    assert response.json()["promoted"] == s.apps["East Alt 1"].pk
    fake = client.post(
        url,
        {
            "application": s.apps["East Unit"].pk,
            "verdict": "veto",
            "reason": "x",
            "document": SimpleUploadedFile("f.pdf", b"GIF89a not a pdf"),
        },
    )
    assert fake.status_code == 400

    login(client, s.tax_reviewer)
    assert client.post(
        url, {"application": s.apps["East Unit"].pk, "verdict": "no_objection"}
    ).status_code in (403, 404)
    assert [r["body_name"] for r in client.get("/api/screening-requests/").json()["results"]] == [
        "Tax Bureau"
    ]

    login(client, cast.city)
    rows = client.get("/api/screening-requests/").json()["results"]
    police_row = next(r for r in rows if r["body_name"] == "Police Bureau")
    assert [(a["verdict"], a["reason"]) for a in police_row["answers"]] == [("veto", "Fined")]
