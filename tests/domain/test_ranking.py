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
from wenming.domain.scoring import Aggregation, BonusClaim, ScoringError

with open("src/wenming/frameworks/data/yiyang-unit-2021.yaml", encoding="utf-8") as handle:
    YIYANG = load_framework(yaml.safe_load(handle))

ROUND = RoundSettings(1)
HALVES = [D(i) / 2 for i in range(5)]  # 0 .. 2 by 0.5: clause 1.1 has 2 points


def figures(marks, clause="1.1", method="material", round_=1):
    marks = list(marks)
    return (round_, clause, method, len(marks), sum(marks, D(0)), min(marks), max(marks),
            tuple(sorted(marks)))  # fmt: skip


def one(marks, aggregation=Aggregation.MEAN, trim_from=5):
    settings_ = RoundSettings(1, aggregation=aggregation, trim_from=trim_from)
    (result,) = rank(YIYANG, [settings_], [Applicant(1, "A", (1,), [figures(marks)])])
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
    row = figures([D(0), D(1), D(1), D(2), D(2)])[:7]
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
