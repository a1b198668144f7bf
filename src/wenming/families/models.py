"""The families app's records."""
