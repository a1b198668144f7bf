"""文明家庭: a family's application and the office's central review (集中审核认定)."""
