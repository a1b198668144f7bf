"""The departments' answers as Excel: every answer of the round or only the vetoes (the
page's link), named in Chinese, only for the running office."""

from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from tests.conftest import login
from tests.core.test_list_exports import filename_of, sheet_rows
from tests.screening.conftest import pdf_bytes
from tests.screening.test_views import round_  # noqa: F401  (the fixture)

URL = "/exports/screening-answers.xlsx"


def test_answers_export_has_the_rounds_answers_or_its_vetoes(
    client,
    screening,
    cast,
    round_,  # noqa: F811
) -> None:
    s = screening
    police = round_.requests.get(body=s.police)
    login(client, cast.reviewer)
    client.post(
        reverse("screening:answer", args=[police.pk]),
        {
            f"verdict-{s.apps['East Unit'].pk}": "no_objection",
            f"verdict-{s.apps['West Unit'].pk}": "no_objection",
            f"verdict-{s.apps['East Extra'].pk}": "veto",
            f"reason-{s.apps['East Extra'].pk}": "=Fined for pollution in 2025",
            f"document-{s.apps['East Extra'].pk}": SimpleUploadedFile(
                "fine.pdf", pdf_bytes(), content_type="application/pdf"
            ),
        },
    )
    login(client, cast.city)
    page = client.get(reverse("screening:round", args=[round_.pk])).content.decode()
    assert f"{URL}?round={round_.pk}&amp;verdict=veto" in page
    response = client.get(URL, {"round": round_.pk})
    assert filename_of(response).endswith("联审意见.xlsx")
    rows = sheet_rows(response)
    assert rows[1][:4] == ["部门", "单位名称", "申报称号", "意见"]
    assert sorted((r[1], r[3]) for r in rows[2:]) == [
        ("East Extra", "一票否决"),
        ("East Unit", "无异议"),
        ("West Unit", "无异议"),
    ]
    vetoes = sheet_rows(client.get(URL, {"round": round_.pk, "verdict": "veto"}))
    assert [(r[1], r[4]) for r in vetoes[2:]] == [("East Extra", "'=Fined for pollution in 2025")]
    login(client, cast.reviewer)
    assert client.get(URL, {"round": round_.pk}).status_code == 403
