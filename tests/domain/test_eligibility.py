"""The eligibility engine against the 20th-edition table: every row of docs/rules.md#eligibility.

The table is the real data file (campaigns/data/eligibility-20.yaml), so these tests check
the data and the engine together: what an office would see for each kind of applicant.
"""

from datetime import date
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from wenming.domain.eligibility import (
    Award,
    EligibilityTable,
    Organization,
    Reason,
    Verdict,
    VerdictStatus,
    evaluate,
)
from wenming.domain.eligibility_data import load_table_file
from wenming.domain.titles import (
    KIND_CATEGORIES,
    Category,
    HeldHonor,
    HeldTitle,
    HonorKind,
    HonorLevel,
    Level,
    OrganizationKind,
    TitleStatus,
    UnitType,
    has_model_tier,
)

DATA = Path(__file__).parents[2] / "src/wenming/campaigns/data/eligibility-20.yaml"
TABLE: EligibilityTable = load_table_file(DATA)
EDITION = 20

C, L, K = Category, Level, OrganizationKind
ELIGIBLE = VerdictStatus.ELIGIBLE
EXCEPTIONAL_ONLY = VerdictStatus.EXCEPTIONAL_ONLY
NOT_ELIGIBLE = VerdictStatus.NOT_ELIGIBLE


def award(category: Category, level: Level, model: bool = False) -> Award:
    return Award(category, level, model)


def title(
    category: Category,
    level: Level,
    model: bool = False,
    edition: int = 19,
    status: TitleStatus = TitleStatus.ACTIVE,
) -> HeldTitle:
    return HeldTitle(
        category,
        level,
        model,
        edition,
        status,
        document_number=f"DOC-{category}-{level}-{int(model)}-{edition}",
        named_on=date(2000 + edition, 12, 28),
    )


def org(
    kind: OrganizationKind,
    *titles: HeldTitle,
    unit_type: UnitType | None = None,
    fulltime: bool = False,
    honors: tuple[HeldHonor, ...] = (),
) -> Organization:
    return Organization(kind, unit_type, fulltime, titles, honors)


def verdict(organization: Organization, applied: Award) -> Verdict:
    return evaluate(TABLE, organization, [applied], EDITION)[0]


def named(held: HeldTitle) -> dict[str, Any]:
    """The params of a reason resting on a held title, written out."""
    return {
        "category": held.category,
        "level": held.level,
        "model": held.model,
        "edition": held.edition,
        "document_number": held.document_number,
        "named_on": held.named_on.isoformat() if held.named_on else None,
    }


def need(
    category: Category,
    level: Level,
    model: bool | None,
    editions: list[int] | None = None,
    or_higher: bool = False,
) -> dict[str, Any]:
    """A required title as a refusal lists it; editions None means any earlier edition."""
    return {
        "type": "title",
        "category": category,
        "level": level,
        "model": model,
        "or_higher": or_higher,
        "any_earlier": editions is None,
        "editions": editions or [],
    }


def eligible(applied: Award, rule: str, held: HeldTitle, code: str = "eligible.title") -> Verdict:
    return Verdict(applied, ELIGIBLE, Reason(code, named(held)), rule)


def anyone(applied: Award, rule: str, kind: OrganizationKind) -> Verdict:
    return Verdict(
        applied, ELIGIBLE, Reason("eligible.any", {"kind": kind, "unit_type": None}), rule
    )


def missing(applied: Award, *required: dict[str, Any], not_counted: Any = ()) -> Verdict:
    params = {"required": list(required), "not_counted": list(not_counted)}
    return Verdict(applied, NOT_ELIGIBLE, Reason("not_eligible.missing", params))


# --- every row of docs/rules.md#eligibility, the way in -----------------------------------

