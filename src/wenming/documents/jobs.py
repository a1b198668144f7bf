"""A long document written by the task worker (打印全部证书 and the like): what core's
ExportJob needs to know of it, built by the app that owns the rows."""

from collections.abc import Callable
from dataclasses import dataclass
from typing import IO

Progress = Callable[[int], None]


@dataclass
class DocumentExport:
    """A document to write in the background: its Chinese file name (whose suffix gives its
    type), how many items it has (for the progress bar) and ``write(handle, progress)``,
    which writes it to ``handle``, tells ``progress`` the items done so far, and returns
    how many it wrote."""

    filename: str
    count: int
    write: Callable[[IO[bytes], Progress], int]
