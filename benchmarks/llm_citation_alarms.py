"""False and true alarms of the draft citation check (shared.llm.citations).

Usage: python benchmarks/llm_citation_alarms.py [--data ../shared/data] [--sample 400]

1. KoBLEX (``llm/koblex`` under --data, CC BY-NC, evaluation only): every question, background and
   reference answer is checked against its own gold statute paragraphs as the retrieved sources. A
   flag there is either a false alarm or a real mismatch (the table lists each for reading). Then every
   article an answer names is moved by +1000 (제80조 -> 제1080조): each such answer must be caught.
2. The bundled Civil Affairs corpus: embedded drafts (3 kinds x 2 languages) for the example
   complaints and a seeded sample of documents used as complaints; each must pass.
"""

from __future__ import annotations

import argparse
import json
import random
import re
import time
from pathlib import Path

from shared.llm.citations import CitationError, check_citations
from shared.llm.corpus import corpus_retriever, example_complaints
from shared.llm.drafts import KINDS, DraftSection, embedded_draft
from shared.llm.retrieval import Hit
from shared.llm.summaries import extractive_summary

_INDEX = re.compile(r"(.+?)\s+(\d+)조(?: (\d+)(?= ))?")  # "상법 814조  제목", "폐기물관리법 25조 3 제목"
_ARTICLE = re.compile(r"제(\s?)(\d{1,4})(\s?)조")


def _gold(row: dict) -> list[Hit]:
    hits = []
    for c in row["contexts"]:
        m = _INDEX.match(c["index"])
        law, article = m.group(1), f"제{m.group(2)}조" + (f"의{m.group(3)}" if m.group(3) else "")
        meta = {"type": "statute", "law": law, "article": article}
        hits.append(Hit(c["hierarchy"], 1.0, c["content"], (0, len(c["content"])), f"{law} {article}", meta))
    return hits


def _fails(text: str, hits: list[Hit]) -> str | None:
    try:
        check_citations([DraftSection("text", "text", text)], hits)
    except CitationError as exc:
        return str(exc)
    return None


def koblex(folder: Path) -> None:
    """Print the KoBLEX table."""
    rows = [json.loads(line) for line in (folder / "koblex.jsonl").open(encoding="utf-8")]
    checked, flags, moved, caught = 0, [], 0, 0
    for row in rows:
        hits = _gold(row)
        for field in ("question", "background", "answer"):
            checked += 1
            reason = _fails(row[field], hits)
            if reason:
                flags.append((row["id"], field, reason))
        if _ARTICLE.search(row["answer"]) and not _fails(row["answer"], hits):
            moved += 1
            shifted = _ARTICLE.sub(
                lambda m: f"제{m.group(1)}{int(m.group(2)) + 1000}{m.group(3)}조", row["answer"]
            )
            caught += _fails(shifted, hits) is not None
    print(f"KoBLEX: {len(rows)} rows, {checked} texts checked against their gold paragraphs")
    print(f"  flagged: {len(flags)} (read each below: a false alarm or a real mismatch)")
    for row_id, field, reason in flags:
        print(f"    {row_id} {field}: {reason}")
    print(
        f"  answers whose articles were moved by +1000: {moved}, caught: {caught} ({caught / max(moved, 1):.1%})"
    )


def bundled(sample: int) -> None:
    """Print the bundled-corpus table."""
    retriever = corpus_retriever()
    queries = [e["text"] for e in example_complaints()]
    queries += [f"{d.title} {d.text[:200]}" for d in random.Random(0).sample(retriever.docs_, sample)]
    started, failures = time.perf_counter(), []
    for query in queries:
        summary, hits = extractive_summary(query, 3), retriever.search(query, k=5)
        for kind in KINDS:
            for lang in ("ko", "en"):
                try:
                    embedded_draft(kind, summary, hits, lang)
                except CitationError as exc:
                    failures.append(str(exc))
    drafts = len(queries) * len(KINDS) * 2
    print(
        f"bundled corpus: {drafts} embedded drafts ({len(queries)} complaints x {len(KINDS)} kinds x 2 languages)"
    )
    print(f"  failed the check: {len(failures)}  ({time.perf_counter() - started:.1f} s)")
    for reason in failures[:10]:
        print(f"    {reason}")


def main() -> None:
    """Run both tables."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", default=None, help="folder holding llm/koblex (skipped when absent)")
    parser.add_argument("--sample", type=int, default=400, help="bundled documents used as complaints")
    args = parser.parse_args()
    folder = Path(args.data) / "llm" / "koblex" if args.data else None
    if folder is not None and (folder / "koblex.jsonl").exists():
        koblex(folder)
    else:
        print("KoBLEX: not found (pass --data with llm/koblex); skipped")
    bundled(args.sample)


if __name__ == "__main__":
    main()
