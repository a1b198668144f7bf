"""A stopped clock for the session tests: START, and ``at`` to move it to START + seconds."""

from datetime import UTC, datetime, timedelta

START = datetime(2026, 3, 2, 1, 0, tzinfo=UTC)


def at(clock, seconds: float) -> None:
    clock.move_to(START + timedelta(seconds=seconds), tick=False)
