"""The pages' upload widgets: a hostile client file name writes nothing; a bad upload is a message, not a crash.

AppTest cannot drive ``st.file_uploader`` itself, so the widget is replaced by one that returns an
object shaped like Streamlit's UploadedFile (``name``, ``size``, ``getvalue()``).
"""

from __future__ import annotations

import uuid
from pathlib import Path

import pytest
import streamlit
from streamlit.testing.v1 import AppTest

from apps.sections import by_key

LISTINGS = (
    "id,title,description,skills,region,salary,posted\n"
    "U1,Uploaded Records Clerk,Keeps public records.,Microsoft Excel;Microsoft Word,서울,32000000,2025-06-01\n"
    "U2,Uploaded Help Desk Agent,Answers calls.,Microsoft Excel;Customer relationship management CRM software,"
    "부산,30000000,2025-06-02\n"
)


class FakeUpload:
    """Shaped like Streamlit's UploadedFile."""

    def __init__(self, name: str, data: bytes) -> None:
        self.name, self.size, self._data = name, len(data), data

    def getvalue(self) -> bytes:
        return self._data


def _serve(monkeypatch, upload: FakeUpload) -> None:
    monkeypatch.setattr(streamlit, "file_uploader", lambda *args, **kwargs: upload)


def _names() -> list[tuple[str, Path]]:
    tag = f"civic-upload-{uuid.uuid4().hex[:8]}"
    return [
        (f"/etc/cron.d/{tag}.csv", Path(f"/etc/cron.d/{tag}.csv")),
        (f"../{tag}.csv", Path.cwd().parent / f"{tag}.csv"),
        (f"/tmp/{tag}.csv", Path(f"/tmp/{tag}.csv")),
    ]


def _employment(lang: str = "en") -> AppTest:
    at = AppTest.from_file(str(by_key("employment").page_path), default_timeout=120)
    at.session_state["civic_lang"] = lang
    return at.run()


def test_employment_upload_with_a_hostile_name_is_read_in_memory(monkeypatch):
    names = _names()
    for name, path in names:
        _serve(monkeypatch, FakeUpload(name, LISTINGS.encode("utf-8")))
        at = _employment()
        assert not at.exception, at.exception
        assert not at.error, [e.value for e in at.error]
        # the listings are shown as a table since the Employment page was reworked
        shown = [m.value for m in at.markdown] + [df.value.to_string() for df in at.dataframe]
        titles = " ".join(shown)
        assert "Uploaded Records Clerk" in titles or "Uploaded Help Desk Agent" in titles
        assert not path.exists(), path


@pytest.mark.parametrize(
    "data, message",
    [
        (b"", "empty"),
        (b"id,title,description,skills,region,salary,posted\n", "only a header"),
        (LISTINGS.encode("utf-8").replace(b"\xec", b"\xff"), "encoding"),
        (b"id,title\n1,clerk\n", "missing column"),
        (LISTINGS.replace("32000000", "lots").encode(), "salary"),
    ],
    ids=["empty", "header-only", "not-utf8", "columns", "bad-salary"],
)
def test_employment_bad_upload_is_a_message_on_the_page(monkeypatch, data, message):
    _serve(monkeypatch, FakeUpload("../listings.csv", data))
    at = _employment()
    assert not at.exception, at.exception
    errors = [e.value for e in at.error]
    assert len(errors) == 1 and message in errors[0], errors
    assert [s.value for s in at.subheader][:2] == ["Job seeker", "Recommended listings"]


def test_civil_affairs_upload_is_read_in_memory_and_bad_text_is_a_message(monkeypatch):
    name, path = _names()[0]
    complaint = "주차 단속 민원입니다. 연락처는 010-2345-6789입니다. 단속 기준을 알려 주세요.".encode("cp949")
    _serve(monkeypatch, FakeUpload(name.replace(".csv", ".txt"), complaint))
    at = AppTest.from_file(str(by_key("llm").page_path), default_timeout=120)
    at.run()
    at.radio(key="ca_source").set_value("upload").run()
    assert not at.exception, at.exception
    assert not at.error, [e.value for e in at.error]
    # the redacted summary is model output, shown as plain text (st.text), not Markdown
    text = "\n".join([m.value for m in at.markdown] + [t.value for t in at.text])
    assert "[PHONE_1]" in text and "010-2345-6789" not in text
    assert not path.with_suffix(".txt").exists()

    _serve(monkeypatch, FakeUpload("../x.txt", b"\xff\xfe\xfa" * 10))
    at.run()
    assert not at.exception, at.exception
    assert len(at.error) == 1 and "인코딩" in at.error[0].value


def test_streamlit_refuses_uploads_above_the_suite_limit():
    from apps.cli import streamlit_command
    from shared.ui.uploads import MAX_TABLE_BYTES

    cmd = streamlit_command(8600)
    assert int(cmd[cmd.index("--server.maxUploadSize") + 1]) * 1024 * 1024 == MAX_TABLE_BYTES
