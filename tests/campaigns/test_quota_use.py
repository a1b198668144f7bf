"""Quota use counts what a unit recommended, whatever has happened to it since
(docs/rules.md#quota), and reordering a recommendation list is audited."""

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from tests.campaigns.conftest import complete
from tests.conftest import login
from tests.factories import OrganizationFactory, UserFactory, reach_stage, with_role

from wenming.accounts.models import Role
from wenming.audit.models import AuditEvent
from wenming.campaigns import services
from wenming.campaigns.models import Application
from wenming.domain.application_states import Action


def submitted(setup, world, names):
    out = []
    for name in names:
        org = OrganizationFactory(name=name, region=world.east)
        user = with_role(UserFactory(), Role.APPLICANT, organization=org)
        application = services.application_start(
            acting_user=user, campaign=setup.campaign, award=setup.unit, organization=org
        )
        complete(application, user)
        services.application_submit(acting_user=user, application=application)
        out.append(application)
    reach_stage(setup.campaign, "recommendation")
    return out


def move(user, application, *actions):
    application.refresh_from_db()
    for action in actions:
        services.application_move(acting_user=user, applications=application, action=action)


THROUGH_TO_NAMING = (Action.ASSESS, Action.SCREEN, Action.PUBLISH, Action.APPROVE, Action.NAME)


def east_cell(text):
    start = text.index("East County文明办")
    return text[start : text.index("</tr>", start)]


def test_quota_page_still_shows_2_of_2_used_after_naming(world, cast, campaign, client):
    a, b = submitted(campaign, world, ["甲单位", "乙单位"])
    services.recommend(
        acting_user=cast.county, award=campaign.unit, recommended=[a, b], region=world.east
    )
    move(cast.city, a, *THROUGH_TO_NAMING)
    move(cast.city, b, Action.ASSESS, Action.SCREEN, Action.VETO)
    login(client, cast.city)
    cell = east_cell(client.get(reverse("campaigns:quotas", args=[campaign.campaign.pk])).text)
    assert "<strong>2</strong> / " in cell
    assert "cell-full" in cell
    login(client, cast.county)
    rows = {r["unit_name"]: r for r in client.get("/api/quotas/").json()["results"]}
    assert (rows["East County"]["places"], rows["East County"]["used"]) == (2, 2)


def test_county_list_keeps_its_recommended_with_their_current_status(world, cast, campaign, client):
    a, b = submitted(campaign, world, ["甲单位", "乙单位"])
    services.recommend(
        acting_user=cast.county, award=campaign.unit, recommended=[a, b], region=world.east
    )
    move(cast.city, a, *THROUGH_TO_NAMING)
    move(cast.city, b, Action.ASSESS)
    login(client, cast.county)
    text = client.get(reverse("campaigns:review", args=[campaign.campaign.pk])).text
    assert "已推荐 <strong>2</strong>" in text
    assert "甲单位" in text
    assert "已命名" in text
    assert "乙单位" in text
    assert "已测评" in text
    # Nothing left to decide on: no order box and no save button for them.
    assert f'name="decision-{a.pk}"' not in text
    assert "保存推荐" not in text


def test_recommending_after_some_moved_on_cannot_exceed_the_quota(world, cast, campaign):
    a, b, c = submitted(campaign, world, ["甲单位", "乙单位", "丙单位"])
    services.recommend(
        acting_user=cast.county, award=campaign.unit, recommended=[a, b], region=world.east
    )
    move(cast.city, a, Action.ASSESS)
    move(cast.city, b, Action.VETO)  # disqualified, no alternate to take its place
    with pytest.raises(ValidationError) as error:
        services.recommend(
            acting_user=cast.county, award=campaign.unit, recommended=[c], region=world.east
        )
    assert error.value.messages == ["推荐 3 个，超出名额 2 个。"]
    with pytest.raises(ValidationError) as error:
        services.quota_set(
            acting_user=cast.city, award=campaign.unit, places=1, reason="扣减", region=world.east
        )
    assert error.value.messages == ["已推荐 2 个，名额不能少于已推荐数。"]


