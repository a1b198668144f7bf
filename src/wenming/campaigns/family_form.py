"""The 文明家庭 application form on the application page: its fields, the villages and
communities that may recommend a family, and its problems in words.

The rules of the form (members one per line, what submission needs) are
``wenming.domain.family_form``; the service that saves it is
``services.application_update_family_form``.
"""

from typing import Any

from django import forms
from django.db.models import QuerySet
from django.utils.functional import Promise
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from wenming.domain.family_form import DEEDS_MAX, OTHER_HONORS_MAX, FamilyFormError, FamilyHonor
from wenming.domain.titles import Category, OrganizationKind
from wenming.registry.models import Organization

from .models import Application

HONOR_LABELS: dict[str, Promise] = {
    FamilyHonor.MOST_BEAUTIFUL: gettext_lazy("最美家庭"),
    FamilyHonor.TEN_STAR: gettext_lazy("十星级文明户"),
}
RECOMMENDER_KINDS = (OrganizationKind.VILLAGE, OrganizationKind.COMMUNITY)

MEMBERS_EXAMPLE = gettext_lazy("张建国 户主 退休教师")
PROBLEMS: dict[str, Promise] = {
    "members_missing": gettext_lazy("申报表未填写家庭成员。"),
    "deeds_missing": gettext_lazy("申报表未填写主要事迹。"),
    "recommender_missing": gettext_lazy("申报表未选择推荐的村（社区）。"),
}


def is_family(application: Application) -> bool:
    """A 文明家庭 application: the family form, no statistics, no self-marks."""
    return application.award.category == Category.FAMILY


def recommenders_for(family: Organization) -> QuerySet[Organization]:
    """The villages and communities registered at the family's place or above it."""
    codes = family.region.path.strip("/").split("/")
    prefixes = ["/".join(codes[: n + 1]) + "/" for n in range(len(codes))]
    return Organization.objects.filter(
        kind__in=RECOMMENDER_KINDS, region__path__in=prefixes
    ).order_by("name")


def honors_text(form: dict[str, Any]) -> str:
    """The honors a family reported, named (最美家庭、十星级文明户、…), or ""."""
    honors = [str(HONOR_LABELS[h]) for h in form.get("honors", []) if h in HONOR_LABELS]
    if form.get("other_honors"):
        honors.append(str(form["other_honors"]))
    return "、".join(honors)


def family_form_facts(form: dict[str, Any]) -> list[tuple[str, str]]:
    """The saved form as label → text pairs, for the recommendation report and reviews."""
    members = form.get("members") or []
    return [
        (_("家庭成员"), "；".join(f"{m['name']}（{m['relation']}）" for m in members)),
        (_("主要事迹"), str(form.get("deeds") or "")),
        (_("所获荣誉"), honors_text(form) or _("无")),
        (_("推荐村（社区）"), str(form.get("recommender_name") or "")),
    ]


def form_error_message(error: FamilyFormError) -> str:
    """A family-form problem in the family's words."""
    if error.code == "member_relation_missing":
        return _("家庭成员第 %(line)s 行“%(text)s”缺少与户主关系（每行写“姓名 关系 备注”）。") % {
            "line": error.params["line"],
            "text": error.params["text"],
        }
    if error.code == "members_too_many":
        return _("家庭成员最多填写 %(n)s 人。") % {"n": error.params["maximum"]}
    return _("申报表有误（%(code)s）。") % {"code": error.code}


class FamilyForm(forms.Form):
    """What a family reports: members, deeds, honors and its recommending village."""

    members = forms.CharField(
        label=gettext_lazy("家庭成员"),
        widget=forms.Textarea(
            attrs={"rows": 4, "placeholder": gettext_lazy("张建国 户主 退休教师")}
        ),
        help_text=gettext_lazy("每行一人：姓名、与户主关系、备注（职业或就读学校），用空格分开。"),
        required=False,
    )
    deeds = forms.CharField(
        label=gettext_lazy("主要事迹"),
        max_length=DEEDS_MAX,
        widget=forms.Textarea(attrs={"rows": 6}),
        required=False,
    )
    honors = forms.MultipleChoiceField(
        label=gettext_lazy("所获荣誉"),
        choices=list(HONOR_LABELS.items()),
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )
    other_honors = forms.CharField(
        label=gettext_lazy("其他荣誉"), max_length=OTHER_HONORS_MAX, required=False
    )
    recommender = forms.ModelChoiceField(
        label=gettext_lazy("推荐村（社区）"),
        queryset=Organization.objects.none(),
        required=False,
        empty_label=gettext_lazy("请选择"),
    )

    def __init__(self, *args: Any, family: Organization, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["recommender"]
        if isinstance(field, forms.ModelChoiceField):
            field.queryset = recommenders_for(family)
