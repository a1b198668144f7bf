"""The house style (docs/rules.md#house-style): editions in words, dates as 2026年12月1日,
scores to two decimals, ratios as percentages, no raw hashes or codes in front of a user.

The first half scans every template for the patterns the style replaced, so it cannot
drift back; the second half reads pages as a user sees them."""

import re
from datetime import date, datetime
from decimal import Decimal
from fractions import Fraction
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from django.urls import reverse
from django.utils import timezone
from tests.assessment.conftest import assessment  # noqa: F401 - the fixture, reused
from tests.assessment.drawing import commit_and_draw
from tests.assessment.marking import give
from tests.conftest import login

from wenming.assessment import services
from wenming.assessment.models import RankingResult
from wenming.assessment.templatetags.wenming_assessors import exact2
from wenming.assessment.templatetags.wenming_ranking import cents, percent_of
from wenming.core.templatetags.wenming_style import datetime_seconds, percent, score
from wenming.core.templatetags.wenming_style import edition as edition_filter
from wenming.documents.style import date_words, datetime_words, edition_words, editions_words

SRC = Path(__file__).parents[2] / "src/wenming"
TEMPLATES = sorted(p for p in SRC.glob("**/templates/**/*.html"))

# Named formats only: the language decides how a date reads (2026年12月1日 in zh-hans).
NAMED = {
    "DATE_FORMAT", "DATETIME_FORMAT", "SHORT_DATE_FORMAT", "SHORT_DATETIME_FORMAT",
    "YEAR_MONTH_FORMAT", "MONTH_DAY_FORMAT", "TIME_FORMAT",
}  # fmt: skip
DATE_FILTER = re.compile(r"\|date:(?P<q>[\"'])(?P<fmt>[^\"']*)(?P=q)")
# A machine format is allowed inside an attribute a browser reads: <time datetime>, an
# <input type=date> value, min or max.
MACHINE_ATTRIBUTE = re.compile(r"(?:datetime|value|min|max|data-[\w-]+)=[\"']\{\{[^}]*$")
EDITION_DIGITS = re.compile(r"\{\{\s*[\w.|:\"]+\s*\}\}\s*届")  # 第{{ n }}届, {{ n }}届
BARE_EDITION = re.compile(
    r"\{\{\s*(?P<obj>[\w.]+)\.edition\s*\}\}|=(?P<arg>[\w.]+)\.edition(?=[\s%])"
)
FLOATFORMAT = re.compile(r"floatformat(?::\"?(?P<arg>-?\d+)\"?)?")
SHOWN_DIGEST = re.compile(
    r"\{\{\s*[\w.]*\.(?:\w*hash|\w*sha256|checksum|seed)\b\s*(?:\|[^}]*)?\}\}"
)
SHOWN_PK = re.compile(r"(?<![=\"'\w-])#\{\{\s*[\w.]+\.(?:pk|id)\b")

# Exceptions, each with its reason: a mark's choices are the framework's point values
# (0.5, 1, 1.5) as the rules print them, not scores.
ALLOWED_FLOATFORMAT = {("assessment/templates/assessment/mark.html", "-1")}
# A framework's 版次 is the framework's own text (2021年版), not a campaign's number.
FRAMEWORK_EDITION = {"framework", "f"}


def _where(path: Path, text: str, offset: int) -> str:
    return f"{path.relative_to(SRC)}:{text.count(chr(10), 0, offset) + 1}"


def _in_details(text: str, offset: int) -> bool:
    before = text[:offset]
    return before.count("<details") > before.count("</details>")


def test_the_scan_sees_the_templates():
    # A glob gone wrong would make every rule below pass on nothing.
    assert len(TEMPLATES) > 80
    assert any(p.name == "draw.html" for p in TEMPLATES)


def test_no_template_writes_a_date_in_a_fixed_format():
    found = []
    for path in TEMPLATES:
        text = path.read_text()
        for m in DATE_FILTER.finditer(text):
            if m["fmt"] in NAMED:
                continue
            if MACHINE_ATTRIBUTE.search(text[max(0, m.start() - 200) : m.start()]):
                continue
            found.append(f"{_where(path, text, m.start())} date:{m['q']}{m['fmt']}{m['q']}")
    assert found == [], 'use |date or |date:"DATETIME_FORMAT" (or |datetime_seconds)'


def test_no_template_writes_an_edition_in_digits():
    found = []
    for path in TEMPLATES:
        text = path.read_text()
        found += [_where(path, text, m.start()) for m in EDITION_DIGITS.finditer(text)]
        for m in BARE_EDITION.finditer(text):
            if (m["obj"] or m["arg"]).split(".")[-1] in FRAMEWORK_EDITION:
                continue
            if text[m.end() : m.end() + 8].startswith("|edition"):
                continue
            found.append(f"{_where(path, text, m.start())} {m.group(0)}")
    assert found == [], "write {{ n|edition }} (第二十届), {% load wenming_style %}"


