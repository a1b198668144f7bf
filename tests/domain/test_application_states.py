"""The application state machine: legal paths go through, illegal ones are named."""

import pytest
from hypothesis import given
from hypothesis import strategies as st

from wenming.domain.application_states import (
    FINAL,
    Action,
    IllegalTransition,
    State,
    allowed_actions,
    next_state,
)


def walk(*actions: Action) -> State:
    state = State.DRAFT
    for action in actions:
        state = next_state(state, action)
    return state


def test_whole_life_from_draft_to_named():
    path = [
        Action.SUBMIT,
        Action.RECOMMEND,
        Action.ASSESS,
        Action.SCREEN,
        Action.PUBLISH,
        Action.APPROVE,
        Action.NAME,
    ]
    assert walk(*path) == State.NAMED


def test_returned_application_is_resubmitted():
    assert walk(Action.SUBMIT, Action.RETURN, Action.RESUBMIT) == State.SUBMITTED


def test_alternate_is_promoted_when_a_recommended_one_withdraws():
    assert walk(Action.SUBMIT, Action.KEEP_AS_ALTERNATE, Action.PROMOTE) == State.RECOMMENDED


def test_draft_cannot_be_recommended_and_the_error_names_both():
    with pytest.raises(IllegalTransition) as error:
        next_state(State.DRAFT, Action.RECOMMEND)
    assert (error.value.state, error.value.action) == (State.DRAFT, Action.RECOMMEND)


def test_named_is_final():
    assert allowed_actions(State.NAMED) == ()


@pytest.mark.parametrize("state", sorted(FINAL))
def test_no_action_leaves_a_final_state(state):
    assert allowed_actions(state) == ()


@given(st.sampled_from(list(State)), st.sampled_from(list(Action)))
def test_next_state_agrees_with_allowed_actions(state, action):
    if action in allowed_actions(state):
        assert next_state(state, action) in State
    else:
        with pytest.raises(IllegalTransition):
            next_state(state, action)
