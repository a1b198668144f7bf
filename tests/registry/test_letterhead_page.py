"""发文设置: the office sets its letterhead and reads its register of issued documents."""

from datetime import date

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from tests.conftest import login

from wenming.audit.models import AuditEvent
from wenming.documents.style import date_words
from wenming.registry.letterheads import document_number_issue, letterhead_set
from wenming.registry.models import DocumentKind, Letterhead

pytestmark = pytest.mark.django_db

FORM = {
    "mark": "City精神文明建设委员会办公室文件",
    "number_code": "市文明办",
    "signature": "City精神文明建设委员会办公室",
    "printer": "City精神文明建设委员会办公室",
    "copies_to": "市委宣传部\n市直各单位",
}


def _url(world) -> str:
    return reverse("registry:letterhead", args=[world.city.pk])


@pytest.mark.parametrize(
    ("who", "status"),
    [("city", 200), ("admin", 200), ("county", 403), ("applicant", 403), ("assessor", 403)],
)
def test_who_may_open_the_citys_settings(client, cast, world, who, status) -> None:
    login(client, getattr(cast, who))
    assert client.get(_url(world)).status_code == status
    assert client.post(_url(world), FORM).status_code in {status, 302 if status == 200 else 403}


def test_the_menu_leads_an_office_to_its_own_settings(client, cast, world) -> None:
    login(client, cast.city)
    home = client.get("/").content.decode()
    assert "发文设置" in home
    response = client.get(reverse("registry:letterheads"))
    assert response.url == _url(world)
    login(client, cast.applicant)
    assert "发文设置" not in client.get("/").content.decode()
    assert client.get(reverse("registry:letterheads")).status_code == 403


def test_saving_shows_a_message_the_next_number_and_is_audited(client, cast, world) -> None:
    login(client, cast.city)
    page = client.get(_url(world)).content.decode()
    assert "City精神文明建设委员会办公室文件" in page  # the defaults
    assert "尚未设置机关代字" in page
    response = client.post(_url(world), FORM, follow=True)
    page = response.content.decode()
    assert "发文设置已保存" in page
    year = timezone.localdate().year
    assert f"下一份公文的发文字号：市文明办〔{year}〕1号" in page
    saved = Letterhead.objects.get(office=world.city)
    assert saved.copies_list == ("市委宣传部", "市直各单位")
    assert AuditEvent.objects.filter(action="letterhead.set").count() == 1


def test_a_bad_issuer_code_is_refused_in_chinese_and_nothing_saved(client, cast, world) -> None:
    login(client, cast.city)
    response = client.post(_url(world), FORM | {"number_code": "市文明办〔2026〕"})
    assert response.status_code == 200
    page = response.content.decode()
    assert "机关代字不含括号" in page
    assert not Letterhead.objects.filter(office=world.city).exists()
    response = client.post(_url(world), FORM | {"mark": ""})
    assert "该字段是必填项。" in response.content.decode()
    assert not Letterhead.objects.filter(office=world.city).exists()


def test_the_register_lists_each_issued_number(client, cast, world) -> None:
    letterhead_set(acting_user=cast.city, office=world.city, **FORM)
    for title in ("关于年中考核情况的通报", "关于推荐全国文明单位的报告"):
        document_number_issue(
            acting_user=cast.city,
            office=world.city,
            kind=DocumentKind.BULLETIN if "通报" in title else DocumentKind.RECOMMENDATION_REPORT,
            title=title,
            on=date(2026, 12, 1),
        )
    login(client, cast.city)
    page = client.get(_url(world)).content.decode()
    assert page.index("市文明办〔2026〕2号") < page.index("市文明办〔2026〕1号")  # newest first
    assert "推荐报告" in page
    assert "关于年中考核情况的通报" in page
    assert date_words(timezone.localdate()) in page  # 登记时间, today


def test_the_register_names_each_clerk_and_reads_in_constant_queries(client, cast, world) -> None:
    letterhead_set(acting_user=cast.city, office=world.city, **FORM)
    cast.city.display_name = "王小明"
    cast.city.save(update_fields=["display_name"])
    cast.admin.display_name = "李华"
    cast.admin.save(update_fields=["display_name"])

    def issue(user, n: int) -> None:
        for _ in range(n):
            document_number_issue(
                acting_user=user,
                office=world.city,
                kind=DocumentKind.BULLETIN,
                title="关于年中考核情况的通报",
                on=date(2026, 12, 1),
            )

    issue(cast.city, 1)
    login(client, cast.city)
    with CaptureQueriesContext(connection) as few:
        page = client.get(_url(world)).content.decode()
    assert "王小明" in page
    assert cast.city.username not in page.split("<tbody>", 1)[1]
    issue(cast.admin, 5)
    with CaptureQueriesContext(connection) as many:
        page = client.get(_url(world)).content.decode()
    assert "李华" in page
    assert "市文明办〔2026〕6号" in page
    assert len(many) == len(few)
