"""``manage.py create_campaign FILE.yaml``: set up a campaign from its plan, as data.

The plan names the running office, the edition, the awards with their frameworks, the
stage timeline, the eligibility table and the quotas; an example is
``src/wenming/campaigns/data/campaign-example.yaml``. Everything is checked first and the
campaign is created in one transaction, or not at all (exit 1 with the reason).
"""

import sys
from datetime import datetime
from pathlib import Path
from typing import Any

import yaml
from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from wenming.accounts.models import User
from wenming.campaigns import services
from wenming.frameworks.models import Framework
from wenming.registry.models import Body, Region


def _moment(value: Any) -> datetime:
    moment = value if isinstance(value, datetime) else datetime.fromisoformat(str(value))
    return timezone.make_aware(moment) if timezone.is_naive(moment) else moment


class Command(BaseCommand):
    help = "Create a campaign from a YAML plan (awards, stages, eligibility table, quotas)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("file")
        parser.add_argument("--as", dest="username", required=True, help="the office user")

    def handle(self, *args: Any, **options: Any) -> None:
        user = User.objects.filter(username=options["username"], is_active=True).first()
        if user is None:
            raise CommandError(_("找不到用户 %(u)s。") % {"u": options["username"]})
        path = Path(options["file"])
        try:
            plan = yaml.safe_load(path.read_text(encoding="utf-8"))
            with transaction.atomic():
                campaign = self._create(user, path.parent, plan)
        except (ValidationError, KeyError, ValueError, LookupError, OSError) as error:
            message = " ".join(error.messages) if isinstance(error, ValidationError) else error
            self.stderr.write(_("未创建届次：%(e)s") % {"e": message})
            sys.exit(1)
        self.stdout.write(
            _("已创建届次：%(name)s（%(awards)d 个评选项目）")
            % {"name": campaign.name, "awards": campaign.awards.count()}
        )

    def _create(self, user: User, folder: Path, plan: dict[str, Any]) -> Any:
        office = Region.objects.get(code=str(plan["office"]))
        awards = []
        for award in plan["awards"]:
            framework = Framework.objects.filter(code=award["framework"], status="in_use")
            awards.append(
                {
                    "category": award["category"],
                    "level": award["level"],
                    "model": bool(award.get("model", False)),
                    "framework": framework.latest("version"),
                }
            )
        table = yaml.safe_load((folder / plan["eligibility"]).read_text(encoding="utf-8"))
        table["edition"] = int(plan["edition"])  # lookback windows count from this edition
        campaign = services.campaign_create(
            acting_user=user,
            name=plan["name"],
            edition=int(plan["edition"]),
            office=office,
            eligibility_table=table,
            stages={k: (_moment(v[0]), _moment(v[1])) for k, v in plan["stages"].items()},
            awards=awards,
            publicity_days=int(plan.get("publicity_days", 5)),
        )
        by_key = {(a.category, a.level, a.model): a for a in campaign.awards.all()}
        for quota in plan.get("quotas", []):
            award = by_key[(quota["category"], quota["level"], bool(quota.get("model", False)))]
            unit: dict[str, Any] = {}
            if "region" in quota:
                unit["region"] = Region.objects.get(code=str(quota["region"]))
            else:
                unit["body"] = Body.objects.get(name=quota["body"], region=office)
            services.quota_set(
                acting_user=user,
                award=award,
                places=int(quota["places"]),
                reason=quota.get("reason", plan["name"]),
                **unit,
            )
        return campaign
