"""The ranking's one domain function: figures to totals, breakdowns and ranks."""

from datetime import date
from decimal import Decimal as D
from itertools import pairwise

import pytest
import yaml
from hypothesis import given, settings
from hypothesis import strategies as st

from wenming.domain.framework_data import load_framework
from wenming.domain.ranking import Applicant, RoundSettings, TieRule, rank, tie_rule
from wenming.domain.scoring import (
    Aggregation,
    BonusClaim,
    ConditionStatus,
    OrganizationStatistics,
    ScoringError,
)

with open("src/wenming/frameworks/data/yiyang-unit-2021.yaml", encoding="utf-8") as handle:
    YIYANG = load_framework(yaml.safe_load(handle))

ROUND = RoundSettings(1)
HALVES = [D(i) / 2 for i in range(5)]  # 0 .. 2 by 0.5: clause 1.1 has 2 points


def cents(marks):
    return [int(m * 100) for m in marks]


def figures(marks, clause="1.1", method="material", round_=1, app=1):
    """One row of the figure aggregate, in hundredths, as the database gives it."""
    c = cents(marks)
    return (app, round_, clause, method, len(c), sum(c), min(c), max(c))


def one(marks, aggregation=Aggregation.MEAN, trim_from=5, detail=False):
    settings_ = RoundSettings(1, aggregation=aggregation, trim_from=trim_from)
    applicant = Applicant(
        1, "A", (1,), [figures(marks)], marks={(1, "1.1", "material"): cents(marks)}
    )
    (result,) = rank(YIYANG, [settings_], [applicant], detail=detail)
    return result.criteria_total


@given(st.lists(st.sampled_from(HALVES), min_size=5, max_size=9))
def test_trimmed_mean_ignores_one_highest_and_one_lowest(marks):
    rest = sorted(marks)[1:-1]
    assert one(marks, Aggregation.TRIMMED_MEAN).quantize(D("1e-15")) == (
        sum(rest, D(0)) / len(rest)
    ).quantize(D("1e-15"))


