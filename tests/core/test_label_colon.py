"""Form labels end with the full-width colon in Chinese (the project's zh_Hans catalogue)."""

import re

import pytest
from django import forms
from django.urls import reverse
from django.utils import translation
from tests.conftest import login

pytestmark = pytest.mark.django_db


def test_a_form_page_ends_its_labels_with_a_full_width_colon(client, cast, world) -> None:
    login(client, cast.city)
    page = client.get(reverse("registry:letterhead", args=[world.city.pk])).content.decode()
    labels = re.findall(r"<label[^>]*>([^<]*)</label>", page)
    assert "发文机关标志：" in labels
    assert not [label for label in labels if label.endswith(":")]


def test_english_keeps_its_colon() -> None:
    class Form(forms.Form):
        mark = forms.CharField(label="Mark")

    with translation.override("en"):
        assert Form()["mark"].label_tag().endswith("Mark:</label>")
    with translation.override("zh-hans"):
        assert Form()["mark"].label_tag().endswith("Mark：</label>")
