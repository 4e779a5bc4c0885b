"""The Civil Affairs assistant: redact, summarise, retrieve, draft, for one complaint or request.

``CivilAffairsAssistant(retriever).handle(text)`` returns a :class:`Case` with the redacted complaint,
its summary, the retrieved sources and a draft reply whose every citation points at a retrieved
document. The same pipeline drafts a press release and a disclosure-request summary. Only redacted
text reaches the summary, the search and the draft; ``Case.restore`` puts the identifiers back into
the final text when the officer sends it.
"""

from __future__ import annotations

from dataclasses import dataclass

from shared.llm.backends import Backend, ServerConfig, resolve_backend
from shared.llm.drafts import KINDS, Draft, draft
from shared.llm.redaction import Redaction, redact
from shared.llm.retrieval import Hit, Retriever
from shared.llm.summaries import Summary, summarize
from shared.llm.text import is_korean


@dataclass(frozen=True)
class Case:
    """Everything the assistant produced for one text."""

    redaction: Redaction
    summary: Summary
    sources: list[Hit]
    draft: Draft
    lang: str = "ko"

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
        """The draft as a plain-text letter with the identifiers restored: to copy or download, not render."""
        return self.restore(self.draft.plain_text)


def search_query(summary: Summary, redacted_text: str) -> str:
    """The search query: the summary's sentences twice (they carry the point) and the whole text once.

    Example:
        >>> search_query(Summary(["보수 요청."], [(0, 6)], "보수 요청."), "도로 파손. 보수 요청.")
        '보수 요청.\\n보수 요청.\\n도로 파손. 보수 요청.'
    """
    key = "\n".join(summary.sentences)
    return f"{key}\n{key}\n{redacted_text}" if key else redacted_text


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

    def handle(self, text: str, kind: str = "reply") -> Case:
        """Redact ``text``, summarise it, retrieve sources and draft ``kind`` (default: a reply)."""
        if kind not in KINDS:
            raise ValueError(f"kind must be one of {KINDS}, got {kind!r}")
        redaction = redact(text)  # fail closed: nothing below runs when redaction fails
        lang = "ko" if is_korean(text) or not text.strip() else "en"
        summary = summarize(redaction.text, self.summary_sentences, backend=self.backend)
        hits = self.retriever.search(search_query(summary, redaction.text), k=self.k)
        result = draft(kind, summary, hits, backend=self.backend, lang=lang)
        return Case(redaction, summary, hits, result, lang)

    def press_release(self, text: str) -> Case:
        """A press-release draft on the matter in ``text``."""
        return self.handle(text, "press_release")

    def disclosure_summary(self, text: str) -> Case:
        """A summary of an information-disclosure request with its provisions, deadlines and precedents."""
        return self.handle(text, "disclosure_summary")
