"""The one state machine of an application's life (docs/rules.md#application-states).

draft → submitted → recommended / alternate → assessed → screened → published →
approved → named, with returned (for correction), withdrawn, vetoed and rejected on
the way. Every change of state is an action; an action that the current state does
not allow is refused with IllegalTransition, naming both.
"""

from dataclasses import dataclass
from enum import StrEnum


class State(StrEnum):
    DRAFT = "draft"  # 填报中
    SUBMITTED = "submitted"  # 已申报
    RETURNED = "returned"  # 退回修改
    RECOMMENDED = "recommended"  # 已推荐
    ALTERNATE = "alternate"  # 备选
    ASSESSED = "assessed"  # 已测评
    SCREENED = "screened"  # 已征求意见
    PUBLISHED = "published"  # 公示中
    APPROVED = "approved"  # 已审定
    NAMED = "named"  # 已命名
    WITHDRAWN = "withdrawn"  # 已撤回 / 劝退
    VETOED = "vetoed"  # 一票否决
    REJECTED = "rejected"  # 未推荐 / 未通过


class Action(StrEnum):
    SUBMIT = "submit"
    RETURN = "return"
    RESUBMIT = "resubmit"
    RECOMMEND = "recommend"
    KEEP_AS_ALTERNATE = "keep_as_alternate"
    PROMOTE = "promote"
    DEMOTE = "demote"
    NOT_RECOMMEND = "not_recommend"
    WITHDRAW = "withdraw"
    ASSESS = "assess"
    FAIL_ASSESSMENT = "fail_assessment"
    SCREEN = "screen"
    VETO = "veto"
    PUBLISH = "publish"
    UPHOLD_OBJECTION = "uphold_objection"
    APPROVE = "approve"
    NOT_APPROVE = "not_approve"
    NAME = "name"


@dataclass(frozen=True, slots=True)
class Transition:
    action: Action
    sources: frozenset[State]
    target: State


_LIVE_BEFORE_ASSESSMENT = frozenset(
    {State.DRAFT, State.SUBMITTED, State.RETURNED, State.RECOMMENDED, State.ALTERNATE}
)

TRANSITIONS: tuple[Transition, ...] = (
    Transition(Action.SUBMIT, frozenset({State.DRAFT}), State.SUBMITTED),
    Transition(Action.RETURN, frozenset({State.SUBMITTED}), State.RETURNED),
    Transition(Action.RESUBMIT, frozenset({State.RETURNED}), State.SUBMITTED),
    Transition(Action.RECOMMEND, frozenset({State.SUBMITTED, State.ALTERNATE}), State.RECOMMENDED),
    Transition(
        Action.KEEP_AS_ALTERNATE, frozenset({State.SUBMITTED, State.RECOMMENDED}), State.ALTERNATE
    ),
    # An alternate replaces a recommended applicant who withdrew or was disqualified.
    Transition(Action.PROMOTE, frozenset({State.ALTERNATE}), State.RECOMMENDED),
    Transition(Action.DEMOTE, frozenset({State.RECOMMENDED}), State.ALTERNATE),
    Transition(
        Action.NOT_RECOMMEND,
        frozenset({State.SUBMITTED, State.ALTERNATE, State.RECOMMENDED}),
        State.REJECTED,
    ),
    Transition(Action.WITHDRAW, _LIVE_BEFORE_ASSESSMENT, State.WITHDRAWN),
    Transition(Action.ASSESS, frozenset({State.RECOMMENDED}), State.ASSESSED),
    # Central review (families) or the 文明城市 ranking found it short: it goes no further.
    Transition(Action.FAIL_ASSESSMENT, frozenset({State.RECOMMENDED}), State.REJECTED),
    Transition(Action.SCREEN, frozenset({State.ASSESSED}), State.SCREENED),
    Transition(
        Action.VETO,
        frozenset({State.RECOMMENDED, State.ASSESSED, State.SCREENED, State.PUBLISHED}),
        State.VETOED,
    ),
    Transition(Action.PUBLISH, frozenset({State.SCREENED}), State.PUBLISHED),
    Transition(Action.UPHOLD_OBJECTION, frozenset({State.PUBLISHED}), State.REJECTED),
    Transition(Action.APPROVE, frozenset({State.PUBLISHED}), State.APPROVED),
    Transition(Action.NOT_APPROVE, frozenset({State.PUBLISHED}), State.REJECTED),
    Transition(Action.NAME, frozenset({State.APPROVED}), State.NAMED),
)

_BY_ACTION = {t.action: t for t in TRANSITIONS}

#: States that end an application's life.
FINAL = frozenset({State.NAMED, State.WITHDRAWN, State.VETOED, State.REJECTED})
#: States in which an applicant may still change its form, self-marks and evidence.
EDITABLE = frozenset({State.DRAFT, State.RETURNED})


class IllegalTransition(ValueError):
    """The action is not allowed from the current state."""

    def __init__(self, state: State, action: Action) -> None:
        super().__init__(f"{action} is not allowed from {state}")
        self.state = state
        self.action = action


def next_state(state: State | str, action: Action | str) -> State:
    """The state after ``action``; raises IllegalTransition when ``state`` does not allow it."""
    current, act = State(state), Action(action)
    transition = _BY_ACTION[act]
    if current not in transition.sources:
        raise IllegalTransition(current, act)
    return transition.target


def allowed_actions(state: State | str) -> tuple[Action, ...]:
    """Every action the state allows, in the order of the life cycle."""
    current = State(state)
    return tuple(t.action for t in TRANSITIONS if current in t.sources)
