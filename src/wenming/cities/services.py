"""Writes of the 文明城市 ranking (docs/rules.md#cities): the campaign's weights and shares,
the survey company's workbook, the online material review and the questionnaire rate of
each county, and the ranking frozen when the assessment stage closes.

Only the running office writes; the parts are entered while the assessment stage is open,
the settings until it closes. Every write is one transaction with its audit event. An
import is all rows or none, each error naming its row and column ("第3行“样本量”须为正整数。").
Closing the stage names the first shares 文明城市 and 提名城市 (``Action.ASSESS``, the
nominated flag set on the second) and moves the rest out (``Action.FAIL_ASSESSMENT``),
each through ``application_move``.
"""

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation
from typing import IO, Any

from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.utils.translation import gettext as _

from wenming.accounts.models import User
from wenming.accounts.permissions import require_perm
from wenming.audit.services import audit_record
from wenming.campaigns.models import Application, Campaign, Stage
from wenming.campaigns.services import application_move
from wenming.campaigns.stages import require_stage_open
from wenming.documents.safety import HostileFile
from wenming.domain.application_states import Action, State
from wenming.domain.cities import PARTS, CityError, Outcome, check_weights
from wenming.domain.stage_gates import StageKind
from wenming.domain.titles import AssessmentMode

from .messages import city_error_message
from .models import (
    CityRanking,
    CityStanding,
    QuestionnaireRate,
    ReviewScore,
    SurveyImport,
    SurveyResult,
)
from .selectors import applicants, campaign_weights, cents, city_awards, live_ranking, unranked
from .survey_workbook import HEADERS, SurveyRows, as_date, indicator_header, read_survey

CENT = Decimal("0.01")
HUNDRED = Decimal(100)


def _office(user: User, campaign: Campaign) -> None:
    require_perm(user, "campaigns.manage_campaign", campaign)


def _decimal(value: Any) -> Decimal | None:
    """A number as typed or read (a float cell reads back by its shortest form)."""
    if value is None or isinstance(value, bool):
        return None
    try:
        number = Decimal(str(value).strip())
    except InvalidOperation:
        return None
    return number if number.is_finite() else None


def _score(value: Any) -> Decimal | None:
    """A score on 0..100 with at most two decimals, or None."""
    number = _decimal(value)
    if number is None or not 0 <= number <= HUNDRED or number != number.quantize(CENT):
        return None
    return number.quantize(CENT)


def _positive_int(value: Any) -> int | None:
    number = _decimal(value)
    if number is None or number != number.to_integral_value() or number < 1:
        return None
    return int(number)


# ---- settings ---------------------------------------------------------------------------


def _assessment_closed(campaign: Campaign) -> bool:
    return Stage.objects.filter(
        campaign=campaign, kind=StageKind.ASSESSMENT, closed_at__isnull=False
    ).exists()


def city_settings_set(
    *,
    acting_user: User,
    campaign: Campaign,
    weights: Mapping[str, Decimal],
    named: int,
    nominated: int,
) -> Campaign:
    """Set the composite's weights (ratios summing to 1) and how many counties are named
    文明城市 and then 提名城市. Refused once the assessment stage closed on them."""
    _office(acting_user, campaign)
    try:
        check_weights(weights)
        if named < 0 or nominated < 0:
            raise CityError("shares_negative", named=named, nominated=nominated)
    except CityError as error:
        raise ValidationError(city_error_message(error), code=error.code) from None
    if _assessment_closed(campaign):
        raise ValidationError(
            _("测评阶段已结束，文明城市排名已确定，不能再修改权重和名额。"), code="closed"
        )
    with transaction.atomic():
        current = Campaign.objects.select_for_update().get(pk=campaign.pk)
        fields = ["city_weights", "city_named", "city_nominated"]
        before = {name: getattr(current, name) for name in fields}
        current.city_weights = {part: str(weights[part]) for part in PARTS}
        current.city_named, current.city_nominated = named, nominated
        current.save(update_fields=fields)
        audit_record(
            actor=acting_user,
            action="cities.settings",
            obj=current,
            before=before,
            after={name: getattr(current, name) for name in fields},
        )
    return current


