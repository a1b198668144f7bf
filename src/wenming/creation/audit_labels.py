"""How creation work's recorded actions read on the history pages (one call per part)."""
