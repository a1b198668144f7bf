"""The work rules' findings in words: the domain's codes (``wenming.domain.workrules``)
turned into the Chinese the office reads on its pages and in the API."""

from datetime import date

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from wenming.documents.style import date_words
from wenming.domain.workrules import Problem, SuccessorStatus

QUARTER_WORDS = {1: gettext_lazy("第一季度"), 2: gettext_lazy("第二季度"),
                 3: gettext_lazy("第三季度"), 4: gettext_lazy("第四季度")}  # fmt: skip
HALF_WORDS = {1: gettext_lazy("上半年"), 2: gettext_lazy("下半年")}
SUCCESSOR_LABELS = {
    SuccessorStatus.NAMED: gettext_lazy("已按期指定继任者"),
    SuccessorStatus.NAMED_LATE: gettext_lazy("继任者指定超过一周"),
    SuccessorStatus.WAITING: gettext_lazy("待指定继任者"),
    SuccessorStatus.OVERDUE: gettext_lazy("逾期未指定继任者"),
}


def _day(value: object) -> str:
    return date_words(value) if isinstance(value, date) else str(value)


def problem_text(problem: Problem) -> str:
    """One finding as a sentence."""
    p = problem.params
    if problem.code == "papers_cannot_reach":
        return _(
            "会议定于%(held)s召开，会议材料已无法在会前两天送达文明委成员：文明办须将会议内容"
            "提前两天（%(due)s前）向文明委成员通报。请调整会议日期，或尽快通报并向委员说明。"
        ) % {"held": _day(p["held_on"]), "due": _day(p["due_by"])}
    if problem.code == "papers_circulated_late":
        return _(
            "会议材料于%(on)s通报，晚于会前两天（%(due)s前），未能提前两天送达文明委成员。"
        ) % {"on": _day(p["circulated_on"]), "due": _day(p["due_by"])}
    if problem.code == "no_regular_meeting":
        words = {"year": p["year"], "quarter": QUARTER_WORDS[int(str(p["quarter"]))]}
        if p["missed"]:
            return (
                _("%(year)s年%(quarter)s未召开文明委例会（例会每年第一、四季度各召开一次）。")
                % words
            )
        return (
            _("%(year)s年%(quarter)s尚未安排文明委例会（例会每年第一、四季度各召开一次）。") % words
        )
    if problem.code == "no_joint_meeting":
        words = {"year": p["year"], "half": HALF_WORDS[int(str(p["half"]))]}
        if p["missed"]:
            return _("%(year)s年%(half)s未召开成员单位联席会议（原则上每半年召开一次）。") % words
        return _("%(year)s年%(half)s尚未安排成员单位联席会议（原则上每半年召开一次）。") % words
    return problem.code


def period_words(year: int, quarter: int | None) -> str:
    """2026年第一季度, or 2026年度."""
    if quarter is None:
        return _("%(year)s年度") % {"year": year}
    return _("%(year)s年%(quarter)s") % {"year": year, "quarter": QUARTER_WORDS[quarter]}
