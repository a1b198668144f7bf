"""The supervision items list as Excel: the index page's own filter, streamed rows."""

from collections.abc import Iterator
from typing import Any

from django import forms
from django.db.models import Case, Q, QuerySet, When
from django.http import QueryDict
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from wenming.accounts.models import User
from wenming.accounts.permissions import require_perm
from wenming.documents.xlsx import Column, ListExport, Sheet
from wenming.domain.review import ItemState

from .models import ITEM_CLASS_LABELS, ITEM_STATE_LABELS, ItemSource, SupervisionItem
from .selectors import items_for


class ItemFilterForm(forms.Form):
    state = forms.ChoiceField(
        label=gettext_lazy("状态"),
        required=False,
        choices=[("", gettext_lazy("全部")), *ITEM_STATE_LABELS.items()],
    )
    q = forms.CharField(label=gettext_lazy("事项或责任单位"), required=False, max_length=100)


def item_filter(user: User, params: QueryDict) -> tuple[ItemFilterForm, QuerySet[SupervisionItem]]:
    """The items the index page lists for ``params`` (the page and its export share it)."""
    form = ItemFilterForm(params or None)
    filters = form.cleaned_data if form.is_valid() else {}
    items = items_for(user)
    if filters.get("state"):
        items = items.filter(state=filters["state"])
    if q := (filters.get("q") or "").strip():
        items = items.filter(
            Q(title__icontains=q) | Q(organization__name__icontains=q) | Q(body__name__icontains=q)
        )
    # Open items first, the nearest deadline on top; closed ones after them.
    closed_last = Case(When(state=ItemState.CLOSED, then=1), default=0)
    return form, items.order_by(closed_last, "deadline", "id")


def items_export(user: User, params: QueryDict) -> ListExport:
    require_perm(user, "supervision.view_index")
    _form, items = item_filter(user, params)
    columns = [
        Column(_("事项"), 36), Column(_("责任单位"), 30), Column(_("来源"), 14),
        Column(_("问题类别"), 28), Column(_("整改期限"), 12), Column(_("状态"), 10),
        Column(_("办结日期"), 12),
    ]  # fmt: skip
    return ListExport(
        filename=_("督办事项清单.xlsx"),
        count=items.count(),
        sheets=[Sheet(_("督办事项"), columns, _item_rows(items))],
    )


def _item_rows(items: QuerySet[SupervisionItem]) -> Iterator[tuple[Any, ...]]:
    sources = dict(ItemSource.choices)
    classes: dict[str, str] = {str(k): str(v) for k, v in ITEM_CLASS_LABELS.items()}
    states: dict[str, str] = {str(k): str(v) for k, v in ITEM_STATE_LABELS.items()}
    rows = items.values_list(
        "title", "organization__name", "body__name", "source", "item_class", "deadline",
        "state", "closed_on",
    )  # fmt: skip
    for title, org, body, source, item_class, deadline, state, closed_on in rows.iterator(2000):
        yield (
            title, org or body, str(sources.get(source, source)),
            classes.get(item_class, item_class), deadline, states.get(state, state), closed_on,
        )  # fmt: skip
