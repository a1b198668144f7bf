"""Committee quorum: at least two thirds of the members attend.

The rule: docs/rules.md#quorum (满洲里 工作制度).
"""

import pytest
from hypothesis import given
from hypothesis import strategies as st

from wenming.domain.quorum import Quorum, QuorumError, check_quorum, required_attendance

# members -> the fewest attendees that make the meeting valid
BOUNDS = {3: 2, 9: 6, 10: 7, 13: 9, 21: 14, 25: 17}


@pytest.mark.parametrize(("members", "required"), sorted(BOUNDS.items()))
def test_quorum_at_exact_bound_is_valid(members: int, required: int) -> None:
    assert check_quorum(members=members, attending=required) == Quorum(
        valid=True, attending=required, members=members, required=required
    )


@pytest.mark.parametrize(("members", "required"), sorted(BOUNDS.items()))
def test_quorum_one_below_bound_is_invalid(members: int, required: int) -> None:
    result = check_quorum(members=members, attending=required - 1)
    assert (result.valid, result.required) == (False, required)


def test_quorum_written_opinions_do_not_count() -> None:
    # 13 members, 8 present, the 5 absent all sent written opinions: still one short of 9.
    result = check_quorum(members=13, attending=8, written_opinions=5)
    assert result == Quorum(valid=False, attending=8, members=13, required=9, written_opinions=5)


def test_quorum_full_attendance_is_valid() -> None:
    assert check_quorum(members=1, attending=1).valid


@pytest.mark.parametrize(
    ("members", "attending", "written", "code"),
    [
        (0, 0, 0, "members_not_positive"),
        (9, 10, 0, "attending_out_of_range"),
        (9, -1, 0, "attending_out_of_range"),
        (9, 6, 4, "written_opinions_out_of_range"),
    ],
)
def test_quorum_impossible_counts_are_refused(
    members: int, attending: int, written: int, code: str
) -> None:
    with pytest.raises(QuorumError) as error:
        check_quorum(members=members, attending=attending, written_opinions=written)
    assert error.value.code == code


@given(st.integers(min_value=1, max_value=10_000), st.data())
def test_quorum_matches_two_thirds_rule(members: int, data: st.DataObject) -> None:
    attending = data.draw(st.integers(min_value=0, max_value=members))
    result = check_quorum(members=members, attending=attending)
    assert result.valid == (attending >= required_attendance(members))
    assert result.valid == (attending * 3 >= members * 2)
    assert 3 * (result.required - 1) < 2 * members <= 3 * result.required
