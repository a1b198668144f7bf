"""Publicity as a governed stage: it closes only after its computed end with no objection
open; nothing of it is done before screening closed or after it closed; 待办."""

import time
from datetime import timedelta

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from wenming.accounts.todo import todo_for
from wenming.campaigns.models import Stage
from wenming.campaigns.stages import stage_close
from wenming.publicity import services
from wenming.publicity.forms import started_token
from wenming.publicity.models import Publicity
from wenming.publicity.todo import office_todo


def publish(s, cast) -> Publicity:
    return services.publicity_publish(
        acting_user=cast.city,
        campaign=s.setup.campaign,
        starts_on=timezone.localdate(),
        contact_phone="0737-1234567",
    )


def lodge(publicity, s, name="East Extra"):
    return services.objection_lodge(
        acting_user=None,
        publicity=publicity,
        application_id=s.apps[name].pk,
        reasons="Its canteen failed two food-safety inspections.",
        contact="13800000000",
    )


def stage(s, kind="publicity") -> Stage:
    return Stage.objects.get(campaign=s.setup.campaign, kind=kind)


def ended(publicity) -> None:
    """The test's clock: the publicity period is over (it ended yesterday)."""
    yesterday = timezone.localdate() - timedelta(days=1)
    Publicity.objects.filter(pk=publicity.pk).update(
        starts_on=yesterday - timedelta(days=7), ends_on=yesterday
    )


def test_publicity_cannot_close_before_its_computed_end_or_with_an_objection_open(screened, cast):
    s = screened
    publicity = publish(s, cast)
    objection = lodge(publicity, s)
    end = publicity.ends_on
    with pytest.raises(ValidationError) as error:
        services.publicity_close(acting_user=cast.city, publicity=publicity, reason="Done.")
    assert error.value.messages == [
        f"公示期尚未结束（{end.year}年{end.month}月{end.day}日 23:59 结束）。",
        "还有 1 件异议未办结。",
    ]
    ended(publicity)
    with pytest.raises(ValidationError) as error:
        stage_close(acting_user=cast.city, stage=stage(s), reason="Done.")
    assert error.value.messages == ["还有 1 件异议未办结。"]

    services.objection_decide(acting_user=cast.city, objection=objection, upheld=False, reply="No.")
    closed = services.publicity_close(acting_user=cast.city, publicity=publicity, reason="Done.")
    assert closed.closed_at is not None
    assert stage(s).closed_at is not None  # the stage and the publicity close as one act


def test_the_public_is_told_politely_once_publicity_has_closed(client, screened, cast):
    s = screened
    publicity = publish(s, cast)
    ended(publicity)
    services.publicity_close(acting_user=cast.city, publicity=publicity, reason="Done.")
    url = reverse("publicity:object", args=[publicity.pk])
    page = client.get(url).content.decode()
    assert "公示期已结束，不再受理异议。感谢您对精神文明建设工作的关心和支持。" in page
    data = {
        "application": s.apps["East Extra"].pk,
        "reasons": "Late.",
        "contact": "13800000000",
        "website": "",
        "started": started_token(time.time() - 30),
    }
    assert "不再受理异议" in client.post(url, data).content.decode()
    assert publicity.objections.count() == 0
    notice = client.get(reverse("publicity:detail", args=[publicity.pk])).content.decode()
    assert "公示期已结束，不再受理异议。" in notice


def test_an_objection_is_not_decided_once_the_stage_has_closed(screened, cast):
    s = screened
    publicity = publish(s, cast)
    objection = lodge(publicity, s)
    Stage.objects.filter(pk=stage(s).pk).update(closed_at=timezone.now())
    with pytest.raises(ValidationError) as error:
        services.objection_decide(
            acting_user=cast.city, objection=objection, upheld=True, reply="Too late."
        )
    assert error.value.messages[0].startswith("公示阶段已于")


def test_nothing_is_published_before_screening_has_closed(screened, cast):
    Stage.objects.filter(pk=stage(screened, "screening").pk).update(closed_at=None)
    with pytest.raises(ValidationError) as error:
        publish(screened, cast)
    assert error.value.messages == ["征求意见阶段尚未结束，公示阶段还不能办理。"]


def test_the_office_sees_its_open_objections_in_its_todo(
    screened, cast, django_assert_max_num_queries
):
    publicity = publish(screened, cast)
    lodge(publicity, screened)
    lodge(publicity, screened, "West Unit")
    [line] = [t for t in todo_for(cast.city) if t.group == "公示"]
    assert (line.label, line.count) == ("公示异议待办结", 2)
    assert line.url == reverse("publicity:manage", args=[screened.setup.campaign.pk])
    assert not [t for t in todo_for(cast.county) if t.group == "公示"]
    with django_assert_max_num_queries(1):
        office_todo(cast.city)  # its roles are already read: one query
