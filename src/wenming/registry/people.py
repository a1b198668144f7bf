"""People are picked, not typed: the one person picker (docs/rules.md#person-picker).

A form names a person through ``PersonField``: a hidden user id, set by choosing a
match from a search by name, region or body (``people_views.search``), never by
login name. Who may be picked is one rule, ``pickable``: the search and the form's
check ask it alike, so a posted id outside it is refused whatever the browser sent.

- assessors (``assessor``): every active assessor; the pool is not held in a region
  (cross-inspection draws assessors from anywhere), so any office may pick any of them;
- leaders (``leader``): office staff and committee members of the acting office's
  region and the regions below it;
- committee members (``committee``): committee members of that region and below.

Only office staff (and administrators) pick people; anybody else is refused.
"""

from dataclasses import dataclass
from typing import Any

from django import forms
from django.core.exceptions import PermissionDenied
from django.db.models import Prefetch, Q, QuerySet
from django.template.loader import render_to_string
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from wenming.accounts.models import Role, RoleAssignment, User

from .models import Region
from .scopes import scope_of

#: What each kind of pick offers: the roles a pickable person holds.
PICK_ROLES: dict[str, tuple[Role, ...]] = {
    "assessor": (Role.ASSESSOR,),
    "leader": (Role.OFFICE, Role.COMMITTEE),
    "committee": (Role.COMMITTEE,),
}
#: Roles held in a region: picking them is limited to the acting office's territory.
_REGIONAL = {Role.OFFICE, Role.COMMITTEE}
#: At most this many matches are shown; the person narrows the search for more.
LIMIT = 20


def pickable(user: User, kind: str) -> QuerySet[User]:
    """The people ``user`` may pick as ``kind``; refused (403) to anyone but an office."""
    scope = scope_of(user)
    if not scope.is_office:
        raise PermissionDenied(gettext("只有文明办工作人员可以选择人员。"))
    roles = PICK_ROLES.get(kind)
    if roles is None:
        raise PermissionDenied(gettext("不能选择这类人员。"))
    held = Q(role__in=[r.value for r in roles])
    if not scope.is_admin and _REGIONAL & set(roles):
        within = Q(pk__in=[])
        for path in scope.office_paths:
            within |= Q(region__path__startswith=path)
        held &= within
    return User.objects.filter(
        is_active=True, pk__in=RoleAssignment.objects.filter(held).values("user_id")
    )


@dataclass(frozen=True)
class Person:
    """One match as the picker shows it: the name first, then where the person works."""

    pk: int
    name: str
    where: str
    roles: str


def _person(user: User) -> Person:
    places: list[str] = []
    labels: list[str] = []
    for a in user.roles.all():
        label = str(Role(a.role).label)
        if label not in labels:
            labels.append(label)
        for place in (a.region, a.body, a.organization):
            if place is not None and place.name not in places:
                places.append(place.name)
    return Person(
        pk=user.pk,
        name=user.display_name or gettext("（未填姓名）"),
        where="、".join(places),
        roles="、".join(labels),
    )


def _with_places(qs: QuerySet[User]) -> QuerySet[User]:
    return qs.prefetch_related(
        Prefetch(
            "roles",
            queryset=RoleAssignment.objects.select_related("region", "body", "organization"),
        )
    )


def search(user: User, kind: str, text: str = "", region: int | None = None) -> list[Person]:
    """At most ``LIMIT`` people ``user`` may pick as ``kind``, whose name, region, body or
    organization contains ``text`` and who hold a role in ``region`` or below; two queries
    whatever the number of people."""
    qs = pickable(user, kind)
    text = text.strip()
    if text:
        qs = qs.filter(
            Q(display_name__icontains=text)
            | Q(roles__region__name__icontains=text)
            | Q(roles__body__name__icontains=text)
            | Q(roles__organization__name__icontains=text)
        )
    if region is not None:
        path = Region.objects.filter(pk=region).values("path")
        qs = qs.filter(
            Q(roles__region__path__startswith=path)
            | Q(roles__body__region__path__startswith=path)
            | Q(roles__organization__region__path__startswith=path)
        )
    ids = qs.values("pk").distinct()
    chosen = User.objects.filter(pk__in=ids).order_by("display_name", "pk")[:LIMIT]
    return [_person(u) for u in _with_places(chosen)]


def person(user: User, kind: str, pk: int) -> Person | None:
    """The one person ``pk`` if ``user`` may pick them as ``kind``."""
    found = _with_places(pickable(user, kind).filter(pk=pk)).first()
    return _person(found) if found is not None else None


class PersonPicker(forms.Widget):
    """A search box whose matches are buttons; choosing one sets the hidden user id.

    htmx only, no script of its own: typing asks ``people:search`` for the matches, a
    match asks ``people:pick`` for the picker with that person chosen (checked again on
    the server). The buttons are reachable with Tab and work with a finger."""

    kind = "assessor"
    acting_user: User | None = None

    def render(
        self, name: str, value: Any, attrs: dict[str, Any] | None = None, renderer: Any = None
    ) -> SafeString:
        chosen = None
        if value not in (None, "") and self.acting_user is not None and str(value).isdigit():
            chosen = person(self.acting_user, self.kind, int(value))
        return picker_html(name, self.kind, chosen, (attrs or {}).get("id", f"id_{name}"))

    def value_from_datadict(self, data: Any, files: Any, name: str) -> Any:
        return data.get(name)

    def id_for_label(self, id_: str) -> str:
        # The label names the search box, the one thing a person types in.
        return f"{id_}-q" if id_ else id_


def picker_html(
    name: str, kind: str, chosen: Person | None, widget_id: str, *, focus: bool = False
) -> SafeString:
    """The picker; ``focus`` (after a pick or a 重新选择) puts the keyboard's focus back in
    it, on the chosen person's 重新选择 or on the empty search box."""
    context = {"name": name, "kind": kind, "chosen": chosen, "widget_id": widget_id}
    return mark_safe(  # noqa: S308  (a rendered template, autoescaped)
        render_to_string("registry/people/picker.html", context | {"focus": focus})
    )


class PersonField(forms.Field):
    """A person picked with ``PersonPicker``; cleans to the ``User``, checked against
    ``pickable`` for the acting user (set with ``for_user`` before validation)."""

    widget = PersonPicker
    default_error_messages = {
        "required": _("请从列表中选择一位人员：输入姓名、地区或单位的一部分后点选。"),
        "invalid": _("所选人员不在可选范围内，请重新选择。"),
    }

    def __init__(self, *, kind: str = "assessor", **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.kind = kind
        self.acting_user: User | None = None
        assert isinstance(self.widget, PersonPicker)  # noqa: S101  (set just above)
        self.widget.kind = kind

    def for_user(self, user: User) -> None:
        self.acting_user = user
        assert isinstance(self.widget, PersonPicker)  # noqa: S101  (set in __init__)
        self.widget.acting_user = user

    def to_python(self, value: Any) -> User | None:
        if value in (None, ""):
            return None
        if self.acting_user is None or not str(value).isdigit():
            raise forms.ValidationError(self.error_messages["invalid"], code="invalid")
        found = pickable(self.acting_user, self.kind).filter(pk=int(value)).first()
        if found is None:
            raise forms.ValidationError(self.error_messages["invalid"], code="invalid")
        return found


def person_field(form: forms.Form, name: str, user: User) -> None:
    """Scope the form's person field ``name`` to the acting ``user``."""
    field = form.fields[name]
    if not isinstance(field, PersonField):
        raise TypeError(f"{name} is not a person field")
    field.for_user(user)
