"""A supervision reminder mail carries the item's public address when SITE_URL is set."""

from datetime import date

from django.core import mail
from django.test import override_settings
from tests.supervision.test_items import item  # noqa: F401 - the fixture

from wenming.supervision.services import items as services_items


@override_settings(SITE_URL="https://wenming.example.gov.cn/")
def test_the_reminder_mail_links_to_the_item(item, django_capture_on_commit_callbacks):  # noqa: F811
    with django_capture_on_commit_callbacks(execute=True):
        services_items.reminders_send(today=date(2026, 7, 11))
    [message] = mail.outbox
    assert "已超过整改期限 2026年7月10日" in message.body
    assert message.body.endswith(
        f"办理地址：https://wenming.example.gov.cn/supervision/items/{item.pk}/"
    )
