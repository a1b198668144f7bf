"""Inline help (本页说明) on the screening pages: the office's round and a department's
answer page each open with a folded explanation of what to do."""

from datetime import timedelta

from django.urls import reverse
from django.utils import timezone
from tests.conftest import login

from wenming.screening import services


def _help(page: str) -> str:
    return page.split('<details class="help">', 1)[1].split("</details>", 1)[0]


def test_the_screening_pages_explain_what_to_do(client, screening, cast):
    round_ = services.screening_send(
        acting_user=cast.city,
        campaign=screening.setup.campaign,
        deadline=timezone.now() + timedelta(days=5),
    )
    login(client, cast.city)
    office = _help(client.get(reverse("screening:round", args=[round_.pk])).content.decode())
    assert "代录书面复函" in office
    assert "所有部门对所有申报都答复后" in office
    police = round_.requests.get(body=screening.police)
    login(client, cast.reviewer)
    answer = _help(client.get(reverse("screening:answer", args=[police.pk])).content.decode())
    assert "“无异议”或“一票否决”" in answer
    assert "PDF 依据文件" in answer
