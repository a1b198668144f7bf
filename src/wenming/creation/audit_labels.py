"""How creation work's recorded actions read on the history pages (one call per part)."""

# Task lists (网上申报任务分工, 共性任务); taking one over is recorded on the plan.
from django.utils.translation import gettext_lazy

from wenming.audit import labels as task_list_labels

task_list_labels.register_actions(
    {
        "creation.task_list_import": gettext_lazy("导入任务清单"),
        "creation.task_list_publish": gettext_lazy("发布任务清单"),
        "creation.task_list_delete": gettext_lazy("删除任务清单"),
        "creation.task_list_inherit": gettext_lazy("采用任务清单"),
    }
)

# Assignments (责任分工, recorded on the plan) and tasks (创建任务).
task_list_labels.register_actions(
    {
        "creation.assignments_default": gettext_lazy("采用测评体系的责任部门"),
        "creation.assignment_set": gettext_lazy("调整责任分工"),
        "creation.task_create": gettext_lazy("新建创建任务"),
        "creation.task_update": gettext_lazy("修改创建任务"),
        "creation.task_assign": gettext_lazy("分配创建任务"),
        "creation.task_delete": gettext_lazy("删除创建任务"),
    }
)

# Material per occurrence (任务材料): upload, submission, the leader's sign-off, acceptance.
task_list_labels.register_actions(
    {
        "creation.material_add": gettext_lazy("上传任务材料"),
        "creation.material_remove": gettext_lazy("删除任务材料"),
        "creation.occurrence_submit": gettext_lazy("提交签批"),
        "creation.occurrence_sign_off": gettext_lazy("签批同意"),
        "creation.occurrence_decline": gettext_lazy("退回部门"),
        "creation.occurrence_accept": gettext_lazy("验收通过"),
        "creation.occurrence_return": gettext_lazy("退回修改"),
        "creation.occurrence_transfer": gettext_lazy("重新转入申报表"),
    }
)

# Organization of the work: staff, invitations, departments, plans, seats, phases.
task_list_labels.register_actions(
    {
        "creation.staff_add": gettext_lazy("添加人员"),
        "creation.staff_update": gettext_lazy("修改人员"),
        "creation.staff_remove": gettext_lazy("删除人员"),
        "creation.staff_link": gettext_lazy("关联登录账号"),
        "creation.staff_invite": gettext_lazy("邀请开通账号"),
        "creation.invitation_accept": gettext_lazy("接受账号邀请"),
        "creation.department_create": gettext_lazy("新建部门"),
        "creation.department_update": gettext_lazy("修改部门"),
        "creation.department_remove": gettext_lazy("删除部门"),
        "creation.plan_create": gettext_lazy("新建创建实施方案"),
        "creation.plan_update": gettext_lazy("修改创建实施方案"),
        "creation.plan_activate": gettext_lazy("方案开始实施"),
        "creation.plan_close": gettext_lazy("结束创建实施方案"),
        "creation.group_member_add": gettext_lazy("添加领导小组成员"),
        "creation.group_member_remove": gettext_lazy("移出领导小组成员"),
        "creation.group_member_move": gettext_lazy("调整领导小组排序"),
        "creation.phase_set": gettext_lazy("设置实施阶段"),
    }
)
