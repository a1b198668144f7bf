"""Services of the production stack, each started on a free loopback port by the same code
as scripts/stack.py (never skipped: redis-server comes from scripts/system-packages, moto
from the development dependencies)."""

import importlib.util
import sys
from collections.abc import Iterator
from pathlib import Path
from types import ModuleType

import pytest

ROOT = Path(__file__).resolve().parents[2]


def stack_script() -> ModuleType:
    spec = importlib.util.spec_from_file_location("stack_script", ROOT / "scripts" / "stack.py")
    assert spec is not None
    assert spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules.setdefault("stack_script", module)
    spec.loader.exec_module(module)
    return module


@pytest.fixture(scope="session")
def stack() -> ModuleType:
    return stack_script()


@pytest.fixture(scope="session")
def redis_url(stack: ModuleType, tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    port = stack.free_port()
    process = stack.start_redis(tmp_path_factory.mktemp("redis"), port)
    yield f"redis://127.0.0.1:{port}"
    process.terminate()
    process.wait(timeout=10)


@pytest.fixture(scope="session")
def s3_endpoint(stack: ModuleType, tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    port = stack.free_port()
    process = stack.start_moto(tmp_path_factory.mktemp("moto") / "moto.log", port)
    endpoint = f"http://127.0.0.1:{port}"
    stack.create_bucket(endpoint, "wenming-test", "test", "test-secret")
    yield endpoint
    process.terminate()
    process.wait(timeout=10)
