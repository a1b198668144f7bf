"""Publicity of the proposed list (公示) on working days, and the public's objections (异议)."""
