"""The session tests' stopped clock (tests/security/clock.py moves it)."""

import pytest
from tests.security.clock import START


@pytest.fixture
def clock(time_machine):
    time_machine.move_to(START, tick=False)
    return time_machine
