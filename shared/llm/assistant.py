"""The Civil Affairs assistant: redact, summarise, retrieve, ground, draft, for one complaint or request.

``CivilAffairsAssistant(retriever).handle(text)`` returns a :class:`Case` with the redacted complaint,
its summary, the retrieved sources, the legal basis (statute hits above the relevance floor, or none:
:mod:`shared.llm.grounding`) and a draft whose every citation points at a retrieved document. The same
pipeline writes every genre (:data:`shared.llm.genres.KINDS`): a reply, a press release, a speech and a
disclosure-request summary. Procedure articles (processing periods, disclosure deadlines) are found by
searching the same corpus. Only redacted text reaches the summary, the search and the draft;
``Case.letter`` puts the identifiers back into the text the officer sends.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace

from shared.llm.backends import Backend, ServerConfig, resolve_backend
from shared.llm.drafts import KINDS, Draft, draft
from shared.llm.genres import Brief
from shared.llm.glossary import korean_terms
from shared.llm.grounding import Grounding, ground, statute_hits
from shared.llm.redaction import Redaction, redact
from shared.llm.retrieval import Hit, Retriever
from shared.llm.summaries import Summary, summarize
from shared.llm.text import is_korean, sentences, tokens
from shared.llm.voice import figures, restate

# What each genre needs from procedure law, searched in the same corpus (a corpus without such an
# article gives none, and the draft says so).
PROCEDURE_QUERIES: dict[str, tuple[str, ...]] = {
    "reply": ("민원의 처리기간의 계산 공휴일 토요일 산입", "민원 처리결과의 통지 문서 거부 이유 구제절차"),
    "disclosure_summary": (
        "정보공개 여부의 결정 청구를 받은 날부터 10일 이내 결정기간 연장",
        "비공개 대상 정보",
        "부분 공개 비공개 부분과 공개 가능한 부분 분리",
        "정보공개 이의신청 통지를 받은 날부터 30일 이내",
    ),
}


@dataclass(frozen=True)
class Case:
    """Everything the assistant produced for one text."""

    redaction: Redaction
    summary: Summary
    sources: list[Hit]
    draft: Draft
    lang: str = "ko"
    grounding: Grounding | None = None

    @property
    def legal_basis(self) -> list[Hit]:
        """The statute hits the draft relies on (empty when no bundled law governs the matter)."""
        return list(self.grounding.basis) if self.grounding is not None else []

    @property
    def grounded(self) -> bool:
        """True when a statute hit cleared the relevance floor and the draft rests on it."""
        return self.grounding is not None and self.grounding.grounded

    @property
    def redacted_text(self) -> str:
        """The complaint with identifiers replaced by placeholders."""
        return self.redaction.text

    @property
    def warnings(self) -> list[str]:
        """Fallbacks and rejections along the way (empty when everything went as asked)."""
        return list(self.summary.warnings) + list(self.draft.warnings)

    def restore(self, text: str) -> str:
        """Put the complaint's identifiers back into ``text`` (for the letter that is actually sent)."""
        return self.redaction.restore(text)

    def letter(self) -> str:
        """The text to send: no ``[n]`` source markers, identifiers restored; to copy or download, not render."""
        return self.restore(self.draft.letter)


def search_query(summary: Summary, redacted_text: str) -> str:
    """The search query: the summary's sentences twice (they carry the point) and the whole text once.

    Example:
        >>> search_query(Summary(["보수 요청."], [(0, 6)], "보수 요청."), "도로 파손. 보수 요청.")
        '보수 요청.\\n보수 요청.\\n도로 파손. 보수 요청.'
    """
    key = "\n".join(summary.sentences)
    return f"{key}\n{key}\n{redacted_text}" if key else redacted_text


def grounding_query(summary: Summary, redacted_text: str) -> str:
    """What the legal basis is judged on: the summary's sentences (the whole text when it has none)."""
    return search_query(summary, summary.text or redacted_text)


