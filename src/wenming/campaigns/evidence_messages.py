"""The sentence an uploader or reviewer reads for each evidence finding (docs/rules.md#evidence).

``wenming.domain.evidence`` returns codes and parameters; this module renders them in the
active language through Django's translation machinery, Chinese being the source language.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from datetime import date
from decimal import ROUND_CEILING, ROUND_FLOOR, Decimal

from django.utils.translation import gettext as _

from wenming.documents.style import date_words
from wenming.domain.evidence import MB, CaptionField, Code, Element, Finding, ParamValue

_TYPE_NAMES = {
    "image/jpeg": "JPG",
    "image/png": "PNG",
    "application/pdf": "PDF",
    "application/vnd.openxmlformats-officedocument.wordprocessingml.document": "Word (.docx)",
}


def caption_label(name: str) -> str:
    labels = {
        CaptionField.TIME: _("时间"),
        CaptionField.PLACE: _("地点"),
        CaptionField.ORGANIZER: _("主办单位"),
        CaptionField.THEME: _("主题"),
        CaptionField.PARTICIPANTS: _("参加人员"),
        CaptionField.VOLUNTEERS: _("志愿者（服务单位或个人）"),
        CaptionField.SERVED: _("服务对象"),
        CaptionField.SERVICE: _("服务内容"),
    }
    return labels.get(CaptionField(name), name) if name in CaptionField else name


def element_label(name: str) -> str:
    labels = {
        Element.RED_HEADER_PAGE: _("红头页"),
        Element.STAMPED_PAGE: _("盖章页"),
        Element.DOCUMENT_NUMBER: _("文号"),
        Element.CONTENT_MARKED: _("相关内容已用红框标注"),
    }
    return labels.get(Element(name), name) if name in Element else name


def type_label(content_type: str) -> str:
    if content_type == "text/plain":
        return _("纯文本")
    return _TYPE_NAMES.get(content_type, content_type or _("未知"))


def size_label(size: int, *, rounding: str = ROUND_FLOOR) -> str:
    """Megabytes as Windows counts them, two decimals, rounded away from the bound.

    A file just under a lower bound must not read "1.50 MB" beside "须大于 1.5 MB", so sizes
    that are too small round down and sizes that are too large round up.
    """
    megabytes = (Decimal(size) / MB).quantize(Decimal("0.01"), rounding=rounding)
    return _("%(mb)s MB（%(bytes)s 字节）") % {"mb": megabytes, "bytes": f"{size:,}"}


def bound_label(size: int) -> str:
    megabytes = (Decimal(size) / MB).normalize()
    return f"{megabytes:f} MB"


def _list(values: ParamValue | list[str], label: Callable[[str], str]) -> str:
    # Tuples come from the rules; lists from findings stored as JSON and read back.
    items = values if isinstance(values, tuple | list) else (str(values),)
    return _("、").join(label(value) for value in items)


def finding_message(finding: Finding) -> str:
    """One sentence saying what is wrong, or what to check, and what is expected."""
    p: Mapping[str, ParamValue] = finding.params
    return (
        _file_message(finding.code, p)
        or _photo_message(finding.code, p)
        or _report_message(finding.code, p)
        or _trust_message(finding.code, p)
        or ""
    )


def _file_message(code: Code, p: Mapping[str, ParamValue]) -> str | None:
    """What is wrong with the file itself: empty, unreadable, of the wrong type or size."""
    match code:
        case Code.EMPTY_FILE:
            return _("文件是空的，请重新上传。")
        case Code.UNREADABLE:
            return _("文件已损坏或无法读取，请重新导出后上传。")
        case Code.ENCRYPTED:
            return _("文件设有密码，无法读取，请上传未加密的文件。")
        case Code.DECOMPRESSION_BOMB:
            return _("文件解压后的尺寸异常巨大，已拒收。")
        case Code.TOO_LARGE_TO_READ:
            return _("文件过大，无法检查，请压缩后重新上传。")
        case Code.WRONG_TYPE:
            return _("文件须为 %(expected)s 格式，此文件的实际内容是 %(found)s。") % {
                "expected": _list(p["expected"], type_label),
                "found": type_label(str(p["found"])),
            }
        case Code.TOO_SMALL:
            return _("文件大小为 %(size)s，须大于 %(bound)s。") % {
                "size": size_label(int(str(p["size"])), rounding=ROUND_FLOOR),
                "bound": bound_label(int(str(p["more_than"]))),
            }
        case Code.TOO_LARGE:
            return _("文件大小为 %(size)s，须小于 %(bound)s。") % {
                "size": size_label(int(str(p["size"])), rounding=ROUND_CEILING),
                "bound": bound_label(int(str(p["less_than"]))),
            }
        case Code.TOO_MANY_PIXELS:
            return _(
                "图片尺寸为 %(width)s×%(height)s 像素，超过 %(limit)s 像素的上限，已拒收。"
            ) % {
                "width": p["width"],
                "height": p["height"],
                "limit": f"{int(str(p['max_pixels'])):,}",
            }
    return None


def _photo_message(code: Code, p: Mapping[str, ParamValue]) -> str | None:
    """What a photo, its captions or an activity lacks, or what a reviewer confirms."""
    match code:
        case Code.CAPTION_MISSING:
            return _("照片说明缺少“%(caption)s”。") % {"caption": caption_label(str(p["caption"]))}
        case Code.THEME_PATTERN:
            return _("活动主题须按“%(pattern)s”的格式填写。") % {
                "pattern": _theme_pattern_label(str(p["pattern"]))
            }
        case Code.THEME_ORGANIZATION:
            return _("活动主题中未见本单位名称（%(names)s），请审核人员确认。") % {
                "names": _list(p["names"], str)
            }
        case Code.NOT_CONFIRMED:
            return _("尚未确认文件含有“%(element)s”，请审核人员核实。") % {
                "element": element_label(str(p["element"]))
            }
        case Code.PHOTO_COUNT:
            return _("每次活动须提供 %(min)s 至 %(max)s 张照片，现有 %(count)s 张。") % {
                "min": p["min"],
                "max": p["max"],
                "count": p["count"],
            }
        case Code.SCREENSHOT_MISSING:
            return _("有媒体报道的活动须提供样报截图、视频截图或网页截图。")
    return None


def _report_message(code: Code, p: Mapping[str, ParamValue]) -> str | None:
    """What the explanatory report (说明报告) lacks or says that it may not."""
    match code:
        case Code.TOO_FEW_PAGES:
            return _("文件只有 %(pages)s 页，至少须有 %(min)s 页。") % {
                "pages": p["pages"],
                "min": p["min_pages"],
            }
        case Code.FORBIDDEN_PHRASE:
            return _("说明报告使用了不允许的表述“%(phrase)s”（%(count)s 处）。") % {
                "phrase": p["phrase"],
                "count": p["count"],
            }
        case Code.NO_TEXT:
            return _("未能从说明报告中提取文字（可能是扫描件），请审核人员阅读原件。")
        case Code.NO_SUBHEADINGS:
            return _("说明报告似乎没有小标题，请审核人员确认。")
        case Code.NO_NUMBERED_POINTS:
            return _("说明报告似乎没有分点表述，请审核人员确认。")
        case Code.NO_FIGURES:
            return _("说明报告中没有数据，请审核人员确认是否有数据和实际举例。")
        case Code.TOO_FEW_MEASURES:
            return _(
                "说明报告列出的举措约 %(found)s 条，要求至少 %(required)s 条，请审核人员确认。"
            ) % {
                "found": p["found"],
                "required": p["required"],
            }
    return None


def _trust_message(code: Code, p: Mapping[str, ParamValue]) -> str | None:
    """What the trust checks noticed for a person to judge: a red header or seal not
    found on an official document, a photo's capture date missing or out of place."""
    match code:
        case Code.NO_RED_HEADER:
            return _("未发现红头：首页顶部没有找到红色的发文机关标志，请审核人员核实。")
        case Code.NO_SEAL:
            return _("未发现印章：末页没有找到红色圆形印章，请审核人员核实。")
        case Code.CAPTURE_DATE_MISSING:
            return _("照片没有记录拍摄日期，无法与活动时间核对。")
        case Code.CAPTURE_DATE_MISMATCH:
            return _("照片的拍摄日期是 %(captured)s，与说明中的活动时间“%(caption)s”不符。") % {
                "captured": _day(p["captured"]),
                "caption": p["caption"],
            }
        case Code.CAPTURE_OUTSIDE_WINDOW:
            return _(
                "照片的拍摄日期是 %(captured)s，不在本届创建周期（%(start)s至%(end)s）之内。"
            ) % {"captured": _day(p["captured"]), "start": _day(p["start"]), "end": _day(p["end"])}
    return None


def _day(value: ParamValue) -> str:
    """A date stored in a finding as ISO text, as users read dates: 2026年5月12日."""
    try:
        return date_words(date.fromisoformat(str(value)))
    except ValueError:
        return str(value)


def _theme_pattern_label(template: str) -> str:
    # The source's own notation, with the placeholders named in the user's language.
    return template.replace("{organization}", _("单位名称")).replace("{activity}", _("活动名称"))
