"""The vocabulary of titles and organizations (docs/rules.md#titles) as plain codes.

These codes are stored in the database and in data files; user-facing labels
live in the Django apps (translated), never here.
"""

from dataclasses import dataclass
from datetime import date
from enum import StrEnum


class Category(StrEnum):
    """A title's category (荣誉称号类别)."""

    CITY = "city"  # 文明城市 (county or city; the lesser outcome is "nominated")
    VILLAGE_TOWN = "village_town"  # 文明村镇
    COMMUNITY = "community"  # 文明社区
    UNIT = "unit"  # 文明单位
    CAMPUS = "campus"  # 文明校园
    FAMILY = "family"  # 文明家庭


class AssessmentMode(StrEnum):
    """How an award's applicants are assessed (seed 000 §四(四), docs/rules.md#assessment)."""

    SCORED = "scored"  # 测评打分: groups mark clause by clause, then ranking
    CENTRAL_REVIEW = "central_review"  # 集中审核认定: families, against the checklist
    CITY_COMPOSITE = "city_composite"  # 综合测评排名: survey, review, questionnaire


def default_assessment(category: "Category | str") -> AssessmentMode:
    """The path a category takes unless the office sets another."""
    if Category(category) is Category.FAMILY:
        return AssessmentMode.CENTRAL_REVIEW
    if Category(category) is Category.CITY:
        return AssessmentMode.CITY_COMPOSITE
    return AssessmentMode.SCORED


class Level(StrEnum):
    """The level of the body that names a title."""

    MUNICIPAL = "municipal"  # 市级
    PROVINCIAL = "provincial"  # 省级
    NATIONAL = "national"  # 全国


class OrganizationKind(StrEnum):
    """What kind of organization an applicant is (docs/rules.md#eligibility)."""

    COUNTY = "county"  # 县市区, applies for 文明城市
    TOWNSHIP = "township"  # 乡镇
    VILLAGE = "village"  # 村
    COMMUNITY = "community"  # 社区
    UNIT = "unit"  # 单位
    SCHOOL = "school"  # 校园
    FAMILY = "family"  # 家庭


class UnitType(StrEnum):
    """The sub-kind of a unit (单位性质)."""

    ORGAN = "organ"  # 党政机关
    INSTITUTION = "institution"  # 事业单位
    STATE_ENTERPRISE = "state_enterprise"  # 国有企业
    PRIVATE_ENTERPRISE = "private_enterprise"  # 民营企业
    NEW_ECONOMIC = "new_economic"  # 新经济组织
    NEW_SOCIAL = "new_social"  # 新社会组织


class TitleStatus(StrEnum):
    """Whether a held title is still in force."""

    ACTIVE = "active"
    REVOKED = "revoked"  # 撤销
    DOWNGRADED = "downgraded"  # 降级
    EXPIRED = "expired"  # 到期


class HonorKind(StrEnum):
    """Other honors that count for eligibility or bonus points (docs/rules.md#titles)."""

    MOST_BEAUTIFUL_FAMILY = "most_beautiful_family"  # 最美家庭
    TEN_STAR_HOUSEHOLD = "ten_star_household"  # 十星级文明户
    HONOR_TITLE = "honor_title"  # 荣誉称号 granted by a national/provincial/municipal body


class HonorLevel(StrEnum):
    """The level of the body granting an honor; ministerial counts as provincial for bonuses."""

    NATIONAL = "national"
    PROVINCIAL = "provincial"
    MINISTERIAL = "ministerial"
    MUNICIPAL = "municipal"


#: Which categories an organization kind may hold.
KIND_CATEGORIES: dict[OrganizationKind, tuple[Category, ...]] = {
    OrganizationKind.COUNTY: (Category.CITY,),
    OrganizationKind.TOWNSHIP: (Category.VILLAGE_TOWN,),
    OrganizationKind.VILLAGE: (Category.VILLAGE_TOWN,),
    OrganizationKind.COMMUNITY: (Category.COMMUNITY,),
    # A school may hold 文明单位 titles from before campus titles existed
    # (docs/rules.md#eligibility).
    OrganizationKind.UNIT: (Category.UNIT,),
    OrganizationKind.SCHOOL: (Category.CAMPUS, Category.UNIT),
    OrganizationKind.FAMILY: (Category.FAMILY,),
}


@dataclass(frozen=True, slots=True)
class TitleRank:
    """A step of a category's ladder: 市级 < 市级标兵 < 省级 < 省级标兵 < 全国."""

    level: Level
    model: bool  # 标兵

    @property
    def step(self) -> int:
        """The rung on the ladder, 0 for 市级 up to 4 for 全国."""
        if self.level is Level.NATIONAL:
            return 4
        base = 0 if self.level is Level.MUNICIPAL else 2
        return base + (1 if self.model else 0)


def has_model_tier(category: Category) -> bool:
    """Families have no 标兵 tier (docs/rules.md#titles)."""
    return category is not Category.FAMILY


@dataclass(frozen=True, slots=True)
class HeldTitle:
    """A title an organization holds or held, as the rules see it."""

    category: Category
    level: Level
    model: bool
    edition: int
    status: TitleStatus = TitleStatus.ACTIVE
    document_number: str = ""
    named_on: date | None = None

    @property
    def rank(self) -> TitleRank:
        return TitleRank(self.level, self.model)


@dataclass(frozen=True, slots=True)
class HeldHonor:
    """Another honor an organization holds (最美家庭, 十星级文明户, an honor title)."""

    kind: HonorKind
    level: HonorLevel
    name: str
    granted_on: date | None = None
    document_number: str = ""
