"""A page's framework part rendered once per framework version, filled per request.

What a framework version shows on a page (items, clause texts, full marks, methods, the
forms beside each clause) is the same for every applicant and assessor, so a page renders
that part once per version, language and revision of its template, with numbered slots
where a request's own figures go, and keeps the result as static pieces between the slots:
in this process, and in Django's cache for the other workers. A request only fills the
slots. Rendering a sheet of 50-odd clauses node by node took most of a page's time
(benchmarks/pages.py); filling it is a join over strings.

The marking page (assessment.selectors.marking_sheet) and the applicant's application page
(campaigns.selectors.application_sheet) both build on this.
"""

import hashlib
from collections import OrderedDict
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from functools import cache
from typing import Any

from django.core.cache import cache as django_cache
from django.template.loader import get_template, render_to_string
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import get_language

from .models import Framework as FrameworkVersion

_SLOT = "\x00"  # brackets a slot's number in the rendered sheet; never in escaped text
_CACHE_SECONDS = 24 * 3600
_LOCAL_SIZE = 64  # sheets kept in this process: a few frameworks × languages × modes

#: A slot: a tuple whose first member says what fills it, e.g. ("self", "1.2").
Slot = tuple[Any, ...]


@dataclass(frozen=True)
class Skeleton:
    statics: list[str]  # the static HTML, one piece more than there are slots
    slots: list[Slot]
    extras: dict[str, str] = field(default_factory=dict)  # other static pieces, by name


class Slots:
    """Hands out slot markers while a sheet's context is built."""

    def __init__(self) -> None:
        self.specs: list[Slot] = []

    def __call__(self, *spec: Any) -> SafeString:
        self.specs.append(spec)
        return mark_safe(f"{_SLOT}{len(self.specs) - 1}{_SLOT}")  # noqa: S308 - digits only


@cache
def template_revision(template_name: str) -> str:
    """A template's own revision: a digest of its source, so an edited template (a new
    release) never serves a sheet rendered by the old one."""
    source = get_template(template_name).template.source  # type: ignore[attr-defined]
    return hashlib.sha256(source.encode()).hexdigest()[:12]


def sheet_key(name: str, version: FrameworkVersion, template_name: str, *extra: str) -> str:
    """The cache key: the framework's pk, version and save time (a draft is edited in
    place), the language, the template's revision and what else tells sheets apart."""
    stamp = version.updated_at.isoformat() if version.updated_at else ""
    parts = [name, str(version.pk), str(version.version), stamp, get_language() or ""]
    return ":".join([*parts, template_revision(template_name), *extra])


def render_skeleton(
    template_name: str, context: dict[str, Any], slots: Slots, extras: dict[str, str]
) -> Skeleton:
    """Render a sheet whose context holds ``slots``' markers, and cut it at the markers
    (the template may show a marker many times, or not at all)."""
    parts = render_to_string(template_name, context).split(_SLOT)
    statics, numbers = parts[::2], parts[1::2]
    if len(parts) % 2 == 0 or not all(n.isdigit() and int(n) < len(slots.specs) for n in numbers):
        raise ValueError(f"{template_name}: a text holds the slot marker")
    return Skeleton(statics, [slots.specs[int(n)] for n in numbers], extras)


_local: OrderedDict[str, Skeleton] = OrderedDict()


def cached_skeleton(key: str, build: Callable[[], Skeleton]) -> Skeleton:
    """The skeleton under ``key``: from this process, Django's cache, or built now. The
    key changes with everything the sheet depends on, so a kept one is never stale."""
    found = _local.get(key)
    if found is None:
        shared = django_cache.get(key)
        found = shared if isinstance(shared, Skeleton) else None
        if found is None:
            found = build()
            django_cache.set(key, found, _CACHE_SECONDS)
        _local[key] = found
        if len(_local) > _LOCAL_SIZE:
            _local.popitem(last=False)
    return found


def fill(
    skeleton: Skeleton, value: Callable[[Slot], str], span: Sequence[int] | None = None
) -> SafeString:
    """The sheet with each slot replaced by ``value(slot)`` (escaped HTML); with ``span``
    (first and last slot), only the static pieces between those two slots."""
    first, last = span if span is not None else (-1, len(skeleton.slots))
    out = [skeleton.statics[first + 1]]
    for index in range(first + 1, last):
        out.append(value(skeleton.slots[index]))
        out.append(skeleton.statics[index + 1])
    return mark_safe("".join(out))  # noqa: S308 - the template's output and escaped values