# ---- the survey workbook ----------------------------------------------------------------


@dataclass(frozen=True)
class RowError:
    row: int  # the Excel row, 0 for the whole file
    column: str  # the column's header, "" for the whole row
    message: str

    def __str__(self) -> str:
        if not self.row:
            return self.message
        if not self.column:
            return _("第%(row)d行%(message)s") % {"row": self.row, "message": self.message}
        return _("第%(row)d行“%(column)s”%(message)s") % {
            "row": self.row,
            "column": self.column,
            "message": self.message,
        }


class SurveyImportError(ValidationError):
    """The file was refused; ``errors`` names each row and column (nothing was saved)."""

    def __init__(self, errors: list[RowError]) -> None:
        super().__init__([str(e) for e in errors], code="survey_invalid")
        self.errors = errors


def _whole(message: str) -> SurveyImportError:
    return SurveyImportError([RowError(0, "", message)])


def _open(upload: UploadedFile[bytes] | IO[bytes]) -> SurveyRows:
    name = str(getattr(upload, "name", "") or "")
    if not name.lower().endswith(".xlsx"):
        raise _whole(_("请上传 .xlsx 格式的 Excel 工作簿。"))
    upload.seek(0)
    if upload.read(4) != b"PK\x03\x04":
        raise _whole(_("文件内容不是 Excel 工作簿（.xlsx）。"))
    upload.seek(0)
    try:
        rows = read_survey(upload)
    except HostileFile as refusal:
        raise _whole(" ".join(refusal.messages)) from None
    except Exception:  # calamine raises many kinds of error for a damaged workbook
        raise _whole(_("文件无法读取：请上传由模板填写的 .xlsx 工作簿。")) from None
    if rows is None:
        raise _whole(_("找不到表头：工作表中应有“县（市、区）名称”“区划代码”等列名所在的一行。"))
    problems = []
    missing = rows.missing()
    if missing:
        names = "、".join(f"“{c.header}”" for c in missing)
        problems.append(RowError(rows.header_row, "", _("缺少列：%(c)s。") % {"c": names}))
    if not rows.indicators:
        problems.append(
            RowError(rows.header_row, "", _("没有测评指标列：指标列的列名以“指标：”开头。"))
        )
    for indicator in rows.duplicate_indicators:
        message = _("指标“%(name)s”有两列。") % {"name": indicator}
        problems.append(RowError(rows.header_row, "", message))
    if problems:
        raise SurveyImportError(problems)
    if not rows.rows:
        raise _whole(_("表头以下没有县（市、区）的成绩行。"))
    return rows


def _text(value: Any) -> str:
    if isinstance(value, float) and value.is_integer():
        return str(int(value))  # a code typed as a number reads back as 230202.0
    return "" if value is None else str(value).strip()


@dataclass(frozen=True)
class _Parsed:
    row: int
    application: Application
    indicators: dict[str, str]
    score: Decimal
    sample_size: int
    surveyed_from: date
    surveyed_to: date


def _counties(campaign: Campaign) -> dict[str, Application]:
    """The recommended city applicants by region code and by organization code."""
    found: dict[str, Application] = {}
    for application in applicants(campaign):
        found.setdefault(application.organization.region.code, application)
        found.setdefault(application.organization.code, application)
    return found


