"""The committee's downloads are named in Chinese (RFC 5987 ``filename*``), as offices
save them: the certificate by unit and title, the honor roll, plaque list and papers by
the campaign's edition in words."""

from urllib.parse import unquote

from django.urls import reverse
from tests.committee.test_documents import honor_roll, named  # noqa: F401  (the fixture)
from tests.conftest import login

from wenming.committee.models import Certificate


def _name(response) -> str:
    header = response["Content-Disposition"]
    return unquote(header.split("filename*=UTF-8''")[1])


def test_committee_downloads_are_named_in_chinese(
    client,
    cast,
    named,  # noqa: F811
    django_capture_on_commit_callbacks,
) -> None:
    login(client, cast.city)
    certificate = Certificate.objects.get(application__organization__name="东城文明单位")
    response = client.get(f"/committee/certificate/{certificate.pk}.pdf")
    assert _name(response) == "东城文明单位第二十届市级文明单位证书.pdf"
    assert response["Content-Disposition"].startswith("inline;")
    # The honor roll is a background document: its job's download has the name.
    job, _body = honor_roll(client, named, django_capture_on_commit_callbacks)
    response = client.get(reverse("exports:download", args=[job.pk]))
    assert _name(response).startswith("第二十届市级文明单位")
    assert _name(response).endswith("光荣册.pdf")
    response = client.get(f"/committee/decision/{named.pk}/plaques.xlsx")
    assert _name(response).endswith("牌匾制作清单.xlsx")
    assert response["Content-Disposition"].startswith("attachment;")
    response = client.get(f"/committee/meeting/{named.meeting.pk}/papers.pdf")
    assert _name(response).endswith("评审会议材料.pdf")
