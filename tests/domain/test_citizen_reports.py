"""The pure rules of 随手拍: tracking codes read back however typed, grouping, the map's
projection (everything drawn stays inside the box, north up, in proportion)."""

import random
from datetime import date, timedelta

from hypothesis import given
from hypothesis import strategies as st

from wenming.domain import citizen_reports as rules

codes = st.builds(lambda seed: rules.tracking_code(random.Random(seed).choice), st.integers())
#: What a person may do to a code when typing it back.
SLIPS = {"0": "0Oo", "1": "1IiLl"}


@given(codes)
def test_a_new_code_is_three_groups_of_four_from_the_alphabet(code):
    groups = code.split("-")
    assert [len(g) for g in groups] == [4, 4, 4]
    assert set("".join(groups)) <= set(rules.ALPHABET)
    assert rules.normalize_code(code) == code


@given(codes, st.data())
def test_a_code_typed_back_sloppily_reads_as_itself(code, data):
    raw = code.replace("-", "")
    typed = ""
    for c in raw:
        c = data.draw(st.sampled_from(SLIPS.get(c, c + c.lower())))
        typed += c + data.draw(st.sampled_from(["", "", " ", "-"]))
    assert rules.normalize_code(typed) == code


@given(codes, st.integers(min_value=1, max_value=11))
def test_a_code_with_a_character_dropped_is_not_a_code(code, where):
    raw = code.replace("-", "")
    assert rules.normalize_code(raw[:where] + raw[where + 1 :]) is None


@given(st.text(max_size=30))
def test_whatever_is_typed_either_is_a_stored_code_or_none(typed):
    code = rules.normalize_code(typed)
    assert code is None or rules.normalize_code(code) == code


def test_u_is_not_in_codes():
    assert rules.normalize_code("UUUU-UUUU-UUUU") is None


groups = st.lists(
    st.builds(
        rules.OpenGroup,
        id=st.integers(1, 10_000),
        point_id=st.one_of(st.none(), st.integers(1, 3)),
        category=st.sampled_from(["sanitation", "parking"]),
        opened_on=st.dates(date(2026, 1, 1), date(2026, 3, 31)),
    ),
    max_size=12,
)


@given(
    groups,
    st.integers(1, 3),
    st.sampled_from(["sanitation", "parking"]),
    st.dates(date(2026, 1, 1), date(2026, 4, 30)),
)
def test_a_report_joins_the_latest_open_group_of_its_point_and_category(
    found, point_id, category, on
):
    chosen = rules.group_for(found, point_id=point_id, category=category, on=on)
    fitting = [
        g
        for g in found
        if (g.point_id, g.category) == (point_id, category)
        and g.opened_on <= on < g.opened_on + timedelta(days=rules.GROUP_DAYS)
    ]
    if not fitting:
        assert chosen is None
    else:
        best = max(fitting, key=lambda g: (g.opened_on, g.id))
        assert chosen == best.id


@given(groups, st.dates(date(2026, 1, 1), date(2026, 4, 30)))
def test_a_report_placed_by_position_alone_stands_alone(found, on):
    assert rules.group_for(found, point_id=None, category="sanitation", on=on) is None


def test_a_group_closes_to_newcomers_after_thirty_days():
    opened = rules.OpenGroup(1, 7, "sanitation", date(2026, 5, 1))
    assert rules.group_for([opened], point_id=7, category="sanitation", on=date(2026, 5, 30)) == 1
    assert (
        rules.group_for([opened], point_id=7, category="sanitation", on=date(2026, 5, 31)) is None
    )


lng_lat = st.tuples(st.floats(73, 136, allow_nan=False), st.floats(3, 54, allow_nan=False))
nearby = st.builds(
    lambda lng, lat, offsets: [(lng + dx, lat + dy) for dx, dy in offsets],
    st.floats(100, 130),
    st.floats(20, 45),
    st.lists(st.tuples(st.floats(-0.5, 0.5), st.floats(-0.5, 0.5)), min_size=1, max_size=30),
)


@given(st.one_of(nearby, st.lists(lng_lat, max_size=20)))
def test_everything_projected_lies_inside_the_box(coordinates):
    project = rules.projection(coordinates, width=800, height=600, padding=24)
    for lng, lat in coordinates:
        x, y = project(lng, lat)
        assert 23.9 <= x <= 776.1
        assert 23.9 <= y <= 576.1


@given(nearby)
def test_north_is_up_and_east_is_right(coordinates):
    project = rules.projection(coordinates)
    west = min(coordinates)
    east = max(coordinates)
    north = max(coordinates, key=lambda c: c[1])
    south = min(coordinates, key=lambda c: c[1])
    assert project(*west)[0] <= project(*east)[0]
    assert project(*north)[1] <= project(*south)[1]


def test_one_point_is_centred():
    project = rules.projection([(116.65, 39.9)])
    assert project(116.65, 39.9) == (400.0, 300.0)


def test_an_outline_is_a_closed_path():
    project = rules.projection([(116.6, 39.9), (116.7, 40.0)])
    d = rules.svg_path([(116.6, 39.9), (116.7, 39.9), (116.7, 40.0)], project)
    assert (d[0], d[-1], d.count("L")) == ("M", "Z", 2)
    assert rules.svg_path([], project) == ""


def test_the_reporter_reads_the_items_state_in_four_steps():
    assert [rules.report_status(s) for s in (None, "opened", "reminded", "feedback", "closed")] == [
        "received",
        "handling",
        "handling",
        "answered",
        "closed",
    ]
    assert rules.item_states("received") == [None]
    assert rules.item_states("handling") == ["opened", "reminded"]
