"""Who may read and who may change frameworks (autodiscovered by the ``rules`` app)."""

import rules

from wenming.registry.rules import has_any_role, is_office

rules.add_perm("frameworks.view_framework", has_any_role)
rules.add_perm("frameworks.change_framework", is_office)
