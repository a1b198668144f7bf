"""How core's recorded actions read: a long list export or a document queued for the worker."""

from django.utils.translation import gettext_lazy as _

from wenming.audit.labels import register_actions

register_actions(
    {"export_job.create": _("生成导出文件")},
    keys={"kind": _("类型"), "query": _("筛选条件"), "rows": _("行数")},
)
