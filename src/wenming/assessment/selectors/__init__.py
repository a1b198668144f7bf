"""The assessment app's reads, each in a fixed number of queries: ``marking`` (rounds,
the assignment board, samples, an assessor's assignments, mark progress and the ranking's
warnings and currency) and ``ranking`` (the ranking tables and statistics, and what a
ranking run reads).

Re-exports the reads of ``marking`` the pages, the stage gate and the template tags use,
as ``selectors.<name>``."""

from .marking import (
    Board,
    board,
    label_of,
    mark_progress,
    my_assignments,
    ranking_is_current,
    ranking_warnings,
    sample_table,
    stratum_labels,
)

__all__ = [
    "Board",
    "board",
    "label_of",
    "mark_progress",
    "my_assignments",
    "ranking_is_current",
    "ranking_warnings",
    "sample_table",
    "stratum_labels",
]
