"""Straight to PostgreSQL, a page's repeated queries are prepared once per connection
(wenming.settings_env.database): the sixth opening of a page plans none of them again.
SQLite keeps its own settings, without PostgreSQL's binding options."""

import pytest
from django.db import connection
from django.test import Client
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


def test_a_page_opened_again_runs_prepared_statements(client: Client) -> None:
    client.force_login(UserFactory())
    for _ in range(6):
        response = client.get("/password/")
        assert response.status_code == 200
    options = connection.settings_dict["OPTIONS"]
    if connection.vendor != "postgresql":
        assert "server_side_binding" not in options
        assert "prepare_threshold" not in options
        return
    with connection.cursor() as cursor:
        cursor.execute("SELECT statement FROM pg_prepared_statements")
        prepared = [row[0] for row in cursor.fetchall()]
    # The session's user, read on every request, is now a prepared statement.
    assert any('FROM "accounts_user"' in sql for sql in prepared), prepared
