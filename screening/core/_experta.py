"""Import experta 1.9.4 on Python 3.10 and later.

experta pins `frozendict==1.2`, whose only incompatibility with current Python is that it
subclasses `collections.Mapping`, an alias Python 3.10 removed (it lives on as
`collections.abc.Mapping`). pip cannot override a pin, so instead of forking or vendoring we
restore that one alias for the duration of the import and take it away again. experta also
calls `logging.basicConfig()` on import, which would print every library's warnings to stderr;
the root logger's handlers are put back as they were.
"""

import collections
import collections.abc
import logging

_had_alias = hasattr(collections, "Mapping")
_root_handlers = logging.root.handlers[:]
if not _had_alias:
    collections.Mapping = collections.abc.Mapping  # type: ignore[attr-defined]
try:
    import experta
finally:
    if not _had_alias:
        del collections.Mapping  # type: ignore[attr-defined]
    logging.root.handlers[:] = _root_handlers

__all__ = ["experta"]
