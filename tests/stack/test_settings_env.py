"""The settings of each deployment, read from its environment (wenming.settings_env)."""

from pathlib import Path

import pytest
from django.core.exceptions import ImproperlyConfigured

from wenming import settings_env

VAR = Path("/srv/var")
PG = "postgres://wenming:pw@127.0.0.1:6432/wenming"


def test_database_embedded_default_is_sqlite_in_wal_mode():
    config = settings_env.database({}, VAR)
    assert config["ENGINE"] == "django.db.backends.sqlite3"
    assert config["NAME"] == str(VAR / "wenming.sqlite3")
    assert "journal_mode=WAL" in config["OPTIONS"]["init_command"]
    assert config["CONN_MAX_AGE"] == 0


def test_database_behind_pgbouncer_uses_no_server_side_cursor_nor_prepared_statement():
    config = settings_env.database({"DATABASE_URL": PG, "DATABASE_PGBOUNCER": "1"}, VAR)
    assert config["ENGINE"] == "django.db.backends.postgresql"
    assert config["PORT"] == 6432
    assert config["DISABLE_SERVER_SIDE_CURSORS"] is True
    assert config["OPTIONS"]["prepare_threshold"] is None
    assert "server_side_binding" not in config["OPTIONS"]
    assert "pool" not in config["OPTIONS"]


def test_database_straight_to_postgresql_prepares_repeated_queries():
    for env in ({"DATABASE_URL": PG}, {"DATABASE_URL": PG, "DATABASE_POOL": "2"}):
        options = settings_env.database(env, VAR)["OPTIONS"]
        assert options["server_side_binding"] is True
        assert options["prepare_threshold"] == 5


def test_database_with_psycopg_pool_leaves_connections_to_the_pool():
    config = settings_env.database({"DATABASE_URL": PG, "DATABASE_POOL": "8"}, VAR)
    assert config["OPTIONS"]["pool"] == {"min_size": 1, "max_size": 8, "timeout": 10}
    assert config["CONN_MAX_AGE"] == 0
    assert config.get("DISABLE_SERVER_SIDE_CURSORS", False) is False


def test_database_refuses_pgbouncer_and_pool_together():
    env = {"DATABASE_URL": PG, "DATABASE_PGBOUNCER": "1", "DATABASE_POOL": "8"}
    with pytest.raises(ImproperlyConfigured, match="not in both"):
        settings_env.database(env, VAR)


def test_cache_and_sessions_are_shared_in_redis_when_given():
    env = {"REDIS_URL": "redis://127.0.0.1:6379/0"}
    assert settings_env.caches(env, VAR)["default"] == {
        "BACKEND": "wenming.redis_cache.RedisCache",
        "LOCATION": "redis://127.0.0.1:6379/0",
    }
    assert settings_env.session_engine(env) == "django.contrib.sessions.backends.cached_db"
    assert settings_env.caches({}, VAR)["default"]["LOCATION"] == str(VAR / "cache")
    assert settings_env.session_engine({}) == "django.contrib.sessions.backends.db"


def test_tasks_default_to_the_database_queue():
    assert settings_env.tasks({})["default"]["BACKEND"] == "django_tasks_db.DatabaseBackend"
    assert settings_env.rq_queues({}) == {}


def test_tasks_on_rq_use_the_queue_redis_and_a_long_timeout():
    env = {
        "TASKS_BACKEND": "rq",
        "REDIS_URL": "redis://127.0.0.1:6379/0",
        "TASKS_REDIS_URL": "redis://127.0.0.1:6379/1",
    }
    assert settings_env.tasks(env) == {
        "default": {"BACKEND": "django_tasks_rq.RQBackend", "QUEUES": ["default"]}
    }
    assert settings_env.rq_queues(env) == {
        "default": {"URL": "redis://127.0.0.1:6379/1", "DEFAULT_TIMEOUT": 3600}
    }


def test_tasks_refuse_rq_without_redis_and_unknown_backends():
    with pytest.raises(ImproperlyConfigured, match="needs REDIS_URL"):
        settings_env.tasks({"TASKS_BACKEND": "rq"})
    with pytest.raises(ImproperlyConfigured, match="celery"):
        settings_env.tasks({"TASKS_BACKEND": "celery"})


def test_storage_is_a_local_folder_by_default():
    assert settings_env.default_storage({}, VAR) == {
        "BACKEND": "django.core.files.storage.FileSystemStorage",
        "OPTIONS": {"location": str(VAR / "media")},
    }


def test_storage_in_s3_is_private_and_never_overwrites():
    env = {
        "S3_BUCKET": "wenming",
        "S3_ENDPOINT_URL": "http://127.0.0.1:8333",
        "S3_ACCESS_KEY_ID": "key",
        "S3_SECRET_ACCESS_KEY": "secret",
    }
    config = settings_env.default_storage(env, VAR)
    assert config["BACKEND"] == "storages.backends.s3.S3Storage"
    options = config["OPTIONS"]
    assert options["bucket_name"] == "wenming"
    assert options["endpoint_url"] == "http://127.0.0.1:8333"
    assert options["addressing_style"] == "path"
    assert options["default_acl"] is None
    assert options["file_overwrite"] is False


def test_storage_in_s3_names_the_missing_keys():
    with pytest.raises(ImproperlyConfigured, match="S3_ACCESS_KEY_ID and S3_SECRET_ACCESS_KEY"):
        settings_env.default_storage({"S3_BUCKET": "wenming"}, VAR)
