"""Reads of the campaigns app: nothing here writes.

- ``campaigns``: what a person may see, and each campaign's timeline;
- ``applications``: quota places, recommenders, what stops a submission, evidence rules;
- ``claims``: bonus items and when they are decided;
- ``review``: the recommending units' pages and every unit's quota use.

Re-exports ``campaigns_for``, which the core app's home page imports from
``wenming.campaigns.selectors``.
"""

from .campaigns import campaigns_for

__all__ = ["campaigns_for"]
