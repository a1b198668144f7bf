"""Set-up for the ranking tests: bonus claims on an application, and a copy of the Yiyang
framework with one deduction item (test data only: the shipped Yiyang framework has none,
and 益阳 2021 方案 names no deduction rule: docs/rules.md#deductions)."""

from datetime import date

from wenming.campaigns.models import Application, BonusClaim
from wenming.frameworks.models import Framework


def claim(application: Application, *, rule: str, level: str, status: str, **fields) -> BonusClaim:
    values = {
        "kind": "honor" if rule == "honor_titles" else "experience",
        "title": f"{rule} {level}",
        "dated": date(2021, 5, 1),
        "content_key": "" if rule == "honor_titles" else "volunteer-station",
        "created_by": application.created_by,
    } | fields
    return BonusClaim.objects.create(
        application=application, rule=rule, level=level, status=status, **values
    )


def with_deduction_item(application: Application) -> str:
    """Put the application's award under a copy of its framework with a deduction item
    ``late_report`` (0.5 points each, at most 2); returns the item's key."""
    award = application.award
    original = award.framework
    document = dict(original.document)
    document["code"] = f"{document['code']}-with-deductions"
    document["deductions"] = [
        {"key": "late_report", "text": "未按时报送材料", "points": "0.5", "cap": "2"}
    ]
    copy = Framework.objects.create(
        code=document["code"], version=1, name=original.name, kind=original.kind,
        status=original.status, document=document,
    )  # fmt: skip
    award.framework = copy
    award.save()
    return "late_report"