def _parse_row(
    number: int,
    cells: dict[str, Any],
    indicators: dict[str, Any],
    counties: dict[str, Application],
    seen: dict[int, int],
    errors: list[RowError],
) -> _Parsed | None:
    before = len(errors)

    def error(field: str, message: str) -> None:
        errors.append(RowError(number, str(HEADERS.get(field, field)), message))

    name, code = _text(cells.get("name")), _text(cells.get("code"))
    application = None
    if not code:
        error("code", _("不能为空。"))
    elif code not in counties:
        error(
            "code",
            _("“%(code)s”不是本届文明城市推荐申报的县（市、区）。") % {"code": code},
        )
    else:
        application = counties[code]
        org = application.organization
        if not name:
            error("name", _("不能为空。"))
        elif name not in {org.name, org.region.name}:
            error(
                "name",
                _("“%(name)s”与区划代码“%(code)s”的申报单位“%(org)s”不符。")
                % {"name": name, "code": code, "org": org.name},
            )
        if application.pk in seen:
            error("code", _("与第%(row)d行重复。") % {"row": seen[application.pk]})
        else:
            seen[application.pk] = number
    sample_size = _positive_int(cells.get("sample_size"))
    if sample_size is None:
        error("sample_size", _("须为正整数。"))
    dates = {}
    for field in ("surveyed_from", "surveyed_to"):
        value = cells.get(field)
        dates[field] = None if value is None else as_date(value)
        if dates[field] is None:
            error(field, _("须为日期（如 2021-10-15）。"))
    start, end = dates["surveyed_from"], dates["surveyed_to"]
    if start and end and end < start:
        error("surveyed_to", _("不能早于调查开始日期。"))
    scores: dict[str, Decimal] = {}
    for indicator, value in indicators.items():
        score = _score(value)
        if score is None:
            errors.append(
                RowError(
                    number, indicator_header(indicator), _("须为 0 到 100 之间的数，最多两位小数。")
                )
            )
        else:
            scores[indicator] = score
    if len(errors) > before or application is None or start is None or end is None:
        return None
    mean = sum(scores.values(), Decimal(0)) / len(scores)
    return _Parsed(
        row=number,
        application=application,
        indicators={k: str(v) for k, v in scores.items()},
        score=mean.quantize(CENT, rounding=ROUND_HALF_UP),
        sample_size=sample_size or 0,
        surveyed_from=start,
        surveyed_to=end,
    )


def _results_by_name(campaign: Campaign) -> dict[str, str]:
    return {
        r.application.organization.name: str(r.score)
        for r in SurveyResult.objects.filter(application__campaign=campaign).select_related(
            "application__organization"
        )
    }


def survey_import(
    *, acting_user: User, campaign: Campaign, upload: UploadedFile[bytes] | IO[bytes]
) -> SurveyImport:
    """Read the survey company's workbook and replace the campaign's survey results with
    it: every row or none. The survey score of a county is its indicators' mean."""
    _office(acting_user, campaign)
    require_stage_open(campaign, StageKind.ASSESSMENT)
    rows = _open(upload)
    counties = _counties(campaign)
    errors: list[RowError] = []
    seen: dict[int, int] = {}
    parsed = [
        _parse_row(number, cells, indicators, counties, seen, errors)
        for number, cells, indicators in rows.rows
    ]
    if errors:
        raise SurveyImportError(errors)
    results = [p for p in parsed if p is not None]
    source_name = str(getattr(upload, "name", "") or "")[:255]
    with transaction.atomic():
        Campaign.objects.select_for_update().get(pk=campaign.pk)  # imports take turns
        before = _results_by_name(campaign)
        SurveyResult.objects.filter(application__campaign=campaign).delete()
        record = SurveyImport.objects.create(
            campaign=campaign,
            source_name=source_name,
            indicators=list(rows.indicators),
            rows=len(results),
            imported_by=acting_user,
        )
        SurveyResult.objects.bulk_create(
            SurveyResult(
                survey_import=record,
                application=p.application,
                row=p.row,
                indicators=p.indicators,
                score=p.score,
                sample_size=p.sample_size,
                surveyed_from=p.surveyed_from,
                surveyed_to=p.surveyed_to,
            )
            for p in results
        )
        audit_record(
            actor=acting_user,
            action="cities.survey_import",
            obj=campaign,
            before={"survey": before} if before else None,
            after={
                "file": source_name,
                "indicators": record.indicators,
                "survey": {p.application.organization.name: str(p.score) for p in results},
            },
        )
    return record


