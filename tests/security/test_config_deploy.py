"""The production configuration (issue 15, defect 1 and the ``check --deploy`` attack test).

Each test starts Django in a fresh process with an environment an operator would give it
(DEBUG unset), as ``manage.py`` is started in production."""

import json
import os
import secrets
import subprocess
import sys
from pathlib import Path

import pytest

from wenming.core.checks import weak_key_reason

ROOT = Path(__file__).resolve().parents[2]
DEV_KEY = "dev-only-insecure-key-change-me-in-production-0123456789abcdef"


def production_env(tmp_path: Path, **extra: str) -> dict[str, str]:
    """The production environment the README documents (secrets freshly generated)."""
    env = {
        k: v
        for k, v in os.environ.items()
        # Not what the test process set for itself (tests/settings.py), nor the security
        # settings of whoever runs the tests.
        if k
        not in {
            "DEBUG",
            "SECRET_KEY",
            "DJANGO_SETTINGS_MODULE",
            "DJANGO_ALLOW_ASYNC_UNSAFE",
            "WENMING_INSECURE_DEV_KEY",
        }
        and not k.startswith(("SECURE_", "AUDIT_", "HTTPS", "TRUSTED_", "REDIS_", "EMAIL_"))
    }
    env.update(
        {
            "WENMING_VAR": str(tmp_path),
            "SECRET_KEY": secrets.token_urlsafe(50),
            "ALLOWED_HOSTS": "wenming.example.gov.cn",
            "HTTPS": "1",
            "SECURE_HSTS_SECONDS": "31536000",
            "SECURE_HSTS_PRELOAD": "1",
            "TRUSTED_PROXIES": "127.0.0.1",
            "AUDIT_HMAC_KEY": secrets.token_hex(32),
            "EMAIL_BACKEND": "django.core.mail.backends.smtp.EmailBackend",
            "EMAIL_HOST": "smtp.example.gov.cn",
        }
    )
    env.update(extra)
    return {k: v for k, v in env.items() if v != ""}


def manage(env: dict[str, str], *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(  # noqa: S603  (our own manage.py with fixed arguments)
        [sys.executable, str(ROOT / "manage.py"), *args],
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


def settings_in(env: dict[str, str], *names: str) -> dict[str, object]:
    """Some of ``wenming.settings`` as a fresh process reads them under ``env``."""
    code = (
        "import json, wenming.settings as s; "
        f"print(json.dumps({{n: getattr(s, n, None) for n in {list(names)!r}}}, default=str))"
    )
    done = subprocess.run(  # noqa: S603  (a fixed snippet of our own)
        [sys.executable, "-c", code],
        env={**env, "PYTHONPATH": str(ROOT / "src")},
        capture_output=True,
        text=True,
        timeout=60,
        check=True,
    )
    return json.loads(done.stdout)  # type: ignore[no-any-return]


def test_without_a_key_and_debug_off_it_refuses_to_start(tmp_path: Path) -> None:
    env = production_env(tmp_path, SECRET_KEY="")
    # The old escape, on by default, no longer lets it start on the public key.
    env["WENMING_INSECURE_DEV_KEY"] = "1"
    done = manage(env, "check")
    assert done.returncode != 0
    assert "SECRET_KEY is not set" in done.stderr
    assert "secrets.token_urlsafe" in done.stderr  # how to make one


def test_without_an_audit_key_and_debug_off_it_refuses_to_start(tmp_path: Path) -> None:
    # Not only at the first audit event (every sign-in answered with a 500): at start.
    done = manage(production_env(tmp_path, AUDIT_HMAC_KEY=""), "check")
    assert done.returncode != 0
    assert "AUDIT_HMAC_KEY is not set" in done.stderr
    assert "openssl rand -hex 32" in done.stderr  # how to make one


def test_check_deploy_is_clean_with_the_documented_production_settings(tmp_path: Path) -> None:
    done = manage(production_env(tmp_path), "check", "--deploy", "--fail-level", "WARNING")
    assert done.returncode == 0, done.stdout + done.stderr


@pytest.mark.parametrize(
    "key", [DEV_KEY, "short-but-random-Q7x", "ab" * 40], ids=["dev key", "short", "few characters"]
)
def test_check_deploy_flags_a_weak_key(tmp_path: Path, key: str) -> None:
    done = manage(
        production_env(tmp_path, SECRET_KEY=key), "check", "--deploy", "--fail-level", "WARNING"
    )
    assert done.returncode != 0
    assert "wenming.W001" in done.stderr + done.stdout


def test_a_strong_key_is_not_called_weak() -> None:
    assert weak_key_reason(secrets.token_urlsafe(50)) is None
    assert weak_key_reason(DEV_KEY) is not None


def test_https_hsts_and_the_redirect_come_from_the_environment(tmp_path: Path) -> None:
    names = (
        "SECURE_SSL_REDIRECT",
        "SECURE_HSTS_SECONDS",
        "SECURE_HSTS_INCLUDE_SUBDOMAINS",
        "SECURE_HSTS_PRELOAD",
        "SECURE_PROXY_SSL_HEADER",
        "SESSION_COOKIE_SECURE",
        "CSRF_COOKIE_SECURE",
    )
    on = settings_in(production_env(tmp_path), *names)
    assert on == {
        "SECURE_SSL_REDIRECT": True,
        "SECURE_HSTS_SECONDS": 31536000,
        "SECURE_HSTS_INCLUDE_SUBDOMAINS": True,
        "SECURE_HSTS_PRELOAD": True,
        "SECURE_PROXY_SSL_HEADER": ["HTTP_X_FORWARDED_PROTO", "https"],
        "SESSION_COOKIE_SECURE": True,
        "CSRF_COOKIE_SECURE": True,
    }
    # Plain HTTP (a test machine): no redirect, no HSTS, and the proxy's header not believed.
    off = settings_in(
        production_env(tmp_path, HTTPS="0", SECURE_HSTS_SECONDS="", SECURE_HSTS_PRELOAD=""), *names
    )
    assert off["SECURE_SSL_REDIRECT"] is False
    assert off["SECURE_HSTS_SECONDS"] == 0
    assert off["SECURE_PROXY_SSL_HEADER"] is None
    assert off["SESSION_COOKIE_SECURE"] is False
    # An operator may still turn the redirect off while the proxy redirects.
    assert (
        settings_in(production_env(tmp_path, SECURE_SSL_REDIRECT="0"), *names)[
            "SECURE_SSL_REDIRECT"
        ]
        is False
    )


def test_the_rate_limit_cache_is_shared_by_the_workers(tmp_path: Path) -> None:
    files = settings_in(production_env(tmp_path), "CACHES")["CACHES"]
    assert files == {
        "default": {
            "BACKEND": "django.core.cache.backends.filebased.FileBasedCache",
            "LOCATION": str(tmp_path / "cache"),
        }
    }
    redis = settings_in(production_env(tmp_path, REDIS_URL="redis://127.0.0.1:6379/1"), "CACHES")
    assert redis["CACHES"] == {
        "default": {
            "BACKEND": "wenming.redis_cache.RedisCache",
            "LOCATION": "redis://127.0.0.1:6379/1",
        }
    }
