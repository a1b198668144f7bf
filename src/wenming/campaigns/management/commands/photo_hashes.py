"""``manage.py photo_hashes CAMPAIGN --as USER``: hash a campaign's photos kept before
photo hashing existed and find every photo's reuses again (docs/rules.md#photo-trust).

Safe to run again: a photo already hashed keeps its hash, and only the photos whose
reuses changed are recorded in the audit trail.
"""

from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils.translation import gettext as _

from wenming.accounts.models import User
from wenming.campaigns.models import Campaign
from wenming.campaigns.services.evidence import evidence_hash_backfill


class Command(BaseCommand):
    help = "Hash a campaign's evidence photos and find the reused ones again."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("campaign", type=int, help="the campaign's id")
        parser.add_argument("--as", dest="username", required=True, help="the office user")

    def handle(self, *args: Any, **options: Any) -> None:
        user = User.objects.filter(username=options["username"], is_active=True).first()
        if user is None:
            raise CommandError(_("找不到用户 %(u)s。") % {"u": options["username"]})
        campaign = Campaign.objects.filter(pk=options["campaign"]).first()
        if campaign is None:
            raise CommandError(_("找不到届次 %(id)s。") % {"id": options["campaign"]})
        if not user.has_perm("campaigns.manage_campaign", campaign):
            raise CommandError(_("%(u)s 无权管理这一届次。") % {"u": user.username})
        changed = evidence_hash_backfill(acting_user=user, campaign=campaign)
        self.stdout.write(_("已更新 %(n)d 张照片的查重信息。") % {"n": changed})
