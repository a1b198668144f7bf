"""Framework fixtures: the built-in documents and the frameworks loaded by the command."""

import copy
import io
from pathlib import Path

import pytest
import yaml
from django.core.management import call_command

from wenming.frameworks.models import Framework

DATA = Path(__file__).parents[2] / "src/wenming/frameworks/data"


def yiyang_document() -> dict:
    """A fresh copy of the Yiyang framework's document."""
    text = (DATA / "yiyang-unit-2021.yaml").read_text(encoding="utf-8")
    return copy.deepcopy(yaml.safe_load(text))


@pytest.fixture
def loaded(db) -> dict[str, Framework]:
    """The built-ins, loaded by ``manage.py load_frameworks``, by code."""
    call_command("load_frameworks", stdout=io.StringIO())
    return {f.code: f for f in Framework.objects.all()}


@pytest.fixture
def yiyang(loaded: dict[str, Framework]) -> Framework:
    return loaded["yiyang-unit-2021"]
