"""The LLM layer's named datasets, registered with :mod:`shared.data` when ``shared.llm`` is imported.

(The Civil Affairs demo corpus is registered beside its reader in :mod:`shared.llm.corpus`, imported here.)

Example:
    >>> import shared.llm
    >>> from shared import data
    >>> data.spec("llm/koblex").files
    ('koblex.jsonl', 'paragraph_corpus.jsonl')
"""

from __future__ import annotations

from shared.data import DatasetSpec, register
from shared.data.formats.tables import read_koblex, read_statutes

KOBLEX = register(
    DatasetSpec(
        "llm/koblex",
        "KoBLEX legal multi-hop QA: 226 questions with gold statute paragraphs, 651-paragraph corpus",
        ("koblex.jsonl", "paragraph_corpus.jsonl"),
        read_koblex,
        licence="CC BY-NC 4.0 (research and evaluation only)",
    ),
    replace=True,
)
LAWS = register(
    DatasetSpec(
        "llm/laws",
        "Seven Korean acts in legalize-kr Markdown",
        ("civil-petitions-act.md",),
        read_statutes,
        licence="not copyrightable (Copyright Act art. 7)",
    ),
    replace=True,
)

from shared.llm import corpus as _corpus  # noqa: E402, F401  (registers llm/civil-affairs beside its reader)
