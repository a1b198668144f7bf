"""Frameworks to and from their document form: the plain dict kept as YAML (or JSON).

``load`` turns a document into a validated ``Framework`` or ``CompositeFramework``
(``loading``); ``dump`` turns one back (``dumping``). The document form is stable: keys in
a fixed order, optional keys only when they differ from their default, points as decimal
strings (a YAML float would not be exact), dates as ISO strings. So
``dump(load(dump(f))) == dump(f)``, and a YAML export → import → export is byte-identical.

Errors are ``FrameworkError``s whose params carry the ``path`` of the offending field
(``items[2].criteria[0].points``) so that the apps can say where the problem is.

The package re-exports its public names, so callers import from ``framework_data``.
"""

from .dumping import dump
from .loading import (
    KIND_CHECKLIST,
    KIND_COMPOSITE,
    KIND_FRAMEWORK,
    Document,
    load,
    load_checklist,
    load_composite,
    load_framework,
)

__all__ = [
    "KIND_CHECKLIST",
    "KIND_COMPOSITE",
    "KIND_FRAMEWORK",
    "Document",
    "dump",
    "load",
    "load_checklist",
    "load_composite",
    "load_framework",
]
