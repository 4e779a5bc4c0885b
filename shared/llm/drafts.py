"""Drafts in sections with citations: a reply to a complaint, a press release, a disclosure-request summary.

Sources are numbered ``[1]..[n]`` in retrieval order; every citation in a draft must be one of those
numbers, and every law article a draft names (「법률명」 제N조) must be one of the retrieved statute
articles. The embedded backend fills templates from the summary and the sources, so it only cites
what was retrieved; a server's draft is checked and rejected (the embedded draft is used) otherwise.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field

from shared.errors import CivicError
from shared.llm.backends import Backend, BackendError, ChatBackend, ChatServerBackend
from shared.llm.retrieval import Hit
from shared.llm.summaries import Summary

KINDS = ("reply", "press_release", "disclosure_summary")
_CITATION = re.compile(r"\[(\d+(?:\s*,\s*\d+)*)\]")
_LAW_MENTION = re.compile(r"「([^」]{2,60})」\s*(제\s?\d+\s?조(?:\s?의\s?\d+)?)")

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


class CitationError(CivicError):
    """A draft cites a source that was not retrieved."""


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
        """The draft as Markdown, one ``###`` heading per section."""
        return "\n\n".join(f"### {s.heading}\n\n{s.text}" for s in self.sections)

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


def citations_in(text: str) -> list[int]:
    """Every source number cited in ``text`` as ``[n]`` or ``[n, m]``.

    Example:
        >>> citations_in("기한은 10일입니다 [1]. 연장할 수 있습니다 [2, 3]. 연락처 [PHONE_1]")
        [1, 2, 3]
    """
    out: list[int] = []
    for m in _CITATION.finditer(text):
        out.extend(int(x) for x in m.group(1).split(","))
    return out


def _norm_law(name: str) -> str:
    return re.sub(r"\s+", "", name)


def check_citations(
    sections: list[DraftSection] | tuple[DraftSection, ...], sources: list[Hit] | tuple[Hit, ...]
) -> None:
    """Raise :class:`CitationError` when a section cites a number or a law article that was not retrieved."""
    statutes = {
        (_norm_law(h.meta.get("law", "")), re.sub(r"\s+", "", h.meta.get("article", "")))
        for h in sources
        if h.meta.get("type") == "statute"
    }
    # A retrieved text may itself name other articles (「민법」 제159조); quoting those is allowed.
    for h in sources:
        statutes.update(
            (_norm_law(law), re.sub(r"\s+", "", art)) for law, art in _LAW_MENTION.findall(h.text)
        )
    for section in sections:
        for n in citations_in(section.text):
            if not 1 <= n <= len(sources):
                raise CitationError(
                    f"section {section.key!r} cites [{n}], but only {len(sources)} sources were retrieved"
                )
        for law, article in _LAW_MENTION.findall(section.text):
            key = (_norm_law(law), re.sub(r"\s+", "", article))
            if key not in statutes:
                raise CitationError(
                    f"section {section.key!r} names 「{law}」 {article}, which was not retrieved"
                )


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


def _statute_name(hit: Hit) -> str:
    law, article, heading = hit.meta.get("law", ""), hit.meta.get("article", ""), hit.meta.get("heading", "")
    return f"「{law}」 {article}" + (f"({heading})" if heading else "")


def _by_type(sources: tuple[Hit, ...] | list[Hit]) -> dict[str, list[tuple[int, Hit]]]:
    out: dict[str, list[tuple[int, Hit]]] = {"statute": [], "guideline": [], "case": [], "other": []}
    for i, h in enumerate(sources, start=1):
        out.get(h.meta.get("type", "other"), out["other"]).append((i, h))
    return out


def _history(statutes: list[tuple[int, Hit]], lang: str) -> list[str]:
    lines = []
    for i, h in statutes[:3]:
        amended = h.meta.get("amendments", "")
        promulgated, in_force = h.meta.get("promulgated", ""), h.meta.get("in_force", "")
        if lang == "ko":
            history = f"개정 이력 {amended}" if amended else "조문 개정 표시 없음"
            lines.append(
                f"- {_statute_name(h)}: {history} (현행 법률 공포 {promulgated}, 시행 {in_force}) [{i}]"
            )
        else:
            history = f"amended {amended}" if amended else "no amendment noted on the article"
            lines.append(
                f"- {_statute_name(h)}: {history} (current act promulgated {promulgated}, in force {in_force}) [{i}]"
            )
    return lines


def _embedded_sections(kind: str, summary: Summary, sources: tuple[Hit, ...], lang: str) -> dict[str, str]:
    groups = _by_type(sources)
    statutes, guides, cases = groups["statute"], groups["guideline"], groups["case"]
    gist = " ".join(summary.sentences) if summary.sentences else ""
    basis = [f"- {_statute_name(h)}: {_trim(h.passage)} [{i}]" for i, h in statutes[:3]]
    guide_lines = [f"- {h.title}: {_first_sentence(h.passage)} [{i}]" for i, h in guides[:2]]
    case_lines = [f"- {h.title}: {_first_sentence(h.text)} [{i}]" for i, h in cases[:2]]
    history = _history(statutes, lang)
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
                f"검토 결과 이 민원에는 {_statute_name(h)}이(가) 적용되며, 해당 조항은 다음과 같이 정하고 있습니다. “{_trim(h.passage, 160)}” [{i}]"
                if ko
                else f"Having reviewed it, {_statute_name(h)} applies; it provides: “{_trim(h.passage, 160)}” [{i}]"
            )
        if guides:
            i, h = guides[0]
            answer.append(
                f"관련 업무 지침에 따르면 {_first_sentence(h.passage)} [{i}]"
                if ko
                else f"The guideline says: {_first_sentence(h.passage)} [{i}]"
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
            "headline": _trim(headline, 80),
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
                        f"- 기한: {_trim(sentence.strip(), 180)} [{i}]"
                        if ko
                        else f"- Deadline: {_trim(sentence.strip(), 180)} [{i}]"
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


def _assemble(kind: str, texts: dict[str, str], sources: tuple[Hit, ...], lang: str) -> list[DraftSection]:
    out = []
    for key, ko, en in SECTIONS[kind]:
        text = texts[key].strip()
        out.append(
            DraftSection(key, ko if lang == "ko" else en, text, tuple(dict.fromkeys(citations_in(text))))
        )
    return out


def embedded_draft(kind: str, summary: Summary, sources: list[Hit], lang: str = "ko") -> Draft:
    """The offline draft: templates filled from the summary and the sources, citing only those sources."""
    sources_t = tuple(sources)
    sections = _assemble(kind, _embedded_sections(kind, summary, sources_t, lang), sources_t, lang)
    check_citations(sections, sources_t)
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
        if restore is not None:
            texts = {k: restore(v) for k, v in texts.items()}
        sections = _assemble(kind, texts, sources_t, lang)
        check_citations(sections, sources_t)
    except BackendError as exc:
        return Draft(
            kind, local.sections, sources_t, "embedded", (f"{backend.name}: {exc}; embedded draft used",)
        )
    except CitationError as exc:
        if isinstance(backend, ChatServerBackend):
            backend.note_rejection(f"draft:{kind}", messages, "rejected_citation", str(exc))
        return Draft(
            kind,
            local.sections,
            sources_t,
            "embedded",
            (f"{backend.name} draft rejected: {exc}; embedded draft used",),
        )
    return Draft(kind, tuple(sections), sources_t, backend.name)
