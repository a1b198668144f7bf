"""What waits for a person (待办): each app says what of its work waits for a user.

An app registers a provider in its ``AppConfig.ready`` with ``register_todo``; the home
page (工作台) lists what every provider returns for the signed-in user. A provider
returns nothing for a user whose roles it does not concern, and reads with a constant
number of queries.
"""

from collections.abc import Callable
from dataclasses import dataclass

from .models import User


@dataclass(frozen=True, slots=True)
class Todo:
    """One line of a person's work: what, how many, where to do it."""

    label: str
    count: int
    url: str
    detail: str = ""  # e.g. the deadline or the campaign
    urgent: bool = False  # overdue, or blocking a stage
    group: str = ""  # the card it belongs to on the home page (e.g. 申报, 考核, 审核)


TodoProvider = Callable[[User], list[Todo]]
_PROVIDERS: list[TodoProvider] = []


def register_todo(provider: TodoProvider) -> None:
    """Add an app's provider (once, even when an app config is loaded twice)."""
    if provider not in _PROVIDERS:
        _PROVIDERS.append(provider)


def todo_for(user: User) -> list[Todo]:
    """Everything that waits for ``user``, the lines with nothing to do left out."""
    items: list[Todo] = []
    for provider in _PROVIDERS:
        items.extend(t for t in provider(user) if t.count)
    return items