def test_scores_are_not_rounded_other_than_to_two_decimals():
    found = []
    for path in TEMPLATES:
        text = path.read_text()
        where = str(path.relative_to(SRC))
        for m in FLOATFORMAT.finditer(text):
            if m["arg"] == "2" or (where, m["arg"]) in ALLOWED_FLOATFORMAT:
                continue
            found.append(f"{_where(path, text, m.start())} {m.group(0)}")
    assert found == [], "scores go through |score (two decimals, half up)"


def test_digests_and_seeds_are_folded_away():
    found = []
    for path in TEMPLATES:
        text = path.read_text()
        for m in SHOWN_DIGEST.finditer(text):
            if not _in_details(text, m.start()):
                found.append(f"{_where(path, text, m.start())} {m.group(0)}")
        if "sha256|truncatechars" in text:
            found.append(f"{path.relative_to(SRC)}: a cut-off digest")
    assert found == [], "put checksums in <details><summary>校验信息</summary>…</details>"


def test_no_template_shows_a_raw_number_sign_id():
    found = []
    for path in TEMPLATES:
        text = path.read_text()
        found += [_where(path, text, m.start()) for m in SHOWN_PK.finditer(text)]
    assert found == []


# ---- the style functions ------------------------------------------------------------


def test_the_python_and_template_ways_agree():
    assert edition_words(20) == "第二十届"
    assert edition_words(21) == "第二十一届"
    assert editions_words([18, 19]) == "第十八、十九届"
    assert date_words(date(2026, 12, 1)) == "2026年12月1日"
    moment = datetime(2026, 12, 1, 1, 5, 7, tzinfo=ZoneInfo("UTC"))  # 09:05:07 in Shanghai
    assert datetime_words(moment) == "2026年12月1日 09:05"
    assert datetime_words(moment, seconds=True) == datetime_seconds(moment)
    assert datetime_seconds(moment) == "2026年12月1日 09:05:07"
    # One rounding for scores: half up to two decimals, whichever filter a page loads.
    for value in (Decimal("87.505"), Decimal("3"), Decimal("0.125")):
        assert score(value) == cents(value) == exact2(value)
    assert score(Decimal("87.505")) == "87.51"
    assert exact2(Fraction(1, 3)) == "0.33"
    assert percent(Decimal("1")) == percent_of(Decimal("1")) == "100%"
    assert percent(Decimal("0.3")) == "30%"


# ---- what a user sees ---------------------------------------------------------------

ISO_DAY = re.compile(r"\b20\d\d-\d\d-\d\d\b")
HEX64 = re.compile(r"\b[0-9a-f]{64}\b")


def _text(html: str) -> str:
    """The page's visible text: no tags (so no attributes), no scripts."""
    html = re.sub(r"<script.*?</script>", "", html, flags=re.S)
    return re.sub(r"<[^>]+>", " ", html)


def test_a_campaign_page_writes_the_edition_and_dates_in_words(world, cast, campaign, client):
    login(client, cast.city)
    html = client.get(reverse("campaigns:detail", args=[campaign.campaign.pk])).content.decode()
    text = _text(html)
    assert campaign.campaign.edition == 20
    assert "第二十届" in text
    assert "第20届" not in text
    closes = timezone.localtime(campaign.campaign.stages.get(kind="application").closes_at)
    assert f"{closes.year}年{closes.month}月{closes.day}日" in text
    assert ISO_DAY.findall(text) == []
    listing = _text(client.get(reverse("campaigns:list")).content.decode())
    assert "第二十届" in listing


def test_the_breakdown_shows_each_clauses_text(client, cast, assessment):  # noqa: F811
    app = assessment.apps["East Unit"]
    give(assessment.round, app, {"1.1": ["2"]})
    services.ranking_compute(acting_user=cast.city, campaign=assessment.setup.campaign)
    row = RankingResult.objects.filter(application=app).order_by("-version__number").first()
    framework = app.award.framework.to_framework()
    clause = next(
        c for i in framework.items for crit in i.criteria for c in crit.clauses if c.key == "1.1"
    )
    login(client, cast.city)
    html = client.get(f"/assessment/rankings/{row.pk}/").content.decode()
    assert clause.text  # the framework has words for 1.1 …
    assert f'<span class="clause-text">{clause.text}</span>' in html  # … and the page shows them
    assert "2.00" in html  # the assessor's mark, to two decimals


def test_the_public_draw_page_folds_its_digests_away(client, cast, assessment):  # noqa: F811
    round_ = assessment.round
    commit_and_draw(cast.city, round_, witnesses=[("张三", "7"), ("李四", "42")])
    round_.refresh_from_db()
    html = client.get(f"/draw/{round_.pk}/").content.decode()
    folded = re.sub(r"<details.*?</details>", "", html, flags=re.S)
    assert round_.candidates_hash in html  # still there for whoever checks …
    assert HEX64.findall(_text(folded)) == []  # … but only inside the 校验信息 folds
    assert "校验信息" in html
    assert not re.search(r"\baward:\d+", _text(folded))  # strata by the award's name
    assert re.search(r"比例 \d+(\.\d)?%", html)


@pytest.mark.parametrize("edition", [1, 10, 20, 99])
def test_edition_filter_matches_edition_words(edition):
    assert edition_filter(edition) == edition_words(edition)
