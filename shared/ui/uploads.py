"""Uploaded files, read in memory: the client's file name never becomes a path.

Every ``st.file_uploader`` of the suite goes through here. The upload is read with ``getvalue()``
into memory and parsed from there (``io.StringIO``); nothing is written to disk, so a client file
name such as ``/etc/cron.d/x.csv`` or ``../x.csv`` cannot choose where anything lands. The name
is used only for display, reduced to its last component and to harmless characters.

Bad uploads raise :class:`UploadError` with a message in Korean and English: too large, empty,
a table with a header and no rows, text that is neither UTF-8 nor CP949 (the Korean Windows
encoding). :func:`text_upload` and :func:`table_upload` show that message on the page with
``st.error`` and return None, so a page never crashes on an upload.

Example:
    >>> class Upload:  # what st.file_uploader returns: a name, a size and the bytes
    ...     name, size = "../../x.csv", 12
    ...     def getvalue(self): return "a,b\\n1,2\\n3,4\\n".encode("cp949")
    >>> read_upload_table(Upload()).shape
    (2, 2)
    >>> display_name(Upload())
    'x.csv'
"""

from __future__ import annotations

import io
import re
from collections.abc import Sequence
from typing import Any, Protocol

import pandas as pd

from shared.errors import CivicError
from shared.ui.i18n import tr

#: Largest text upload (a complaint) and largest table upload, in bytes.
MAX_TEXT_BYTES = 2 * 1024 * 1024
MAX_TABLE_BYTES = 20 * 1024 * 1024
#: Encodings tried in order: UTF-8 (with or without a byte-order mark), then CP949 (Korean Windows).
ENCODINGS = ("utf-8-sig", "cp949")


class Uploaded(Protocol):
    """What the helpers need of Streamlit's ``UploadedFile``: a name, a size and the bytes."""

    name: str
    size: int

    def getvalue(self) -> bytes: ...


class UploadError(CivicError):
    """An upload the suite will not read; the message exists in Korean and English."""

    def __init__(self, ko: str, en: str) -> None:
        super().__init__(en)
        self.ko = ko
        self.en = en

    def message(self) -> str:
        """The message in the page's language."""
        return tr(self.ko, self.en)


def display_name(uploaded: Uploaded) -> str:
    """The client's file name fit to show: last component only, plain characters, at most 80.

    It is never used to build a path.

    Example:
        >>> class U: name = "C:\\\\Users\\\\x\\\\..\\\\[a](http://e)/민원 1.txt"
        >>> display_name(U())
        '민원 1.txt'
    """
    name = str(getattr(uploaded, "name", "") or "")
    name = re.split(r"[\\/]", name)[-1]
    name = re.sub(r"[^\w .\-]", "_", name).strip(" .")
    return name[:80] or "upload"


def upload_bytes(uploaded: Uploaded, *, max_bytes: int = MAX_TABLE_BYTES) -> bytes:
    """The uploaded bytes after the size checks (not empty, at most ``max_bytes``)."""
    name = display_name(uploaded)
    size = getattr(uploaded, "size", None)
    limit_mb = max_bytes / (1024 * 1024)
    if size is not None and size > max_bytes:
        raise UploadError(
            f"{name}: 파일이 너무 큽니다 ({size / 1024 / 1024:.1f}MB, 최대 {limit_mb:.0f}MB).",
            f"{name}: the file is too large ({size / 1024 / 1024:.1f} MB; at most {limit_mb:.0f} MB).",
        )
    data = uploaded.getvalue()
    if len(data) > max_bytes:  # do not trust the size the client reported
        raise UploadError(
            f"{name}: 파일이 너무 큽니다 (최대 {limit_mb:.0f}MB).",
            f"{name}: the file is too large (at most {limit_mb:.0f} MB).",
        )
    if not data.strip():
        raise UploadError(f"{name}: 빈 파일입니다.", f"{name}: the file is empty.")
    return data


