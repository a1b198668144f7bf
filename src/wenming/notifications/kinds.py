"""The events people are told of, the channels, and the default wording of each event.

The wording is Django template text over a fixed set of plain variables (``VARIABLES``);
the office replaces it per event on the templates page (:mod:`.rendering` checks it).
"""

from functools import cache
from pathlib import Path

import yaml
from django.db import models
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _


class Kind(models.TextChoices):
    APPLICATION_RETURNED = "application_returned", _("申报被退回")
    APPLICATION_RECOMMENDED = "application_recommended", _("申报获推荐")
    APPLICATION_VETOED = "application_vetoed", _("申报被否决")
    APPLICATION_NAMED = "application_named", _("获得命名")
    OBJECTION_LODGED = "objection_lodged", _("收到异议")
    OBJECTION_ANSWERED = "objection_answered", _("异议已办结")
    PUBLICITY_STARTED = "publicity_started", _("公示开始")
    PUBLICITY_ENDED = "publicity_ended", _("公示结束")
    STAGE_CLOSING = "stage_closing", _("阶段即将截止")
    STAGE_CLOSED = "stage_closed", _("阶段已结束")
    PAPERS_READY = "papers_ready", _("会议材料已备好")
    ITEM_DUE = "item_due", _("督办事项即将到期")
    ITEM_OVERDUE = "item_overdue", _("督办事项已逾期")
    ITEM_ESCALATED = "item_escalated", _("督办事项已提交领导")
    RECTIFICATION_DUE = "rectification_due", _("整改报告即将到期")
    CREATION_TASK_DUE = "creation_task_due", _("创建任务即将到期")


class Channel(models.TextChoices):
    INAPP = "inapp", _("站内")
    EMAIL = "email", _("邮件")
    SMS = "sms", _("短信")
    CHAT = "chat", _("工作群")


#: The variables every template may use, with what each holds (shown on the edit page).
VARIABLES: dict[str, Promise] = {
    "recipient": _("接收人姓名"),
    "object": _("事项名称（如“某单位 · 全国文明单位”）"),
    "actor": _("操作人"),
    "date": _("相关日期（如截止日期），如2026年12月1日"),
    "detail": _("说明（如退回意见、答复）"),
    "link": _("办理地址"),
}

_DATA = Path(__file__).with_name("defaults.yaml")


@cache
def defaults() -> dict[str, tuple[str, str]]:
    """The default (subject, body) of each event, from ``defaults.yaml``: template source
    in Chinese, used until the office saves its own wording (data, not gettext: the
    office edits it as written)."""
    data = yaml.safe_load(_DATA.read_text(encoding="utf-8"))
    return {kind: (data[kind]["subject"], data[kind]["body"]) for kind in Kind.values}
