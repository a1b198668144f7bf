"""Cross-inspection assignment of applicants to assessment groups.

The rules: docs/rules.md#cross-inspection.
"""

import itertools
import random
from collections import Counter

import pytest
from hypothesis import given
from hypothesis import strategies as st

from wenming.domain.assignment import (
    AssignmentError,
    AssignmentResult,
    Violation,
    assign,
    check_assignment,
    placement_violations,
)

Pairs = list[tuple[str, str]]

GROUPS = [("g-east", "east"), ("g-west", "west"), ("g-north", "north")]


def _applicants(per_county: dict[str, int]) -> Pairs:
    return [(f"{c}-{i:02d}", c) for c, n in per_county.items() for i in range(n)]


def _assert_rules_hold(
    result: AssignmentResult, groups: Pairs, applicants: Pairs, conflicts: Pairs
) -> None:
    home = dict(groups)
    county = dict(applicants)
    placed = [a for a, _ in result.assignments]
    assert sorted(placed) == sorted(county)  # everyone exactly once
    for applicant, group in result.assignments:
        assert home[group] != county[applicant]
        assert (group, applicant) not in conflicts
    counted = Counter(g for _, g in result.assignments)
    assert dict(result.loads) == {g: counted[g] for g in home}


def test_assign_balances_three_counties() -> None:
    applicants = _applicants({"east": 10, "west": 10, "north": 10})
    result = assign(groups=GROUPS, applicants=applicants)
    _assert_rules_hold(result, GROUPS, applicants, [])
    assert (result.feasible, result.balanced, result.reason) == (True, True, None)
    assert [load for _, load in result.loads] == [10, 10, 10]


def test_assign_respects_conflicts() -> None:
    applicants = [("east-01", "east")]
    conflicts = [("g-west", "east-01")]
    result = assign(groups=GROUPS, applicants=applicants, conflicts=conflicts)
    assert result.group_of("east-01") == "g-north"


def test_assign_without_applicants_is_empty_and_balanced() -> None:
    result = assign(groups=GROUPS, applicants=[])
    assert (result.feasible, result.balanced, result.assignments) == (True, True, ())
    assert result.loads == (("g-east", 0), ("g-north", 0), ("g-west", 0))


def test_assign_applicant_of_only_county_is_infeasible_with_reason() -> None:
    # Two groups, both from the east: an east applicant can go nowhere.
    groups = [("g1", "east"), ("g2", "east")]
    applicants = [("a", "east"), ("b", "west")]
    result = assign(groups=groups, applicants=applicants)
    assert (result.feasible, result.assignments) == (False, ())
    assert result.reason is not None
    assert result.reason.code == "no_allowed_group"
    assert result.reason.params["applicants"] == ("a",)


def test_assign_applicant_conflicted_everywhere_is_named_in_reason() -> None:
    applicants = [("east-01", "east"), ("west-01", "west")]
    conflicts = [("g-west", "east-01"), ("g-north", "east-01")]
    result = assign(groups=GROUPS, applicants=applicants, conflicts=conflicts)
    assert result.reason is not None
    assert result.reason.params["details"] == (
        {
            "applicant": "east-01",
            "county": "east",
            "own_county_groups": ("g-east",),
            "conflicted_groups": ("g-north", "g-west"),
        },
    )


def test_assign_without_groups_is_infeasible() -> None:
    result = assign(groups=[], applicants=[("a", "east")])
    assert result.reason is not None
    assert (result.feasible, result.reason.code) == (False, "no_groups")


def test_assign_unbalanced_minimizes_max_load_and_says_so() -> None:
    # Two counties: every east applicant must go to the west group and vice versa.
    groups = [("g-east", "east"), ("g-west", "west")]
    applicants = _applicants({"east": 7, "west": 2})
    result = assign(groups=groups, applicants=applicants)
    assert (result.feasible, result.balanced) == (True, False)
    assert dict(result.loads) == {"g-east": 2, "g-west": 7}
    assert result.reason is not None
    assert result.reason.code == "loads_unbalanced"
    assert result.reason.params["max_load"] == 7


def test_assign_shifts_load_away_from_constrained_group() -> None:
    # East applicants may only go to the west group; the north applicants must then go to
    # the east group rather than crowd the west one.
    groups = [("g-east", "east"), ("g-west", "west")]
    applicants = [*_applicants({"east": 3}), *_applicants({"north": 3})]
    result = assign(groups=groups, applicants=applicants)
    assert dict(result.loads) == {"g-east": 3, "g-west": 3}
    assert all(result.group_of(a) == "g-east" for a, c in applicants if c == "north")


