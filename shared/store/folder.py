"""Read a saved-model folder into memory without following links or leaving the folder.

Every entry is checked with ``lstat`` when the folder is opened and read relative to the folder's
own descriptor with ``O_NOFOLLOW``, so a symbolic link (the folder itself or any file in it), a
sub-folder, a device or a hard link to a file elsewhere is refused before a byte is read, and a
file swapped for a link between the check and the read is refused too. Checksums and parsing then
work on the same bytes, never on a second read.

Example:
    >>> import tempfile, pathlib
    >>> d = pathlib.Path(tempfile.mkdtemp())
    >>> _ = (d / "params.json").write_text("{}")
    >>> read_folder(d)
    {'params.json': b'{}'}
"""

from __future__ import annotations

import hashlib
import os
import stat
from pathlib import Path

from shared.errors import StoreError

PICKLE_SUFFIXES = {".pkl", ".pickle", ".joblib", ".dill", ".sav"}
_NOFOLLOW = getattr(os, "O_NOFOLLOW", 0)
_DIRECTORY = getattr(os, "O_DIRECTORY", 0)


def sha256(data: bytes) -> str:
    """Hex SHA-256 of ``data``."""
    return hashlib.sha256(data).hexdigest()


def looks_like_pickle(head: bytes) -> bool:
    """Whether bytes start like a pickle (protocol 2 or later: 0x80 then the protocol number)."""
    return len(head) >= 2 and head[0] == 0x80 and 2 <= head[1] <= 5


def _is_pickle_name(name: str) -> bool:
    return Path(name).suffix.lower() in PICKLE_SUFFIXES


def check_not_a_file(folder: Path) -> None:
    """Refuse a path that is a file (with a pickle-specific message when it is one)."""
    try:
        with folder.open("rb") as f:
            head = f.read(2)
    except OSError:
        head = b""
    if _is_pickle_name(folder.name) or looks_like_pickle(head):
        raise StoreError(
            f"{folder} is a pickle; civic-ai-suite never loads pickles (save models with shared.store.save)"
        )
    raise StoreError(f"{folder} is a file; a saved model is a folder with card.json")


class FolderReader:
    """An open model folder: its entries are checked on opening, read one by one on request.

    Use as a context manager. ``names`` lists the entries (all plain files: anything else was
    refused); :meth:`read` reads one through the folder's descriptor, so nothing is followed.
    """

    def __init__(self, path: str | Path) -> None:
        self.folder = Path(path)
        self._fd = _open_dir(self.folder)
        try:
            self.names = sorted(os.listdir(self._fd))
            for name in self.names:
                _check_name_and_type(self.folder, name, self._fd)
        except BaseException:
            self.close()
            raise

    def read(self, name: str, max_bytes: int | None = None) -> bytes:
        """The bytes of the entry ``name``; StoreError if it changed into something else or is too big."""
        where = self.folder / name
        try:
            fd = os.open(name, os.O_RDONLY | _NOFOLLOW | getattr(os, "O_NONBLOCK", 0), dir_fd=self._fd)
        except OSError as exc:
            raise StoreError(
                f"{where} cannot be opened: {exc.strerror} (links and special files are refused)"
            ) from None
        try:
            info = os.fstat(fd)
            _check_entry(where, info)
            if max_bytes is not None and info.st_size > max_bytes:
                raise StoreError(f"{where} is {info.st_size} bytes (expected at most {max_bytes})")
            with os.fdopen(fd, "rb", closefd=False) as f:
                data = f.read()
        finally:
            os.close(fd)
        if looks_like_pickle(data[:2]):
            raise StoreError(f"{where} is a pickle; civic-ai-suite never loads pickles")
        return data

    def close(self) -> None:
        """Close the folder's descriptor."""
        if self._fd >= 0:
            os.close(self._fd)
            self._fd = -1

    def __enter__(self) -> FolderReader:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


def read_folder(path: str | Path) -> dict[str, bytes]:
    """Every file directly in the folder ``path``, by name, read into memory.

    Raises :class:`StoreError` when the folder is missing or is a symbolic link, or when any entry
    is a link, a sub-folder, not a regular file, hard-linked elsewhere, or a pickle.
    """
    with FolderReader(path) as reader:
        return {name: reader.read(name) for name in reader.names}


def _open_dir(folder: Path) -> int:
    try:
        info = os.lstat(folder)
    except FileNotFoundError:
        raise StoreError(f"{folder} does not exist; expected a saved model folder") from None
    except OSError as exc:
        raise StoreError(f"{folder} cannot be read: {exc.strerror}") from None
    if stat.S_ISLNK(info.st_mode):
        raise StoreError(
            f"{folder} is a symbolic link; a saved model must be a real folder (links are refused)"
        )
    if stat.S_ISREG(info.st_mode):
        check_not_a_file(folder)
    if not stat.S_ISDIR(info.st_mode):
        raise StoreError(f"{folder} is not a folder; expected a saved model folder")
    try:
        return os.open(folder, os.O_RDONLY | _DIRECTORY | _NOFOLLOW)
    except OSError as exc:
        raise StoreError(f"{folder} cannot be opened as a folder: {exc.strerror}") from None


def _check_name_and_type(folder: Path, name: str, dir_fd: int) -> None:
    where = folder / name
    if _is_pickle_name(name):
        raise StoreError(f"{where} is a pickle; civic-ai-suite never loads pickles")
    try:
        info = os.stat(name, dir_fd=dir_fd, follow_symlinks=False)
    except OSError as exc:
        raise StoreError(f"{where} cannot be read: {exc.strerror}") from None
    _check_entry(where, info)


def _check_entry(where: Path, info: os.stat_result) -> None:
    if stat.S_ISLNK(info.st_mode):
        raise StoreError(f"{where} is a symbolic link; files in a saved model folder must be plain files")
    if stat.S_ISDIR(info.st_mode):
        raise StoreError(f"{where} is a folder; a saved model folder holds only plain files")
    if not stat.S_ISREG(info.st_mode):
        raise StoreError(f"{where} is not a regular file (device, pipe or socket); refused")
    if info.st_nlink > 1:
        raise StoreError(
            f"{where} has {info.st_nlink} hard links; a file in a saved model folder must not be shared with another path"
        )