CITY = award(C.CITY, L.PROVINCIAL)
VT_P_MODEL, VT_P = award(C.VILLAGE_TOWN, L.PROVINCIAL, True), award(C.VILLAGE_TOWN, L.PROVINCIAL)
VT_M_MODEL, VT_M = award(C.VILLAGE_TOWN, L.MUNICIPAL, True), award(C.VILLAGE_TOWN, L.MUNICIPAL)
CO_P_MODEL, CO_P = award(C.COMMUNITY, L.PROVINCIAL, True), award(C.COMMUNITY, L.PROVINCIAL)
CO_M_MODEL, CO_M = award(C.COMMUNITY, L.MUNICIPAL, True), award(C.COMMUNITY, L.MUNICIPAL)
UN_P_MODEL, UN_P = award(C.UNIT, L.PROVINCIAL, True), award(C.UNIT, L.PROVINCIAL)
UN_M_MODEL, UN_M = award(C.UNIT, L.MUNICIPAL, True), award(C.UNIT, L.MUNICIPAL)
CA_P_MODEL, CA_P = award(C.CAMPUS, L.PROVINCIAL, True), award(C.CAMPUS, L.PROVINCIAL)
CA_M_MODEL, CA_M = award(C.CAMPUS, L.MUNICIPAL, True), award(C.CAMPUS, L.MUNICIPAL)
FA_P, FA_M = award(C.FAMILY, L.PROVINCIAL), award(C.FAMILY, L.MUNICIPAL)

# (organization kind, its titles, award, rule id, the title the verdict rests on, reason code)
TITLE_ROUTES = [
    (K.VILLAGE, title(C.VILLAGE_TOWN, L.PROVINCIAL, edition=15), VT_P_MODEL,
     "village-town-provincial-model", "eligible.title"),
    (K.TOWNSHIP, title(C.VILLAGE_TOWN, L.PROVINCIAL, edition=19), VT_P_MODEL,
     "village-town-provincial-model", "eligible.title"),
    (K.VILLAGE, title(C.VILLAGE_TOWN, L.MUNICIPAL, True, 19), VT_P,
     "village-town-provincial", "eligible.title"),
    (K.TOWNSHIP, title(C.VILLAGE_TOWN, L.MUNICIPAL, True, 18), VT_P,
     "village-town-provincial", "eligible.title"),
    (K.VILLAGE, title(C.VILLAGE_TOWN, L.MUNICIPAL, False, 18), VT_M_MODEL,
     "village-town-municipal-model", "eligible.title"),
    (K.COMMUNITY, title(C.COMMUNITY, L.PROVINCIAL, edition=16), CO_P_MODEL,
     "community-provincial-model", "eligible.title"),
    (K.COMMUNITY, title(C.COMMUNITY, L.MUNICIPAL, True, 19), CO_P,
     "community-provincial", "eligible.title"),
    (K.COMMUNITY, title(C.COMMUNITY, L.MUNICIPAL, False, 19), CO_M_MODEL,
     "community-municipal-model", "eligible.title"),
    (K.UNIT, title(C.UNIT, L.PROVINCIAL, False, 19), UN_P, "unit-provincial-keep", "eligible.keep"),
    (K.UNIT, title(C.UNIT, L.PROVINCIAL, False, 18), UN_P_MODEL,
     "unit-provincial-keep", "eligible.keep"),
    (K.UNIT, title(C.UNIT, L.PROVINCIAL, True, 19), UN_P, "unit-provincial-keep", "eligible.keep"),
    (K.UNIT, title(C.UNIT, L.PROVINCIAL, True, 18), UN_P_MODEL,
     "unit-provincial-keep", "eligible.keep"),
    (K.UNIT, title(C.UNIT, L.MUNICIPAL, True, 18), UN_P, "unit-provincial", "eligible.title"),
    (K.UNIT, title(C.UNIT, L.MUNICIPAL, False, 19), UN_M_MODEL,
     "unit-municipal-model", "eligible.title"),
    (K.SCHOOL, title(C.UNIT, L.PROVINCIAL, False, 18), CA_P, "campus-provincial-keep",
     "eligible.keep"),
    (K.SCHOOL, title(C.UNIT, L.PROVINCIAL, True, 18), CA_P_MODEL, "campus-provincial-keep",
     "eligible.keep"),
    (K.SCHOOL, title(C.CAMPUS, L.PROVINCIAL, False, 19), CA_P_MODEL, "campus-provincial-keep",
     "eligible.keep"),
    (K.SCHOOL, title(C.CAMPUS, L.PROVINCIAL, True, 19), CA_P, "campus-provincial-keep",
     "eligible.keep"),
    (K.SCHOOL, title(C.CAMPUS, L.MUNICIPAL, True, 19), CA_P, "campus-provincial",
     "eligible.title"),
    (K.SCHOOL, title(C.CAMPUS, L.MUNICIPAL, False, 18), CA_M_MODEL, "campus-municipal-model",
     "eligible.title"),
    (K.FAMILY, title(C.FAMILY, L.MUNICIPAL, edition=19), FA_P, "family-provincial",
     "eligible.title"),
    (K.FAMILY, title(C.FAMILY, L.PROVINCIAL, edition=18), FA_P, "family-provincial",
     "eligible.title"),
    (K.FAMILY, title(C.FAMILY, L.NATIONAL, edition=19), FA_P, "family-provincial",
     "eligible.title"),
]  # fmt: skip


