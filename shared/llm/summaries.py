"""Summaries of long complaints and requests, Korean and English, with the source span of each sentence.

The embedded backend is extractive: a sentence graph over Kiwi morphemes (Korean) or words (English),
ranked by PageRank (TextRank), with a small prior for the opening sentence and for sentences that
state what is asked. A private server may write the summary instead; each of its sentences is then
tied to the source sentence it overlaps most, and the server's failure falls back to the extractive one.
"""

from __future__ import annotations

import math
import re
from collections import Counter
from dataclasses import dataclass, field

import numpy as np

from shared.llm.backends import Backend, BackendError, ChatBackend, ServerConfig, resolve_backend
from shared.llm.redaction import redact
from shared.llm.text import Sentence, Token, analyse, is_korean, is_whole_sentence, sentences, terms

# Sentences that say what the writer asks for carry the point of a complaint.
_REQUEST = re.compile(
    r"(요청|요구|바랍니다|바람|원합니다|해\s?주(?:시기|세요|십시오)|부탁|조치|청구|개선|시정|공개하여|"
    r"\bplease\b|\brequest|\bask\b|\bwould like\b|\bdemand)",
    re.I,
)

# A sentence that only introduces the writer says nothing of the matter ("민원인 홍길동입니다.").
_INTRODUCTION = re.compile(
    r"^\s*(?:(?:민원인|신청인|청구인|저는|제\s?이름은)\s*\S{0,24}\s*입니다|(?:my name is|i am)\b[^.,]{0,40})[.!]?\s*$",
    re.I,
)


@dataclass(frozen=True)
class Summary:
    """A summary: its sentences, their joined text, and where each came from in the source.

    ``spans[i]`` is the (start, end) of the source sentence behind ``sentences[i]``.
    """

    sentences: list[str]
    spans: list[tuple[int, int]]
    text: str
    backend: str = "embedded"
    warnings: list[str] = field(default_factory=list)


def _pagerank(
    sim: np.ndarray, damping: float = 0.85, iterations: int = 60, prior: np.ndarray | None = None
) -> np.ndarray:
    n = sim.shape[0]
    prior = np.full(n, 1.0 / n) if prior is None else prior / prior.sum()
    out_weight = sim.sum(axis=1, keepdims=True)
    transition = np.divide(sim, out_weight, out=np.zeros_like(sim), where=out_weight > 0)
    rank = prior.copy()
    for _ in range(iterations):
        new = (1 - damping) * prior + damping * (transition.T @ rank)
        dangling = rank[out_weight.ravel() == 0].sum()
        new += damping * dangling * prior
        if np.abs(new - rank).sum() < 1e-9:
            rank = new
            break
        rank = new
    return rank


def _similarity(bags: list[Counter]) -> np.ndarray:
    vocab = {t: i for i, t in enumerate({t for bag in bags for t in bag})}
    n = len(bags)
    if not vocab:
        return np.zeros((n, n))
    mat = np.zeros((n, len(vocab)))
    for i, bag in enumerate(bags):
        for t, c in bag.items():
            mat[i, vocab[t]] = 1.0 + math.log(c)
    df = (mat > 0).sum(axis=0)
    mat *= np.log1p(n / df)
    norms = np.linalg.norm(mat, axis=1, keepdims=True)
    mat = np.divide(mat, norms, out=np.zeros_like(mat), where=norms > 0)
    sim = mat @ mat.T
    np.fill_diagonal(sim, 0.0)
    return sim


