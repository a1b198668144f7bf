"""Why an appeal is refused, in words (the codes are ``wenming.domain.appeals.Refusal``)."""

from datetime import date

from django.utils.translation import gettext as _

from wenming.documents.style import date_words
from wenming.domain.appeals import Refusal


def day(value: date) -> str:
    """A date as people read it: 2026年12月8日."""
    return date_words(value)


def refusal_message(code: Refusal, last_day: date | None) -> str:
    if code is Refusal.ALREADY_LODGED:
        return _("本申报已提出过申诉，每个评选项目只能申诉一次。")
    if code is Refusal.NOT_FROZEN:
        return _("测评排名尚未锁定，排名锁定后才能申诉。")
    if code is Refusal.NOT_RANKED:
        return _("该申报没有测评排名结果，不能申诉。")
    if code is Refusal.SCREENING_CLOSED:
        return _("征求意见阶段已结束，不再受理申诉。")
    return _("申诉期限已于%(day)s结束，不再受理申诉。") % {"day": day(last_day) if last_day else ""}
