"""The supervision pages, one module per concern: ``reviews`` (reviews, entries, the duty
roster), ``groups`` (assessment groups and visit records), ``items`` (supervision items,
bulletins, ending titles) and ``self_assessment``."""
