"""``manage.py create_administrator --role system|security|audit USERNAME``: the first
administrators of a new site.

三员分立 has no superuser: the operator, at the server's shell, creates one person per
administrator role (the security administrator then assigns every other role in the
admin site). The password is asked twice (or read from ``WENMING_ADMIN_PASSWORD`` when
there is no terminal) and must pass the site's password rules. Recorded in the audit
trail as done by the system: the account's creation (``user.create``) and its role.
"""

import getpass
import os
from typing import Any

from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db import transaction
from django.utils.translation import gettext as _

from wenming.accounts.models import Role, User
from wenming.accounts.services import role_assign
from wenming.audit.services import audit_record

ROLES = {"system": Role.ADMIN, "security": Role.SECURITY, "audit": Role.AUDITOR}


class Command(BaseCommand):
    help = "Create a system, security or audit administrator (三员分立)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("username")
        parser.add_argument("--role", required=True, choices=sorted(ROLES))
        parser.add_argument("--name", default="", help="display name (姓名)")

    def _password(self, user: User) -> str:
        password = os.environ.get("WENMING_ADMIN_PASSWORD", "")
        if not password:
            password = getpass.getpass(_("密码："))
            if password != getpass.getpass(_("再次输入密码：")):
                raise CommandError(_("两次输入的密码不一致。"))
        try:
            validate_password(password, user)
        except ValidationError as invalid:
            raise CommandError(" ".join(invalid.messages)) from invalid
        return password

    def handle(self, *args: Any, **options: Any) -> None:
        role = ROLES[options["role"]]
        username = options["username"]
        user = User.objects.filter(username=username).first()
        created = user is None
        if user is None:
            user = User(username=username, display_name=options["name"])
            user.set_password(self._password(user))
        try:
            with transaction.atomic():
                user.save()
                if created:
                    after = {"username": username, "display_name": user.display_name}
                    audit_record(actor=None, action="user.create", obj=user, after=after)
                role_assign(acting_user=None, user=user, role=role)
        except ValidationError as invalid:
            raise CommandError(" ".join(invalid.messages)) from invalid
        self.stdout.write(
            _("已将 %(user)s 设为%(role)s。首次登录时须绑定认证器（双因素认证）。")
            % {"user": username, "role": role.label}
        )
