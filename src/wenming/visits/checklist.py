"""The site checklist (看环境检查清单) every visit starts from, read from the versioned data
file on demand (docs/rules.md#visits). It is read each time it is asked for, not cached:
the file is small and an office's edit to it shows at once."""

from pathlib import Path

import yaml

CHECKLIST_FILE = Path(__file__).parent / "data" / "visit-checklist.yaml"


def default_checklist() -> list[str]:
    """What a group checks on site, in the data file's order."""
    return [str(item) for item in yaml.safe_load(CHECKLIST_FILE.read_text(encoding="utf-8"))]
