"""The committed draw as the tests make it: publish the list, then enter the numbers."""

from wenming.accounts.models import User
from wenming.assessment import services
from wenming.assessment.models import Round
from wenming.domain.sampling import Sample

SOURCE = "中国福利彩票双色球2026年12月8日开奖号码"
NUMBERS = "03 07 12 19 25 31 + 09"


def commit_and_draw(
    user: User, round_: Round, numbers: str = NUMBERS, witnesses: tuple = ()
) -> Sample:
    services.round_commit_candidates(acting_user=user, round_=round_, seed_source=SOURCE)
    return services.sample_draw(
        acting_user=user, round_=round_, public_numbers=numbers, witnesses=witnesses
    )
