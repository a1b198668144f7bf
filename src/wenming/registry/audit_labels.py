"""How the registry's recorded actions read on an organization's history.

A title's or an honor's events are recorded on the organization that holds it, with the
row's id beside its fields (``title_id``, ``honor_id``): the id identifies the row in
the record, the page does not show it."""

from django.utils.translation import gettext_lazy as _

from wenming.audit.labels import register_actions

from .models import Honor, Title

register_actions(
    {
        "organization.create": _("登记组织"),
        "organization.update": _("修改组织信息"),
        "organization.import": _("批量导入"),
        "region.create": _("登记地区"),
        "body.create": _("登记部门"),
        "letterhead.set": _("修改发文设置"),
        "document.issue": _("登记发文字号"),
        "document.register": _("登记手填的发文字号"),
        "document.number": _("发文（取号）"),
    }
)
# Recorded on the organization, with the title's or the honor's fields as payload.
register_actions(
    {
        "title.add": _("记录称号"),
        "title.revoked": _("撤销称号"),
        "title.downgraded": _("称号降级"),
        "title.expired": _("称号到期"),
    },
    model=Title,
    hidden=("title_id",),
)
register_actions({"honor.add": _("记录荣誉")}, model=Honor, hidden=("honor_id",))
