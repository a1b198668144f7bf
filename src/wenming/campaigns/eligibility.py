"""Eligibility in a campaign: the domain engine applied to the registry, and its reasons
told in words ("may apply for 市级文明单位标兵 because it was named 市级文明单位 in the
19th edition, document …")."""

import json
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

from django.utils.translation import gettext as _

from wenming.documents.style import edition_words, editions_words
from wenming.domain import eligibility as engine
from wenming.domain.eligibility_data import table_from_dict
from wenming.domain.titles import (
    Category,
    HeldHonor,
    HeldTitle,
    HonorKind,
    HonorLevel,
    Level,
    OrganizationKind,
    TitleStatus,
    UnitType,
)
from wenming.registry.models import (
    CATEGORY_LABELS,
    HONOR_KIND_LABELS,
    HONOR_LEVEL_LABELS,
    KIND_LABELS,
    Organization,
    title_label,
)

from .models import Award, Campaign

#: How many parsed rule tables the process keeps: more than the campaigns in use at once.
TABLE_CACHE_SIZE = 32


@lru_cache(maxsize=TABLE_CACHE_SIZE)
def _parsed_table(document_key: str) -> engine.EligibilityTable:
    """The rule table parsed from its canonical JSON text.

    An explicit cache, for speed: a page, the demo and the API judge every organization
    against the same table, and parsing and validating it each time dominates. It is keyed
    by the table's content, so nothing has to invalidate it: a campaign whose table is
    edited asks for a new key, and the entry for the old text ages out (least recently
    used, at most ``TABLE_CACHE_SIZE`` entries per process)."""
    return table_from_dict(json.loads(document_key))


def table_for(campaign: Campaign) -> engine.EligibilityTable:
    """The campaign's rule table, parsed once per content (``_parsed_table``)."""
    return _parsed_table(json.dumps(campaign.eligibility_table, sort_keys=True, ensure_ascii=False))


def domain_award(award: Award) -> engine.Award:
    return engine.Award(Category(award.category), Level(award.level), award.model)


def domain_organization(organization: Organization) -> engine.Organization:
    """The organization as the rules see it (titles and honors should be prefetched)."""
    titles = tuple(
        HeldTitle(
            category=Category(t.category),
            level=Level(t.level),
            model=t.model,
            edition=t.edition,
            status=TitleStatus(t.status),
            document_number=t.document_number,
            named_on=t.named_on,
        )
        for t in organization.titles.all()
    )
    honors = tuple(
        HeldHonor(
            kind=HonorKind(h.kind),
            level=HonorLevel(h.level),
            name=h.name,
            granted_on=h.granted_on,
            document_number=h.document_number,
        )
        for h in organization.honors.all()
    )
    return engine.Organization(
        kind=OrganizationKind(organization.kind),
        unit_type=UnitType(organization.unit_type) if organization.unit_type else None,
        is_fulltime_school=organization.is_fulltime_school,
        titles=titles,
        honors=honors,
    )


@dataclass(frozen=True)
class AwardVerdict:
    award: Award
    status: str  # engine.VerdictStatus value
    reason: dict[str, Any]  # {"code": ..., "params": ...}
    text: str

    @property
    def eligible(self) -> bool:
        return self.status == engine.VerdictStatus.ELIGIBLE

    @property
    def exceptional_only(self) -> bool:
        return self.status == engine.VerdictStatus.EXCEPTIONAL_ONLY


def verdicts_for(campaign: Campaign, organization: Organization) -> list[AwardVerdict]:
    """Every award of the campaign with the organization's verdict and its reason."""
    awards = list(campaign.awards.all())
    verdicts = engine.evaluate(
        table_for(campaign),
        domain_organization(organization),
        [domain_award(a) for a in awards],
        campaign.edition,
    )
    return [
        AwardVerdict(
            award,
            verdict.status.value,
            {"code": verdict.reason.code, "params": verdict.reason.params, "rule": verdict.rule},
            reason_text(verdict.reason.code, verdict.reason.params),
        )
        for award, verdict in zip(awards, verdicts, strict=True)
    ]


# ---- reasons in words -------------------------------------------------------------------


def _held(params: dict[str, Any]) -> str:
    label = title_label(params["category"], params["level"], params["model"])
    text = _("%(edition)s%(title)s") % {"edition": edition_words(params["edition"]), "title": label}
    if params.get("document_number"):
        text += _("（%(doc)s）") % {"doc": params["document_number"]}
    return text


def _required(item: dict[str, Any]) -> str:
    if item.get("type") == "honor":
        kind = HONOR_KIND_LABELS[HonorKind(item["honor_kind"])]
        levels = "/".join(str(HONOR_LEVEL_LABELS[HonorLevel(v)]) for v in item["honor_levels"])
        return f"{levels}{kind}" if levels else str(kind)
    label = title_label(item["category"], item["level"], item["model"])
    if item.get("or_higher"):
        label += _("或更高称号")
    if item.get("any_earlier"):
        return _("往届%(title)s") % {"title": label}
    editions = item.get("editions") or []
    if editions:
        words = editions_words(int(e) for e in editions)
        return _("%(editions)s%(title)s") % {"editions": words, "title": label}
    return label


_WHY = {
    engine.OUTSIDE_WINDOW: lambda: _("不在认可的届次内"),
    TitleStatus.REVOKED.value: lambda: _("已被撤销"),
    TitleStatus.DOWNGRADED.value: lambda: _("已被降级"),
    TitleStatus.EXPIRED.value: lambda: _("已到期"),
}


def reason_text(code: str, params: dict[str, Any]) -> str:
    """One reason as a sentence in the reader's language."""
    if code == engine.ELIGIBLE_ANY:
        return _("符合条件的%(kind)s均可申报。") % {
            "kind": KIND_LABELS[OrganizationKind(params["kind"])]
        }
    if code == engine.ELIGIBLE_TITLE:
        return _("可以申报，依据：%(held)s。") % {"held": _held(params)}
    if code == engine.ELIGIBLE_KEEP:
        return _("可以申报（已有称号复查保留），依据：%(held)s。") % {"held": _held(params)}
    if code == engine.ELIGIBLE_HONOR:
        honor = params["honor_name"] or HONOR_KIND_LABELS[HonorKind(params["honor_kind"])]
        doc = params.get("document_number") or ""
        return _("可以申报，依据：%(honor)s%(doc)s。") % {
            "honor": honor,
            "doc": _("（%(doc)s）") % {"doc": doc} if doc else "",
        }
    if code == engine.EXCEPTIONAL_DIRECT:
        return _("只能破格申报：须写明破格理由，经文明办批准后方可参加评选。")
    if code == engine.NOT_OFFERED:
        return _("本届未设此评选项目。")
    if code == engine.WRONG_KIND:
        return _("%(kind)s不能申报此项目。") % {
            "kind": KIND_LABELS[OrganizationKind(params["kind"])]
        }
    if code == engine.EXCLUDED:
        instead = params.get("instead")
        text = _("国民教育序列全日制学校不参加此项评选。")
        if instead:
            text += _("请申报%(instead)s。") % {"instead": CATEGORY_LABELS[Category(instead)]}
        return text
    if code == engine.MISSING:
        needs = _("或").join(_required(item) for item in params.get("required", []))
        text = _("不符合申报条件：需要%(needs)s。") % {"needs": needs}
        for title in params.get("not_counted", []):
            why = _WHY.get(title.get("why", ""), lambda: "")()
            text += _("已有的%(held)s%(why)s。") % {"held": _held(title), "why": why}
        return text
    return code
