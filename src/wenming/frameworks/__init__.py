"""Evaluation frameworks (测评体系): versions, import/export, the tree, the PDF and diffs."""
