"""How the 随手拍 app's recorded actions read on the history pages."""

from django.utils.translation import gettext_lazy as _

from wenming.audit.labels import register_actions

register_actions(
    {
        "point.add": _("新增点位"),
        "point.change": _("修改点位"),
        "point.import": _("导入点位"),
        "outline.import": _("导入区划轮廓"),
        "report.file": _("市民随手拍反映问题"),
        "report.hotline_import": _("导入12345热线工单"),
        "report_group.route": _("转为督办事项"),
    },
    keys={
        "point": _("点位"),
        "points": _("点位"),
        "updated": _("更新的点位"),
        "regions": _("地区"),
        "group": _("问题线索"),
        "created": _("新增工单"),
        "skipped": _("已导入过的工单"),
        "item": _("督办事项"),
        "reports": _("反映件数"),
        "lng": _("经度"),
        "lat": _("纬度"),
    },
)
