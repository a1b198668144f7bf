"""Periodic reviews and supervision of titled organizations (动态管理、整改、督办)."""