def test_assign_malformed_input_raises() -> None:
    with pytest.raises(AssignmentError) as error:
        assign(groups=GROUPS, applicants=[("a", "east"), ("a", "west")])
    assert error.value.code == "duplicate_applicant"
    with pytest.raises(AssignmentError) as error:
        assign(groups=GROUPS, applicants=[("a", "east")], conflicts=[("g-x", "a")])
    assert error.value.code == "conflict_unknown_group"


def test_check_assignment_refuses_own_county_and_conflict() -> None:
    applicants = [("east-01", "east"), ("west-01", "west")]
    conflicts = [("g-north", "west-01")]
    violations = check_assignment(
        groups=GROUPS,
        applicants=applicants,
        conflicts=conflicts,
        assignment={"east-01": "g-east", "west-01": "g-north"},
    )
    assert violations == (
        Violation("own_county", "east-01", "g-east"),
        Violation("conflict", "west-01", "g-north"),
    )


def test_check_assignment_reports_unassigned_and_unknown() -> None:
    violations = check_assignment(
        groups=GROUPS,
        applicants=[("a", "east"), ("b", "west")],
        conflicts=[],
        assignment={"a": "g-nowhere", "z": "g-east"},
    )
    assert violations == (
        Violation("unknown_group", "a", "g-nowhere"),
        Violation("unassigned", "b", None),
        Violation("unknown_applicant", "z", "g-east"),
    )


def test_check_assignment_accepts_valid_manual_change() -> None:
    applicants = _applicants({"east": 3, "west": 3, "north": 3})
    result = assign(groups=GROUPS, applicants=applicants)
    changed = dict(result.assignments) | {"east-00": "g-north"}
    assert (
        check_assignment(groups=GROUPS, applicants=applicants, conflicts=[], assignment=changed)
        == ()
    )


def test_placement_violations_names_both_rules() -> None:
    assert placement_violations(
        group=("g-east", "east"), applicant=("a", "east"), conflicts=[("g-east", "a")]
    ) == (Violation("own_county", "a", "g-east"), Violation("conflict", "a", "g-east"))


# --- properties -------------------------------------------------------------------------

COUNTIES = ["c0", "c1", "c2", "c3", "c4"]


@st.composite
def cases(
    draw: st.DrawFn, *, min_counties: int = 1, with_conflicts: bool = True
) -> tuple[Pairs, Pairs, Pairs]:
    group_counties = draw(
        st.lists(st.sampled_from(COUNTIES), min_size=1, max_size=8).filter(
            lambda cs: len(set(cs)) >= min_counties
        )
    )
    groups = [(f"g{i}", c) for i, c in enumerate(group_counties)]
    applicant_counties = draw(st.lists(st.sampled_from(COUNTIES), max_size=40))
    applicants = [(f"a{i:02d}", c) for i, c in enumerate(applicant_counties)]
    conflicts: Pairs = []
    if with_conflicts and applicants:
        conflicts = draw(
            st.lists(
                st.tuples(
                    st.sampled_from([g for g, _ in groups]),
                    st.sampled_from([a for a, _ in applicants]),
                ),
                max_size=30,
            )
        )
    return groups, applicants, conflicts


@given(cases())
def test_property_rules_hold_or_reason_given(case: tuple[Pairs, Pairs, Pairs]) -> None:
    groups, applicants, conflicts = case
    result = assign(groups=groups, applicants=applicants, conflicts=conflicts)
    if result.feasible:
        _assert_rules_hold(result, groups, applicants, conflicts)
        assert result.balanced == (result.max_load - result.min_load <= 1)
        assert (result.reason is None) == result.balanced
    else:
        assert result.reason is not None
        assert result.assignments == ()
        assert result.reason.params["applicants"]


@st.composite
def balanced_cases(draw: st.DrawFn) -> tuple[Pairs, Pairs, Pairs]:
    """Cases where a balanced assignment exists: built from one, then hidden.

    Groups come from at least two counties; each applicant is made for a slot of a
    round-robin deal over the groups and given a county other than that group's; conflicts
    are drawn among the pairs the hidden assignment does not use.
    """
    group_counties = draw(
        st.lists(st.sampled_from(COUNTIES), min_size=2, max_size=8).filter(
            lambda cs: len(set(cs)) >= 2
        )
    )
    groups = [(f"g{i}", c) for i, c in enumerate(group_counties)]
    count = draw(st.integers(min_value=0, max_value=50))
    applicants: Pairs = []
    hidden: set[tuple[str, str]] = set()
    for i in range(count):
        group, home = groups[i % len(groups)]
        county = draw(st.sampled_from([c for c in COUNTIES if c != home]))
        applicants.append((f"a{i:02d}", county))
        hidden.add((group, f"a{i:02d}"))
    conflicts: Pairs = []
    if applicants:
        conflicts = draw(
            st.lists(
                st.tuples(
                    st.sampled_from([g for g, _ in groups]),
                    st.sampled_from([a for a, _ in applicants]),
                ).filter(lambda pair: pair not in hidden),
                max_size=40,
            )
        )
    return groups, applicants, conflicts


