"""Regions, supervising bodies, organizations and the titles and honors they hold."""
