"""Forms of the organization's pages: staff, departments, plans, seats and phases.

People are picked from the organization's staff by name (a ``<select>``); the services
check everything again, so a form only turns the post into values.
"""

from typing import Any

from django import forms
from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _

from wenming.accounts.models import User
from wenming.campaigns.models import Award
from wenming.registry.models import Organization

from .models import BODY_POSITIONS, GroupBody, StaffMember
from .services.plans import PhaseInput

#: How many phase rows the phases page offers (filled ones plus blanks).
PHASE_ROWS = 6


def staff_of(organization: Organization) -> QuerySet[StaffMember]:
    return StaffMember.objects.filter(organization=organization).order_by("name", "id")


class StaffChoiceField(forms.ModelChoiceField[StaffMember]):
    def label_from_instance(self, obj: StaffMember) -> str:
        return f"{obj.name}（{obj.position}）" if obj.position else obj.name


class StaffMultipleChoiceField(forms.ModelMultipleChoiceField[StaffMember]):
    def label_from_instance(self, obj: StaffMember) -> str:
        return f"{obj.name}（{obj.position}）" if obj.position else obj.name


class StaffForm(forms.Form):
    name = forms.CharField(label=_("姓名"), max_length=50)
    position = forms.CharField(label=_("职务"), max_length=100, required=False)
    phone = forms.CharField(label=_("电话"), max_length=32, required=False)
    email = forms.EmailField(label=_("电子邮箱"), required=False)


class LinkForm(forms.Form):
    user = forms.ModelChoiceField(
        label=_("关联账号"),
        queryset=User.objects.none(),
        required=False,
        empty_label=_("（不关联）"),
    )

    def __init__(self, *args: Any, users: list[User], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["user"]
        assert isinstance(field, forms.ModelChoiceField)  # noqa: S101  (declared above)
        field.queryset = User.objects.filter(pk__in=[u.pk for u in users])


class InviteForm(forms.Form):
    email = forms.EmailField(label=_("电子邮箱"), required=False)


class DepartmentForm(forms.Form):
    name = forms.CharField(label=_("部门名称"), max_length=100)
    head = StaffChoiceField(
        label=_("负责人"), queryset=StaffMember.objects.none(), required=False, empty_label="—"
    )
    leader = StaffChoiceField(
        label=_("分管领导"), queryset=StaffMember.objects.none(), required=False, empty_label="—"
    )
    members = StaffMultipleChoiceField(
        label=_("成员"), queryset=StaffMember.objects.none(), required=False
    )

    def __init__(self, *args: Any, organization: Organization, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for name in ("head", "leader", "members"):
            field = self.fields[name]
            assert isinstance(field, forms.ModelChoiceField)  # noqa: S101  (declared above)
            field.queryset = staff_of(organization)
            field.widget.attrs["data-searchable"] = "1"


class AwardChoiceField(forms.ModelChoiceField[Award]):
    def label_from_instance(self, obj: Award) -> str:
        return f"{obj.campaign.name} · {obj.label}"


class PlanForm(forms.Form):
    award = AwardChoiceField(
        label=_("创建目标"), queryset=Award.objects.none(), empty_label=_("请选择")
    )
    title = forms.CharField(
        label=_("方案名称"),
        max_length=200,
        required=False,
        help_text=_("留空则为“单位+年度+创建+奖项+实施方案”"),
    )

    def __init__(self, *args: Any, awards: list[Award], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["award"]
        assert isinstance(field, forms.ModelChoiceField)  # noqa: S101  (declared above)
        field.queryset = Award.objects.filter(pk__in=[a.pk for a in awards]).select_related(
            "campaign"
        )


def position_choices() -> list[tuple[str, list[tuple[str, str]]]]:
    """Positions grouped by body, for one select: value ``body:position``."""
    return [
        (str(body.label), [(f"{body.value}:{p.value}", str(p.label)) for p in positions])
        for body, positions in BODY_POSITIONS.items()
    ]


class GroupMemberForm(forms.Form):
    seat = forms.ChoiceField(label=_("职务"), choices=position_choices)
    staff = StaffChoiceField(
        label=_("人员"), queryset=StaffMember.objects.none(), empty_label=_("请选择")
    )

    def __init__(self, *args: Any, organization: Organization, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["staff"]
        assert isinstance(field, forms.ModelChoiceField)  # noqa: S101  (declared above)
        field.queryset = staff_of(organization)
        field.widget.attrs["data-searchable"] = "1"

    def body_position(self) -> tuple[str, str]:
        body, _sep, position = str(self.cleaned_data["seat"]).partition(":")
        return (body or GroupBody.LEADING_GROUP.value), position


class PhaseForm(forms.Form):
    name = forms.CharField(label=_("阶段名称"), max_length=50, required=False)
    starts_on = forms.DateField(
        label=_("开始日期"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    ends_on = forms.DateField(
        label=_("结束日期"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    description = forms.CharField(
        label=_("工作内容"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        filled = [data.get(k) for k in ("name", "starts_on", "ends_on")]
        if any(filled) and not all(filled):
            raise forms.ValidationError(_("请填写阶段名称、开始日期和结束日期。"))
        return data

    def phase(self) -> PhaseInput | None:
        data = self.cleaned_data
        if not data.get("name"):
            return None
        return PhaseInput(data["name"], data["starts_on"], data["ends_on"], data["description"])


PhaseFormSet = forms.formset_factory(
    PhaseForm, extra=0, max_num=PHASE_ROWS, absolute_max=PHASE_ROWS
)


class InvitationAcceptForm(forms.Form):
    username = forms.CharField(label=_("登录名"), max_length=150)
    password1 = forms.CharField(label=_("密码"), widget=forms.PasswordInput(render_value=False))
    password2 = forms.CharField(label=_("确认密码"), widget=forms.PasswordInput(render_value=False))

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("password1") and data.get("password1") != data.get("password2"):
            raise forms.ValidationError(_("两次输入的密码不一致。"))
        return data
