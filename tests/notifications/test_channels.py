"""Each channel sends through a local receiver (issue 16 acceptance): e-mail to the
locmem outbox, SMS and both chat robots to an HTTP server on 127.0.0.1; a failed webhook
is retried with backoff and marked failed after the limit; preferences suppress a
channel."""

from datetime import timedelta
from urllib.parse import parse_qs, urlsplit

from django.test import override_settings
from django.urls import reverse
from django.utils import timezone
from tests.conftest import login

from wenming.notifications import sending, services
from wenming.notifications.models import Delivery, DeliveryStatus, Notification

from .conftest import returned_message


def _notify(user, region_path: str = "") -> Notification:
    message = returned_message(user.pk, region_path=region_path)
    [made] = services.notifications_create(messages=[("test:1", message)])
    return made


@override_settings(NOTIFY_CHANNELS=["inapp", "email"])
def test_an_email_goes_to_the_recipients_address(
    cast, mailoutbox, django_capture_on_commit_callbacks
):
    cast.applicant.email = "east@example.org"
    cast.applicant.save()
    with django_capture_on_commit_callbacks(execute=True):
        _notify(cast.applicant)
    [mail] = mailoutbox
    assert mail.to == ["east@example.org"]
    assert mail.subject == "申报被退回：East Unit · 市级文明单位"
    assert "退回意见：补充佐证材料" in mail.body
    assert Delivery.objects.get().status == DeliveryStatus.SENT


@override_settings(NOTIFY_CHANNELS=["inapp", "sms"], NOTIFY_SMS_KEY="sms-key")
def test_an_sms_is_posted_to_the_gateway_with_the_phone_and_text(
    cast, receiver, settings, django_capture_on_commit_callbacks
):
    settings.NOTIFY_SMS_URL = receiver.url
    cast.applicant.phone = "13800001111"
    cast.applicant.save()
    with django_capture_on_commit_callbacks(execute=True):
        _notify(cast.applicant)
    [request] = receiver.requests
    assert request["headers"]["Authorization"] == "Bearer sms-key"
    assert request["json"]["phone"] == "13800001111"
    assert request["json"]["text"].startswith("申报被退回：East Unit · 市级文明单位\n")
    assert Delivery.objects.get().status == DeliveryStatus.SENT


@override_settings(NOTIFY_CHANNELS=["inapp", "chat"], NOTIFY_CHAT_KIND="wecom")
def test_a_wecom_robot_gets_a_text_message_mentioning_the_phone(
    cast, receiver, settings, django_capture_on_commit_callbacks
):
    settings.NOTIFY_CHAT_URL = receiver.url + "?key=robot"
    cast.applicant.phone = "13800001111"
    cast.applicant.save()
    with django_capture_on_commit_callbacks(execute=True):
        _notify(cast.applicant)
    [request] = receiver.requests
    assert request["path"] == "/hook?key=robot"
    body = request["json"]
    assert body["msgtype"] == "text"
    assert body["text"]["mentioned_mobile_list"] == ["13800001111"]
    assert "您单位的申报“East Unit · 市级文明单位”已被退回修改" in body["text"]["content"]


@override_settings(
    NOTIFY_CHANNELS=["inapp", "chat"], NOTIFY_CHAT_KIND="dingtalk", NOTIFY_CHAT_SECRET="SECabc"
)
def test_a_dingtalk_robot_gets_a_signed_text_message(
    cast, receiver, settings, django_capture_on_commit_callbacks
):
    settings.NOTIFY_CHAT_URL = receiver.url + "?access_token=t"
    cast.applicant.phone = "13800001111"
    cast.applicant.save()
    with django_capture_on_commit_callbacks(execute=True):
        _notify(cast.applicant)
    [request] = receiver.requests
    query = parse_qs(urlsplit(request["path"]).query)
    assert query["access_token"] == ["t"]
    assert query["timestamp"][0].isdigit()
    assert query["sign"][0]
    assert request["json"]["at"] == {"atMobiles": ["13800001111"]}
    assert request["json"]["text"]["content"].startswith("申报被退回")


