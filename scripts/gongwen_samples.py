# Fixtures as pytest passes them (untyped, named as imported); git and soffice by name.
# ruff: noqa: ANN001, ANN201, F811, S603, S607
"""Sample 公文 for the README, built from demo-like data by the code that issues them.

Not a test: ``scripts/render-gongwen.py`` runs it with pytest (for the test database and
the test suite's fixtures) and GONGWEN_OUT set, then converts what it writes. Each sample
writes ``<name>.docx`` (the new layout, through the one 公文 builder) and
``<name>-before.pdf`` (what the office had before: the old templates and the old bulletin
layout, read from commit ce4fdb4).
"""

import os
import subprocess
import sys
import types
from datetime import date
from pathlib import Path

import pytest
from django.template import Context, Template
from tests.campaigns.conftest import campaign  # noqa: F401  (fixtures, offered here)
from tests.campaigns.test_review_pages import received
from tests.committee.conftest import close_approval, meeting_of, publish
from tests.conftest import cast, world  # noqa: F401  (fixtures, offered here)
from tests.factories import OrganizationFactory, reach_stage
from tests.issued_docs import set_letterhead
from tests.supervision.conftest import frameworks, midyear  # noqa: F401  (fixtures)

from wenming.campaigns import official_docs
from wenming.campaigns import services as campaign_services
from wenming.campaigns.models import Campaign
from wenming.campaigns.selectors.review import Unit, report_contents
from wenming.committee import decision_docs, documents, selectors
from wenming.committee import services as committee_services
from wenming.committee.models import Meeting
from wenming.documents import gongwen
from wenming.documents.fonts import font_css
from wenming.documents.pdf import render_pdf
from wenming.registry.models import Organization, Region
from wenming.supervision import bulletins
from wenming.supervision.models import Review
from wenming.supervision.services import items as services_items

OUT = Path(os.environ.get("GONGWEN_OUT", "var/gongwen"))
BEFORE = "ce4fdb4"  # the commit before the 公文 builder
ROOT = Path(__file__).resolve().parents[1]

pytestmark = pytest.mark.skipif("GONGWEN_OUT" not in os.environ, reason="run by render-gongwen")


def _old(path: str) -> str:
    return subprocess.run(
        ["git", "show", f"{BEFORE}:{path}"], cwd=ROOT, capture_output=True, text=True, check=True
    ).stdout


def _chinese(world) -> None:
    """The test world's places in the demo's words."""
    for region, name in (
        (world.province, "湖南省"), (world.city, "清源市"), (world.east, "东湖区"),
        (world.west, "西山县"),
    ):  # fmt: skip
        Region.objects.filter(pk=region.pk).update(name=name)
        region.name = name
    for org, name in (
        (world.east_unit, "清源市东湖区人民医院"),
        (world.west_unit, "西山县第一中学"),
    ):
        Organization.objects.filter(pk=org.pk).update(name=name)
        org.name = name


def _campaign_named(setup) -> None:
    Campaign.objects.filter(pk=setup.campaign.pk).update(name="第二十届市级文明单位评选")
    setup.campaign.name = "第二十届市级文明单位评选"


UNITS = ["市财政局", "市教育局", "市人民医院", "市图书馆", "市税务局", "市自来水公司",
         "市第一中学", "市公安局", "市供电公司", "市文化馆"]  # fmt: skip


def _save(name: str, docx: bytes, before: bytes) -> None:
    OUT.mkdir(parents=True, exist_ok=True)
    (OUT / f"{name}.docx").write_bytes(docx)
    (OUT / f"{name}-before.pdf").write_bytes(before)


def test_report(world, cast, campaign):
    _chinese(world)
    _campaign_named(campaign)
    names = ["东湖区实验小学", "东湖区人民检察院", "东湖公园管理处", "东湖区税务局"]
    apps = received(campaign, names, region=world.east)
    reach_stage(campaign.campaign, "recommendation")
    campaign_services.recommend(
        acting_user=cast.county, award=campaign.unit, recommended=apps[:2], alternates=apps[2:3],
        region=world.east,
    )  # fmt: skip
    set_letterhead(cast.county, world.east, "东文明办", copies_to="区委宣传部")
    set_letterhead(cast.city, world.city, "清文明办")
    unit = Unit(region=world.east)
    on = date(2026, 12, 1)
    number = official_docs.report_issue(
        acting_user=cast.county, campaign=campaign.campaign, unit=unit
    ).number
    doc = official_docs.recommendation_report(campaign.campaign, unit, number=number, on=on)
    context = report_contents(campaign.campaign, unit) | {
        "campaign": campaign.campaign, "unit": unit, "today": on, "font_css": font_css(),
    }  # fmt: skip
    old = Template(_old("src/wenming/campaigns/templates/campaigns/report_pdf.html"))
    _save("report", gongwen.build_docx(doc), render_pdf(old.render(Context(context))))


