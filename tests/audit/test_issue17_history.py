"""The trust-and-fairness actions (issue 17) read in Chinese on the history pages: each
payload key by its label, never the raw key, and the what-if's trial as sentences."""

import re

import pytest

from wenming.audit.models import AuditEvent
from wenming.audit.presentation import changes

pytestmark = pytest.mark.django_db

ROUND = "assessment.round"
#: Each action with its object type and a payload of the keys its service records.
EVENTS = [
    (
        "assessment.round_commit",
        ROUND,
        {
            "candidates_hash": "ab12",
            "seed_source": "福利彩票 2026年12月1日",
            "seed_draw_on": "2026-12-01",
            "witnesses": ["张三", "李四"],
            "population": 12,
            "committed_at": "2026-12-01T08:00:00",
            "ratios": {"east": "0.3"},
        },
    ),
    (
        "assessment.sample_draw",
        ROUND,
        {
            "candidates_hash": "ab12",
            "seed_inputs": {"witnesses": ["张三"]},
            "seed": "123",
            "population": 12,
            "size": 4,
            "chosen": [1, 2, 3, 4],
        },
    ),
    ("assessment.sample_extend", ROUND, {"default_ratio": "0.5", "added": [5, 6]}),
    (
        "assessment.round_comparison",
        ROUND,
        {"normalize_marks": True, "disagreement_margin": "0.300"},
    ),
    (
        "assessment.ranking_simulated",
        "campaigns.campaign",
        {
            "changes": {"quotas": [{"quota": 1, "places": [2, 1]}], "rounds": []},
            "entering": [],
            "leaving": [7],
            "moved": 0,
            "summary": (
                "市级文明单位 · East County：名额 2 → 1；进入名额内：无；退出名额：East Village"
            ),
        },
    ),
    (
        "appeal.lodge",
        "appeals.appeal",
        {"reasons": "漏计材料", "total": "88.50", "rank": 3, "files": ["a.pdf"]},
    ),
    (
        "appeal.answer",
        "appeals.appeal",
        {"status": "answered", "outcome": "upheld", "answer": "维持"},
    ),
    ("appeal_window.set", "campaigns.campaign", {"working_days": 5}),
    (
        "application.evidence_hash",
        "campaigns.application",
        {"file": "a.jpg", "phash": "ffee", "reused_with": [3]},
    ),
]


@pytest.mark.parametrize(("action", "object_type", "after"), EVENTS, ids=[e[0] for e in EVENTS])
def test_every_key_of_the_issue_17_actions_reads_in_chinese(action, object_type, after):
    event = AuditEvent(action=action, object_type=object_type, object_id="999", after=after)
    shown = changes(event)
    assert shown, action
    for change in shown:
        assert change.label not in after, f"{action}: raw key {change.label}"
        assert re.search(r"[\u4e00-\u9fff]", change.label), f"{action}: {change.label}"


def test_a_simulation_shows_what_was_tried_and_who_left_not_its_raw_changes():
    action, object_type, after = EVENTS[4]
    event = AuditEvent(action=action, object_type=object_type, object_id="1", after=after)
    shown = {c.label: c.after for c in changes(event)}
    assert shown["测算内容与结果"].endswith("退出名额：East Village")
    assert "名额 2 → 1" in shown["测算内容与结果"]
    assert shown["退出名额"] == "1 项"
    assert not any("quotas" in v for v in shown.values())
