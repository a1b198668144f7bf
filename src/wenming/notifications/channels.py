"""The channels a notification travels by, beyond the inbox: e-mail, SMS and work chat.

Which channels are on is a setting (``NOTIFY_CHANNELS``, settings.py's docstring). Each
sender takes one notification and either returns or raises ``SendError`` with what went
wrong; the caller retries (:mod:`.sending`).

- e-mail: Django's mail backend, to the person's address.
- SMS: a generic HTTP gateway: a JSON POST ``{"phone", "text"}`` to ``NOTIFY_SMS_URL``
  with ``Authorization: Bearer NOTIFY_SMS_KEY``; any 2xx answer is sent.
- work chat: a group robot's webhook (``NOTIFY_CHAT_URL``) in the format of
  ``NOTIFY_CHAT_KIND``: ``wecom`` (企业微信: ``{"msgtype": "text", "text": {"content",
  "mentioned_mobile_list"}}``) or ``dingtalk`` (钉钉: ``{"msgtype": "text", "text":
  {"content"}, "at": {"atMobiles"}}``, signed with ``NOTIFY_CHAT_SECRET`` when set:
  ``timestamp`` and ``sign``, the Base64 HMAC-SHA256 of "timestamp\\nsecret"). Both
  robots answer ``{"errcode": 0}`` on success; any other errcode is a failure.
"""

import base64
import hashlib
import hmac
import time
from collections.abc import Callable
from typing import Any
from urllib.parse import quote_plus

import requests
from django.conf import settings
from django.core.mail import send_mail
from django.utils.translation import gettext as _

from wenming.documents.links import site_link

from .kinds import Channel
from .models import Notification

#: Seconds a gateway may take to answer.
TIMEOUT = 10


class SendError(Exception):
    """A send that failed, with the reason shown in the delivery log."""


def enabled_channels() -> list[str]:
    """The channels switched on, the inbox always among them."""
    chosen = [c for c in getattr(settings, "NOTIFY_CHANNELS", ["inapp", "email"]) if c]
    known = [c for c in chosen if c in Channel.values]
    return [Channel.INAPP, *(c for c in known if c != Channel.INAPP)]


def text_of(notification: Notification) -> str:
    """The message as plain text, with the page's public address when there is one."""
    link = site_link(notification.url) if notification.url else ""
    body = notification.body
    if link and link not in body:
        body = f"{body}\n{link}"
    return f"{notification.title}\n{body}"


def _post(url: str, payload: dict[str, Any], headers: dict[str, str] | None = None) -> Any:
    try:
        response = requests.post(url, json=payload, headers=headers or {}, timeout=TIMEOUT)
    except requests.RequestException as error:
        raise SendError(_("无法连接网关：%(error)s") % {"error": error}) from error
    if not 200 <= response.status_code < 300:
        raise SendError(
            _("网关返回错误 %(status)s：%(text)s")
            % {"status": response.status_code, "text": response.text[:200]}
        )
    try:
        return response.json()
    except ValueError:
        return None


def send_email(notification: Notification) -> None:
    address = notification.recipient.email
    if not address:
        raise SendError(_("接收人没有登记电子邮箱。"))
    send_mail(
        notification.title,
        text_of(notification),
        settings.DEFAULT_FROM_EMAIL,
        [address],
    )


def send_sms(notification: Notification) -> None:
    url = getattr(settings, "NOTIFY_SMS_URL", "")
    if not url:
        raise SendError(_("未配置短信网关（NOTIFY_SMS_URL）。"))
    phone = notification.recipient.phone
    if not phone:
        raise SendError(_("接收人没有登记电话。"))
    key = getattr(settings, "NOTIFY_SMS_KEY", "")
    headers = {"Authorization": f"Bearer {key}"} if key else {}
    _post(url, {"phone": phone, "text": text_of(notification)}, headers)


def _dingtalk_url(url: str, secret: str) -> str:
    timestamp = str(round(time.time() * 1000))
    digest = hmac.new(secret.encode(), f"{timestamp}\n{secret}".encode(), hashlib.sha256).digest()
    sign = quote_plus(base64.b64encode(digest))
    joiner = "&" if "?" in url else "?"
    return f"{url}{joiner}timestamp={timestamp}&sign={sign}"


def chat_payload(kind: str, text: str, phone: str) -> dict[str, Any]:
    """The robot's JSON for a text message mentioning the person by phone."""
    mobiles = [phone] if phone else []
    if kind == "dingtalk":
        return {"msgtype": "text", "text": {"content": text}, "at": {"atMobiles": mobiles}}
    return {"msgtype": "text", "text": {"content": text, "mentioned_mobile_list": mobiles}}


def send_chat(notification: Notification) -> None:
    url = getattr(settings, "NOTIFY_CHAT_URL", "")
    if not url:
        raise SendError(_("未配置工作群机器人（NOTIFY_CHAT_URL）。"))
    kind = getattr(settings, "NOTIFY_CHAT_KIND", "wecom")
    secret = getattr(settings, "NOTIFY_CHAT_SECRET", "")
    if kind == "dingtalk" and secret:
        url = _dingtalk_url(url, secret)
    answer = _post(url, chat_payload(kind, text_of(notification), notification.recipient.phone))
    if isinstance(answer, dict) and answer.get("errcode", 0) != 0:
        raise SendError(
            _("机器人返回错误 %(code)s：%(message)s")
            % {"code": answer.get("errcode"), "message": answer.get("errmsg", "")}
        )


SENDERS: dict[str, Callable[[Notification], None]] = {
    Channel.EMAIL: send_email,
    Channel.SMS: send_sms,
    Channel.CHAT: send_chat,
}
