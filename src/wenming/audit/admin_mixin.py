"""Every change made through the admin site is audited like a service change.

:class:`AuditedModelAdmin` records an event for each addition, change and deletion
(bulk delete actions and inline rows included), with the object's fields before and
after (:func:`wenming.audit.services.snapshot` over its concrete fields, many-to-many
fields as lists of ids), by the signed-in administrator, in the admin's own transaction.
Secrets are never recorded: a password hash, a TOTP key or a token is replaced by
"密码已重置" or "已更改（内容不记录）". The project's admin site
(``wenming.core.admin_site``) wraps every registered admin class with it.
"""

import copy
from collections.abc import Callable, Iterable
from typing import Any
from weakref import WeakKeyDictionary

from django.contrib import admin
from django.contrib.admin.options import ActionLocation
from django.db import models, transaction
from django.db.models.query import QuerySet
from django.forms import BaseModelFormSet, ModelForm
from django.http import HttpRequest, HttpResponse

from .labels import PASSWORD_RESET, SECRET_CHANGED
from .services import audit_record, diff, events_written, snapshot

#: Field names whose values are secrets: their change is recorded, never their value.
SECRET_FIELDS = frozenset({"password", "key", "secret", "token", "otp_secret"})

State = dict[str, Any]
# What each object looked like when the admin loaded it, per request: (recorded, secrets).
_LOADED: "WeakKeyDictionary[HttpRequest, dict[tuple[str, str], tuple[State, State]]]" = (
    WeakKeyDictionary()
)


def _plain_fields(model: type[models.Model]) -> tuple[list[str], list[str], list[str]]:
    """The model's concrete fields: plain, files, secrets."""
    plain, files, secrets = [], [], []
    for field in model._meta.concrete_fields:
        if field.name in SECRET_FIELDS:
            secrets.append(field.name)
        elif isinstance(field, models.FileField):
            files.append(field.name)
        else:
            plain.append(field.name)
    return plain, files, secrets


def recorded_state(obj: models.Model) -> tuple[State, State]:
    """The object's fields as the audit records them, and its secrets (kept in memory
    only, to tell whether they changed)."""
    plain, files, secrets = _plain_fields(type(obj))
    state = snapshot(obj, plain)
    for name in files:
        state[name] = getattr(obj, name).name or ""
    if obj.pk is not None:
        for field in obj._meta.many_to_many:
            state[field.name] = sorted(getattr(obj, field.name).values_list("pk", flat=True))
    return state, {name: getattr(obj, name) for name in secrets}


def _key(obj: models.Model) -> tuple[str, str]:
    return obj._meta.label_lower, str(obj.pk)


def _remember(request: HttpRequest, obj: models.Model) -> None:
    _LOADED.setdefault(request, {}).setdefault(_key(obj), recorded_state(obj))


def _recall(request: HttpRequest, obj: models.Model) -> tuple[State, State] | None:
    return _LOADED.get(request, {}).get(_key(obj))


def _record_change(
    request: HttpRequest, obj: models.Model, loaded: tuple[State, State] | None
) -> None:
    """Record what changed since the object was loaded; nothing when nothing did."""
    after, after_secrets = recorded_state(obj)
    if loaded is None:  # never loaded through this admin: the best record is its state now
        audit_record(actor=request.user, action="admin.change", obj=obj, after=after)
        return
    before_state, before_secrets = loaded
    before, after = diff(before_state, after)
    changed = [k for k, v in after_secrets.items() if before_secrets.get(k) != v]
    for name in changed:
        before[name] = None
        after[name] = PASSWORD_RESET if name == "password" else SECRET_CHANGED
    if not after:
        return
    if list(after) == ["password"]:
        audit_record(
            actor=request.user, action="admin.password_reset", obj=obj, before=before, after=after
        )
        return
    audit_record(actor=request.user, action="admin.change", obj=obj, before=before, after=after)


def _record_addition(request: HttpRequest, obj: models.Model) -> None:
    audit_record(actor=request.user, action="admin.add", obj=obj, after=recorded_state(obj)[0])


def _record_deletion(request: HttpRequest, obj: models.Model, before: State) -> None:
    audit_record(actor=request.user, action="admin.delete", obj=obj, before=before)


def _doomed(request: HttpRequest, objects: Iterable[models.Model]) -> list[tuple[Any, State]]:
    """Copies of objects about to be deleted (a deleted instance loses its id) and their
    state as loaded."""
    out = []
    for obj in objects:
        loaded = _recall(request, obj)
        out.append((copy.copy(obj), loaded[0] if loaded else recorded_state(obj)[0]))
    return out


# Per request: the objects whose save a service already audited (by id()), and the
# count of events written when the password form began.
_SERVICE_AUDITED: "WeakKeyDictionary[HttpRequest, set[int]]" = WeakKeyDictionary()
_PASSWORD_FORM: "WeakKeyDictionary[HttpRequest, int]" = WeakKeyDictionary()