@pytest.mark.parametrize(("kind", "held", "applied", "rule", "code"), TITLE_ROUTES)
def test_title_route_eligible_with_the_title_it_rests_on(
    kind: OrganizationKind, held: HeldTitle, applied: Award, rule: str, code: str
) -> None:
    assert verdict(org(kind, held), applied) == eligible(applied, rule, held, code)


ANY_ROUTES = [
    (K.COUNTY, CITY, "city-provincial"),
    (K.VILLAGE, VT_M, "village-town-municipal"),
    (K.TOWNSHIP, VT_M, "village-town-municipal"),
    (K.COMMUNITY, CO_M, "community-municipal"),
    (K.UNIT, UN_M, "unit-municipal"),
    (K.SCHOOL, CA_M, "campus-municipal"),
    (K.FAMILY, FA_M, "family-municipal"),
]


@pytest.mark.parametrize(("kind", "applied", "rule"), ANY_ROUTES)
def test_any_route_eligible_without_titles(
    kind: OrganizationKind, applied: Award, rule: str
) -> None:
    assert verdict(org(kind), applied) == anyone(applied, rule, kind)


# --- every title row, the way out: what a refusal says is missing ------------------------

W = [18, 19]
MISSING_ROUTES = [
    (K.VILLAGE, VT_P_MODEL, [need(C.VILLAGE_TOWN, L.PROVINCIAL, False, None)]),
    (K.VILLAGE, VT_P, [need(C.VILLAGE_TOWN, L.MUNICIPAL, True, W)]),
    (K.TOWNSHIP, VT_M_MODEL, [need(C.VILLAGE_TOWN, L.MUNICIPAL, False, W)]),
    (K.COMMUNITY, CO_P_MODEL, [need(C.COMMUNITY, L.PROVINCIAL, False, None)]),
    (K.COMMUNITY, CO_P, [need(C.COMMUNITY, L.MUNICIPAL, True, W)]),
    (K.COMMUNITY, CO_M_MODEL, [need(C.COMMUNITY, L.MUNICIPAL, False, W)]),
    (K.UNIT, UN_P_MODEL, [need(C.UNIT, L.PROVINCIAL, None, W)]),
    (K.UNIT, UN_P, [need(C.UNIT, L.PROVINCIAL, None, W), need(C.UNIT, L.MUNICIPAL, True, W)]),
    (K.UNIT, UN_M_MODEL, [need(C.UNIT, L.MUNICIPAL, False, W)]),
    (K.SCHOOL, CA_P_MODEL, [need(C.UNIT, L.PROVINCIAL, None, [18]),
                            need(C.CAMPUS, L.PROVINCIAL, None, [19])]),
    (K.SCHOOL, CA_P, [need(C.UNIT, L.PROVINCIAL, None, [18]),
                      need(C.CAMPUS, L.PROVINCIAL, None, [19]),
                      need(C.CAMPUS, L.MUNICIPAL, True, W)]),
    (K.SCHOOL, CA_M_MODEL, [need(C.CAMPUS, L.MUNICIPAL, False, W)]),
]  # fmt: skip


