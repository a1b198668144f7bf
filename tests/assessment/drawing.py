"""The committed draw as the tests make it: publish the list (naming today's public
draw, with the witnesses' numbers), then enter the public numbers."""

from collections.abc import Sequence

from django.utils import timezone

from wenming.accounts.models import User
from wenming.assessment import services
from wenming.assessment.models import Round
from wenming.domain.sampling import Sample

SOURCE = "中国福利彩票双色球2026年12月8日开奖号码"
NUMBERS = "03 07 12 19 25 31 + 09"


def commit(
    user: User,
    round_: Round,
    witnesses: Sequence[tuple[str, str]] = (),
    source: str = SOURCE,
) -> Round:
    """Publish the list; the public draw is today's (same-day is allowed)."""
    return services.round_commit_candidates(
        acting_user=user,
        round_=round_,
        seed_source=source,
        seed_draw_on=timezone.localdate(),
        witnesses=witnesses,
    )


def commit_and_draw(
    user: User,
    round_: Round,
    numbers: str = NUMBERS,
    witnesses: Sequence[tuple[str, str]] = (),
) -> Sample:
    commit(user, round_, witnesses)
    return services.sample_draw(acting_user=user, round_=round_, public_numbers=numbers)
