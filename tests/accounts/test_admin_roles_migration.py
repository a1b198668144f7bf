"""The 三员分立 migration keeps existing administrators as system administrators."""

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

pytestmark = pytest.mark.django_db(transaction=True)

BEFORE = [("accounts", "0003_password_history")]
AFTER = [("accounts", "0004_admin_roles_three")]


def test_repeated_admin_rows_fold_into_one_and_staff_follows_the_role():
    executor = MigrationExecutor(connection)
    executor.migrate(BEFORE)
    old = executor.loader.project_state(BEFORE).apps
    user = old.get_model("accounts", "User")
    assignment = old.get_model("accounts", "RoleAssignment")
    admin = user.objects.create(username="old-admin", is_staff=False)
    user.objects.create(username="old-clerk", is_staff=True)
    assignment.objects.create(user=admin, role="admin")
    assignment.objects.create(user=admin, role="admin")

    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(AFTER)
    new = executor.loader.project_state(AFTER).apps
    rows = new.get_model("accounts", "RoleAssignment").objects.filter(user_id=admin.pk)
    assert list(rows.values_list("role", flat=True)) == ["admin"]
    staff = dict(new.get_model("accounts", "User").objects.values_list("username", "is_staff"))
    assert staff["old-admin"] is True
    assert staff["old-clerk"] is False
    # Back to the newest state for the tests after this one.
    executor.loader.build_graph()
    executor.migrate(executor.loader.graph.leaf_nodes())
