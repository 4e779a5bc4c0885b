"""Uploads are read in memory: a client file name changes nothing on disk; bad uploads give a message."""

from __future__ import annotations

import os
import re
import uuid
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from shared.ui.i18n import set_language
from shared.ui.uploads import (
    MAX_TEXT_BYTES,
    UploadError,
    display_name,
    read_upload_table,
    read_upload_text,
)

ROOT = Path(__file__).resolve().parents[3]


class FakeUpload:
    """Mimics Streamlit's UploadedFile: ``name``, ``size`` (as the client reports it) and ``getvalue()``."""

    def __init__(self, name: str, data: bytes, size: int | None = None) -> None:
        self.name = name
        self.size = len(data) if size is None else size
        self._data = data

    def getvalue(self) -> bytes:
        return self._data


def _hostile_names(tmp_path: Path) -> list[tuple[str, list[Path]]]:
    """Client names that would escape a folder, with the paths they would create if used as a path."""
    tag = f"civic-upload-{uuid.uuid4().hex[:8]}"
    return [
        (f"/etc/cron.d/{tag}.csv", [Path(f"/etc/cron.d/{tag}.csv")]),
        (f"../{tag}.csv", [Path.cwd().parent / f"{tag}.csv", Path(os.sep, "tmp", f"{tag}.csv")]),
        (f"{tmp_path}/{tag}.csv", [tmp_path / f"{tag}.csv"]),
        (f"..\\..\\{tag}.csv", [Path.cwd() / f"..\\..\\{tag}.csv"]),
    ]


@pytest.mark.parametrize("index", range(4))
def test_a_hostile_file_name_creates_nothing_on_disk(index, tmp_path):
    name, paths = _hostile_names(tmp_path)[index]
    before = set(os.listdir(tmp_path))
    table = read_upload_table(FakeUpload(name, b"id,title\n1,clerk\n"), dtype=str)
    text = read_upload_text(FakeUpload(name.replace(".csv", ".txt"), "민원 내용입니다.".encode()))
    assert table.to_dict("list") == {"id": ["1"], "title": ["clerk"]}
    assert text == "민원 내용입니다."
    for path in paths:
        assert not path.exists() and not path.with_suffix(".txt").exists(), path
    assert set(os.listdir(tmp_path)) == before
    shown = display_name(FakeUpload(name, b"x"))
    assert "/" not in shown and "\\" not in shown and not shown.startswith(".")


def test_the_helper_never_builds_a_path_or_writes_a_file():
    source = (ROOT / "shared/ui/uploads.py").read_text(encoding="utf-8")
    code = re.sub(r'""".*?"""', "", source, flags=re.S)  # docstrings may talk about paths
    for word in ("open(", "Path(", "tempfile", "write_bytes", "write_text", "to_csv", "os.path"):
        assert word not in code, word


def test_every_file_uploader_goes_through_the_upload_helper():
    """Each page with st.file_uploader reads it through shared.ui.uploads and never makes a path from it."""
    pages = [
        p
        for folder in ("apps", "shared/ui")
        for p in (ROOT / folder).rglob("*.py")
        if "file_uploader(" in p.read_text(encoding="utf-8")
    ]
    assert pages, "the suite has upload widgets (Civil Affairs, Employment)"
    for page in pages:
        code = page.read_text(encoding="utf-8")
        assert "shared.ui.uploads import" in code, page
        for pattern in (r"tempfile", r"write_bytes\(", r"Path\([^)]*\.name", r"open\([^)]*\.name"):
            assert not re.search(pattern, code), (page, pattern)


@pytest.mark.parametrize(
    "upload, ko, en",
    [
        (FakeUpload("big.csv", b"a\n1\n", size=30 * 1024 * 1024), "너무 큽니다", "too large"),
        (
            FakeUpload("liar.csv", b"a\n" + b"1\n" * (MAX_TEXT_BYTES // 2 + 10), size=10),
            "너무 큽니다",
            "too large",
        ),
        (FakeUpload("empty.csv", b""), "빈 파일", "empty"),
        (FakeUpload("blank.csv", b"  \n\n"), "빈 파일", "empty"),
        (FakeUpload("header.csv", b"id,title\n"), "머리글만", "only a header"),
        (
            FakeUpload("latin.csv", "id,title\n1,caf\xe9\n".encode("latin-1") + b"\xff\xfe"),
            "인코딩",
            "encoding",
        ),
        (FakeUpload("binary.csv", b"id,title\n\x00\x01\x02"), "이진", "binary"),
        (FakeUpload("cols.csv", b"a,b\n1,2\n"), "필요한 열", "missing column"),
        (FakeUpload("ragged.csv", b"id,title\n1,a\n2,b,c,d\n"), "CSV", "CSV"),
    ],
    ids=[
        "oversized",
        "size-lies",
        "empty",
        "blank",
        "header-only",
        "not-utf8",
        "binary",
        "columns",
        "ragged",
    ],
)
def test_bad_table_uploads_raise_a_message_in_both_languages(upload, ko, en):
    with pytest.raises(UploadError) as info:
        read_upload_table(upload, required=("id", "title"), max_bytes=MAX_TEXT_BYTES)
    assert ko in info.value.ko and en in info.value.en
    assert info.value.en.startswith(display_name(upload))
    set_language("en")
    try:
        assert info.value.message() == info.value.en
    finally:
        set_language("ko")


def test_cp949_korean_csv_and_bom_utf8_are_read():
    korean = "id,title\n1,민원 상담원\n".encode("cp949")
    assert read_upload_table(FakeUpload("k.csv", korean), dtype=str)["title"].tolist() == ["민원 상담원"]
    bom = "\ufeffid,title\n1,상담\n".encode()
    assert list(read_upload_table(FakeUpload("b.csv", bom)).columns) == ["id", "title"]


def test_bad_text_uploads_raise_a_message():
    for upload in (
        FakeUpload("e.txt", b""),
        FakeUpload("x.txt", bytes(range(0x80, 0x100)) * 3),
        FakeUpload("big.txt", b"x" * (MAX_TEXT_BYTES + 1)),
    ):
        with pytest.raises(UploadError):
            read_upload_text(upload)


def _page_with_bad_uploads():
    import streamlit as st

    from shared.ui.uploads import table_upload, text_upload

    class Upload:
        def __init__(self, name, data):
            self.name, self.size, self._data = name, len(data), data

        def getvalue(self):
            return self._data

    results = [
        table_upload(Upload("/etc/cron.d/x.csv", b"id,title\n")),
        table_upload(Upload("../x.csv", b"")),
        text_upload(Upload("![a](http://example.invalid/x.png).txt", b"\xff\xfe\xfa" * 5)),
        table_upload(None),
    ]
    st.write(f"results: {results}")


def test_a_page_shows_the_message_and_does_not_crash():
    at = AppTest.from_function(_page_with_bad_uploads).run()
    assert not at.exception, at.exception
    errors = [e.value for e in at.error]
    assert len(errors) == 3
    assert "머리글만" in errors[0] and "x.csv" in errors[0]
    assert "빈 파일" in errors[1]
    assert "인코딩" in errors[2] and "](http" not in errors[2]  # the name cannot inject Markdown
    assert at.markdown[-1].value == "results: [None, None, None, None]"
