"""The rules of docs/rules.md as pure functions over plain data.

Nothing in this package imports Django or any Wenming app: apps call the
domain, never the reverse (``make lint`` checks it).
"""
