"""Groups and their visits: one home for the assessment's and the supervision review's inspection groups."""
