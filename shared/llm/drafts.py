"""Drafts in sections with citations: a reply to a complaint, a press release, a disclosure-request summary.

Sources are numbered ``[1]..[n]`` in retrieval order; every citation in a draft must be one of those
numbers, and every law or article a draft names must have been retrieved (:mod:`shared.llm.citations`).
The embedded backend fills templates from the summary and the sources, so it only cites what was
retrieved. A server's draft is untrusted text: one that cites anything else, or carries an image,
HTML, a link or a URL with a placeholder (:mod:`shared.llm.untrusted`), is rejected and audited, and
the embedded draft is used. :attr:`Draft.plain_text` is the letter to copy or download.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field

from shared.errors import CivicError
from shared.llm.backends import Backend, BackendError, ChatBackend, ChatServerBackend
from shared.llm.citations import CitationError, check_citations, citations_in
from shared.llm.retrieval import Hit
from shared.llm.summaries import Summary
from shared.llm.untrusted import unsafe_reason

KINDS = ("reply", "press_release", "disclosure_summary")

# Section keys per draft kind, with their Korean and English headings.
SECTIONS: dict[str, tuple[tuple[str, str, str], ...]] = {
    "reply": (
        ("answer", "답변", "Answer"),
        ("legal_basis", "법적 근거", "Legal basis"),
        ("background", "배경 및 정책 연혁", "Background and policy history"),
    ),
    "press_release": (
        ("headline", "제목", "Headline"),
        ("lead", "주요 내용", "Key points"),
        ("legal_basis", "관련 근거", "Legal basis"),
        ("background", "추진 경과", "Background"),
    ),
    "disclosure_summary": (
        ("request", "청구 요지", "Request"),
        ("legal_basis", "관련 규정", "Applicable provisions"),
        ("checks", "검토 사항", "Points to check"),
        ("precedents", "유사 사례", "Similar cases"),
    ),
}


class UnsafeDraftError(CivicError):
    """A server's draft carries an image, HTML, a link or a URL with a placeholder."""


@dataclass(frozen=True)
class DraftSection:
    """One section of a draft, with the source numbers it cites."""

    key: str
    heading: str
    text: str
    citations: tuple[int, ...] = ()


@dataclass(frozen=True)
class Draft:
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
        """The draft as a plain letter: each heading on its own line, then its text (no Markdown)."""
        return "\n\n".join(f"{s.heading}\n{s.text}" for s in self.sections)

    def section(self, key: str) -> DraftSection:
        """The section with this key (KeyError when absent)."""
        for s in self.sections:
            if s.key == key:
                return s
        raise KeyError(key)

    def cited(self) -> list[Hit]:
        """The sources cited anywhere in the draft, in citation-number order."""
        numbers = sorted({n for s in self.sections for n in s.citations})
        return [self.sources[n - 1] for n in numbers]


