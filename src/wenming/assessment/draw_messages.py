"""The committed draw's refusals in Chinese: ``domain.draw_commitment``'s codes turned into
the sentence the office reads (docs/rules.md#committed-draw)."""

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from wenming.domain.sampling import SamplingError


def _who(role: object) -> str:
    return _("开奖号码") if role == "public" else _("%(name)s的号码") % {"name": role}


def draw_message(error: SamplingError) -> str:
    """The sentence for one refusal of the draw's inputs."""
    params = error.params
    if error.code == "numbers_empty":
        if params.get("role") == "public":
            return _("请录入事先指定的公开开奖的号码。")
        return _("请录入%(who)s。") % {"who": _who(params.get("role"))}
    if error.code == "numbers_invalid":
        return _("%(who)s中不能有“%(char)s”：只填数字，数字之间用空格或逗号隔开。") % {
            "who": _who(params.get("role")),
            "char": params.get("char"),
        }
    if error.code == "one_witness":
        return _("现场人员的号码须由两人或两人以上录入；只有一人时请不要录入，只用公开开奖的号码。")
    if error.code == "witness_name_empty":
        return _("请填写每位录入号码的现场人员的姓名。")
    if error.code == "witness_name_twice":
        return _("现场人员“%(name)s”填了两次，请每人只填一行。") % {"name": params.get("name")}
    if error.code == "witness_name_invalid":
        return _("现场人员姓名“%(name)s”中不能有“|”或“:”。") % {"name": params.get("name")}
    return _("候选名单有误（%(code)s），请联系系统管理员。") % {"code": error.code}


def draw_refusal(error: SamplingError) -> ValidationError:
    """The refusal as the services raise it."""
    return ValidationError(draw_message(error))
