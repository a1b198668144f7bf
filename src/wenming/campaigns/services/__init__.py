"""Writes in a campaign: each a transaction with its permission check and audit event.

One module per concern, as ``assessment/services/`` is:

- ``campaigns``: create an edition, copy it into the next, set its sampling floors, give
  an award another framework version;
- ``stages``: extend a stage's deadline (opening and closing are ``campaigns.stages``);
- ``quotas``: a recommending unit's places for an award;
- ``applications``: the one transition function ``application_move`` (every change of
  an application's status goes through it), starting, submitting and withdrawing;
- ``forms``: the applicant's form (a unit's statistics, a family's members and deeds)
  and its self-marks;
- ``recommendations``: a unit's decision, its stamped report, the hand-off to the province;
- ``evidence``: evidence files checked by their content;
- ``claims``: bonus claims (特色加分).

Reads live in ``campaigns.selectors`` and are imported from there. This package
re-exports the writes (and their constants) other apps, the demo, the benchmarks and
the tests import from ``wenming.campaigns.services``; code inside this app imports from
the modules.
"""

from .applications import (
    ACTION_LABELS,
    APPLICATION_FIELDS,
    application_editable,
    application_move,
    application_return,
    application_start,
    application_submit,
    application_withdraw,
    applications_return,
    exceptional_decide,
    promote_first_alternate,
)
from .campaigns import (
    award_framework_set,
    campaign_copy,
    campaign_create,
    campaign_floors_set,
)
from .evidence import EVIDENCE_MAX_BYTES, evidence_add, evidence_remove
from .forms import application_update_family_form, application_update_form, self_mark_save
from .quotas import quota_set
from .recommendations import recommend, recommendation_submit, recommendation_to_parent
from .stages import stage_extend

__all__ = [
    "ACTION_LABELS",
    "APPLICATION_FIELDS",
    "EVIDENCE_MAX_BYTES",
    "application_editable",
    "application_move",
    "application_return",
    "application_start",
    "application_submit",
    "application_update_family_form",
    "application_update_form",
    "application_withdraw",
    "applications_return",
    "award_framework_set",
    "campaign_copy",
    "campaign_create",
    "campaign_floors_set",
    "evidence_add",
    "evidence_remove",
    "exceptional_decide",
    "promote_first_alternate",
    "quota_set",
    "recommend",
    "recommendation_submit",
    "recommendation_to_parent",
    "self_mark_save",
    "stage_extend",
]
