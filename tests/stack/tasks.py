"""A task of the stack's tests: its only effect is a file, so a worker started by a test
shows it ran the task without sharing the test's database."""

from pathlib import Path

from django.tasks import task


@task
def write_marker(path: str, text: str) -> str:
    Path(path).write_text(text, encoding="utf-8")
    return text
