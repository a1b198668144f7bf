"""A family application on every page and service it can reach: nothing assumes points
(DOMAIN §5). Families take no creation plan, no deductions and no questionnaires; the
review is refused once the stage closed, and a re-review is audited once per change."""

import pytest
from django.core.exceptions import ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from tests.conftest import login
from tests.factories import OrganizationFactory, reach_stage

from wenming.assessment.exports import assessable_applications
from wenming.assessment.services.deductions import deduction_record
from wenming.assessment.services.questionnaires import questionnaire_tokens_issue
from wenming.audit.models import AuditEvent
from wenming.campaigns import services
from wenming.campaigns.models import Application
from wenming.creation.services.plans import plan_awards
from wenming.families.services import family_review_record
from wenming.frameworks.services import framework_import

ALL_MET = {"1.1": True, "1.2": True, "2.1": True}


def test_the_family_pages_open_for_everyone_who_may_see_them(client, cast, family, recommended):
    application = recommended[0]
    pages = [
        (family.contact, reverse("campaigns:application", args=[application.pk])),
        (cast.county, reverse("campaigns:application", args=[application.pk])),
        (cast.county, reverse("campaigns:review", args=[family.campaign.pk])),
        (cast.county, reverse("campaigns:report", args=[family.campaign.pk, "pdf"])),
        (cast.city, reverse("campaigns:detail", args=[family.campaign.pk])),
        (cast.city, reverse("families:review_list", args=[family.campaign.pk])),
        (cast.city, reverse("families:review", args=[application.pk])),
        (cast.city, reverse("assessment:questionnaires", args=[family.campaign.pk])),
    ]
    for user, url in pages:
        login(client, user)
        response = client.get(url)
        assert response.status_code == 200, url
    # The questionnaire page lists no family: families take no questionnaire.
    assert application.organization.name not in response.content.decode()


def test_a_family_takes_no_creation_plan(family):
    assert family.award not in plan_awards(family.family)


def test_a_family_takes_no_deduction_and_no_questionnaire(cast, family, recommended):
    with pytest.raises(ValidationError) as error:
        deduction_record(
            acting_user=cast.city, application=recommended[0], key="d1", count=1, reason="x"
        )
    assert "按创建标准审核认定，没有减分项目" in error.value.messages[0]
    with pytest.raises(ValidationError) as error:
        questionnaire_tokens_issue(
            acting_user=cast.city, application=recommended[0], kind="public", count=5
        )
    assert error.value.messages == ["张建国家庭不测评打分，不发放问卷。"]
    assert not assessable_applications(family.campaign, {}).exists()


def test_a_draft_standard_is_never_an_awards(cast, world, family):
    draft, _created = framework_import(
        acting_user=None,
        document={**family.standard.canonical_document, "code": "family-draft", "name": "草稿标准"},
    )
    with pytest.raises(ValidationError) as error:
        services.award_framework_set(acting_user=cast.city, award=family.award, framework=draft)
    assert error.value.messages == ["“草稿标准”还是草稿，启用后才能作为“市级文明家庭”的测评体系。"]


def test_a_re_review_is_audited_once_per_change_and_refused_once_closed(cast, family, recommended):
    zhang = recommended[0]
    family_review_record(acting_user=cast.city, application=zhang, findings={"1.1": True})
    family_review_record(acting_user=cast.city, application=zhang, findings={"1.1": True})
    family_review_record(acting_user=cast.city, application=zhang, findings=ALL_MET)
    events = AuditEvent.objects.filter(action="family.review").order_by("id")
    assert [(e.before and e.before["complete"], e.after["complete"]) for e in events] == [
        (None, False),
        (False, True),
    ]
    reach_stage(family.campaign, "screening")  # the assessment stage closed
    with pytest.raises(ValidationError):
        family_review_record(acting_user=cast.city, application=zhang, findings=ALL_MET)
    assert AuditEvent.objects.filter(action="family.review").count() == 2


def test_the_review_list_runs_the_same_queries_for_3_or_9_families(
    client, world, cast, family, recommended
):
    login(client, cast.city)
    url = reverse("families:review_list", args=[family.campaign.pk])

    def queries() -> int:
        with CaptureQueriesContext(connection) as captured:
            assert client.get(url).status_code == 200
        return len(captured)

    few = queries()
    for n in range(6):  # set-up: more rows for the list, not their path through it
        org = OrganizationFactory(
            name=f"家庭{n}", kind="family", unit_type="", region=world.village_region
        )
        Application.objects.create(
            campaign=family.campaign,
            award=family.award,
            organization=org,
            status="recommended",
            region=world.east,
            created_by=cast.city,
        )
    assert queries() == few
