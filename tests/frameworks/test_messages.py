"""Every problem the framework rules can report has a sentence of its own in Chinese: the
generic "测评体系有误（code）" never reaches an office user."""

import re
from pathlib import Path

from wenming.assessment.thresholds import QUESTIONS
from wenming.frameworks.messages import MESSAGES
from wenming.frameworks.presenting import QUESTIONNAIRE_LABELS

DOMAIN = Path(__file__).parents[2] / "src/wenming/domain"
SOURCES = [DOMAIN / "frameworks.py", DOMAIN / "checklists.py", *DOMAIN.glob("framework_data/*.py")]
# A code is the first string argument of FrameworkError(...), _require(..., "code") and
# require_unique(..., "code").
CODE = re.compile(
    r'(?:FrameworkError\(\s*|_require(?:_decimal)?\([^"]*?,\s*|require_unique\([^"]*?,\s*)"([a-z_]+)"',
    re.S,
)


def codes() -> set[str]:
    found: set[str] = set()
    for path in SOURCES:
        found |= set(CODE.findall(path.read_text(encoding="utf-8")))
    return found


def test_the_scan_finds_the_codes_it_should() -> None:
    assert {"item_points_mismatch", "condition_text_missing", "negative_duplicate"} <= codes()


def test_every_framework_error_code_has_its_message() -> None:
    assert sorted(codes() - set(MESSAGES)) == []


def test_every_questionnaire_result_the_assessment_counts_has_its_name() -> None:
    assert set(QUESTIONNAIRE_LABELS) == set(QUESTIONS)
