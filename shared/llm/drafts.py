"""Drafts in sections with citations: a reply, a press release, a speech, a disclosure-request summary.

Sources are numbered ``[1]..[n]`` in retrieval order; every citation in a draft must be one of those
numbers, and every law or article a draft names must have been retrieved (:mod:`shared.llm.citations`).
The embedded backend fills templates from the summary and the sources, so it only cites what was
retrieved. A server's draft is untrusted text: one that cites anything else, or carries an image,
HTML, a link or a URL with a placeholder (:mod:`shared.llm.untrusted`), is rejected and audited, and
the embedded draft is used. :attr:`Draft.plain_text` is the draft with its source markers;
:attr:`Draft.letter` the text to send, without them. The genres' templates are in :mod:`shared.llm.genres`.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field

from shared.errors import CivicError
from shared.llm.backends import Backend, BackendError, ChatBackend, ChatServerBackend
from shared.llm.citations import CitationError, check_citations, citations_in
from shared.llm.genres import KINDS, SECTIONS, Brief, default_brief, embedded_sections, trim
from shared.llm.retrieval import Hit
from shared.llm.summaries import Summary
from shared.llm.untrusted import unsafe_reason


class UnsafeDraftError(CivicError):
    """A server's draft carries an image, HTML, a link or a URL with a placeholder."""


@dataclass(frozen=True)
class DraftSection:
    """One section of a draft, with the source numbers it cites."""

    key: str
    heading: str
    text: str
    citations: tuple[int, ...] = ()


class Sectioned:
    """What every sectioned text offers (a draft, a sector's note): its letter, one section, the cited sources.

    The subclass has ``sections`` (DraftSection) and ``sources`` (``[n]`` is ``sources[n - 1]``).
    """

    sections: tuple[DraftSection, ...]
    sources: tuple[Hit, ...]

    @property
    def letter(self) -> str:
        """The text to send: plain text without the internal ``[n]`` source markers (laws are named in it)."""
        return "\n\n".join(f"{s.heading}\n{without_markers(s.text)}" for s in self.sections)

    def section(self, key: str) -> DraftSection:
        """The section with this key (KeyError when absent)."""
        for s in self.sections:
            if s.key == key:
                return s
        raise KeyError(key)

    def cited(self) -> list[Hit]:
        """The sources cited anywhere, in citation-number order."""
        numbers = sorted({n for s in self.sections for n in s.citations})
        return [self.sources[n - 1] for n in numbers]


@dataclass(frozen=True)
class Draft(Sectioned):
    """A draft in sections; ``sources[i - 1]`` is the source cited as ``[i]``."""

    kind: str
    sections: tuple[DraftSection, ...]
    sources: tuple[Hit, ...]
    backend: str = "embedded"
    warnings: tuple[str, ...] = field(default_factory=tuple)

    @property
    def text(self) -> str:
        """The draft as Markdown, one ``###`` heading per section (for a server's text, render only as text)."""
        return "\n\n".join(f"### {s.heading}\n\n{s.text}" for s in self.sections)

    @property
    def plain_text(self) -> str:
        """The draft as plain text with its source markers: each heading on its own line, then its text."""
        return "\n\n".join(f"{s.heading}\n{s.text}" for s in self.sections)


_MARKER = re.compile(r"[ \t]?\[\d{1,3}(?:[ \t]*[,~-][ \t]*\d{1,3})*\]")


def without_markers(text: str) -> str:
    """``text`` without its ``[n]`` source markers (placeholders such as ``[NAME_1]`` stay).

    Example:
        >>> without_markers("10일 이내에 결정합니다 [1]. 연장할 수 있습니다 [2, 3].")
        '10일 이내에 결정합니다. 연장할 수 있습니다.'
    """
    return _MARKER.sub("", text)


def _elided(text: str) -> str:
    return "…"


def _assemble(
    kind: str, texts: dict[str, str], lang: str, cited_by: dict[str, str] | None = None
) -> list[DraftSection]:
    """Sections in the kind's order; each cites what ``cited_by[key]`` (default: its own text) cites."""
    out = []
    for key, ko, en in SECTIONS[kind]:
        text = texts[key].strip()
        cites = citations_in(cited_by[key] if cited_by is not None else text)
        out.append(DraftSection(key, ko if lang == "ko" else en, text, tuple(dict.fromkeys(cites))))
    return out


def embedded_draft(
    kind: str, summary: Summary, sources: list[Hit], lang: str = "ko", brief: Brief | None = None
) -> Draft:
    """The offline draft: templates filled from the summary and the sources, citing only those sources.

    The check runs on the template with every quotation elided: what the complaint or a source says
    in its own words (a 「law」 it names, a "(3)" in its text) is theirs, not a citation of the draft.
    """
    sources_t = tuple(sources)
    brief = brief or default_brief(summary, sources_t)
    skeleton = embedded_sections(kind, summary, sources_t, lang, brief, q=_elided)
    check_citations(_assemble(kind, skeleton, lang), sources_t)
    texts = embedded_sections(kind, summary, sources_t, lang, brief)
    sections = _assemble(kind, texts, lang, cited_by=skeleton)
    return Draft(kind, tuple(sections), sources_t, "embedded")


