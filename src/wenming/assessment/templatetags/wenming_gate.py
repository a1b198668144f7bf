"""The warnings shown before anyone ranks.

On a page: ``{% load wenming_gate %}{% ranking_warnings campaign %}``.
"""

from typing import Any

from django import template

from wenming.assessment.selectors import ranking_warnings as warnings_of

register = template.Library()


@register.inclusion_tag("assessment/_ranking_warnings.html")
def ranking_warnings(campaign: Any) -> dict[str, Any]:
    """Applicants with incomplete marks and with questionnaire criteria not computable."""
    return {"campaign": campaign, "warnings": warnings_of(campaign)}
