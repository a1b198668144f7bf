"""Forms of the registry pages."""

from typing import Any

from django import forms
from django.conf import settings
from django.utils.translation import gettext_lazy as _

from wenming.accounts.models import User
from wenming.documents.safety import check_workbook
from wenming.registry.scopes import regions_editable_by

from .models import KIND_LABELS, Body, Letterhead, Organization, choices
from .services import ORGANIZATION_FIELDS


class OrganizationForm(forms.ModelForm[Organization]):
    class Meta:
        model = Organization
        fields = ORGANIZATION_FIELDS

    def __init__(self, *args: Any, user: User, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        region, body = self.fields["region"], self.fields["body"]
        assert isinstance(region, forms.ModelChoiceField)  # noqa: S101  (the model's foreign keys)
        assert isinstance(body, forms.ModelChoiceField)  # noqa: S101  (the model's foreign keys)
        region.queryset = regions_editable_by(user)
        body.queryset = Body.objects.filter(supervises=True)


class OrganizationFilterForm(forms.Form):
    q = forms.CharField(label=_("名称或编码"), required=False)
    kind = forms.ChoiceField(
        label=_("类型"), required=False, choices=[("", _("全部类型")), *choices(KIND_LABELS)]
    )
    region = forms.ChoiceField(label=_("地区"), required=False)

    def __init__(self, *args: Any, regions: list[tuple[str, str]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        region = self.fields["region"]
        assert isinstance(region, forms.ChoiceField)  # noqa: S101  (declared above)
        region.choices = [("", _("全部地区")), *regions]


class ImportForm(forms.Form):
    file = forms.FileField(label=_("Excel 工作簿（.xlsx）"))

    def clean_file(self) -> Any:
        upload = self.cleaned_data["file"]
        if not upload.name.lower().endswith(".xlsx"):
            raise forms.ValidationError(_("请上传 .xlsx 格式的 Excel 工作簿。"))
        if upload.size > settings.IMPORT_MAX_BYTES:
            raise forms.ValidationError(_("文件超过 50 MB。请拆分后分批导入。"))
        head = upload.read(4)
        upload.seek(0)
        if head != b"PK\x03\x04":
            raise forms.ValidationError(_("文件内容不是 Excel 工作簿（.xlsx）。"))
        # Sizes, ratio and parts before anything is stored: a zip bomb never becomes a job.
        check_workbook(upload)
        return upload


class LetterheadForm(forms.ModelForm[Letterhead]):
    """发文设置: how the office heads its documents; the service checks the 机关代字."""

    class Meta:
        model = Letterhead
        fields = ["mark", "number_code", "signature", "printer", "copies_to"]
        widgets = {"copies_to": forms.Textarea(attrs={"rows": 4})}