@given(balanced_cases())
def test_property_balanced_whenever_possible(case: tuple[Pairs, Pairs, Pairs]) -> None:
    groups, applicants, conflicts = case
    result = assign(groups=groups, applicants=applicants, conflicts=conflicts)
    _assert_rules_hold(result, groups, applicants, conflicts)
    assert (result.balanced, result.reason) == (True, None)
    assert result.max_load - result.min_load <= 1


@given(cases(min_counties=3, with_conflicts=False))
def test_property_three_counties_without_conflicts_always_feasible(
    case: tuple[Pairs, Pairs, Pairs],
) -> None:
    groups, applicants, _ = case
    result = assign(groups=groups, applicants=applicants)
    _assert_rules_hold(result, groups, applicants, [])


@given(cases(), st.randoms())
def test_property_independent_of_input_order(
    case: tuple[Pairs, Pairs, Pairs], rnd: random.Random
) -> None:
    groups, applicants, conflicts = case
    first = assign(groups=groups, applicants=applicants, conflicts=conflicts)
    shuffled = [list(groups), list(applicants), list(conflicts)]
    for items in shuffled:
        rnd.shuffle(items)
    assert assign(groups=shuffled[0], applicants=shuffled[1], conflicts=shuffled[2]) == first


def _brute_force(groups: Pairs, applicants: Pairs, conflicts: Pairs) -> tuple[int, int] | None:
    """The lowest possible max load and the highest possible min load, by trying everything."""
    options = [
        [g for g, home in groups if home != county and (g, a) not in conflicts]
        for a, county in applicants
    ]
    best_max, best_min = None, None
    for choice in itertools.product(*options):
        loads = Counter(choice)
        high = max((loads[g] for g, _ in groups), default=0)
        low = min(loads[g] for g, _ in groups)
        best_max = high if best_max is None else min(best_max, high)
        best_min = low if best_min is None else max(best_min, low)
    return None if best_max is None or best_min is None else (best_max, best_min)


@st.composite
def small_cases(draw: st.DrawFn) -> tuple[Pairs, Pairs, Pairs]:
    counties = ["c0", "c1", "c2"]
    groups = [
        (f"g{i}", c)
        for i, c in enumerate(draw(st.lists(st.sampled_from(counties), min_size=1, max_size=3)))
    ]
    applicants = [
        (f"a{i}", c) for i, c in enumerate(draw(st.lists(st.sampled_from(counties), max_size=6)))
    ]
    conflicts: Pairs = []
    if applicants:
        conflicts = draw(
            st.lists(
                st.tuples(
                    st.sampled_from([g for g, _ in groups]),
                    st.sampled_from([a for a, _ in applicants]),
                )
            )
        )
    return groups, applicants, conflicts


@given(small_cases())
def test_property_loads_are_optimal_against_brute_force(case: tuple[Pairs, Pairs, Pairs]) -> None:
    groups, applicants, conflicts = case
    result = assign(groups=groups, applicants=applicants, conflicts=conflicts)
    best = _brute_force(groups, applicants, conflicts)
    if best is None:
        assert not result.feasible
    else:
        assert (result.max_load, result.min_load) == best


def test_assign_two_thousand_applicants_balanced() -> None:
    # The size of a large city's campaign: 20 groups from 10 counties, 2,000 applicants.
    rnd = random.Random(7)
    counties = [f"county-{i}" for i in range(10)]
    groups = [(f"group-{i:02d}", counties[i % 10]) for i in range(20)]
    applicants = [(f"app-{i:04d}", rnd.choice(counties)) for i in range(2000)]
    conflicts = [(rnd.choice(groups)[0], rnd.choice(applicants)[0]) for _ in range(300)]
    result = assign(groups=groups, applicants=applicants, conflicts=conflicts)
    _assert_rules_hold(result, groups, applicants, conflicts)
    assert {load for _, load in result.loads} == {100}