# -- the embedded backend's templates -------------------------------------------------------------
def _trim(text: str, limit: int = 220) -> str:
    text = re.sub(r"\s+", " ", text).strip()
    if len(text) <= limit:
        return text
    cut = text[:limit]
    stop = max(cut.rfind(". "), cut.rfind("다. "), cut.rfind("다."))
    return (cut[: stop + 2] if stop > limit // 2 else cut.rstrip() + "…").strip()


def _first_sentence(text: str) -> str:
    m = re.search(r"^.+?(?:다\.|\.)(?=\s|$)", re.sub(r"\s+", " ", text).strip())
    return m.group() if m else _trim(text, 160)


def _verbatim(text: str) -> str:
    return text


def _elided(text: str) -> str:
    return "…"


def _statute_name(hit: Hit, q=_verbatim) -> str:
    law, article, heading = hit.meta.get("law", ""), hit.meta.get("article", ""), hit.meta.get("heading", "")
    return f"「{law}」 {article}" + (f"({q(heading)})" if heading else "")


def _by_type(sources: tuple[Hit, ...] | list[Hit]) -> dict[str, list[tuple[int, Hit]]]:
    out: dict[str, list[tuple[int, Hit]]] = {"statute": [], "guideline": [], "case": [], "other": []}
    for i, h in enumerate(sources, start=1):
        out.get(h.meta.get("type", "other"), out["other"]).append((i, h))
    return out


def _history(statutes: list[tuple[int, Hit]], lang: str, q=_verbatim) -> list[str]:
    lines = []
    for i, h in statutes[:3]:
        amended = h.meta.get("amendments", "")
        promulgated, in_force = h.meta.get("promulgated", ""), h.meta.get("in_force", "")
        if lang == "ko":
            history = f"개정 이력 {amended}" if amended else "조문 개정 표시 없음"
            lines.append(
                f"- {_statute_name(h, q)}: {history} (현행 법률 공포 {promulgated}, 시행 {in_force}) [{i}]"
            )
        else:
            history = f"amended {amended}" if amended else "no amendment noted on the article"
            lines.append(
                f"- {_statute_name(h, q)}: {history} (current act promulgated {promulgated}, in force {in_force}) [{i}]"
            )
    return lines


def _embedded_sections(
    kind: str, summary: Summary, sources: tuple[Hit, ...], lang: str, q=_verbatim
) -> dict[str, str]:
    """The template's sections; ``q`` wraps every quotation (the complaint's and the sources' own words)."""
    groups = _by_type(sources)
    statutes, guides, cases = groups["statute"], groups["guideline"], groups["case"]
    gist = q(" ".join(summary.sentences)) if summary.sentences else ""
    basis = [f"- {_statute_name(h, q)}: {q(_trim(h.passage))} [{i}]" for i, h in statutes[:3]]
    guide_lines = [f"- {q(h.title)}: {q(_first_sentence(h.passage))} [{i}]" for i, h in guides[:2]]
    case_lines = [f"- {q(h.title)}: {q(_first_sentence(h.text))} [{i}]" for i, h in cases[:2]]
    history = _history(statutes, lang, q)
    ko = lang == "ko"
    none = (
        "검색된 관련 법령이 없습니다. 담당자가 근거를 직접 확인해야 합니다."
        if ko
        else ("No statute was retrieved; the officer must check the legal basis directly.")
    )
    if kind == "reply":
        answer = [
            (
                f"귀하께서 제출하신 민원의 요지는 다음과 같습니다. {gist}"
                if ko
                else f"Your complaint, in brief: {gist}"
            ),
        ]
        if statutes:
            i, h = statutes[0]
            answer.append(
                f"검토 결과 이 민원에는 {_statute_name(h, q)}이(가) 적용되며, 해당 조항은 다음과 같이 정하고 있습니다. “{q(_trim(h.passage, 160))}” [{i}]"
                if ko
                else f"Having reviewed it, {_statute_name(h, q)} applies; it provides: “{q(_trim(h.passage, 160))}” [{i}]"
            )
        if guides:
            i, h = guides[0]
            answer.append(
                f"관련 업무 지침에 따르면 {q(_first_sentence(h.passage))} [{i}]"
                if ko
                else f"The guideline says: {q(_first_sentence(h.passage))} [{i}]"
            )
        answer.append(
            "처리 결과와 관련하여 추가로 궁금한 사항이 있으시면 담당 부서로 문의하여 주시기 바랍니다."
            if ko
            else "Please contact the responsible department with any further questions."
        )
        background = history + case_lines + guide_lines[1:]
        return {
            "answer": " ".join(answer),
            "legal_basis": "\n".join(basis) or none,
            "background": "\n".join(background)
            or ("관련 연혁 자료가 검색되지 않았습니다." if ko else "No background was retrieved."),
        }
    if kind == "press_release":
        headline = summary.sentences[0] if summary.sentences else ""
        return {
            "headline": q(_trim(headline, 80)) if headline else "",
            "lead": gist,
            "legal_basis": "\n".join(basis) or none,
            "background": "\n".join(history + case_lines)
            or ("추진 경과 자료가 검색되지 않았습니다." if ko else "No background was retrieved."),
        }
    if kind == "disclosure_summary":
        checks = []
        for i, h in statutes[:4]:
            for sentence in re.split(r"(?<=다\.)\s+|\n", h.text):
                if re.search(r"\d+\s?일\s?(?:이내|의 범위|이 경과)", sentence):
                    checks.append(
                        f"- 기한: {q(_trim(sentence.strip(), 180))} [{i}]"
                        if ko
                        else f"- Deadline: {q(_trim(sentence.strip(), 180))} [{i}]"
                    )
                    break
        checks += guide_lines
        return {
            "request": gist,
            "legal_basis": "\n".join(basis) or none,
            "checks": "\n".join(checks)
            or ("기한 규정이 검색되지 않았습니다." if ko else "No deadline provision was retrieved."),
            "precedents": "\n".join(case_lines)
            or ("유사 사례가 검색되지 않았습니다." if ko else "No similar case was retrieved."),
        }
    raise CivicError(f"unknown draft kind {kind!r}; choose one of {', '.join(KINDS)}")


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


def embedded_draft(kind: str, summary: Summary, sources: list[Hit], lang: str = "ko") -> Draft:
    """The offline draft: templates filled from the summary and the sources, citing only those sources.

    The check runs on the template with every quotation elided: what the complaint or a source says
    in its own words (a 「law」 it names, a "(3)" in its text) is theirs, not a citation of the draft.
    """
    sources_t = tuple(sources)
    skeleton = _embedded_sections(kind, summary, sources_t, lang, q=_elided)
    check_citations(_assemble(kind, skeleton, lang), sources_t)
    sections = _assemble(kind, _embedded_sections(kind, summary, sources_t, lang), lang, cited_by=skeleton)
    return Draft(kind, tuple(sections), sources_t, "embedded")


# -- a private server's draft ---------------------------------------------------------------------
def _server_messages(
    kind: str, summary: Summary, sources: tuple[Hit, ...], lang: str
) -> list[dict[str, str]]:
    keys = [k for k, _, _ in SECTIONS[kind]]
    what = {
        "reply": "a reply to a citizen's civil complaint",
        "press_release": "a press release about the matter",
        "disclosure_summary": "a summary of an information-disclosure request for the officer deciding it",
    }[kind]
    listing = "\n\n".join(f"[{i}] {h.title}\n{_trim(h.passage, 600)}" for i, h in enumerate(sources, start=1))
    system = (
        f"You draft {what} for a Korean public agency, in {'Korean' if lang == 'ko' else 'English'}. "
        "Use only the numbered sources given. Cite them as [n] right after the sentence they support; "
        "never cite a number that is not listed and never name a law article that is not among the sources. "
        "Keep placeholders such as [NAME_1] unchanged. "
        f"Answer with one JSON object whose keys are {', '.join(keys)} and whose values are strings."
    )
    user = f"Summary of the case:\n{summary.text}\n\nSources:\n{listing}"
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
) -> Draft:
    """Draft ``kind`` ("reply", "press_release", "disclosure_summary") from a summary and retrieved sources.

    With a chat backend, the server writes the sections (from redacted inputs); a timeout, garbage or a
    citation of anything not retrieved gives the embedded draft, with the reason in ``warnings``.
    ``restore`` (e.g. ``Redaction.restore``) is applied to the server's text; the default keeps it as is.
    """
    if kind not in KINDS:
        raise CivicError(f"unknown draft kind {kind!r}; choose one of {', '.join(KINDS)}")
    local = embedded_draft(kind, summary, sources, lang)
    if not isinstance(backend, ChatBackend):
        return local
    sources_t = tuple(sources)
    messages = _server_messages(kind, summary, sources_t, lang)
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