@override_settings(
    NOTIFY_CHANNELS=["inapp", "chat"], NOTIFY_MAX_ATTEMPTS=3, NOTIFY_RETRY_SECONDS=60
)
def test_a_failing_webhook_is_retried_with_backoff_then_marked_failed_in_the_log(
    world, cast, client, receiver, settings, django_capture_on_commit_callbacks
):
    settings.NOTIFY_CHAT_URL = receiver.url
    receiver.answer = (500, {"error": "down"})
    with django_capture_on_commit_callbacks(execute=True):
        notification = _notify(cast.applicant, region_path=world.city.path)
    delivery = Delivery.objects.get(notification=notification)
    assert (delivery.status, delivery.attempts) == (DeliveryStatus.RETRYING, 1)
    first_wait = delivery.next_attempt_at - timezone.now()
    assert timedelta(seconds=50) < first_wait <= timedelta(seconds=60)
    # Not yet due: nothing is sent again.
    assert sending.send_due(timezone.now()) == 0
    sending.send_due(delivery.next_attempt_at)
    delivery.refresh_from_db()
    assert (delivery.status, delivery.attempts) == (DeliveryStatus.RETRYING, 2)
    sending.send_due(delivery.next_attempt_at)
    delivery.refresh_from_db()
    assert (delivery.status, delivery.attempts) == (DeliveryStatus.FAILED, 3)
    assert len(receiver.requests) == 3
    assert "网关返回错误 500" in delivery.last_error
    # Past the limit it is never tried again.
    assert sending.send_due(timezone.now() + timedelta(days=1)) == 0
    login(client, cast.city)
    text = client.get(reverse("notifications:deliveries")).content.decode()
    assert "发送失败" in text
    assert "网关返回错误 500" in text
    # Another county's office does not see the city's deliveries.
    login(client, cast.county)
    assert (
        "网关返回错误 500" not in client.get(reverse("notifications:deliveries")).content.decode()
    )


@override_settings(NOTIFY_CHANNELS=["inapp", "chat"])
def test_a_robot_errcode_counts_as_a_failure(
    cast, receiver, settings, django_capture_on_commit_callbacks
):
    settings.NOTIFY_CHAT_URL = receiver.url
    receiver.answer = (200, {"errcode": 93000, "errmsg": "invalid webhook url"})
    with django_capture_on_commit_callbacks(execute=True):
        _notify(cast.applicant)
    delivery = Delivery.objects.get()
    assert delivery.status == DeliveryStatus.RETRYING
    assert delivery.last_error == "机器人返回错误 93000：invalid webhook url"


@override_settings(NOTIFY_CHANNELS=["inapp", "email", "sms"])
def test_preferences_suppress_a_channel(
    cast, receiver, settings, mailoutbox, django_capture_on_commit_callbacks
):
    settings.NOTIFY_SMS_URL = receiver.url
    cast.applicant.email, cast.applicant.phone = "east@example.org", "13800001111"
    cast.applicant.save()
    services.preferences_set(
        acting_user=cast.applicant, off=[("application_returned", "sms")], daily_digest=False
    )
    with django_capture_on_commit_callbacks(execute=True):
        _notify(cast.applicant)
    assert len(mailoutbox) == 1
    assert receiver.requests == []
    assert list(Delivery.objects.values_list("channel", flat=True)) == ["email"]


@override_settings(NOTIFY_CHANNELS=["inapp", "email"])
def test_turning_the_inbox_off_keeps_the_notification_out_of_the_unread_count(cast):
    services.preferences_set(
        acting_user=cast.applicant, off=[("application_returned", "inapp")], daily_digest=False
    )
    made = _notify(cast.applicant)
    assert made.read_at is not None
    assert Notification.objects.filter(recipient=cast.applicant, read_at=None).count() == 0


@override_settings(NOTIFY_CHANNELS=["inapp", "email"])
def test_the_daily_digest_gathers_the_days_mail_into_one(
    cast, mailoutbox, django_capture_on_commit_callbacks
):
    cast.applicant.email = "east@example.org"
    cast.applicant.save()
    services.preferences_set(acting_user=cast.applicant, off=[], daily_digest=True)
    with django_capture_on_commit_callbacks(execute=True):
        services.notifications_create(
            messages=[(f"test:{i}", returned_message(cast.applicant.pk)) for i in range(3)]
        )
    assert mailoutbox == []
    today = timezone.localdate()
    assert sending.digest_send(today) == 1
    assert sending.digest_send(today) == 0  # once a day
    [mail] = mailoutbox
    assert mail.subject == "【通知汇总】今日通知 3 条"
    assert mail.body.count("申报被退回") == 3
    assert set(Delivery.objects.values_list("status", flat=True)) == {DeliveryStatus.SENT}
