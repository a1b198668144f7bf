"""Template tags of the accounts app (``{% load privacy %}``)."""