@pytest.mark.parametrize(("kind", "applied", "required"), MISSING_ROUTES)
def test_title_route_without_title_lists_what_is_missing(
    kind: OrganizationKind, applied: Award, required: list[dict[str, Any]]
) -> None:
    unit_type = UnitType.STATE_ENTERPRISE if kind is K.UNIT else None
    assert verdict(org(kind, unit_type=unit_type), applied) == missing(applied, *required)


def test_family_provincial_without_title_or_honor_is_exceptional_only() -> None:
    # The ordinary route needs a title or honor; 破格 remains open to any family.
    expected = Verdict(
        FA_P,
        EXCEPTIONAL_ONLY,
        Reason("exceptional.direct", {"kind": K.FAMILY, "unit_type": None}),
        "family-provincial-exceptional",
    )
    assert verdict(org(K.FAMILY), FA_P) == expected


# --- families via honors -------------------------------------------------------------------


@pytest.mark.parametrize(
    ("kind", "level", "name"),
    [
        (HonorKind.MOST_BEAUTIFUL_FAMILY, HonorLevel.MUNICIPAL, "Most Beautiful Family 2020"),
        (HonorKind.TEN_STAR_HOUSEHOLD, HonorLevel.PROVINCIAL, "Ten-Star Civilized Household"),
    ],
)
def test_family_provincial_eligible_via_honor(
    kind: HonorKind, level: HonorLevel, name: str
) -> None:
    honor = HeldHonor(kind, level, name, date(2020, 5, 15), "HONOR-1")
    expected = Verdict(
        FA_P,
        ELIGIBLE,
        Reason(
            "eligible.honor",
            {
                "honor_kind": kind,
                "honor_level": level,
                "honor_name": name,
                "document_number": "HONOR-1",
                "granted_on": "2020-05-15",
            },
        ),
        "family-provincial",
    )
    assert verdict(org(K.FAMILY, honors=(honor,)), FA_P) == expected


def test_family_provincial_other_honor_title_does_not_count() -> None:
    honor = HeldHonor(HonorKind.HONOR_TITLE, HonorLevel.NATIONAL, "Five-Good Family")
    assert verdict(org(K.FAMILY, honors=(honor,)), FA_P).status == EXCEPTIONAL_ONLY


def test_family_provincial_prefers_title_over_honor() -> None:
    honor = HeldHonor(
        HonorKind.MOST_BEAUTIFUL_FAMILY, HonorLevel.MUNICIPAL, "Most Beautiful Family 2020"
    )
    held = title(C.FAMILY, L.MUNICIPAL, edition=19)
    organization = org(K.FAMILY, held, honors=(honor,))
    assert verdict(organization, FA_P) == eligible(FA_P, "family-provincial", held)


# --- edition windows -----------------------------------------------------------------------


def test_unit_municipal_model_title_outside_window_not_eligible() -> None:
    held = title(C.UNIT, L.MUNICIPAL, False, 17)
    expected = missing(
        UN_M_MODEL,
        need(C.UNIT, L.MUNICIPAL, False, W),
        not_counted=[{**named(held), "why": "outside_window"}],
    )
    assert verdict(org(K.UNIT, held), UN_M_MODEL) == expected


def test_unit_provincial_keep_edition_17_not_eligible() -> None:
    held = title(C.UNIT, L.PROVINCIAL, True, 17)
    assert verdict(org(K.UNIT, held), UN_P_MODEL).status == NOT_ELIGIBLE


def test_campus_municipal_model_edition_17_not_eligible() -> None:
    held = title(C.CAMPUS, L.MUNICIPAL, False, 17)
    assert verdict(org(K.SCHOOL, held), CA_M_MODEL).status == NOT_ELIGIBLE


def test_village_provincial_default_window_excludes_edition_17() -> None:
    held = title(C.VILLAGE_TOWN, L.MUNICIPAL, True, 17)
    assert verdict(org(K.VILLAGE, held), VT_P).status == NOT_ELIGIBLE


def test_village_provincial_model_any_earlier_edition_counts() -> None:
    held = title(C.VILLAGE_TOWN, L.PROVINCIAL, False, 9)
    expected = eligible(VT_P_MODEL, "village-town-provincial-model", held)
    assert verdict(org(K.VILLAGE, held), VT_P_MODEL) == expected