def test_decision(world, cast, campaign):
    _chinese(world)
    _campaign_named(campaign)
    reach_stage(campaign.campaign, "approval")
    for org in (world.east_unit, world.west_unit):
        publish(campaign, cast.city, org)
    for name in ("清源市东湖区实验小学", "清源市自来水公司", "西山县人民法院", "清源市图书馆"):
        publish(campaign, cast.city, OrganizationFactory(region=world.west, name=name))
    # The office's own 机关代字 is 清文明办; the decision carries the 文明委's own number, so
    # it prints under the naming body's mark (the letterhead follows the number).
    set_letterhead(cast.city, world.city, "清文明办", copies_to="省文明办\n市委宣传部")
    meeting = meeting_of(campaign, cast, members=3, attending=3)
    Meeting.objects.filter(pk=meeting.pk).update(held_on=date(2026, 12, 20))
    meeting.refresh_from_db()
    committee_services.meeting_approve(acting_user=cast.city, meeting=meeting)
    close_approval(campaign, cast.city)
    decision = committee_services.naming_decide(
        acting_user=cast.city, meeting=meeting, document_number="清文明委〔2026〕1号",
        named_on=date(2026, 12, 28), naming_body="清源市精神文明建设委员会",
    )  # fmt: skip
    rows = list(
        selectors.certificates()
        .filter(decision=decision)
        .select_related("application__organization__region")
    )
    doc = decision_docs.naming_decision(decision, rows)
    assert doc.letterhead.mark == "清源市精神文明建设委员会文件"  # noqa: S101
    _save("decision", gongwen.build_docx(doc), documents.honor_roll_pdf(decision, rows))


def _old_bulletin_module() -> types.ModuleType:
    """The old bulletin layout and content, as they were at ``BEFORE``."""
    layout = types.ModuleType("wenming.documents.bulletin")
    layout.__package__ = "wenming.documents"
    sys.modules["wenming.documents.bulletin"] = layout
    exec(_old("src/wenming/documents/bulletin.py"), layout.__dict__)  # noqa: S102
    content = types.ModuleType("wenming.supervision.old_bulletins")
    content.__package__ = "wenming.supervision"
    sys.modules["wenming.supervision.old_bulletins"] = content
    exec(_old("src/wenming/supervision/bulletins.py"), content.__dict__)  # noqa: S102
    content.build_pdf = layout.build_pdf  # type: ignore[attr-defined]
    return content


def test_bulletin(world, cast, midyear):
    _chinese(world)
    Review.objects.filter(pk=midyear.review.pk).update(name="2026年度市直省、市级文明单位年中考核")
    midyear.review.refresh_from_db()
    for entry, name in zip(midyear.entries, UNITS, strict=True):
        Organization.objects.filter(pk=entry.organization_id).update(name=name)
    set_letterhead(cast.city, world.city, "清文明办", copies_to="市委宣传部\n市直各部门")
    bulletin = services_items.bulletin_issue(
        acting_user=cast.city,
        review=midyear.review,
        title="关于2026年度市直省、市级文明单位年中考核有关情况的通报",
        addressees="市直各省、市级文明单位",
        opening="2026年7月25日至8月2日，市文明办组织10个考核组，对市直省、市级文明单位"
        "进行了年中集中考核。现将考核情况通报如下。",
        strengths="领导重视，齐抓共管，创建机制规范化。各单位把文明创建纳入年度工作要点。",
        problems="个别单位创建资料不全、更新不及时，志愿服务活动记录不规范。",
        requirements="各单位要对照考核反馈的问题认真整改，持续抓好文明创建工作。",
        issuing_office="清源市精神文明建设委员会办公室",
        issued_on=date(2026, 8, 20),
    )
    doc = bulletins.bulletin_document(bulletin)
    old = _old_bulletin_module()
    before = old.build_pdf(old.bulletin_content(bulletin))
    _save("bulletin", gongwen.build_docx(doc), before)