# -- a private server's draft ---------------------------------------------------------------------
def _server_messages(
    kind: str, summary: Summary, sources: tuple[Hit, ...], lang: str, brief: Brief | None = None
) -> list[dict[str, str]]:
    keys = [k for k, _, _ in SECTIONS[kind]]
    what = {
        "reply": "a reply to a citizen's civil complaint",
        "press_release": "a press release about the matter",
        "speech": "a short speech by the head of the agency on the policy, with a greeting, the policy's figures and a closing",
        "disclosure_summary": "a summary of an information-disclosure request for the officer deciding it",
    }[kind]
    listing = "\n\n".join(f"[{i}] {h.title}\n{trim(h.passage, 600)}" for i, h in enumerate(sources, start=1))
    system = (
        f"You draft {what} for a Korean public agency, in {'Korean' if lang == 'ko' else 'English'}. "
        "Use only the numbered sources given. Cite them as [n] right after the sentence they support; "
        "never cite a number that is not listed and never name a law article that is not among the sources. "
        "Keep placeholders such as [NAME_1] unchanged, and never quote the complainant's own sentences: "
        "restate the request in the third person (민원인께서는 … 요청하셨습니다). "
        "If no source is a law that governs the matter, say that no applicable provision was found. "
        f"Answer with one JSON object whose keys are {', '.join(keys)} and whose values are strings."
    )
    extra = ""
    if brief is not None:
        extra = f"The request, restated: {brief.request}\n"
        if not brief.grounded:
            extra += f"No retrieved law governs this matter; the officer should check {brief.law_kind}.\n"
        if kind == "speech":
            extra += f"Occasion: {brief.occasion}. Audience: {brief.audience}. Length: about {brief.minutes:g} minutes.\n"
        if brief.figures:
            extra += f"Figures: {', '.join(brief.figures)}\n"
    user = f"Summary of the case:\n{summary.text}\n{extra}\nSources:\n{listing}"
    return [{"role": "system", "content": system}, {"role": "user", "content": user}]


def _parse_json_sections(answer: str, kind: str) -> dict[str, str]:
    body = answer.strip()
    fence = re.search(r"```(?:json)?\s*(\{.*\})\s*```", body, re.S)
    if fence:
        body = fence.group(1)
    try:
        data = json.loads(body)
    except json.JSONDecodeError as exc:
        raise BackendError("bad_response", f"the server's draft is not JSON ({exc.msg})") from exc
    if not isinstance(data, dict):
        raise BackendError("bad_response", "the server's draft is not a JSON object")
    out = {}
    for key, _, _ in SECTIONS[kind]:
        value = data.get(key)
        if not isinstance(value, str) or not value.strip():
            raise BackendError("bad_response", f"the server's draft has no text for section {key!r}")
        out[key] = value
    return out


def draft(
    kind: str,
    summary: Summary,
    sources: list[Hit],
    *,
    backend: Backend | None = None,
    lang: str = "ko",
    restore=None,
    brief: Brief | None = None,
) -> Draft:
    """Draft ``kind`` (one of :data:`KINDS`) from a summary, retrieved sources and a :class:`Brief`.

    With a chat backend, the server writes the sections (from redacted inputs); a timeout, garbage or a
    citation of anything not retrieved gives the embedded draft, with the reason in ``warnings``.
    ``restore`` (e.g. ``Redaction.restore``) is applied to the server's text; the default keeps it as is.
    """
    if kind not in KINDS:
        raise CivicError(f"unknown draft kind {kind!r}; choose one of {', '.join(KINDS)}")
    local = embedded_draft(kind, summary, sources, lang, brief)
    if not isinstance(backend, ChatBackend):
        return local
    sources_t = tuple(sources)
    messages = _server_messages(kind, summary, sources_t, lang, brief)
    try:
        answer = backend.chat(messages, purpose=f"draft:{kind}")
        texts = _parse_json_sections(answer, kind)
        for key, value in texts.items():  # decoded JSON: escapes cannot hide anything here
            refused = unsafe_reason(value)
            if refused:
                raise UnsafeDraftError(f"section {key!r} carries {refused}")
        if restore is not None:
            texts = {k: restore(v) for k, v in texts.items()}
        sections = _assemble(kind, texts, lang)
        check_citations(sections, sources_t)
    except BackendError as exc:
        return Draft(
            kind, local.sections, sources_t, "embedded", (f"{backend.name}: {exc}; embedded draft used",)
        )
    except (CitationError, UnsafeDraftError) as exc:
        status = "rejected_citation" if isinstance(exc, CitationError) else "rejected_content"
        if isinstance(backend, ChatServerBackend):
            backend.note_rejection(f"draft:{kind}", messages, status, str(exc))
        return Draft(
            kind,
            local.sections,
            sources_t,
            "embedded",
            (f"{backend.name} draft rejected: {exc}; embedded draft used",),
        )
    return Draft(kind, tuple(sections), sources_t, backend.name)
