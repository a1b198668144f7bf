"""Recording why a mark set is missing (缺评原因): the office only, with a reason, audited;
refused when nothing is missing or the assessor is not in the assigned group; the page."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from tests.assessment.conftest import give_full
from tests.conftest import login

from wenming.assessment import services
from wenming.assessment.models import MarkSetWaiver
from wenming.audit.models import AuditEvent


@pytest.fixture
def assigned(cast, assessment):
    services.assignment_generate(acting_user=cast.city, round_=assessment.round)
    return assessment


def waive(user, a, reason="因病未能参加实地考察", assessor=None, name="East Unit"):
    return services.mark_set_waive(
        acting_user=user,
        round=a.round,
        application=a.apps[name],
        assessor=assessor or a.west_assessor,
        reason=reason,
    )


def test_the_office_records_a_reason_and_it_is_audited(cast, assigned):
    waiver = waive(cast.city, assigned)
    assert (waiver.reason, waiver.recorded_by) == ("因病未能参加实地考察", cast.city)
    event = AuditEvent.objects.get(action="assessment.mark_set_waive")
    assert event.after["reason"] == "因病未能参加实地考察"
    assert event.after["done"] == 0


def test_a_reason_is_required(cast, assigned):
    with pytest.raises(ValidationError) as error:
        waive(cast.city, assigned, reason="  ")
    assert error.value.messages == ["请填写缺评原因。"]


def test_only_the_office_records_a_reason(cast, assigned):
    for user in (cast.assessor, assigned.west_assessor, cast.county):
        with pytest.raises(PermissionDenied):
            waive(user, assigned)
    assert not MarkSetWaiver.objects.exists()


def test_a_complete_mark_set_needs_no_reason(cast, assigned):
    give_full(assigned.round, assigned.apps["East Unit"], assigned.west_assessor)
    with pytest.raises(ValidationError) as error:
        waive(cast.city, assigned)
    (message,) = error.value.messages
    assert message.startswith("west_assessor 已完成East Unit在交叉互检的全部")
    assert message.endswith("项评分，无需登记缺评原因。")


def test_an_assessor_outside_the_assigned_group_needs_no_reason(cast, assigned):
    # East Unit is assessed by the west group; the east group's assessor is not in it.
    with pytest.raises(ValidationError) as error:
        waive(cast.city, assigned, assessor=cast.assessor)
    assert error.value.messages == [
        "assessor 不在交叉互检分配给East Unit的考核组中，无需登记缺评原因。"
    ]


def test_a_reason_is_recorded_once(cast, assigned):
    waive(cast.city, assigned)
    with pytest.raises(ValidationError) as error:
        waive(cast.city, assigned, reason="另一个原因")
    assert error.value.messages == ["west_assessor 对East Unit在交叉互检的缺评原因已经登记过。"]


def test_removing_a_reason_makes_the_mark_set_missing_again(cast, assigned):
    waiver = waive(cast.city, assigned)
    services.mark_set_waiver_remove(acting_user=cast.city, waiver=waiver)
    assert not MarkSetWaiver.objects.exists()
    event = AuditEvent.objects.get(action="assessment.mark_set_waiver_remove")
    assert event.before["reason"] == "因病未能参加实地考察"


def test_the_page_lists_missing_mark_sets_and_records_a_reason(client, cast, assigned):
    campaign = assigned.setup.campaign
    login(client, cast.city)
    url = f"/assessment/campaigns/{campaign.pk}/mark-sets/"
    page = client.get(url).content.decode()
    assert "还有评分未完成且未登记原因" in page
    assert page.count('name="reason"') == 6  # one assessor per group, six applicants
    east_unit = assigned.apps["East Unit"]
    response = client.post(
        f"{url}waive/",
        {
            "round": assigned.round.pk,
            "application": east_unit.pk,
            "assessor": assigned.west_assessor.pk,
            "reason": "考察当日因病缺席",
        },
        follow=True,
    )
    page = response.content.decode()
    assert "已登记 west_assessor 对East Unit的缺评原因。" in page
    assert "考察当日因病缺席" in page
    assert page.count('name="reason"') == 5
    waiver = MarkSetWaiver.objects.get()
    page = client.post(f"/assessment/waivers/{waiver.pk}/remove/", follow=True).content.decode()
    assert "已撤销缺评原因，该评分重新计为未完成。" in page
    assert page.count('name="reason"') == 6


def test_the_page_says_why_a_reason_is_refused(client, cast, assigned):
    campaign = assigned.setup.campaign
    login(client, cast.city)
    response = client.post(
        f"/assessment/campaigns/{campaign.pk}/mark-sets/waive/",
        {
            "round": assigned.round.pk,
            "application": assigned.apps["East Unit"].pk,
            "assessor": assigned.west_assessor.pk,
            "reason": "",
        },
        follow=True,
    )
    assert "请填写缺评原因。" in response.content.decode()
    assert not MarkSetWaiver.objects.exists()


def test_only_the_office_sees_the_page(client, cast, assigned):
    campaign = assigned.setup.campaign
    for user in (cast.assessor, cast.county):
        login(client, user)
        assert client.get(f"/assessment/campaigns/{campaign.pk}/mark-sets/").status_code == 403
