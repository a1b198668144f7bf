"""Mails that call someone to act carry the page's public address when SITE_URL is set,
and no half address without it (a worker has no request to take a host from)."""

from django.core import mail
from django.test import override_settings
from tests.screening.test_services import send

from wenming.screening import services

SITE = "https://wenming.example.gov.cn"


@override_settings(SITE_URL=SITE)
def test_a_reminder_mail_links_to_the_departments_answer_page(
    screening, cast, django_capture_on_commit_callbacks
):
    request = send(screening, cast).requests.get(body=screening.tax)
    with django_capture_on_commit_callbacks(execute=True):
        services.screening_remind(acting_user=cast.city, request=request)
    [message] = mail.outbox
    assert message.body.endswith(f"办理地址：{SITE}/screening/request/{request.pk}/")


def test_without_site_url_the_reminder_carries_no_address(
    screening, cast, django_capture_on_commit_callbacks
):
    request = send(screening, cast).requests.get(body=screening.tax)
    with django_capture_on_commit_callbacks(execute=True):
        services.screening_remind(acting_user=cast.city, request=request)
    [message] = mail.outbox
    assert "办理地址" not in message.body
    assert "/screening/" not in message.body
