"""Reading inputs and writing outputs, with ocrfix's one-line errors.

Outputs are written atomically (a temporary file in the same folder, then a
rename), so an interrupted run never leaves a partial file.  Temporary names
carry ``TMP_MARK`` so a later run can recognise and remove leftovers.
"""

from __future__ import annotations

import contextlib
import os
from collections.abc import Iterator
from pathlib import Path

from .errors import InputNotFound, OutputError

TMP_MARK = ".ocrfix-tmp."


@contextlib.contextmanager
def _input_errors(name: str) -> Iterator[None]:
    """Turn the OS's reasons for not reading ``name`` into one-line errors."""
    try:
        yield
    except FileNotFoundError:
        raise InputNotFound(f"{name}: no such file") from None
    except PermissionError:
        raise InputNotFound(f"{name}: permission denied") from None
    except IsADirectoryError:
        raise InputNotFound(f"{name}: is a directory; give the files inside it") from None
    except OSError as exc:
        raise InputNotFound(f"{name}: cannot read ({exc.strerror})") from None


def read_input(path: str | os.PathLike[str]) -> bytes:
    """The bytes of an input file, or an :class:`InputNotFound` saying why not."""
    p = Path(path)
    with _input_errors(str(path)):
        if p.is_dir():
            raise IsADirectoryError(str(path))
        return p.read_bytes()


def check_input(path: str | os.PathLike[str]) -> int:
    """Size of a readable input file; :class:`InputNotFound` if it is not one."""
    p = Path(path)
    with _input_errors(str(path)):
        if p.is_dir():
            raise IsADirectoryError(str(path))
        with open(p, "rb"):
            pass
        return p.stat().st_size


def atomic_write(path: str | os.PathLike[str], data: str) -> None:
    """Write ``data`` (UTF-8, newlines as given) to ``path`` all at once."""
    p = Path(path)
    tmp = p.with_name(f".{p.name}{TMP_MARK}{os.getpid()}")
    try:
        with open(tmp, "w", encoding="utf-8", newline="\n") as f:
            f.write(data)
        os.replace(tmp, p)
    except OSError as exc:
        with contextlib.suppress(OSError):
            tmp.unlink()
        raise OutputError(f"{path}: cannot write ({exc.strerror})") from None