def test_community_provincial_model_any_earlier_edition_counts() -> None:
    # 牡丹江 2021 方案 says 往届 for this row (docs/rules.md#eligibility-window).
    held = title(C.COMMUNITY, L.PROVINCIAL, False, 17)
    expected = eligible(CO_P_MODEL, "community-provincial-model", held)
    assert verdict(org(K.COMMUNITY, held), CO_P_MODEL) == expected


def test_title_of_the_running_edition_does_not_count() -> None:
    held = title(C.UNIT, L.MUNICIPAL, False, 20)
    assert verdict(org(K.UNIT, held), UN_M_MODEL).status == NOT_ELIGIBLE


def test_school_unit_title_of_edition_19_does_not_open_campus_keep() -> None:
    # The seed routes only 18th-edition 省级文明单位 schools; by the 19th they were campuses.
    held = title(C.UNIT, L.PROVINCIAL, False, 19)
    assert verdict(org(K.SCHOOL, held), CA_P_MODEL).status == NOT_ELIGIBLE


def test_relative_window_follows_the_campaign_edition() -> None:
    held = title(C.VILLAGE_TOWN, L.MUNICIPAL, True, 18)
    verdicts = [
        evaluate(TABLE, org(K.VILLAGE, held), [VT_P], edition)[0].status for edition in (20, 21)
    ]
    assert verdicts == [ELIGIBLE, NOT_ELIGIBLE]


def test_most_recent_title_is_the_one_cited() -> None:
    older = title(C.UNIT, L.MUNICIPAL, False, 18)
    newer = title(C.UNIT, L.MUNICIPAL, False, 19)
    expected = eligible(UN_M_MODEL, "unit-municipal-model", newer)
    assert verdict(org(K.UNIT, older, newer), UN_M_MODEL) == expected


def test_unit_provincial_keep_is_cited_before_the_step_up() -> None:
    provincial = title(C.UNIT, L.PROVINCIAL, False, 19)
    model = title(C.UNIT, L.MUNICIPAL, True, 19)
    expected = eligible(UN_P, "unit-provincial-keep", provincial, "eligible.keep")
    assert verdict(org(K.UNIT, model, provincial), UN_P) == expected


def test_unit_municipal_model_requires_the_exact_title_not_a_higher_one() -> None:
    # 牡丹江 2021 方案 names exact titles; only the family row says "市级以上" (or higher).
    held = title(C.UNIT, L.PROVINCIAL, False, 19)
    assert verdict(org(K.UNIT, held), UN_M_MODEL).status == NOT_ELIGIBLE


# --- ended titles ----------------------------------------------------------------------------


@pytest.mark.parametrize("status", [TitleStatus.REVOKED, TitleStatus.DOWNGRADED])
def test_revoked_or_downgraded_title_does_not_count(status: TitleStatus) -> None:
    held = title(C.UNIT, L.MUNICIPAL, False, 19, status)
    expected = missing(
        UN_M_MODEL,
        need(C.UNIT, L.MUNICIPAL, False, W),
        not_counted=[{**named(held), "why": status.value}],
    )
    assert verdict(org(K.UNIT, held), UN_M_MODEL) == expected


def test_expired_title_still_counts() -> None:
    held = title(C.UNIT, L.MUNICIPAL, False, 18, TitleStatus.EXPIRED)
    expected = eligible(UN_M_MODEL, "unit-municipal-model", held)
    assert verdict(org(K.UNIT, held), UN_M_MODEL) == expected


def test_downgraded_provincial_unit_rests_on_its_lower_title() -> None:
    downgraded = title(C.UNIT, L.PROVINCIAL, False, 19, TitleStatus.DOWNGRADED)
    lower = title(C.UNIT, L.MUNICIPAL, False, 19)
    organization = org(K.UNIT, downgraded, lower)
    verdicts = evaluate(TABLE, organization, [UN_P, UN_M_MODEL], EDITION)
    assert [v.status for v in verdicts] == [NOT_ELIGIBLE, ELIGIBLE]


