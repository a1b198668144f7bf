"""A questionnaire code answered twice over the API: a 409 in the one error format, in
Chinese, as the page says it (issue 15 follow-up)."""

from rest_framework.test import APIClient
from tests.assessment.conftest import assessment, campaign  # noqa: F401 - fixtures, reused

from wenming.assessment.models import QuestionnaireResponse


def test_a_second_answer_is_a_409_in_the_error_format(cast, assessment):  # noqa: F811
    office = APIClient()
    office.force_authenticate(cast.city)
    app = assessment.apps["East Unit"]
    issued = office.post(
        "/api/assessment/questionnaires/",
        {"application": app.pk, "kind": "public", "count": 1},
        format="json",
    )
    answer = {"token": issued.json()["tokens"][0], "satisfied": True}
    public = APIClient()
    first = public.post("/api/assessment/answers/", answer, format="json")
    assert first.status_code == 201
    assert first.json() == {"saved": True}
    again = public.post("/api/assessment/answers/", answer | {"satisfied": False}, format="json")
    assert again.status_code == 409
    assert again.json() == {
        "detail": "该问卷码已经提交过答卷，每个问卷码只能提交一次。",
        "errors": {},
    }
    assert QuestionnaireResponse.objects.count() == 1  # the second answer saved nothing