# ---- the review and the questionnaire ---------------------------------------------------


def _county(acting_user: User, application: Application) -> Application:
    """The application locked, once it is a recommended county of a city award and the
    assessment stage is open."""
    _office(acting_user, application.campaign)
    require_stage_open(application.campaign, StageKind.ASSESSMENT)
    current = (
        Application.objects.select_for_update(of=("self",))
        .select_related("award__framework", "organization", "campaign")
        .get(pk=application.pk)
    )
    if current.award.assessment != AssessmentMode.CITY_COMPOSITE:
        raise ValidationError(_("该申报不是文明城市综合测评的申报。"), code="not_city")
    if current.status != State.RECOMMENDED:
        raise ValidationError(
            _("只有已推荐、待测评的申报可以录入成绩（本申报为“%(state)s”）。")
            % {"state": current.get_status_display()},
            code="not_recommended",
        )
    return current


def review_record(
    *, acting_user: User, application: Application, items: Mapping[str, Any]
) -> ReviewScore:
    """The online material review of a county: each item of the award's framework scored
    0 up to its points (two decimals at most); the part is the total as a share of the
    framework's maximum, on 0..100, rounded half up to two decimals."""
    with transaction.atomic():
        current = _county(acting_user, application)
        framework = current.award.framework.to_framework()
        scored: dict[str, Decimal] = {}
        problems = []
        for item in framework.items:
            key = str(item.number)
            value = _decimal(items.get(key))
            label = f"{item.number}. {item.name}"
            if value is None:
                problems.append(_("“%(item)s”须填写得分。") % {"item": label})
            elif not 0 <= value <= item.points or value != value.quantize(CENT):
                problems.append(
                    _("“%(item)s”的得分须在 0 到 %(max)s 之间，最多两位小数。")
                    % {"item": label, "max": item.points}
                )
            else:
                scored[key] = value.quantize(CENT)
        if problems:
            raise ValidationError(problems, code="review_invalid")
        total = sum(scored.values(), Decimal(0))
        share = (total / framework.maximum * HUNDRED).quantize(CENT, rounding=ROUND_HALF_UP)
        existing = ReviewScore.objects.filter(application=current).first()
        before = None
        if existing is not None:
            before = {"items": existing.items, "total": existing.total, "score": existing.score}
        review, _created = ReviewScore.objects.update_or_create(
            application=current,
            defaults={
                "framework": current.award.framework,
                "items": {k: str(v) for k, v in scored.items()},
                "total": total,
                "score": share,
                "recorded_by": acting_user,
            },
        )
        audit_record(
            actor=acting_user,
            action="cities.review",
            obj=current,
            before=before,
            after={"items": review.items, "total": total, "score": share},
        )
    return review


def questionnaire_record(
    *, acting_user: User, application: Application, rate: Any, respondents: Any
) -> QuestionnaireRate:
    """The questionnaire rate of a county, a percentage (0..100, two decimals at most) of
    at least one respondent: a rate with no respondents is not computable (DOMAIN §5)."""
    value, count = _score(rate), _positive_int(respondents)
    problems = []
    if value is None:
        problems.append(_("问卷调查成绩须为 0 到 100 之间的百分数，最多两位小数。"))
    if count is None:
        problems.append(_("答卷人数须为正整数：没有答卷的问卷调查不能计算成绩。"))
    if value is None or count is None:
        raise ValidationError(problems, code="questionnaire_invalid")
    with transaction.atomic():
        current = _county(acting_user, application)
        existing = QuestionnaireRate.objects.filter(application=current).first()
        before = None
        if existing is not None:
            before = {"rate": existing.rate, "respondents": existing.respondents}
        record, _created = QuestionnaireRate.objects.update_or_create(
            application=current,
            defaults={"rate": value, "respondents": count, "recorded_by": acting_user},
        )
        audit_record(
            actor=acting_user,
            action="cities.questionnaire",
            obj=current,
            before=before,
            after={"rate": value, "respondents": count},
        )
    return record