# --- exclusion and exceptional routes ---------------------------------------------------------

EXCLUDED_REASON = Reason(
    "not_eligible.excluded", {"exclusion": "fulltime-school-unit", "instead": C.CAMPUS}
)


@pytest.mark.parametrize("applied", [UN_P, UN_P_MODEL, UN_M_MODEL, UN_M])
def test_fulltime_school_excluded_from_unit_awards(applied: Award) -> None:
    school = org(K.SCHOOL, title(C.UNIT, L.PROVINCIAL, True, 19), fulltime=True)
    expected = Verdict(applied, NOT_ELIGIBLE, EXCLUDED_REASON, "fulltime-school-unit")
    assert verdict(school, applied) == expected


def test_fulltime_school_registered_as_unit_is_excluded_too() -> None:
    organization = org(K.UNIT, fulltime=True)
    expected = Verdict(UN_M, NOT_ELIGIBLE, EXCLUDED_REASON, "fulltime-school-unit")
    assert verdict(organization, UN_M) == expected


def test_school_outside_the_education_sequence_may_apply_as_unit() -> None:
    # A party school (the issuer of 益阳 2021 方案) applies for 文明单位 (docs/rules.md#exclusion).
    assert verdict(org(K.SCHOOL), UN_M) == anyone(UN_M, "unit-municipal", K.SCHOOL)


def test_fulltime_school_with_18th_provincial_unit_title_routes_to_campus() -> None:
    held = title(C.UNIT, L.PROVINCIAL, True, 18)
    school = org(K.SCHOOL, held, fulltime=True)
    verdicts = evaluate(TABLE, school, [UN_P_MODEL, CA_P_MODEL, CA_P], EDITION)
    assert verdicts == [
        Verdict(UN_P_MODEL, NOT_ELIGIBLE, EXCLUDED_REASON, "fulltime-school-unit"),
        eligible(CA_P_MODEL, "campus-provincial-keep", held, "eligible.keep"),
        eligible(CA_P, "campus-provincial-keep", held, "eligible.keep"),
    ]


@pytest.mark.parametrize("unit_type", [UnitType.NEW_ECONOMIC, UnitType.NEW_SOCIAL])
def test_new_organization_may_apply_for_provincial_unit_exceptionally(
    unit_type: UnitType,
) -> None:
    expected = Verdict(
        UN_P,
        EXCEPTIONAL_ONLY,
        Reason("exceptional.direct", {"kind": K.UNIT, "unit_type": unit_type}),
        "unit-provincial-exceptional",
    )
    assert verdict(org(K.UNIT, unit_type=unit_type), UN_P) == expected


def test_new_organization_exceptional_route_is_only_for_the_plain_tier() -> None:
    organization = org(K.UNIT, unit_type=UnitType.NEW_ECONOMIC)
    assert verdict(organization, UN_P_MODEL).status == NOT_ELIGIBLE


def test_private_enterprise_has_no_exceptional_route() -> None:
    organization = org(K.UNIT, unit_type=UnitType.PRIVATE_ENTERPRISE)
    expected = missing(
        UN_P, need(C.UNIT, L.PROVINCIAL, None, W), need(C.UNIT, L.MUNICIPAL, True, W)
    )
    assert verdict(organization, UN_P) == expected


def test_new_organization_with_title_is_eligible_ordinarily() -> None:
    held = title(C.UNIT, L.MUNICIPAL, True, 19)
    organization = org(K.UNIT, held, unit_type=UnitType.NEW_SOCIAL)
    assert verdict(organization, UN_P) == eligible(UN_P, "unit-provincial", held)


# --- awards a kind cannot apply for, awards not offered ------------------------------------


def test_village_applying_for_unit_award_wrong_kind() -> None:
    expected = Verdict(
        UN_M,
        NOT_ELIGIBLE,
        Reason("not_eligible.kind", {"kind": K.VILLAGE, "allowed_kinds": ["school", "unit"]}),
    )
    assert verdict(org(K.VILLAGE), UN_M) == expected


