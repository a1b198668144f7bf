"""How core's recorded actions read: a long list export or a document queued for the worker."""

from django.utils.translation import gettext_lazy as _

from wenming.audit.labels import register_actions

register_actions(
    {"export_job.create": _("生成导出文件")},
    keys={"kind": _("类型"), "query": _("筛选条件"), "rows": _("行数")},
)
register_actions(
    {
        # The worker sweep's (core.recovery): a job whose worker died or whose task was lost.
        "job.requeue": _("重新排队（原任务中断）"),
        "job.fail": _("多次中断后标记失败"),
    },
    keys={"status": _("状态"), "lost": _("中断原因"), "tries": _("已尝试次数")},
)
