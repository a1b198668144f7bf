"""The cities app's records."""
