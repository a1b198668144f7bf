"""``manage.py export_framework CODE [--version N] --format yaml|json|xlsx [--output FILE]``."""

import sys
from typing import Any

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils.translation import gettext as _

from wenming.frameworks.exchange import FORMATS, to_bytes
from wenming.frameworks.models import Framework


class Command(BaseCommand):
    help = "Export a framework version (the latest by default) as YAML, JSON or Excel."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("code", help="the framework's code, e.g. yiyang-unit-2021")
        # The issue asks for --version N (the framework's version): Django's own --version
        # (its release) gives way here.
        parser.conflict_handler = "resolve"
        parser._optionals.conflict_handler = "resolve"
        parser.add_argument("--version", dest="number", type=int, default=None)
        parser.add_argument("--format", choices=FORMATS, default="yaml")
        parser.add_argument("--output", default=None, help="a file (standard output if none)")

    def handle(self, *args: Any, **options: Any) -> None:
        versions = Framework.objects.filter(code=options["code"]).order_by("-version")
        if options["number"] is not None:
            versions = versions.filter(version=options["number"])
        framework = versions.first()
        if framework is None:
            raise CommandError(_("找不到测评体系：%(code)s") % {"code": options["code"]})
        try:
            data = to_bytes(framework.canonical_document, options["format"])
        except ValidationError as error:
            raise CommandError(" ".join(error.messages)) from error
        if options["output"]:
            with open(options["output"], "wb") as handle:
                handle.write(data)
        elif options["format"] == "xlsx":
            raise CommandError(_("Excel 格式请用 --output 指定文件。"))
        else:
            # Bytes, not text: the export is the file, whatever the terminal's encoding.
            stream = getattr(self.stdout, "_out", sys.stdout)
            if hasattr(stream, "buffer"):
                stream.flush()
                stream.buffer.write(data)
                stream.buffer.flush()
            else:
                stream.write(data.decode("utf-8"))
