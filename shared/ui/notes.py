"""Show a drafted text of the LLM service layer (:class:`shared.llm.service.Note`) on a page.

The text is shown with ``st.text`` (never Markdown: a server's words are untrusted), then one caption
line: which backend wrote it, how many sources it cites, and any fallback, escaped for Markdown.
"""

from __future__ import annotations

import streamlit as st

from shared.llm.service import Note
from shared.llm.untrusted import markdown_escape
from shared.ui.i18n import tr


def note_caption(note: Note) -> str:
    """The caption under a drafted text: backend, cited sources, audit, fallbacks."""
    who = tr("내장 템플릿 (기관 내부 실행)", "embedded template (runs inside the agency)")
    if note.backend != "embedded":
        who = tr(f"기관 내부 서버 {note.backend}", f"the agency's server {note.backend}")
    text = tr(
        f"작성: {who} · 인용 출처 {len(note.cited())}건 (검색된 문서만) · 개인정보 가림 · 감사 기록 남김",
        f"Drafted by {who} · {len(note.cited())} sources cited (retrieved documents only) · identifiers "
        "redacted · audited",
    )
    if note.warnings:
        text += " · " + "; ".join(note.warnings)
    return markdown_escape(text)


def show_note(note: Note) -> None:
    """Draw ``note``: its text with ``st.text`` and the caption."""
    st.text(note.text)
    st.caption(note_caption(note))
