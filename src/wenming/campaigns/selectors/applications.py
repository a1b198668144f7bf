"""Reads about applications: which use a place of their unit's quota, who recommends
them, what the applicant still has to do before submitting, and the evidence rules of a
campaign. Nothing here writes; the services that move applications read through these.
"""

from collections.abc import Iterable
from dataclasses import replace
from typing import Any

from django.db.models import Field, Q
from django.utils.translation import gettext as _

from wenming.domain.application_states import State
from wenming.domain.evidence import EvidenceRules, ThemePattern
from wenming.domain.family_form import family_form_problems
from wenming.domain.frameworks import Statistic
from wenming.registry.models import Organization, Region

from ..evidence_files import default_rules
from ..family_form import PROBLEMS, is_family
from ..models import Application, Award, Campaign

#: States in which an application holds one of its recommending unit's places: recommended,
#: and every state it can only reach from there (docs/rules.md#quota: quota use counts what the unit
#: recommended, whatever has happened to it since).
PLACE_HOLDING = (
    State.RECOMMENDED,
    State.ASSESSED,
    State.SCREENED,
    State.PUBLISHED,
    State.APPROVED,
    State.NAMED,
)
#: States an application leaves the campaign in after recommendation (vetoed, objection
#: upheld, not approved). Its place stays spent, unless it passed to the first alternate
#: (``promote_first_alternate`` then clears the rank, the alternate holds the place).
#: Not recommending clears the rank too, so a rank kept here means "was recommended".
PLACE_SPENT = (State.VETOED, State.REJECTED)


def holds_place(prefix: str = "") -> Q:
    """The applications that use a place of their unit's quota (docs/rules.md#quota).

    A recommended applicant who withdraws (劝退) or is disqualified gives its place to
    the first alternate, which then holds it: the place is counted once. A withdrawn one
    whose place no alternate took leaves the place free for the unit to fill; a vetoed
    or rejected one whose place no alternate took still used it ("谁推荐、谁负责")."""
    return Q(**{f"{prefix}status__in": PLACE_HOLDING}) | Q(
        **{f"{prefix}status__in": PLACE_SPENT, f"{prefix}rank__isnull": False}
    )


def application_holds_place(application: Application) -> bool:
    """``holds_place`` for an application already read."""
    return application.status in PLACE_HOLDING or (
        application.status in PLACE_SPENT and application.rank is not None
    )


#: The form field that reports each statistic a threshold indicator may divide.
STATISTIC_FIELDS = {
    Statistic.STAFF: "staff_count",
    Statistic.PARTY_MEMBERS: "party_members",
    Statistic.REGISTERED_VOLUNTEERS: "registered_volunteers",
    Statistic.PARTY_MEMBER_VOLUNTEERS: "party_member_volunteers",
    Statistic.VOLUNTEERS_SERVED: "volunteers_served",
}
#: The statistics an application form may report (they feed the threshold indicators).
FORM_STATISTICS = tuple(STATISTIC_FIELDS.values())


def statistics_asked(award: Award) -> tuple[str, ...]:
    """The form statistics the award's framework reads, in the form's order: those its
    threshold indicators divide. None under a checklist, nor where no threshold reads
    them (a county applying for 文明城市 has no staff to count)."""
    if award.framework.is_checklist:
        return ()
    framework = award.framework.to_framework()
    read = {
        statistic
        for rule in framework.thresholds
        for condition in rule.conditions
        for statistic in (condition.numerator, condition.denominator)
        if statistic is not None
    }
    return tuple(field for statistic, field in STATISTIC_FIELDS.items() if statistic in read)


def statistic_label(name: str) -> str:
    """A form statistic's name as the registry labels it (each is an organization field)."""
    field = Organization._meta.get_field(name)
    if not isinstance(field, Field):
        raise TypeError(f"Organization.{name} is not a field")
    return str(field.verbose_name)


def recommender_for(campaign: Campaign, organization: Organization) -> dict[str, Any]:
    """Who reviews and recommends the organization: its supervising body, its county
    office, or the running office itself for direct applicants (docs/rules.md#recommender)."""
    if organization.applies_directly or organization.kind == "county":
        return {"region": campaign.office, "body": None}
    if organization.body_id and organization.body and organization.body.supervises:
        return {"region": None, "body": organization.body}
    # The county (or district) the organization lies in, below the running office.
    codes = organization.region.path.strip("/").split("/")
    counties = Region.objects.filter(code__in=codes, level="county")
    county = counties.filter(path__startswith=campaign.office.path).first()
    return {"region": county or campaign.office, "body": None}


def markable_clauses(application: Application) -> list[str]:
    """The scoring points the applicant marks itself (threshold ones are computed); none
    under a checklist, which the office reviews centrally."""
    if application.award.framework.is_checklist:
        return []
    framework = application.award.framework.to_framework()
    computed = {rule.criterion for rule in framework.thresholds}
    return [
        clause.key
        for criterion in framework.criteria()
        if criterion.number not in computed
        for clause in criterion.clauses
    ]


def submission_problems(
    application: Application,
    *,
    marked: Iterable[str] | None = None,
    blocked: int | None = None,
) -> list[str]:
    """What still stops the application from being submitted, in words. A page that has
    read the self-marks' keys (``marked``) and counted the blocking evidence (``blocked``)
    passes them; otherwise they are read here."""
    problems: list[str] = []
    if is_family(application):
        problems.extend(str(PROBLEMS[code]) for code in family_form_problems(application.form))
    elif any(application.form.get(n) is None for n in statistics_asked(application.award)):
        problems.append(_("申报表的统计数据未填写完整。"))
    keys = set(
        application.self_marks.values_list("clause_key", flat=True) if marked is None else marked
    )
    unmarked = [key for key in markable_clauses(application) if key not in keys]
    if unmarked:
        problems.append(
            _("还有 %(n)d 个评分要点未自评（如 %(first)s）。")
            % {"n": len(unmarked), "first": unmarked[0]}
        )
    if blocked is None:
        blocked = application.evidence.filter(blocking=True).count()
    if blocked:
        problems.append(_("有 %(n)d 份佐证材料不符合要求，请替换。") % {"n": blocked})
    return problems


def evidence_rules_for(campaign: Campaign) -> EvidenceRules:
    """The shipped evidence rules with the campaign's own photo-theme pattern."""
    rules = default_rules()
    shipped = rules.photo.theme_pattern
    separators = shipped.separators if shipped else "+ "
    pattern = (
        ThemePattern.parse(campaign.theme_pattern, separators) if campaign.theme_pattern else None
    )
    return replace(rules, photo=replace(rules.photo, theme_pattern=pattern))


def bonus_evidence_key(rule: str) -> str:
    """The evidence key of a bonus item's claims."""
    return f"bonus:{rule}"
