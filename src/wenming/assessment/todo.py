"""What the assessment waits for (待办): an assessor's assignments with marks still to give.

Registered in ``AssessmentConfig.ready``. The office's unmet gate conditions reach its
home page through the campaign's stages, not from here.
"""

from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from wenming.accounts.models import User
from wenming.accounts.todo import Todo, register_todo
from wenming.campaigns.models import Stage, StageKind
from wenming.documents.style import datetime_words
from wenming.registry.scopes import scope_of

from .models import MarkSetWaiver
from .population import ASSESSABLE
from .selectors import my_assignments


def assessor_todo(user: User) -> list[Todo]:
    """Each assignment of the assessor's groups still short of marks, while the
    assessment stage has not closed; a mark set the office waived is not asked for.
    Four queries whatever the number of assignments."""
    if not scope_of(user).is_assessor:
        return []
    rows = [
        row
        for row in my_assignments(user)
        if row.done < row.total and row.assignment.application.status in ASSESSABLE
    ]
    if not rows:
        return []
    campaigns = {row.assignment.round.campaign_id for row in rows}
    stages = {
        s.campaign_id: s
        for s in Stage.objects.filter(campaign_id__in=campaigns, kind=StageKind.ASSESSMENT)
    }
    waived = set(
        MarkSetWaiver.objects.filter(assessor=user, round__campaign_id__in=campaigns).values_list(
            "round_id", "application_id"
        )
    )
    now = timezone.now()
    items = []
    for row in rows:
        assignment = row.assignment
        stage = stages.get(assignment.round.campaign_id)
        if stage is None or stage.closed_at is not None:
            continue
        if (assignment.round_id, assignment.application_id) in waived:
            continue
        deadline = datetime_words(stage.closes_at)
        items.append(
            Todo(
                label=_("%(org)s：评分待完成") % {"org": assignment.application.organization.name},
                count=row.total - row.done,
                url=reverse("assessment:mark", args=[assignment.pk]),
                detail=_("%(round)s · %(group)s，已评 %(done)s / %(total)s 项，%(deadline)s 截止")
                % {
                    "round": assignment.round.name,
                    "group": assignment.group.name,
                    "done": row.done,
                    "total": row.total,
                    "deadline": deadline,
                },
                urgent=now > stage.closes_at,
                group=_("测评"),
            )
        )
    return items


def register() -> None:
    register_todo(assessor_todo)
