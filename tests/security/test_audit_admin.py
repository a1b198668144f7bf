"""Changes made in the admin site are audited like a service change (defect 4).

The real admin pages are driven with the test client, as a superuser: each change writes
one event with the actor and the fields before and after; a password is never recorded."""

import pytest
from django import forms
from django.contrib import admin
from django.urls import reverse
from tests.conftest import login
from tests.factories import BodyFactory, UserFactory

from wenming.audit.admin_mixin import AuditedModelAdmin
from wenming.audit.models import AuditEvent
from wenming.audit.presentation import changes
from wenming.registry.models import Body

PASSWORD = "Str0ng-Passw0rd-2026!"


@pytest.fixture
def root(db):
    return UserFactory(username="root", is_staff=True, is_superuser=True)


def _form_data(form: forms.BaseForm, data: dict) -> None:
    """The form's current values as its page would post them back."""
    for name, field in form.fields.items():
        if field.disabled:
            continue
        bound = form[name]
        value = bound.value()
        widget = field.widget
        if isinstance(widget, forms.MultiWidget):
            for i, part in enumerate(widget.decompress(value)):
                data[f"{bound.html_name}_{i}"] = "" if part is None else str(part)
        elif isinstance(widget, forms.CheckboxInput):
            if value:
                data[bound.html_name] = "on"
        elif isinstance(value, list | tuple):
            data[bound.html_name] = [str(v) for v in value]
        else:
            data[bound.html_name] = "" if value is None else str(value)


def page_data(client, url: str) -> dict:
    """What the admin's change page would post unchanged, its inline rows included."""
    response = client.get(url)
    assert response.status_code == 200
    data: dict = {}
    _form_data(response.context["adminform"].form, data)
    for inline in response.context["inline_admin_formsets"]:
        formset = inline.formset
        _form_data(formset.management_form, data)
        for form in formset.forms:
            _form_data(form, data)
    return data


def acts_of(user) -> list[AuditEvent]:
    """What the user did, their own sign-in left out."""
    events = AuditEvent.objects.filter(actor=user).exclude(action__startswith="login.")
    return list(events.order_by("id"))


def events(action: str) -> list[AuditEvent]:
    return list(AuditEvent.objects.filter(action=action).order_by("id"))


def test_renaming_a_region_in_the_admin_is_audited(world, client, root):
    login(client, root)
    url = reverse("admin:registry_region_change", args=[world.east.pk])
    data = page_data(client, url) | {"name": "East District"}
    assert client.post(url, data).status_code == 302
    (event,) = events("admin.change")
    assert (event.object_type, event.object_id) == ("registry.region", str(world.east.pk))
    assert event.actor_id == root.pk
    assert (event.before, event.after) == ({"name": "East County"}, {"name": "East District"})
    assert [(c.label, c.before, c.after) for c in changes(event)] == [
        ("名称", "East County", "East District")
    ]


def test_saving_an_unchanged_form_records_nothing(world, client, root):
    login(client, root)
    url = reverse("admin:registry_region_change", args=[world.east.pk])
    assert client.post(url, page_data(client, url)).status_code == 302
    assert events("admin.change") == []


def test_changing_a_users_details_is_audited(cast, client, root):
    login(client, root)
    url = reverse("admin:accounts_user_change", args=[cast.county.pk])
    data = page_data(client, url) | {"display_name": "County Clerk", "is_active": ""}
    data.pop("is_active")
    assert client.post(url, data).status_code == 302
    (event,) = events("admin.change")
    assert (event.object_type, event.object_id) == ("accounts.user", str(cast.county.pk))
    assert event.before == {"display_name": "county", "is_active": True}
    assert event.after == {"display_name": "County Clerk", "is_active": False}
    assert event.actor_name == "root"


def test_assigning_and_revoking_a_role_in_the_admin_is_audited_once(world, cast, client, root):
    login(client, root)
    url = reverse("admin:accounts_roleassignment_add")
    data = page_data(client, url) | {
        "user": str(cast.nobody.pk),
        "role": "office",
        "region": str(world.west.pk),
    }
    assert client.post(url, data).status_code == 302
    assignment = cast.nobody.roles.get()
    # The admin saves through role_assign, whose event is the one record of the act.
    assert [(e.action, e.object_id) for e in acts_of(root)] == [
        ("role.assign", str(cast.nobody.pk))
    ]
    url = reverse("admin:accounts_roleassignment_delete", args=[assignment.pk])
    assert client.post(url, {"post": "yes"}).status_code == 302
    assert [e.action for e in acts_of(root)] == ["role.assign", "role.revoke"]


def test_resetting_a_password_records_that_it_was_reset_never_the_hash(cast, client, root):
    login(client, root)
    old_hash = cast.county.password
    url = reverse("admin:auth_user_password_change", args=[cast.county.pk])
    response = client.post(url, {"password1": PASSWORD, "password2": PASSWORD})
    assert response.status_code == 302
    cast.county.refresh_from_db()
    assert cast.county.check_password(PASSWORD)
    (event,) = events("admin.password_reset")
    assert (event.before, event.after) == ({"password": None}, {"password": "密码已重置"})
    assert event.object_id == str(cast.county.pk)
    stored = str(AuditEvent.objects.values_list("before", "after"))
    assert old_hash not in stored
    assert cast.county.password not in stored


def test_deleting_a_body_is_audited_with_its_fields(world, client, root):
    login(client, root)
    body = BodyFactory(name="Retired Bureau", region=world.city)
    url = reverse("admin:registry_body_delete", args=[body.pk])
    assert client.post(url, {"post": "yes"}).status_code == 302
    assert not Body.objects.filter(pk=body.pk).exists()
    (event,) = events("admin.delete")
    assert (event.object_id, event.object_repr) == (str(body.pk), "Retired Bureau")
    assert event.before["name"] == "Retired Bureau"
    assert event.before["region"] == world.city.pk
    assert event.after is None


def test_a_bulk_delete_records_one_event_per_object(world, client, root):
    login(client, root)
    bodies = [BodyFactory(name=f"Old Bureau {i}", region=world.city) for i in range(3)]
    url = reverse("admin:registry_body_changelist")
    data = {"action": "delete_selected", "_selected_action": [b.pk for b in bodies], "post": "yes"}
    assert client.post(url, data).status_code == 302
    assert sorted(e.object_repr for e in events("admin.delete")) == [b.name for b in bodies]


def test_adding_a_region_in_the_admin_is_audited(world, client, root):
    login(client, root)
    url = reverse("admin:registry_region_add")
    data = page_data(client, url) | {
        "code": "991003",
        "name": "North County",
        "level": "county",
        "parent": str(world.city.pk),
    }
    assert client.post(url, data).status_code == 302
    (event,) = events("admin.add")
    assert event.after["name"] == "North County"
    assert event.before is None


def test_every_admin_on_the_site_is_audited():
    registered = admin.site._registry
    assert len(registered) >= 5  # the project's and the packages' (auth, axes, otp, tasks)
    plain = [m._meta.label for m, a in registered.items() if not isinstance(a, AuditedModelAdmin)]
    assert plain == []