def extractive_summary(text: str, max_sentences: int = 3) -> Summary:
    """TextRank over whole sentences (no headings or fragments); the chosen ones come back in order.

    Example:
        >>> s = extractive_summary("The bus stop was moved. Nobody told the residents. "
        ...                        "Please restore the bus stop near the school. The weather was fine.", 1)
        >>> s.sentences
        ['Please restore the bus stop near the school.']
        >>> extractive_summary("민원인 [NAME_1]입니다. 집 앞 도로에 포트홀이 생겼습니다. 보수해 주시기 바랍니다. "
        ...                    "지난주에 신고했습니다.", 2).sentences
        ['집 앞 도로에 포트홀이 생겼습니다.', '보수해 주시기 바랍니다.']
    """
    if max_sentences < 1:
        raise ValueError("max_sentences must be at least 1")
    analysed: list[tuple[Sentence, list[Token]]] = analyse(text)
    if not analysed:
        return Summary([], [], "")
    whole = [i for i, (sent, _) in enumerate(analysed) if is_whole_sentence(sent.text)]
    if not whole:  # notes without a single finished sentence: take what there is
        whole = list(range(len(analysed)))
    if len(whole) <= max_sentences:
        chosen = whole
    else:
        bags = [Counter(t.form for t in toks) for _, toks in analysed]
        prior = np.ones(len(analysed))
        prior[0] += 0.5
        for i, (sent, toks) in enumerate(analysed):
            if _REQUEST.search(sent.text):
                prior[i] += 1.0
            if len(toks) < 3:  # headings, greetings, fragments
                prior[i] *= 0.3
            if _INTRODUCTION.match(sent.text):
                prior[i] = 0.1
        rank = _pagerank(_similarity(bags), prior=prior) * np.sqrt(prior)
        eligible = set(whole)
        ordered = [i for i in np.argsort(-rank, kind="stable").tolist() if i in eligible]
        chosen = sorted(ordered[:max_sentences])
    picked = [analysed[i][0] for i in chosen]
    return Summary(
        [s.text for s in picked],
        [(s.start, s.end) for s in picked],
        " ".join(s.text for s in picked),
    )


def _anchor(summary_sentence: str, source: list[Sentence], source_terms: list[set[str]]) -> tuple[int, int]:
    mine = set(terms(summary_sentence))
    best, best_score = 0, -1.0
    for i, st in enumerate(source_terms):
        score = len(mine & st) / (len(mine | st) or 1)
        if score > best_score:
            best, best_score = i, score
    return (source[best].start, source[best].end) if source else (0, 0)


def summarize(
    text: str, max_sentences: int = 3, backend: Backend | ServerConfig | dict | str | None = None
) -> Summary:
    """Summarise ``text`` in at most ``max_sentences`` sentences (Korean or English).

    The embedded backend (default) extracts sentences. A private server gets the redacted text and
    writes the summary; identifiers are restored in it, each sentence is anchored to a source span,
    and any server failure returns the extractive summary with a warning.

    Example:
        >>> summarize("도로가 파손되었습니다. 보수를 요청합니다.", max_sentences=1).sentences
        ['보수를 요청합니다.']
    """
    if not isinstance(text, str):
        raise TypeError("text must be a str")
    local = extractive_summary(text, max_sentences)
    chosen = resolve_backend(backend)
    if not isinstance(chosen, ChatBackend) or not local.sentences:
        return local
    redacted = redact(text)  # fail closed
    lang = "Korean" if is_korean(text) else "English"
    messages = [
        {
            "role": "system",
            "content": (
                f"Summarise the civil complaint below in at most {max_sentences} short sentences in {lang}. "
                "State what happened and what is asked. Keep placeholders such as [NAME_1] as they are. "
                "Answer with the sentences only."
            ),
        },
        {"role": "user", "content": redacted.text},
    ]
    try:
        answer = chosen.chat(messages, purpose="summary")
    except BackendError as exc:
        return Summary(
            local.sentences, local.spans, local.text, "embedded", [f"{exc}; extractive summary used"]
        )
    answer = redacted.restore(answer.strip())
    written = [s.text.lstrip("-•* ").strip() for s in sentences(answer)]
    written = [s for s in written if s]
    if not written or len(written) > 3 * max_sentences:
        warning = f"{chosen.name} answered {len(written)} sentences; extractive summary used"
        return Summary(local.sentences, local.spans, local.text, "embedded", [warning])
    written = written[:max_sentences]
    source = sentences(text)
    source_terms = [set(terms(s.text)) for s in source]
    spans = [_anchor(s, source, source_terms) for s in written]
    return Summary(written, spans, " ".join(written), chosen.name)