class CivilAffairsAssistant:
    """Helps an officer answer a long complaint or an information-disclosure request.

    Example:
        >>> from shared.llm import Document, Retriever
        >>> r = Retriever.from_documents([
        ...     Document("ppa/11", "공공기관의 정보공개에 관한 법률 제11조 (정보공개 여부의 결정)",
        ...              "① 공공기관은 정보공개의 청구를 받으면 그 청구를 받은 날부터 10일 이내에 공개 여부를 결정하여야 한다.",
        ...              {"type": "statute", "law": "공공기관의 정보공개에 관한 법률", "article": "제11조", "heading": "정보공개 여부의 결정"})])
        >>> case = CivilAffairsAssistant(r).handle("정보공개를 청구했는데 언제 결정되나요? 연락처 010-1234-5678")
        >>> case.redacted_text
        '정보공개를 청구했는데 언제 결정되나요? 연락처 [PHONE_1]'
        >>> [h.doc_id for h in case.draft.cited()]
        ['ppa/11']
    """

    def __init__(
        self,
        retriever: Retriever,
        backend: Backend | ServerConfig | dict | str | None = None,
        *,
        k: int = 5,
        summary_sentences: int = 3,
    ) -> None:
        self.retriever = retriever
        self.backend = resolve_backend(backend)
        self.k = k
        self.summary_sentences = summary_sentences

    def procedure(self, kind: str, exclude: set[str], act: str = "") -> list[Hit]:
        """The procedure articles ``kind`` cites (processing period, deadlines), searched in the corpus.

        For a reply grounded on ``act``, that act's own deadline article comes first (the article of
        ``act`` that best answers "within how many days is it decided", when its text gives a number of
        days). A hit counts only when its heading shares a word with the question asked of it, so a
        corpus without the procedure law gives nothing rather than an unrelated article.
        """
        out: list[Hit] = []
        if kind == "reply" and act:
            for hit in statute_hits(
                self.retriever, f"{act} 청구 신청 받은 날부터 일 이내 결정 통지 기간", depth=40
            ):
                if (
                    hit.meta.get("law") == act
                    and hit.doc_id not in exclude
                    and re.search(r"\d+\s?일\s?이내", hit.text)
                ):
                    out.append(hit)
                    break
        for question in PROCEDURE_QUERIES.get(kind, ()):
            asked = {t.form for t in tokens(question) if t.tag in ("NNG", "NNP")}
            for hit in statute_hits(self.retriever, question, depth=20)[:1]:
                heading = {t.form for t in tokens(str(hit.meta.get("heading", "")))}
                if asked & heading and hit.doc_id not in exclude and all(h.doc_id != hit.doc_id for h in out):
                    out.append(hit)
        return out

    def handle(
        self,
        text: str,
        kind: str = "reply",
        *,
        occasion: str = "",
        audience: str = "",
        minutes: float = 3.0,
    ) -> Case:
        """Redact ``text``, summarise it, retrieve sources, find its legal basis and draft ``kind``.

        ``occasion``, ``audience`` and ``minutes`` shape a speech (``kind="speech"``).
        """
        if kind not in KINDS:
            raise ValueError(f"kind must be one of {KINDS}, got {kind!r}")
        redaction = redact(text)  # fail closed: nothing below runs when redaction fails
        lang = "ko" if is_korean(text) or not text.strip() else "en"
        summary = summarize(redaction.text, self.summary_sentences, backend=self.backend)
        query = search_query(summary, redaction.text)
        searched = query if lang == "ko" else f"{korean_terms(query)[0]}\n{query}"
        hits = self.retriever.search(searched, k=self.k)
        # the legal basis is judged on what the complaint asks (its summary), not on its whole story
        grounding = ground(self.retriever, grounding_query(summary, redaction.text))
        basis = list(grounding.basis)
        procedure = self.procedure(kind, {h.doc_id for h in basis}, grounding.act)
        others = [h for h in hits if h.meta.get("type") != "statute"] if grounding.grounded else []
        sources = basis + procedure + others[:3]
        laws = {d.meta.get("law") for d in self.retriever.docs_ if d.meta.get("type") == "statute"}
        who = "청구인" if kind == "disclosure_summary" else "민원인"
        brief = Brief(
            request=disclosure_request(redaction.text) if kind == "disclosure_summary" else "",
            grounded=grounding.grounded,
            basis_ids=tuple(h.doc_id for h in basis),
            procedure_ids=tuple(h.doc_id for h in procedure),
            law_kind=grounding.law_to_check(lang),
            figures=tuple(figures(redaction.text, lang)),
            statements=tuple(s.text for s in sentences(redaction.text)),
            occasion=occasion,
            audience=audience,
            minutes=minutes,
            corpus_laws=len(laws),
            score=grounding.score,
            floor=grounding.floor,
        )
        if not brief.request:
            brief = replace(brief, request=restate(redaction.text, lang, who=who))
        result = draft(kind, summary, sources, backend=self.backend, lang=lang, brief=brief)
        return Case(redaction, summary, sources, result, lang, grounding)

    def press_release(self, text: str) -> Case:
        """A press-release draft on the matter in ``text``."""
        return self.handle(text, "press_release")

    def disclosure_summary(self, text: str) -> Case:
        """A summary of an information-disclosure request with its provisions, deadlines and precedents."""
        return self.handle(text, "disclosure_summary")

    def speech(self, text: str, *, occasion: str = "", audience: str = "", minutes: float = 3.0) -> Case:
        """A speech on the policy in ``text`` for ``audience`` at ``occasion``, about ``minutes`` long."""
        return self.handle(text, "speech", occasion=occasion, audience=audience, minutes=minutes)


_REQUESTED = re.compile(r"(?:청구\s?내용|청구\s?대상|공개\s?청구\s?정보|요청\s?정보)\s*[:：]\s*(.+)")
_METHOD = re.compile(r"공개\s?방법\s*[:：]\s*(.+)")


def disclosure_request(redacted: str) -> str:
    r"""What a disclosure request asks for, restated ("청구인께서는 … 공개를 청구하셨습니다").

    Example:
        >>> disclosure_request("청구 내용: 2024년 청소 용역 계약서 일체.\n공개 방법: 전자파일([EMAIL_1])로 받기를 원합니다.")
        '청구인께서는 2024년 청소 용역 계약서 일체의 공개를 청구하셨습니다. 공개 방법으로는 전자파일 방식을 희망하셨습니다.'
    """
    m = _REQUESTED.search(redacted)
    if not m:
        return restate(redacted, "ko" if is_korean(redacted) else "en", who="청구인")
    what = re.sub(r"\s?\([^()]*\)", "", m.group(1)).strip().rstrip(".")
    out = f"청구인께서는 {what}의 공개를 청구하셨습니다."
    how = _METHOD.search(redacted)
    if how:
        method = re.sub(r"\s?\([^()]*\)", "", how.group(1))
        method = re.sub(
            r"\s?(?:으로|로)\s?(?:받기를|받기)?\s?(?:원합니다|희망합니다|바랍니다)\.?$", "", method
        ).strip()
        if method and not re.search(r"\[[A-Z]+_\d+\]", method):
            out += f" 공개 방법으로는 {method} 방식을 희망하셨습니다."
    return out
