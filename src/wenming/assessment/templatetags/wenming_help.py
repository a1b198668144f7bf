"""Short inline help at the top of the pages where people hesitated (使用说明).

On the assignment board: ``{% load wenming_help %}{% setup_steps round board %}`` shows the
four steps of setting up a round (考核组 → 成员 → 抽查 → 分配), numbered, each marked done
or not from what the board already holds (no further query).
"""

from dataclasses import dataclass
from typing import Any

from django import template
from django.urls import reverse
from django.utils.translation import gettext as _

register = template.Library()


@dataclass(frozen=True)
class Step:
    number: int
    title: str
    text: str
    done: bool
    url: str = ""


def steps_of(round_: Any, board: Any) -> list[Step]:
    """The four set-up steps of ``round_``, from its assignment ``board``."""
    groups = [column.group for column in board.columns]
    staffed = bool(groups) and all(len(group.members.all()) > 0 for group in groups)
    if round_.sampled:
        sample_text = _("先公布候选名单，开奖后录入号码，抽取本轮测评的申报单位。")
        sampled = round_.sampled_at is not None
    else:
        sample_text = _("本轮不抽查，测评全部推荐申报，此步无需办理。")
        sampled = True
    return [
        Step(1, _("考核组"), _("新建考核组，写明来自哪个县（区）和批次。"), bool(groups)),
        Step(
            2,
            _("成员"),
            _("为每个组添加成员并指定组长，按姓名、地区、部门搜索选人；有利害关系的登记回避。"),
            staffed,
        ),
        Step(3, _("抽查"), sample_text, sampled, reverse("assessment:sample", args=[round_.pk])),
        Step(
            4,
            _("分配"),
            _("点“自动分配”：不查本县、避开回避、各组任务数相差不超过 1；必要时人工调整。"),
            bool(board.assigned) and not board.unassigned,
        ),
    ]


@register.inclusion_tag("assessment/_setup_steps.html")
def setup_steps(round_: Any, board: Any) -> dict[str, Any]:
    steps = steps_of(round_, board)
    return {"steps": steps, "all_done": all(step.done for step in steps)}