class AuditedModelAdmin(admin.ModelAdmin[Any]):
    """A model admin whose every write is an audit event (see the module's docstring).

    An admin that saves through a service (role assignments: ``role_assign``) is audited
    by the service; the page then adds no second event for the same act."""

    def get_object(
        self, request: HttpRequest, object_id: str, from_field: str | None = None
    ) -> Any:
        obj = super().get_object(request, object_id, from_field)
        if obj is not None:
            _remember(request, obj)  # before any form has touched it
        return obj

    def save_model(self, request: HttpRequest, obj: Any, form: Any, change: bool) -> None:
        if change and _recall(request, obj) is None:
            # The changelist's editable rows are not loaded through get_object.
            stored = type(obj)._default_manager.filter(pk=obj.pk).first()
            if stored is not None:
                _remember(request, stored)
        mark = events_written()
        super().save_model(request, obj, form, change)
        if events_written() > mark:
            _SERVICE_AUDITED.setdefault(request, set()).add(id(obj))

    def _audited_elsewhere(self, request: HttpRequest, obj: Any) -> bool:
        if id(obj) in _SERVICE_AUDITED.get(request, set()):
            return True
        mark = _PASSWORD_FORM.get(request)
        return mark is not None and events_written() > mark

    def log_addition(self, request: HttpRequest, obj: Any, message: Any) -> Any:
        if not self._audited_elsewhere(request, obj):
            _record_addition(request, obj)
        return super().log_addition(request, obj, message)

    def log_change(self, request: HttpRequest, obj: Any, message: Any) -> Any:
        if not self._audited_elsewhere(request, obj):
            _record_change(request, obj, _recall(request, obj))
        return super().log_change(request, obj, message)

    def delete_model(self, request: HttpRequest, obj: Any) -> None:
        self._audited_delete(
            request, [obj], lambda: super(AuditedModelAdmin, self).delete_model(request, obj)
        )

    def delete_queryset(self, request: HttpRequest, queryset: QuerySet[Any]) -> None:
        doomed = list(queryset)
        self._audited_delete(
            request,
            doomed,
            lambda: super(AuditedModelAdmin, self).delete_queryset(request, queryset),
        )

    def _audited_delete(
        self, request: HttpRequest, objects: list[Any], delete: Callable[[], None]
    ) -> None:
        doomed = _doomed(request, objects)
        mark = events_written()
        delete()
        if events_written() == mark:  # not audited by a service the admin called
            for obj, before in doomed:
                _record_deletion(request, obj, before)

    def save_formset(
        self, request: HttpRequest, form: ModelForm[Any], formset: Any, change: bool
    ) -> None:
        """Inline rows: each added, changed or deleted row is its own event, on the row."""
        model = formset.model if isinstance(formset, BaseModelFormSet) else None
        if model is None:
            super().save_formset(request, form, formset, change)
            return
        pks = [f.instance.pk for f in formset.initial_forms if f.instance.pk is not None]
        for stored in model._default_manager.filter(pk__in=pks):
            _remember(request, stored)
        doomed = _doomed(request, [f.instance for f in formset.deleted_forms if f.instance.pk])
        super().save_formset(request, form, formset, change)
        for obj, before in doomed:
            _record_deletion(request, obj, before)
        for obj in formset.new_objects:
            _record_addition(request, obj)
        for obj, _fields in formset.changed_objects:
            _record_change(request, obj, _recall(request, obj))

    def response_action(
        self,
        request: HttpRequest,
        queryset: QuerySet[Any],
        action_location: ActionLocation = ActionLocation.CHANGE_LIST,
    ) -> HttpResponse | None:
        # An action (the bulk delete) and its audit events are saved together or not at all.
        with transaction.atomic():
            return super().response_action(request, queryset, action_location)


class AuditedUserAdmin(AuditedModelAdmin):
    """For the user admin, whose password form saves outside the admin's transaction.

    Not a subclass of ``UserAdmin``: importing ``django.contrib.auth.admin`` registers
    its admins, which the site being built cannot take yet."""

    def user_change_password(
        self, request: HttpRequest, id: str, form_url: str = ""
    ) -> HttpResponse:
        with transaction.atomic():
            _PASSWORD_FORM[request] = events_written()
            change: Any = getattr(super(), "user_change_password")  # noqa: B009  (UserAdmin's, after this mixin)
            response: HttpResponse = change(request, id, form_url)
            return response


def audited(admin_class: type[admin.ModelAdmin[Any]]) -> type[admin.ModelAdmin[Any]]:
    """The admin class with the audit mixin in front (itself when it already has it)."""
    if issubclass(admin_class, AuditedModelAdmin):
        return admin_class
    has_password_form = hasattr(admin_class, "user_change_password")
    mixin = AuditedUserAdmin if has_password_form else AuditedModelAdmin
    return type(
        admin_class.__name__,
        (mixin, admin_class),
        {"__module__": admin_class.__module__, "__doc__": admin_class.__doc__},
    )
