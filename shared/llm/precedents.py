"""Similar past cases and court precedents for a complaint, each with why it matches.

:func:`similar_precedents` searches a :class:`~shared.llm.retrieval.Retriever` that holds documents of
type ``"precedent"`` (court decisions, :func:`precedent_documents`) and ``"case"`` (past complaint
cases), and explains every match by the words it shares with the complaint (the search terms that
contributed most to its score) and by the articles it shares: the articles the court relied on
(``참조조문``) that the complaint names or that the statute search found for it. Shared articles raise
a match's rank; a match without any shared word is never returned.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

import numpy as np
import pandas as pd

from shared.data.formats.precedents import law_key, referenced_articles

if TYPE_CHECKING:  # pragma: no cover
    from shared.llm.retrieval import Document, Hit, Retriever

KINDS = ("precedent", "case")
ARTICLE_BONUS = 0.5  # each shared article multiplies the score by (1 + 0.5)
_ARTICLE = re.compile(r"제(\d+)조(?:의(\d+))?")


@dataclass(frozen=True)
class PrecedentMatch:
    """A past case or a court decision that resembles the complaint, and why.

    ``matched_terms`` are the complaint's search terms found in the document, strongest first;
    ``shared_articles`` the articles both rely on (e.g. ``"국가배상법 제5조"``).
    """

    doc_id: str
    title: str
    kind: str
    score: float
    matched_terms: tuple[str, ...]
    shared_articles: tuple[str, ...] = ()
    court: str = ""
    case_number: str = ""
    date: str = ""
    holding: str = ""
    summary: str = ""
    source: str = ""
    rank: int = 0
    meta: dict[str, Any] = field(default_factory=dict)

    @property
    def why(self) -> str:
        """Why it matches, in Korean: shared articles first, then shared words."""
        parts = []
        if self.shared_articles:
            parts.append("같은 조문: " + ", ".join(self.shared_articles))
        if self.matched_terms:
            parts.append("일치하는 말: " + ", ".join(self.matched_terms))
        return " · ".join(parts)

    @property
    def why_en(self) -> str:
        """Why it matches, in English."""
        parts = []
        if self.shared_articles:
            parts.append("same articles: " + ", ".join(self.shared_articles))
        if self.matched_terms:
            parts.append("shared words: " + ", ".join(self.matched_terms))
        return " · ".join(parts)


def precedent_documents(decisions: pd.DataFrame) -> list[Document]:
    """Court decisions (from :func:`shared.data.formats.precedents.read_precedent_folder`) as documents.

    The id is ``precedent/<case number>``; the title reads like a citation (``대법원 2010. 11. 18.
    선고 2008두167 판결 [건축신고불허(또는반려)처분취소]``); the text is 판시사항 then 판결요지.

    Example:
        >>> df = pd.DataFrame([{"id": "2008두167", "case_number": "2008두167", "court": "대법원",
        ...     "date": "2010-11-18", "case_name": "건축신고불허", "holding": "건축신고 반려행위",
        ...     "summary": "", "articles": ["건축법 제14조"], "source": "", "serial": "1",
        ...     "court_level": "대법원", "case_type": "일반행정", "references": "", "file": "a.md"}])
        >>> precedent_documents(df)[0].title
        '대법원 2010. 11. 18. 선고 2008두167 판결 [건축신고불허]'
    """
    from shared.llm.retrieval import Document

    docs = []
    for row in decisions.itertuples(index=False):
        when = ""
        if row.date:
            y, m, d = row.date.split("-")
            when = f" {int(y)}. {int(m)}. {int(d)}. 선고"
        name = f" [{row.case_name}]" if row.case_name else ""
        title = f"{row.court}{when} {row.case_number} 판결{name}"
        text = "\n".join(part for part in (row.holding, row.summary) if part)
        meta = {
            "type": "precedent",
            "court": row.court,
            "court_level": row.court_level,
            "case_number": row.case_number,
            "case_name": row.case_name,
            "case_type": row.case_type,
            "date": row.date,
            "holding": row.holding,
            "summary": row.summary,
            "articles": list(row.articles),
            "source": row.source,
            "serial": row.serial,
        }
        docs.append(Document(f"precedent/{row.id}", title, text, meta))
    return docs


def _article_keys(articles: Sequence[str]) -> dict[tuple[str, str], str]:
    keys = {}
    for a in articles:
        m = _ARTICLE.search(a)
        if not m:
            continue
        number = m.group(1) + (f"-{m.group(2)}" if m.group(2) else "")
        keys[(law_key(a[: m.start()]), number)] = a
    return keys


def complaint_articles(text: str, statutes: Sequence[Hit] = ()) -> list[str]:
    """Articles the complaint names (``도로법 제61조``) plus those of the statute hits found for it.

    Example:
        >>> complaint_articles("국가배상법 제5조에 따라 배상을 요구합니다")
        ['국가배상법 제5조']
    """
    out = referenced_articles(text)
    for hit in statutes:
        law, article = hit.meta.get("law"), hit.meta.get("article")
        if law and article and f"{law} {article}" not in out:
            out.append(f"{law} {article}")
    return out


def similar_precedents(
    retriever: Retriever,
    text: str,
    k: int = 3,
    *,
    statutes: Sequence[Hit] = (),
    kinds: Sequence[str] = KINDS,
    terms: int = 5,
    pool: int = 50,
) -> list[PrecedentMatch]:
    """The ``k`` past cases and precedents in ``retriever`` most like ``text``, each with why it matches.

    ``statutes`` are the statute hits found for the same complaint: a decision that relied on one of
    those articles (or on one the complaint names) shares it and ranks higher. Only documents whose
    ``meta["type"]`` is in ``kinds`` are returned, and only when they share at least one search term.
    """
    if not isinstance(text, str):
        raise TypeError("text must be a str")
    wanted = set(kinds)
    allowed = np.array([d.meta.get("type") in wanted for d in retriever.docs_], dtype=bool)
    if not allowed.any() or not text.strip():
        return []
    scores = np.where(allowed, retriever.scores(text), 0.0)
    top = [int(i) for i in np.argsort(-scores, kind="stable")[:pool] if scores[i] > 0]
    mine = _article_keys(complaint_articles(text, statutes))
    matches = []
    for i in top:
        doc = retriever.docs_[i]
        found = retriever.matched_terms(text, i, limit=terms + 5)
        if not found:
            continue
        nouns = [t for t in found if not t.endswith("다")]  # verb and adjective stems read as noise
        found = (nouns or found)[:terms]
        theirs = _article_keys(doc.meta.get("articles") or [])
        shared = tuple(theirs[key] for key in theirs if key in mine)
        score = float(scores[i]) * (1.0 + ARTICLE_BONUS * len(shared))
        matches.append((score, i, found, shared))
    matches.sort(key=lambda m: (-m[0], m[1]))
    out = []
    for rank, (score, i, found, shared) in enumerate(matches[:k], start=1):
        doc = retriever.docs_[i]
        meta = doc.meta
        out.append(
            PrecedentMatch(
                doc.id,
                doc.title,
                str(meta.get("type", "")),
                score,
                tuple(found),
                shared,
                court=str(meta.get("court", "")),
                case_number=str(meta.get("case_number", "")),
                date=str(meta.get("date", "")),
                holding=str(meta.get("holding", "")),
                summary=str(meta.get("summary", "")) or doc.text,
                source=str(meta.get("source", "")),
                rank=rank,
                meta=meta,
            )
        )
    return out