def test_a_withdrawn_place_taken_by_the_alternate_is_counted_once(world, cast, campaign, client):
    """The alternate replaces the one who withdrew; the place is one place
    (docs/rules.md#alternates)."""
    a, b, c, d = submitted(campaign, world, ["甲单位", "乙单位", "丙单位", "丁单位"])
    services.recommend(
        acting_user=cast.county,
        award=campaign.unit,
        recommended=[a, b],
        alternates=[c],
        region=world.east,
    )
    services.application_withdraw(acting_user=cast.county, application=a, reason="劝退")
    assert Application.objects.get(pk=c.pk).status == "recommended"
    with pytest.raises(ValidationError) as error:
        services.recommend(
            acting_user=cast.county, award=campaign.unit, recommended=[d], region=world.east
        )
    assert error.value.messages == ["推荐 3 个，超出名额 2 个。"]
    login(client, cast.city)
    cell = east_cell(client.get(reverse("campaigns:quotas", args=[campaign.campaign.pk])).text)
    assert "<strong>2</strong> / " in cell
    event = AuditEvent.objects.get(action="application.place_passed")
    assert event.object_id == str(a.pk)
    assert event.after["to_name"] == "丙单位"


def test_a_withdrawn_place_no_alternate_took_is_free_again(world, cast, campaign):
    a, b, c = submitted(campaign, world, ["甲单位", "乙单位", "丙单位"])
    services.recommend(
        acting_user=cast.county, award=campaign.unit, recommended=[a, b], region=world.east
    )
    services.application_withdraw(acting_user=cast.county, application=a, reason="劝退")
    services.recommend(
        acting_user=cast.county, award=campaign.unit, recommended=[c], region=world.east
    )
    assert Application.objects.get(pk=c.pk).status == "recommended"


def test_a_vetoed_place_taken_by_the_alternate_is_counted_once(world, cast, campaign, client):
    a, b, c = submitted(campaign, world, ["甲单位", "乙单位", "丙单位"])
    services.recommend(
        acting_user=cast.county,
        award=campaign.unit,
        recommended=[a, b],
        alternates=[c],
        region=world.east,
    )
    move(cast.city, a, Action.ASSESS, Action.SCREEN, Action.VETO)
    vetoed = Application.objects.get(pk=a.pk)
    services.promote_first_alternate(acting_user=cast.city, vacated=vetoed)
    login(client, cast.city)
    cell = east_cell(client.get(reverse("campaigns:quotas", args=[campaign.campaign.pk])).text)
    assert "<strong>2</strong> / " in cell
    assert "cell-over" not in cell


def test_reordering_the_list_is_audited_with_the_order_before_and_after(world, cast, campaign):
    a, b, c, d = submitted(campaign, world, ["甲单位", "乙单位", "丙单位", "丁单位"])
    services.recommend(
        acting_user=cast.county,
        award=campaign.unit,
        recommended=[a, b],
        alternates=[c, d],
        region=world.east,
    )
    services.recommend(
        acting_user=cast.county,
        award=campaign.unit,
        recommended=[a, b],
        alternates=[d, c],
        region=world.east,
    )
    event = AuditEvent.objects.filter(action="recommendation.order").order_by("pk").last()
    names = [r["name"] for r in event.before["alternates"]]
    assert names == ["丙单位", "丁单位"]
    assert [r["name"] for r in event.after["alternates"]] == ["丁单位", "丙单位"]
    assert [r["name"] for r in event.after["recommended"]] == ["甲单位", "乙单位"]
    # The alternate now first is the one promoted when a place is vacated.
    services.application_withdraw(acting_user=cast.county, application=a, reason="劝退")
    assert Application.objects.get(pk=d.pk).status == "recommended"


def test_saving_the_same_order_again_writes_no_order_event(world, cast, campaign):
    a, b = submitted(campaign, world, ["甲单位", "乙单位"])
    decision = {"acting_user": cast.county, "award": campaign.unit, "region": world.east}
    services.recommend(recommended=[a], alternates=[b], **decision)
    first = AuditEvent.objects.filter(action="recommendation.order").count()
    services.recommend(recommended=[a], alternates=[b], **decision)
    assert AuditEvent.objects.filter(action="recommendation.order").count() == first == 1
