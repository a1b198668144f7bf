"""A mark save reads what it needs once and locks the mark's row alone (issue 14: hundreds
of assessors save at once, so no save may wait on a row another assessor's save locks)."""

import re

from django.db import connection
from django.test.utils import CaptureQueriesContext
from tests.conftest import login

from wenming.assessment import services
from wenming.assessment.models import Mark


def selects_from(queries: CaptureQueriesContext, table: str) -> list[str]:
    """The captured reads whose first table is ``table``."""
    pattern = re.compile(rf'SELECT .* FROM "{table}"')  # noqa: S608  (a pattern, not SQL)
    return [q["sql"] for q in queries if pattern.match(q["sql"])]


def test_a_mark_save_checks_once_and_locks_only_the_mark(client, cast, assessment):
    services.assignment_generate(acting_user=cast.city, round_=assessment.round)
    assignment = assessment.assignment("West Unit")
    login(client, cast.assessor)
    url = f"/assessment/assignments/{assignment.pk}/marks/"
    for points in ("1", "2"):  # the first save inserts, the second updates
        with CaptureQueriesContext(connection) as queries:
            response = client.post(url, {"clause": "1.1", "method": "material", "points": points})
        assert response.status_code == 200
        assert response.json()["points"] == f"{points}.00"
        # The membership (assessment.mark), and the assessment stage with the stage before it.
        assert len(selects_from(queries, "visits_groupmember")) == 1
        assert len(selects_from(queries, "campaigns_stage")) == 1
        # The mark's own row, joined to nothing: FOR UPDATE locks no round or campaign.
        looks = selects_from(queries, "assessment_mark")
        assert looks
        assert all(" JOIN " not in sql for sql in looks)
    assert Mark.objects.get().points == 2


def test_a_refused_save_still_says_why(client, cast, assessment):
    # Without the view's own check the service's refusal answers, in the same words.
    services.assignment_generate(acting_user=cast.city, round_=assessment.round)
    assignment = assessment.assignment("West Unit")
    login(client, cast.city)  # the office manages the round but sits in no group
    url = f"/assessment/assignments/{assignment.pk}/marks/"
    response = client.post(url, {"clause": "1.1", "method": "material", "points": "1"})
    assert response.status_code == 403
    assert response.json() == {"error": "您没有权限执行此操作。"}
    assert not Mark.objects.exists()
