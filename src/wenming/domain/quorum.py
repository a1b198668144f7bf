"""The quorum of a committee meeting (docs/rules.md#quorum).

A committee meeting may be held only when at least two thirds of its members attend.
"At least" includes the bound itself (6 of 9 is enough). An absent member may send a
written opinion; it is recorded with the meeting but never counts toward the quorum.
"""

from dataclasses import dataclass

__all__ = ["Quorum", "QuorumError", "check_quorum", "required_attendance"]


class QuorumError(ValueError):
    """Counts that cannot describe a meeting; ``code`` and ``params`` say which."""

    def __init__(self, code: str, **params: object) -> None:
        self.code = code
        self.params: dict[str, object] = params
        details = ", ".join(f"{key}={value!r}" for key, value in sorted(params.items()))
        super().__init__(f"{code}: {details}" if details else code)


@dataclass(frozen=True)
class Quorum:
    """Whether a meeting reached its quorum, with the figures to show why."""

    valid: bool
    attending: int
    members: int
    required: int  # the fewest attendees that make the meeting valid
    written_opinions: int = 0  # recorded for the minutes; not part of ``valid``


def required_attendance(members: int) -> int:
    """ceil(2 × members / 3): the fewest attendees for a valid meeting."""
    if members < 1:
        raise QuorumError("members_not_positive", members=members)
    # Integer ceiling division: no fractions, no floats, so 2/3 of 9 is exactly 6.
    return -(-2 * members // 3)


def check_quorum(*, members: int, attending: int, written_opinions: int = 0) -> Quorum:
    """Decide whether a meeting of ``members`` with ``attending`` present is valid.

    ``written_opinions`` counts absent members who sent an opinion; it is carried into the
    result for the record and deliberately left out of the decision.
    """
    required = required_attendance(members)
    if not 0 <= attending <= members:
        raise QuorumError("attending_out_of_range", attending=attending, members=members)
    if not 0 <= written_opinions <= members - attending:
        # Only absent members send written opinions, so there are at most that many.
        raise QuorumError(
            "written_opinions_out_of_range",
            written_opinions=written_opinions,
            absent=members - attending,
        )
    return Quorum(
        # 3·attending ≥ 2·members is "at least two thirds" without any division.
        valid=3 * attending >= 2 * members,
        attending=attending,
        members=members,
        required=required,
        written_opinions=written_opinions,
    )
