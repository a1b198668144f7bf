"""使用说明: a help page per role, written from the README's main flows.

Each role's page is a template (``core/help/<role>.html``) of translated paragraphs; the
index lists the signed-in person's own roles first. The pages hold no data, so anyone may
read them, signed in or not (the menu links them for every signed-in person).
"""

from dataclasses import dataclass

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext_lazy as _

from wenming.accounts.models import Role
from wenming.registry.scopes import scope_of

#: The order of the pages in the index: the campaign's people in the order the work
#: reaches them, then the three administrators.
ORDER: tuple[Role, ...] = (
    Role.OFFICE,
    Role.APPLICANT,
    Role.BODY,
    Role.ASSESSOR,
    Role.REVIEWER,
    Role.COMMITTEE,
    Role.ADMIN,
    Role.SECURITY,
    Role.AUDITOR,
)

#: One line under each page's name in the index.
SUMMARIES = {
    Role.OFFICE: _("建立届次、推进阶段、组织测评、征求意见、公示、审定命名"),
    Role.APPLICANT: _("填写申报表、上传材料、提交与修改、查看进度"),
    Role.BODY: _("审核本系统申报、推荐或退回、提交推荐报告"),
    Role.ASSESSOR: _("在手机上逐条评分、记录实地考核"),
    Role.REVIEWER: _("对拟推荐名单逐一提出意见"),
    Role.COMMITTEE: _("参加审定会议、表决拟命名名单"),
    Role.ADMIN: _("维护用户、地区和部门"),
    Role.SECURITY: _("分配角色、解除锁定、重置双因素认证"),
    Role.AUDITOR: _("查阅并校验审计记录"),
}


@dataclass(frozen=True)
class HelpPage:
    role: Role
    summary: str

    @property
    def label(self) -> str:
        return str(self.role.label)

    @property
    def slug(self) -> str:
        return str(self.role.value)


def pages_for(roles: frozenset[str]) -> tuple[list[HelpPage], list[HelpPage]]:
    """The pages of the roles held (first), and the others."""
    pages = [HelpPage(role, str(SUMMARIES[role])) for role in ORDER]
    return [p for p in pages if p.slug in roles], [p for p in pages if p.slug not in roles]


def help_index(request: HttpRequest) -> HttpResponse:
    own, others = pages_for(scope_of(request.user).roles)
    return render(request, "core/help/index.html", {"own": own, "others": others})


def help_page(request: HttpRequest, role: str) -> HttpResponse:
    if role not in Role.values:
        raise Http404
    page = HelpPage(Role(role), str(SUMMARIES[Role(role)]))
    held = role in scope_of(request.user).roles
    return render(request, f"core/help/{role}.html", {"page": page, "held": held})
