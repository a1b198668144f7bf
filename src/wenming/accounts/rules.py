"""Who may administer roles, lockouts and second factors, and who reads the audit trail."""

import rules
from django.contrib.auth.base_user import AbstractBaseUser
from django.contrib.auth.models import AnonymousUser

from .admin_roles import holds
from .models import Role


@rules.predicate
def is_security_admin(user: AbstractBaseUser | AnonymousUser) -> bool:
    return holds(user, Role.SECURITY)


@rules.predicate
def is_audit_admin(user: AbstractBaseUser | AnonymousUser) -> bool:
    return holds(user, Role.AUDITOR)


rules.add_perm("accounts.assign_role", is_security_admin)
rules.add_perm("accounts.reset_second_factor", is_security_admin)
rules.add_perm("accounts.unlock_account", is_security_admin)
rules.add_perm("accounts.view_audit_trail", is_audit_admin)
