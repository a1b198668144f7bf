"""Campaign words for download names: 第二十届市级文明单位 (edition in words, the awards)."""

from wenming.documents.style import edition_words

from .models import Campaign


def campaign_words(campaign: Campaign) -> str:
    """第二十届市级文明单位、市级文明村镇: the stem every campaign download is named by."""
    awards = "、".join(award.label for award in campaign.awards.all())
    return edition_words(campaign.edition) + awards


def campaign_filename(campaign: Campaign, what: str, ext: str) -> str:
    """第二十届市级文明单位测评排名.xlsx for ``what`` = 测评排名."""
    return f"{campaign_words(campaign)}{what}.{ext}"
