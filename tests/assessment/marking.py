"""Helpers that lay down assessors' marks as test data (``mark_save`` has its own tests)."""

from decimal import Decimal

from wenming.accounts.models import User
from wenming.assessment.models import Mark, Round
from wenming.campaigns.models import Application


def assessors(n: int) -> list[User]:
    """The same n assessor users (marker0, marker1 …) on every call within a test."""
    return [User.objects.get_or_create(username=f"marker{i}")[0] for i in range(n)]


def give(round_: Round, application: Application, marks: dict[str, list[str]]) -> None:
    """Each clause's marks, one per assessor, all on the material method."""
    rows = []
    for key, points in marks.items():
        for user, value in zip(assessors(len(points)), points, strict=False):
            rows.append(
                Mark(
                    round=round_,
                    application=application,
                    assessor=user,
                    clause_key=key,
                    method="material",
                    points=Decimal(value),
                    framework_id=application.award.framework_id,
                )
            )
    Mark.objects.bulk_create(rows)