def decode_upload(data: bytes, name: str, encodings: Sequence[str] = ENCODINGS) -> str:
    """Text from ``data`` in the first of ``encodings`` that decodes it; binary data is refused."""
    if b"\x00" in data:
        raise UploadError(
            f"{name}: 텍스트 파일이 아닙니다 (이진 데이터).", f"{name}: not a text file (binary data)."
        )
    for encoding in encodings:
        try:
            return data.decode(encoding)
        except UnicodeDecodeError:
            continue
    tried = ", ".join(e.replace("-sig", "").upper() for e in encodings)
    raise UploadError(
        f"{name}: 글자 인코딩을 읽을 수 없습니다 ({tried} 아님). UTF-8로 저장해 다시 올려 주세요.",
        f"{name}: the text is not in a known encoding ({tried}). Save it as UTF-8 and upload it again.",
    )


def read_upload_text(uploaded: Uploaded, *, max_bytes: int = MAX_TEXT_BYTES) -> str:
    """The text of an uploaded file (UTF-8, else CP949), read in memory."""
    text = decode_upload(upload_bytes(uploaded, max_bytes=max_bytes), display_name(uploaded))
    if not text.strip():
        name = display_name(uploaded)
        raise UploadError(f"{name}: 빈 파일입니다.", f"{name}: the file is empty.")
    return text


def read_upload_table(
    uploaded: Uploaded,
    *,
    required: Sequence[str] = (),
    max_bytes: int = MAX_TABLE_BYTES,
    **read_csv: Any,
) -> pd.DataFrame:
    """A CSV upload as a DataFrame, parsed in memory; it must have ``required`` columns and a row.

    ``read_csv`` goes to :func:`pandas.read_csv` (for example ``dtype=str``).
    """
    name = display_name(uploaded)
    text = decode_upload(upload_bytes(uploaded, max_bytes=max_bytes), name)
    try:
        frame = pd.read_csv(io.StringIO(text), **read_csv)
    except pd.errors.EmptyDataError:
        raise UploadError(f"{name}: 빈 파일입니다.", f"{name}: the file is empty.") from None
    except (pd.errors.ParserError, ValueError) as exc:
        first = str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__
        raise UploadError(
            f"{name}: CSV로 읽을 수 없습니다 ({first}).", f"{name}: cannot be read as CSV ({first})."
        ) from None
    columns = [str(c).strip() for c in frame.columns]
    missing = [c for c in required if c not in columns]
    if missing:
        raise UploadError(
            f"{name}: 필요한 열이 없습니다: {', '.join(missing)} (필요: {', '.join(required)}).",
            f"{name}: missing column(s) {', '.join(missing)} (expected {', '.join(required)}).",
        )
    if frame.empty:
        raise UploadError(
            f"{name}: 머리글만 있고 자료 행이 없습니다.", f"{name}: only a header row, no data rows."
        )
    frame.columns = columns
    return frame


def plain(text: str) -> str:
    """``text`` with Markdown and HTML markup escaped, for ``st.error``/``st.warning`` bodies.

    Example:
        >>> plain("![x](http://e) <b>")
        '\\\\!\\\\[x\\\\]\\\\(http://e\\\\) &lt;b&gt;'
    """
    text = text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    return re.sub(r"([\\`*_{}\[\]()#+!|~$])", r"\\\1", text)


def show_upload_error(message: str) -> None:
    """Show an upload problem on the page as plain text."""
    import streamlit as st

    st.error(plain(message))


def text_upload(uploaded: Uploaded | None, *, max_bytes: int = MAX_TEXT_BYTES) -> str | None:
    """:func:`read_upload_text` for a page: None (and a message on the page) when the upload is bad."""
    if uploaded is None:
        return None
    try:
        return read_upload_text(uploaded, max_bytes=max_bytes)
    except UploadError as exc:
        show_upload_error(exc.message())
        return None


def table_upload(
    uploaded: Uploaded | None,
    *,
    required: Sequence[str] = (),
    max_bytes: int = MAX_TABLE_BYTES,
    **read_csv: Any,
) -> pd.DataFrame | None:
    """:func:`read_upload_table` for a page: None (and a message on the page) when the upload is bad."""
    if uploaded is None:
        return None
    try:
        return read_upload_table(uploaded, required=required, max_bytes=max_bytes, **read_csv)
    except UploadError as exc:
        show_upload_error(exc.message())
        return None
