"""The meeting's papers (会议材料): what the members read before they approve: the list
awaiting approval, and every appeal (申诉) against a frozen result with its reasons and
the office's answer (docs/rules.md#appeals)."""

from dataclasses import dataclass

from django.template.loader import render_to_string
from django.utils import timezone

from wenming.appeals.models import Appeal
from wenming.appeals.selectors import appeals_of
from wenming.campaigns.models import Application, Campaign
from wenming.documents.fonts import font_css
from wenming.documents.pdf import render_pdf

from .models import Meeting
from .selectors import published_list


@dataclass(frozen=True)
class Papers:
    campaign: Campaign
    published: list[Application]
    appeals: list[Appeal]


def meeting_papers(campaign: Campaign) -> Papers:
    """The campaign's papers, in a fixed number of queries."""
    return Papers(campaign, list(published_list(campaign)), appeals_of(campaign))


def papers_pdf(meeting: Meeting) -> bytes:
    """The papers as one PDF, A4, for the members."""
    papers = meeting_papers(meeting.campaign)
    html = render_to_string(
        "committee/papers_pdf.html",
        {
            "meeting": meeting,
            "papers": papers,
            "font_css": font_css(),
            "printed_at": timezone.now(),
        },
    )
    return render_pdf(html)