# ---- closing the assessment -------------------------------------------------------------

_OUTCOME_ACTIONS = {
    Outcome.NAMED: Action.ASSESS,
    Outcome.NOMINATED: Action.ASSESS,
    Outcome.NONE: Action.FAIL_ASSESSMENT,
}


def _outcome_comment(outcome: Outcome, rank: int, composite: Decimal) -> str:
    values = {"rank": rank, "score": cents(composite)}
    if outcome is Outcome.NAMED:
        return _("文明城市综合测评第%(rank)d名（%(score)s分），列为文明城市。") % values
    if outcome is Outcome.NOMINATED:
        return _("文明城市综合测评第%(rank)d名（%(score)s分），列为提名城市。") % values
    return _("文明城市综合测评第%(rank)d名（%(score)s分），未进入文明城市和提名城市名额。") % values


def city_ranking_freeze(*, acting_user: User, campaign: Campaign) -> CityRanking | None:
    """Closing the assessment stage: rank the recommended counties of each city award,
    keep the ranking with its settings, and move each county on (named or nominated) or
    out. Runs in the closing transaction; None when the campaign has no city award."""
    _office(acting_user, campaign)
    if not city_awards(campaign).exists():
        return None
    with transaction.atomic():
        Campaign.objects.select_for_update().get(pk=campaign.pk)
        existing = CityRanking.objects.filter(campaign=campaign).first()
        if existing is not None:
            return existing
        missing = unranked(campaign)
        if missing:
            raise ValidationError(
                _("还有文明城市申报成绩不全或尚未排名：%(who)s。") % {"who": "、".join(missing)},
                code="cities_ranked",
            )
        rankings = live_ranking(campaign)
        counted = sum(len(r.lines) for r in rankings)
        if counted and campaign.city_named == 0 and campaign.city_nominated == 0:
            raise ValidationError(
                _(
                    "尚未设置文明城市和提名城市名额：请先在“文明城市测评设置”中填写，再结束测评阶段。"
                ),
                code="cities_shares",
            )
        ranking = CityRanking.objects.create(
            campaign=campaign,
            weights={part: str(w) for part, w in campaign_weights(campaign).items()},
            named=campaign.city_named,
            nominated=campaign.city_nominated,
            frozen_by=acting_user,
        )
        standings = [
            CityStanding(
                ranking=ranking,
                application=line.application,
                survey=scores.survey,
                review=scores.review,
                questionnaire=scores.questionnaire,
                composite=row.composite,
                rank=row.rank,
                outcome=row.outcome,
            )
            for award_ranking in rankings
            for line, row in award_ranking.ranked()
            for scores in (line.scores(),)
        ]
        CityStanding.objects.bulk_create(standings)
        for standing in standings:
            outcome = Outcome(standing.outcome)
            application_move(
                acting_user=acting_user,
                applications=standing.application,
                action=_OUTCOME_ACTIONS[outcome],
                comment=_outcome_comment(outcome, standing.rank, standing.composite),
                nominated=outcome is Outcome.NOMINATED,
            )
        audit_record(
            actor=acting_user,
            action="cities.ranking_freeze",
            obj=campaign,
            after={
                "weights": ranking.weights,
                "named": ranking.named,
                "nominated": ranking.nominated,
                "ranking": [
                    {
                        "application": s.application_id,
                        "name": s.application.organization.name,
                        "composite": str(s.composite),
                        "rank": s.rank,
                        "outcome": str(s.outcome),
                    }
                    for s in standings
                ],
            },
        )
    return ranking