@given(st.lists(st.sampled_from(HALVES), min_size=1, max_size=9))
def test_median_of_odd_and_even_counts(marks):
    ordered = sorted(marks)
    n = len(ordered)
    expected = ordered[n // 2] if n % 2 else (ordered[n // 2 - 1] + ordered[n // 2]) / 2
    assert one(marks, Aggregation.MEDIAN) == expected


def test_median_of_five_marks_needs_the_marks():
    row = figures([D(0), D(1), D(1), D(2), D(2)])
    with pytest.raises(ScoringError) as error:
        rank(
            YIYANG,
            [RoundSettings(1, aggregation=Aggregation.MEDIAN)],
            [Applicant(1, "A", (1,), [row])],
        )
    assert error.value.code == "median_needs_marks"


applicants = st.lists(
    st.builds(
        lambda marks, preference, deductions, name, claims: (marks, preference, name, claims),
        st.lists(st.sampled_from(HALVES), min_size=0, max_size=4),
        st.integers(0, 3),
        st.just(0),
        st.sampled_from(["甲", "乙", "丙", "丁"]),
        st.booleans(),
    ),
    min_size=1,
    max_size=8,
)


def build(specs):
    out = []
    for n, (marks, preference, name, claimed) in enumerate(specs):
        claims = (BonusClaim("honor_titles", "national", date(2021, 1, 5)),) if claimed else ()
        out.append(
            Applicant(n, name, (1,), [figures(marks)] if marks else [], bonus_claims=claims,
                      preference=preference)
        )  # fmt: skip
    return out


@settings(max_examples=60)
@given(applicants)
def test_totals_add_up_ranks_are_a_permutation_and_ties_name_their_rule(specs):
    result = rank(YIYANG, [ROUND], build(specs))
    ranked = [r for r in result if r.rank is not None]
    assert sorted(r.rank for r in ranked) == list(range(1, len(ranked) + 1))
    assert {r.key for r in result} == set(range(len(specs)))
    for r in result:
        assert r.total == r.criteria_total + r.threshold_total + r.bonus_total - r.deduction_total
        assert (r.rank is None) == (not specs[r.key][0])  # no marks, no rank
    for above, below in pairwise(ranked):
        assert below.decided_by == tie_rule(above, below)
        if below.decided_by is TieRule.TOTAL:
            assert above.ranked_total > below.ranked_total
        elif below.decided_by is TieRule.PREFERENCE:
            assert above.preference > below.preference
        elif below.decided_by is TieRule.NAME:
            assert above.name <= below.name
    if ranked:
        assert ranked[0].decided_by is None


def test_bonuses_reach_the_total_under_their_caps():
    claims = tuple(BonusClaim("honor_titles", "national", date(2021, 3, 1)) for _ in range(7))
    (r,) = rank(YIYANG, [ROUND], [Applicant(1, "A", (1,), [figures([D(2)])], bonus_claims=claims)])
    assert (r.bonus_total, r.total) == (D(10), D(12))


def test_rounds_combine_by_weight_and_an_uncovering_round_does_not_count():
    rounds = [RoundSettings(1, weight=D("0.6")), RoundSettings(2, weight=D("0.4"))]
    rows = [figures([D(2)]), figures([D(1)], round_=2)]
    first_only, both = rank(
        YIYANG, rounds, [Applicant(1, "A", (1, 2), rows), Applicant(2, "B", (1,), rows)]
    )
    assert (first_only.key, first_only.total) == (2, D(2))
    assert (both.key, both.total) == (1, D("1.6"))


CLAUSES = [(c.key, c.points) for c in YIYANG.criteria()[0].clauses] + [
    (c.key, c.points) for c in YIYANG.criteria()[1].clauses
]
marks_of = {
    key: st.lists(st.sampled_from([D(i) / 2 for i in range(int(points * 2) + 1)]), min_size=1,
                  max_size=7)
    for key, points in CLAUSES
}  # fmt: skip


WEIGHTED = {"material": D("0.7"), "onsite": D("0.3")}


@st.composite
def campaigns(draw):
    """A random award: rounds with their weights and aggregations, applicants with marks
    by one or two methods on random clauses, some rounds not covering some applicants."""
    aggregations = st.sampled_from(list(Aggregation))
    rounds = [
        RoundSettings(
            r,
            weight=draw(st.sampled_from([D(1), D("0.6"), D("0.4"), D("0.25")])),
            aggregation=draw(aggregations),
            trim_from=draw(st.integers(3, 6)),
            method_weights=draw(st.sampled_from([None, WEIGHTED])),
        )
        for r in (1, 2)[: draw(st.integers(1, 2))]
    ]  # fmt: skip
    applicants = []
    for key in range(draw(st.integers(1, 7))):
        covering = tuple(r.key for r in rounds if r.key == 1 or draw(st.booleans()))
        rows, marks = [], {}
        for r in rounds:
            for clause, _ in CLAUSES:
                for method in ("material", "onsite"):
                    if not draw(st.booleans()):
                        continue
                    given = draw(marks_of[clause])
                    rows.append(figures(given, clause, method, r.key, key))
                    marks[(r.key, clause, method)] = cents(given)
        stats = draw(
            st.builds(
                OrganizationStatistics,
                staff=st.integers(0, 50), party_members=st.integers(0, 25),
                registered_volunteers=st.integers(0, 50),
                party_member_volunteers=st.integers(0, 25), volunteers_served=st.integers(0, 50),
            )
        )  # fmt: skip
        applicants.append(
            Applicant(key, draw(st.sampled_from(["甲", "乙", "丙"])), covering, rows,
                      statistics=stats, preference=draw(st.integers(0, 3)), marks=marks)
        )  # fmt: skip
    return rounds, applicants


@settings(max_examples=80, deadline=None)
@given(campaigns())
def test_the_bulk_path_gives_the_detailed_paths_totals_and_ranks(campaign):
    rounds, applicants = campaign
    fast = rank(YIYANG, rounds, applicants)
    slow = rank(YIYANG, rounds, applicants, detail=True)

    def seen(result):
        return [(r.key, r.rank, r.decided_by, r.total, r.criteria_total, r.threshold_total,
                 [(s.key, s.total, s.marked) for s in r.rounds]) for r in result]  # fmt: skip

    assert seen(fast) == seen(slow)
    for r in slow:
        assert r.threshold_total == sum((t.earned for t in r.thresholds), D(0))
        for score in r.rounds:
            assert abs(score.total - sum((c.value for c in score.clauses), D(0))) < D("1e-15")


def test_the_bulk_path_takes_figures_in_any_order():
    rows = [figures([D(2)], "1.2"), figures([D(1), D(2)], "1.1"), figures([D(1)], "1.1", "onsite")]
    marks = {}
    ordered = rank(YIYANG, [ROUND], [Applicant(1, "A", (1,), sorted(rows), marks=marks)])
    shuffled = rank(YIYANG, [ROUND], [Applicant(1, "A", (1,), rows, marks=marks)])
    assert ordered[0].total == shuffled[0].total == D(2) + (D("1.5") + D(1)) / 2


def _criterion_22(**counts):
    stats = OrganizationStatistics(**counts)
    (bulk,) = rank(YIYANG, [ROUND], [Applicant(1, "A", (1,), [figures([D(1)])], statistics=stats)])
    (detail,) = rank(
        YIYANG, [ROUND], [Applicant(1, "A", (1,), [figures([D(1)])], statistics=stats)], detail=True
    )
    (threshold,) = [t for t in detail.thresholds if t.criterion == 22]
    assert bulk.threshold_total == detail.threshold_total
    return threshold, bulk.threshold_total


def test_no_serving_party_members_holds_the_all_of_them_condition_in_the_ranking():
    # docs/rules.md#zero-denominators: "全员" over an empty group holds.
    threshold, earned = _criterion_22(
        staff=40, registered_volunteers=30, party_members=0, party_member_volunteers=0,
        volunteers_served=30,
    )  # fmt: skip
    assert (threshold.status, threshold.earned, earned) == (ConditionStatus.HELD, D(2), D(2))
    party = next(c for c in threshold.conditions if c.denominator == 0)
    assert (party.status, party.reason) == (ConditionStatus.HELD, "group_empty")


def test_no_staff_still_leaves_criterion_22_not_computable_in_the_ranking():
    threshold, earned = _criterion_22(
        staff=0, registered_volunteers=0, party_members=5, party_member_volunteers=5,
        volunteers_served=0,
    )  # fmt: skip
    assert (threshold.status, earned) == (ConditionStatus.NOT_COMPUTABLE, D(0))


def test_the_bulk_path_takes_rounds_apart_and_methods_apart():
    rounds = [RoundSettings(1), RoundSettings(2, weight=D(0))]
    rows = [
        figures([D(2)], "1.1", round_=1),
        figures([D(1)], "1.2", round_=2),
        figures([D(1)], "1.3", round_=1),
        figures([D(1)], "1.1", "onsite", round_=1),
    ]
    (r,) = rank(YIYANG, rounds, [Applicant(1, "A", (1, 2), rows)])
    (d,) = rank(YIYANG, rounds, [Applicant(1, "A", (1, 2), rows)], detail=True)
    assert r.total == d.total == D("1.5") + D(1)
