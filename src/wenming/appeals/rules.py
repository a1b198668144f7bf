"""Who may do what with appeals: the applicant's own users see their result and lodge;
the office running the campaign (or one above it) sets the window, reads and answers."""

import rules
from django.contrib.auth.models import AnonymousUser

from wenming.accounts.models import User
from wenming.campaigns.rules import applies_for, manages_application, manages_campaign

from .models import Appeal


@rules.predicate
def appellant(user: User | AnonymousUser, appeal: Appeal | None) -> bool:
    return appeal is not None and applies_for(user, appeal.application)


@rules.predicate
def answers_appeal(user: User | AnonymousUser, appeal: Appeal | None) -> bool:
    return appeal is not None and manages_application(user, appeal.application)


# An applicant's own result and the form; nobody else acts for the applicant.
rules.add_perm("appeals.lodge", applies_for)
rules.add_perm("appeals.manage", manages_campaign)
rules.add_perm("appeals.answer", answers_appeal)
rules.add_perm("appeals.view_appeal", appellant | answers_appeal)
