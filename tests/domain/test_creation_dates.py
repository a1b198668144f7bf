"""Due-date words of creation tasks (完成时间) read into periods, and minimum counts."""

import itertools
from datetime import date

import pytest
from hypothesis import given
from hypothesis import strategies as st

from wenming.domain.creation import DueDateError, Period, due_periods, minimum_count

SEED_WORDS = [
    "第一季度",
    "每季度",
    "二季度前",
    "第二、三季度",
    "10月底前",
    "2023年8月 底前",
    "全年",
    "2021年7月10日前)",
]
OTHER_WORDS = [
    "每月",
    "年内",
    "上半年",
    "下半年",
    "年底前",
    "5月20日前",
    "长期",
    "常态化",
    "2026年第二季度",
    "十月底前",
]


@pytest.mark.parametrize("words", SEED_WORDS + OTHER_WORDS)
def test_every_seed_and_documented_word_parses(words: str) -> None:
    assert due_periods(words, 2021)


def test_first_quarter_is_one_period_of_that_quarter() -> None:
    assert due_periods("第一季度", 2021) == (
        Period("第一季度", date(2021, 1, 1), date(2021, 3, 31)),
    )


def test_every_quarter_recurs_four_times() -> None:
    periods = due_periods("每季度", 2026)
    assert [p.label for p in periods] == ["第一季度", "第二季度", "第三季度", "第四季度"]
    assert [p.due_on for p in periods] == [
        date(2026, 3, 31),
        date(2026, 6, 30),
        date(2026, 9, 30),
        date(2026, 12, 31),
    ]
    assert periods[1].starts_on == date(2026, 4, 1)


def test_before_the_second_quarter_ends_starts_at_the_years_start() -> None:
    assert due_periods("二季度前", 2021) == (Period("", date(2021, 1, 1), date(2021, 6, 30)),)


def test_second_and_third_quarters_are_one_window() -> None:
    assert due_periods("第二、三季度", 2021) == (
        Period("第二、三季度", date(2021, 4, 1), date(2021, 9, 30)),
    )


def test_month_end_deadline() -> None:
    assert due_periods("10月底前", 2021) == (Period("", date(2021, 1, 1), date(2021, 10, 31)),)


def test_a_year_named_in_the_text_overrides_the_campaign_year() -> None:
    (period,) = due_periods("2023年8月 底前", 2021)
    assert period.due_on == date(2023, 8, 31)
    assert period.starts_on == date(2021, 1, 1)
    assert due_periods("2026年第二季度", 2021)[0] == Period(
        "2026年第二季度", date(2026, 4, 1), date(2026, 6, 30)
    )


def test_specific_date_and_whole_year_words() -> None:
    assert due_periods("2021年7月10日前", 2021)[0].due_on == date(2021, 7, 10)
    for words in ("长期", "常态化", "全年", "年内"):
        (period,) = due_periods(words, 2021)
        assert (period.starts_on, period.due_on) == (date(2021, 1, 1), date(2021, 12, 31))


def test_halves_and_months() -> None:
    assert due_periods("上半年", 2021)[0].due_on == date(2021, 6, 30)
    assert due_periods("下半年", 2021)[0].starts_on == date(2021, 7, 1)
    months = due_periods("每月", 2024)
    assert len(months) == 12
    assert months[1].due_on == date(2024, 2, 29)


@pytest.mark.parametrize(
    ("words", "code"),
    [
        ("随时", "unreadable"),
        ("第五季度", "unreadable"),
        ("", "empty"),
        ("2月30日前", "no_such_date"),
    ],
)
def test_unreadable_words_raise_with_the_text(words: str, code: str) -> None:
    with pytest.raises(DueDateError) as caught:
        due_periods(words, 2021)
    assert caught.value.code == code
    assert caught.value.params["text"] == words


@pytest.mark.parametrize(
    ("text", "count"),
    [
        ("提供学习图片(至少1次)", 1),
        ("每个季度至少 1次", 1),
        ("至少2次", 2),
        ("不少于3篇", 3),
        ("至少两次", 2),
        ("至少三次活动", 3),
        ("提供说明报告", 0),
    ],
)
def test_minimum_count(text: str, count: int) -> None:
    assert minimum_count(text) == count


_WORDS = st.sampled_from(
    [*SEED_WORDS[:5], "每月", "年内", "上半年", "下半年", "年底前", "长期", "每半年"]
)
_MONTH_DAY = st.tuples(st.integers(1, 12), st.integers(1, 28)).map(
    lambda md: f"{md[0]}月{md[1]}日前"
)
_QUARTER = st.integers(1, 4).map(lambda q: f"第{'一二三四'[q - 1]}季度")


@given(
    words=st.one_of(_WORDS, _MONTH_DAY, _QUARTER, st.integers(1, 12).map(lambda m: f"{m}月底前")),
    year=st.integers(2000, 2100),
)
def test_every_occurrence_lies_in_its_period_and_recurrences_do_not_overlap(
    words: str, year: int
) -> None:
    periods = due_periods(words, year)
    for period in periods:
        assert period.starts_on <= period.due_on
        assert period.starts_on.year == year == period.due_on.year
        if "季度" in period.label and "、" not in period.label:
            quarter = "一二三四".index(period.label[1]) + 1
            assert period.starts_on >= date(year, 3 * quarter - 2, 1)
            assert period.due_on.month <= 3 * quarter
    for earlier, later in itertools.pairwise(periods):
        assert earlier.due_on < later.starts_on
