"""Chinese messages for the creation domain's errors (due-date words of tasks)."""

from django.utils.translation import gettext as _

from wenming.domain.creation import DueDateError

__all__ = ["due_date_message"]


def due_date_message(error: DueDateError) -> str:
    """What to tell the user about due words that cannot be read, quoting the words."""
    text = str(error.params.get("text", "")).strip()
    if error.code == "empty":
        return _("请填写完成时间，例如“第一季度”“每季度”“10月底前”或“2026年8月底前”。")
    if error.code == "no_such_date":
        return _("完成时间“%(text)s”中的日期不存在：请检查月份和日期。") % {"text": text}
    return _(
        "无法识别完成时间“%(text)s”：请写成“第一季度”“每季度”“10月底前”或“2026年8月底前”这样的说法。"
    ) % {"text": text}
