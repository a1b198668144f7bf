"""The only writers of creation work, one module per part; each write is audited."""
