"""Texts shown to people: notices, reward rules, class headings (translated here, not in
templates' logic)."""

from decimal import Decimal

from django.utils.translation import gettext as _

from wenming.documents.style import date_words
from wenming.domain.review import ReviewClass

from .models import CLASS_LABELS, GRADE_LABELS, Notice, NoticeKind, Review


def notice_text(notice: Notice) -> str:
    item = notice.item
    params = {
        "title": item.title,
        "org": item.responsible_name,
        "deadline": date_words(item.deadline),
    }
    if notice.kind == NoticeKind.OVERDUE:
        return (
            _(
                "督办事项“%(title)s”（责任单位：%(org)s）"
                "已超过整改期限 %(deadline)s，请立即办理并反馈。"
            )
            % params
        )
    if notice.kind == NoticeKind.ESCALATED:
        return (
            _(
                "老问题“%(title)s”（责任单位：%(org)s）"
                "逾期未整改（期限 %(deadline)s），已提交您研究解决。"
            )
            % params
        )
    return (
        _("督办事项“%(title)s”（责任单位：%(org)s）将于 %(deadline)s 到期，请按时整改并反馈。")
        % params
    )


def class_heading(number: int, review_class: ReviewClass, count: int) -> str:
    """E.g. （一）现有全国文明单位排名（7个）, as the Liaocheng bulletin heads its tables."""
    numerals = _("一二三四五")
    return _("（%(n)s）%(label)s排名（%(count)d个）") % {
        "n": numerals[number - 1] if number <= len(numerals) else number,
        "label": CLASS_LABELS[review_class],
        "count": count,
    }


def reward_rule_text(review: Review) -> str:
    """The office's reward rule in words, shown on the review page."""
    share = (review.top_share * 100).normalize()
    weights = review.grade_weights or {}
    text = _(
        "不合格或排在后 %(bottom)d 名的村（社区）取消当月奖励资格，并约谈、限期整改。"
        "本期奖励资金的 %(share)s%% 作为二次奖励，"
        "由排名前 %(top)d 名（且有奖励资格）的村（社区）平分；"
        "其余资金由所有有奖励资格的村（社区）"
    ) % {"bottom": review.bottom_n, "share": f"{share:f}", "top": review.top_n}
    if weights and any(Decimal(str(w)) != 1 for w in weights.values()):
        parts = _("、").join(
            f"{GRADE_LABELS.get(g, g)} {Decimal(str(w)).normalize():f}" for g, w in weights.items()
        )
        text += _("按等次权重（%(parts)s）分配。") % {"parts": parts}
    else:
        text += _("平均分配。")
    text += _("金额按元保留两位小数、向下取整，余下的分按名次先后逐一补足，合计等于本期奖励资金。")
    return text
