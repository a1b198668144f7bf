"""Showing an audit event to a person: each changed field by its label, before and after."""

from dataclasses import dataclass
from typing import Any

from django.apps import apps
from django.core.exceptions import FieldDoesNotExist
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from .models import AuditEvent

#: How each action reads to a person; apps add theirs here as they record new actions.
ACTION_LABELS = {
    "organization.create": gettext_lazy("登记组织"),
    "organization.update": gettext_lazy("修改组织信息"),
    "organization.import": gettext_lazy("批量导入"),
    "title.add": gettext_lazy("记录称号"),
    "title.revoked": gettext_lazy("撤销称号"),
    "title.downgraded": gettext_lazy("称号降级"),
    "title.expired": gettext_lazy("称号到期"),
    "honor.add": gettext_lazy("记录荣誉"),
    "application.start": gettext_lazy("开始申报"),
    "application.form": gettext_lazy("保存申报表"),
    "application.self_mark": gettext_lazy("自评"),
    "application.evidence": gettext_lazy("上传佐证材料"),
    "application.evidence_remove": gettext_lazy("删除佐证材料"),
    "application.exceptional": gettext_lazy("破格审批"),
    "application.submit": gettext_lazy("申报"),
    "application.return": gettext_lazy("退回修改"),
    "application.resubmit": gettext_lazy("重新申报"),
    "application.recommend": gettext_lazy("推荐"),
    "application.keep_as_alternate": gettext_lazy("列为备选"),
    "application.promote": gettext_lazy("递补为推荐"),
    "application.demote": gettext_lazy("改为备选"),
    "application.not_recommend": gettext_lazy("不予推荐"),
    "application.withdraw": gettext_lazy("撤回"),
    "application.assess": gettext_lazy("完成测评"),
    "application.screen": gettext_lazy("征求意见通过"),
    "application.veto": gettext_lazy("一票否决"),
    "application.publish": gettext_lazy("公示"),
    "application.uphold_objection": gettext_lazy("异议成立"),
    "application.approve": gettext_lazy("审定通过"),
    "application.not_approve": gettext_lazy("审定未通过"),
    "application.name": gettext_lazy("命名"),
    "application.submit_to_parent": gettext_lazy("上报上级届次"),
    "application.bonus_claim": gettext_lazy("申报特色加分"),
    "application.bonus_claim_remove": gettext_lazy("撤下特色加分"),
    "application.bonus_claim_decide": gettext_lazy("认定特色加分"),
    "application.place_passed": gettext_lazy("名额由备选递补"),
    "recommendation.order": gettext_lazy("调整推荐顺序"),
    "stage.close": gettext_lazy("结束阶段"),
    "stage.open": gettext_lazy("开始阶段"),
    "screening.answer_on_behalf": gettext_lazy("代录成员单位书面复函"),
}


def action_label(action: str) -> str:
    return str(ACTION_LABELS.get(action, action))


@dataclass(frozen=True)
class FieldChange:
    label: str
    before: str
    after: str


def _text(value: Any) -> str:
    if value is None or value == "":
        return "—"
    if isinstance(value, bool):
        return _("是") if value else _("否")
    if isinstance(value, list):
        return _("%(n)d 项") % {"n": len(value)}
    if isinstance(value, dict):
        return "; ".join(f"{k}: {_text(v)}" for k, v in value.items())
    return str(value)


def _model_for(event: AuditEvent) -> Any:
    """The model whose fields the payload holds: "title.add" on an organization holds a
    title, so the action's first word names the model when the app has one by that name."""
    app_label, _sep, _name = event.object_type.partition(".")
    for name in (event.action.split(".")[0], _name):
        try:
            return apps.get_model(app_label, name)
        except LookupError:
            continue
    return None


def _field(model: Any, name: str) -> Any:
    if model is None:
        return None
    try:
        return model._meta.get_field(name)
    except FieldDoesNotExist:
        return None


def _value(field: Any, value: Any, cache: dict) -> str:
    if field is not None and value not in (None, ""):
        if field.choices:
            return str(dict(field.flatchoices).get(value, value))
        if field.is_relation and field.related_model is not None:
            key = (field.related_model, value)
            if key not in cache:
                cache[key] = field.related_model._default_manager.filter(pk=value).first()
            if cache[key] is not None:
                return str(cache[key])
    return _text(value)


#: Keys that only repeat what the event already says (its object, its own id).
_NOISE = {"organization", "title_id", "honor_id"}


def changes(event: AuditEvent) -> list[FieldChange]:
    """The fields an event touched, labelled and valued in the reader's language."""
    model = _model_for(event)
    before = event.before or {}
    after = event.after or {}
    if event.before:
        keys = [k for k in after if before.get(k) != after.get(k)]
        keys += [k for k in before if k not in after]
    else:
        keys = list(after)  # a creation shows everything it set
    cache: dict = {}
    out = []
    for key in keys:
        if key in _NOISE:
            continue
        field = _field(model, key)
        label = str(field.verbose_name) if field is not None else key
        out.append(
            FieldChange(
                label, _value(field, before.get(key), cache), _value(field, after.get(key), cache)
            )
        )
    return out
