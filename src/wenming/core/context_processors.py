"""The navigation: each role sees the workspaces it can use, and nothing else."""

from typing import Any

from django.http import HttpRequest
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from wenming.accounts.models import Role
from wenming.accounts.sessions import recent_fact, register_fact
from wenming.creation import scopes as creation_scopes
from wenming.registry.scopes import Scope, scope_of
from wenming.workrules import scopes as workrules_scopes


def navigation(request: HttpRequest) -> dict[str, Any]:
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {"nav": []}
    scope = scope_of(user)
    nav = [(_("工作台"), reverse("home"))]
    if scope.works_on_campaigns:
        nav.append((_("推荐考核"), reverse("campaigns:list")))
    if scope.works_on_campaigns:
        nav.append((_("组织名录"), reverse("registry:organizations")))
    if scope.is_office:
        nav.append((_("批量导入"), reverse("registry:import")))
    if scope.is_office:
        nav.append((_("发文设置"), reverse("registry:letterheads")))
    if scope.works_on_campaigns:
        nav.append((_("测评体系"), reverse("frameworks:index")))
    # The stages of a campaign are reached from the campaign's page; the navigation
    # carries them only for those whose whole work is that stage.
    if scope.is_assessor:
        nav.append((_("测评"), reverse("assessment:index")))
    if scope.reviewer_body_ids:
        nav.append((_("征求意见"), reverse("screening:index")))
    if scope.committee_paths:
        nav.append((_("审定命名"), reverse("committee:index")))
    if scope.is_office or scope.organization_ids or scope.is_assessor:
        nav.append((_("动态管理"), reverse("supervision:index")))
    if scope.is_office:
        nav.append((_("随手拍"), reverse("reports:index")))
    nav.extend(_own_work(request, user, scope))
    if scope.is_admin or Role.SECURITY in scope.roles:
        nav.append((_("系统管理"), reverse("admin:index")))
    if Role.AUDITOR in scope.roles:
        nav.append((_("审计记录"), reverse("accounts:audit_trail")))
    # Everyone's last entry: the help pages, one per role, the person's own first.
    nav.append((_("使用说明"), reverse("help:index")))
    # The most specific entry is the current one: /organizations/import/ is 批量导入,
    # not 组织名录 as well.
    current = request.path
    matches = [
        url for _label, url in nav if current == url or (url != "/" and current.startswith(url))
    ]
    active = max(matches, key=len, default=None)
    return {"nav": [{"label": label, "url": url, "active": url == active} for label, url in nav]}


def _own_work(request: HttpRequest, user: Any, scope: Scope) -> list[tuple[Any, str]]:
    """The workspaces of work kept beside the campaigns: creation work and the committee's.
    Whether a person without a role for it works on a plan, or for a member unit, takes a
    costly query; the session re-reads it once a minute (an entry, not a permission: the
    pages check their own)."""
    nav: list[tuple[Any, str]] = []
    # Creation work: the applicant's office, the offices above (task lists) and any
    # department's people of a plan, who may hold no role at all.
    if scope.is_office or Role.APPLICANT in scope.roles or recent_fact(request, "works_on_plans"):
        nav.append((_("创建工作"), reverse("creation:index")))
    # The committee's own work (meetings, liaison officers, information reports, training):
    # the office, committee members and the member units' people.
    if scope.is_office or scope.committee_paths or recent_fact(request, "member_unit"):
        nav.append((_("文明委工作"), reverse("workrules:index")))
    return nav


def register_facts() -> None:
    """The navigation's facts, kept in the session (called by the core app's ``ready``)."""
    register_fact("works_on_plans", lambda user: creation_scopes.plans_for(user).exists())
    register_fact("member_unit", lambda user: bool(workrules_scopes.unit_ids_of(user)))
