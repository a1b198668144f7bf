"""The home page (工作台) lists what waits for the person, in cards, with counts and links."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone
from tests.campaigns.conftest import complete
from tests.conftest import login
from tests.factories import reach_stage

from wenming.accounts import todo
from wenming.accounts.todo import Todo
from wenming.campaigns import services
from wenming.campaigns.models import Application, ExceptionalStatus, Stage
from wenming.core.todo_office import office_todo
from wenming.registry.models import Organization


def submitted(setup, cast, name: str = "East Unit") -> Application:
    application = services.application_start(
        acting_user=cast.admin,
        campaign=setup.campaign,
        award=setup.unit,
        organization=Organization.objects.get(name=name),
    )
    complete(application, cast.admin)
    return services.application_submit(acting_user=cast.admin, application=application)


def home(client, user) -> str:
    login(client, user)
    return client.get(reverse("home")).content.decode()


@pytest.fixture
def only_office(monkeypatch):
    """The office's provider alone, whatever the other apps register."""
    monkeypatch.setattr(todo, "_PROVIDERS", [office_todo])


def test_nothing_waiting_says_so(world, cast, client, only_office):
    text = home(client, cast.county)
    assert "暂无待办事项" in text
    assert "会在这里列出" not in text


def test_a_person_without_a_role_sees_no_todo_section(world, cast, client):
    text = home(client, cast.nobody)
    assert "待办事项" not in text
    assert "您还没有任何角色" in text


def test_office_sees_the_current_stage_gate(world, cast, client, campaign, only_office):
    submitted(campaign, cast)
    reach_stage(campaign.campaign, "recommendation")
    text = home(client, cast.city)
    assert campaign.campaign.name in text  # the card is the campaign's
    assert "还有申报未作推荐决定：East Unit。" in text
    assert "推荐阶段，" in text  # the stage and its deadline
    assert reverse("campaigns:detail", args=[campaign.campaign.pk]) in text
    assert "暂无待办事项" not in text


def test_office_counts_what_a_condition_names(world, cast, campaign):
    submitted(campaign, cast, "East Unit")
    submitted(campaign, cast, "West Unit")
    reach_stage(campaign.campaign, "recommendation")
    (line,) = [t for t in office_todo(cast.city) if "未作推荐决定" in t.label]
    assert line.count == 2
    assert line.group == campaign.campaign.name
    assert not line.urgent


def test_office_sees_pending_exceptional_applications(world, cast, campaign):
    application = submitted(campaign, cast)
    Application.objects.filter(pk=application.pk).update(exceptional=ExceptionalStatus.PENDING)
    (line,) = office_todo(cast.city)
    assert (line.label, line.count) == ("破格申报待审批", 1)
    assert line.url == reverse("campaigns:quotas", args=[campaign.campaign.pk])
    assert line.urgent


def test_office_is_told_a_running_stage_may_close_early(world, cast, campaign):
    (line,) = office_todo(cast.city)  # application stage, nothing pending
    assert line.label == "申报阶段进行中，结束条件已满足"
    assert line.detail.endswith("；提前结束须说明原因")
    assert not line.urgent


def test_a_stage_past_its_deadline_waits_for_the_office_to_close_it(world, cast, campaign):
    Stage.objects.filter(campaign=campaign.campaign, kind="application").update(
        closes_at=timezone.now() - timedelta(hours=1)
    )
    (line,) = office_todo(cast.city)
    assert line.label == "申报阶段已可结束"
    assert line.urgent


def test_an_overdue_stage_is_urgent(world, cast, campaign):
    submitted(campaign, cast)
    reach_stage(campaign.campaign, "recommendation")
    Stage.objects.filter(campaign=campaign.campaign, kind="recommendation").update(
        closes_at=timezone.now() - timedelta(hours=1)
    )
    (line,) = [t for t in office_todo(cast.city) if "未作推荐决定" in t.label]
    assert line.urgent
    assert "截止，尚未结束" in line.detail


def test_a_stage_not_yet_started_may_be_opened(world, cast, campaign):
    reach_stage(campaign.campaign, "recommendation")
    Stage.objects.filter(campaign=campaign.campaign, kind="recommendation").update(
        opens_at=timezone.now() + timedelta(days=3)
    )
    (line,) = office_todo(cast.city)
    assert line.label == "推荐阶段待开启"
    assert "可在届次页提前开启" in line.detail


def test_a_finished_campaign_waits_for_nothing(world, cast, campaign):
    Stage.objects.filter(campaign=campaign.campaign).update(closed_at=timezone.now())
    assert office_todo(cast.city) == []


@pytest.mark.parametrize(
    "role", ["county", "body", "applicant", "assessor", "reviewer", "committee", "nobody"]
)
def test_only_the_running_office_gets_its_campaign_lines(world, cast, campaign, role):
    assert office_todo(getattr(cast, role)) == []


def test_the_administrator_sees_every_campaign(world, cast, campaign):
    assert [t.group for t in office_todo(cast.admin)] == [campaign.campaign.name]


def test_office_todo_queries_do_not_grow_with_pending_applications(
    world, cast, campaign, django_assert_max_num_queries
):
    submitted(campaign, cast, "East Unit")
    submitted(campaign, cast, "West Unit")
    Application.objects.update(exceptional=ExceptionalStatus.PENDING)
    with django_assert_max_num_queries(8):
        lines = office_todo(cast.city)
    assert lines[0].count == 2


def test_cards_group_lines_with_counts_links_and_urgency(world, cast, client, monkeypatch):
    def provider(user):
        return [
            Todo("待审核的申报", 3, "/review/", detail="5月1日截止", group="审核推荐"),
            Todo("退回待修改的申报", 1, "/apply/1/", group="申报"),
            Todo("名额已超出", 2, "/quotas/", urgent=True, group="审核推荐"),
            Todo("没有数量的事项", 0, "/nothing/", group="申报"),
        ]

    monkeypatch.setattr(todo, "_PROVIDERS", [provider])
    login(client, cast.county)
    response = client.get(reverse("home"))
    cards = response.context["todo_cards"]
    assert [(group, [t.label for t in items]) for group, items in cards] == [
        ("审核推荐", ["名额已超出", "待审核的申报"]),  # the urgent line first
        ("申报", ["退回待修改的申报"]),  # a line with nothing to do is left out
    ]
    text = response.content.decode()
    assert '<a href="/review/">' in text
    assert '<span class="todo-count" aria-label="3 项">3</span>' in text
    assert "5月1日截止" in text
    assert 'class="todo-item urgent"' in text
    assert "暂无待办事项" not in text
