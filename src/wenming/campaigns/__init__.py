"""Campaigns (届次): awards, stages and deadlines, eligibility, applications with their
self-marks and evidence, quotas and recommendation."""