def test_award_without_row_not_offered() -> None:
    national = award(C.UNIT, L.NATIONAL)
    expected = Verdict(national, NOT_ELIGIBLE, Reason("not_eligible.not_offered", {"edition": 20}))
    assert verdict(org(K.UNIT), national) == expected


def test_verdicts_follow_the_order_of_the_awards() -> None:
    organization = org(K.UNIT, title(C.UNIT, L.MUNICIPAL, False, 19))
    verdicts = evaluate(TABLE, organization, [UN_M, CITY, UN_M_MODEL, UN_P], EDITION)
    assert [(v.award, v.status) for v in verdicts] == [
        (UN_M, ELIGIBLE),
        (CITY, NOT_ELIGIBLE),
        (UN_M_MODEL, ELIGIBLE),
        (UN_P, NOT_ELIGIBLE),
    ]


# --- properties ------------------------------------------------------------------------------


@st.composite
def held_titles(draw: st.DrawFn, status: TitleStatus | None = None) -> HeldTitle:
    category = draw(st.sampled_from(Category))
    return HeldTitle(
        category=category,
        level=draw(st.sampled_from(Level)),
        model=has_model_tier(category) and draw(st.booleans()),
        edition=draw(st.integers(min_value=10, max_value=21)),
        status=status or draw(st.sampled_from(TitleStatus)),
        document_number=draw(st.sampled_from(["", "DOC-1"])),
    )


@st.composite
def organizations(draw: st.DrawFn) -> Organization:
    kind = draw(st.sampled_from(OrganizationKind))
    honors = draw(
        st.lists(
            st.builds(
                HeldHonor,
                kind=st.sampled_from(HonorKind),
                level=st.sampled_from(HonorLevel),
                name=st.just("honor"),
            ),
            max_size=2,
        )
    )
    return Organization(
        kind=kind,
        unit_type=draw(st.sampled_from(UnitType)) if kind is K.UNIT else None,
        is_fulltime_school=kind is K.SCHOOL and draw(st.booleans()),
        titles=tuple(draw(st.lists(held_titles(), max_size=6))),
        honors=tuple(honors),
    )


ALL_AWARDS = list(TABLE.awards())


@given(organizations(), held_titles(TitleStatus.REVOKED), st.integers(min_value=0, max_value=6))
def test_adding_revoked_title_never_changes_verdict(
    organization: Organization, revoked: HeldTitle, position: int
) -> None:
    titles = list(organization.titles)
    titles.insert(position, revoked)
    with_revoked = Organization(
        organization.kind,
        organization.unit_type,
        organization.is_fulltime_school,
        tuple(titles),
        organization.honors,
    )
    before = evaluate(TABLE, organization, ALL_AWARDS, EDITION)
    after = evaluate(TABLE, with_revoked, ALL_AWARDS, EDITION)
    # A refusal may list the revoked title among those that did not count; nothing else moves.
    assert [(v.status, v.reason.code, v.rule) for v in after] == [
        (v.status, v.reason.code, v.rule) for v in before
    ]
    assert [v for v in after if v.status is ELIGIBLE] == [v for v in before if v.status is ELIGIBLE]


@given(organizations())
def test_never_eligible_for_a_category_the_kind_cannot_hold(organization: Organization) -> None:
    verdicts = evaluate(TABLE, organization, ALL_AWARDS, EDITION)
    open_categories = {v.award.category for v in verdicts if v.status is not NOT_ELIGIBLE}
    assert open_categories - set(KIND_CATEGORIES[organization.kind]) == set()


@given(organizations(), held_titles())
def test_adding_a_title_never_closes_an_award(organization: Organization, extra: HeldTitle) -> None:
    more = Organization(
        organization.kind,
        organization.unit_type,
        organization.is_fulltime_school,
        (*organization.titles, extra),
        organization.honors,
    )
    before = evaluate(TABLE, organization, ALL_AWARDS, EDITION)
    after = evaluate(TABLE, more, ALL_AWARDS, EDITION)
    closed = [
        b.award for b, a in zip(before, after, strict=True)
        if b.status is ELIGIBLE and a.status is not ELIGIBLE
    ]  # fmt: skip
    assert closed == []
