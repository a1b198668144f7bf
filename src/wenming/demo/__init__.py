"""The demo: a fictional province and city with a few hundred organizations to try Wenming on.

``builder.build_demo`` turns ``data/demo.yaml`` (every name, all Chinese text) into
regions, bodies, organizations with their title histories and honors, and one login
per role, writing an audit event for each; ``manage.py load_demo`` runs it. The data
is drawn with a seeded random generator, so every run builds the same demo.
"""
