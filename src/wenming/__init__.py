"""Wenming (文明): running civilization-creation campaigns from application to naming."""
