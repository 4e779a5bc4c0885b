"""Sentences and Kiwi tokens of catalogue text, in the form the extraction rules match on.

A sentence's tokens are written as one string of ``form/TAG`` pairs separated by single spaces,
with a space at each end (" 만/MM 65/SN 세/NNB 이상/NNG "), so a rule is a regular expression
over morphemes: spacing and compounding in the source ("기준중위소득" or "기준 중위소득") do not
matter. Kiwi (kiwipiepy) runs offline; one analyser per process, created on first use (about 2 s) and
shared with the LLM layer (:func:`shared.llm.text.kiwi`), so the welfare rules and the search index
never load the dictionaries twice.
"""

from __future__ import annotations

import re
import threading
from collections.abc import Hashable, Iterable
from dataclasses import dataclass

from shared.llm.text import kiwi

_LOCK = threading.Lock()
_BULLETS = re.compile(r"\s*(?:[※*＊•·▶◆○●■□▪\-]|\d+\.\s|[①-⑳]|\(\d+\))\s*")
_SPACES = re.compile(r"\s+")


@dataclass(frozen=True)
class Sentence:
    """A catalogue sentence, the field it came from, and its token string."""

    text: str
    field: str
    tokens: str


def _lines(text: str | None) -> list[str]:
    if not text or not isinstance(text, str):
        return []
    out = []
    for line in text.replace("\r", "\n").split("\n"):
        line = _SPACES.sub(" ", line).strip()
        if _BULLETS.match(line):
            line = _BULLETS.sub("", line, count=1).strip()
        if line:
            out.append(line)
    return out


def _token_string(tokens) -> str:
    return " " + " ".join(f"{t.form}/{t.tag}" for t in tokens) + " "


def sentences_by_owner(items: Iterable[tuple[Hashable, str, str | None]]) -> dict[Hashable, list[Sentence]]:
    """Sentences with token strings for ``(owner, field, text)`` triples, grouped by owner, in one Kiwi pass.

    Text is split into lines (bullet marks dropped, whitespace collapsed), then Kiwi splits each
    line into sentences and tokenises them at the same time.
    """
    owners: list[tuple[Hashable, str]] = []
    lines: list[str] = []
    out: dict[Hashable, list[Sentence]] = {}
    for owner, name, text in items:
        out.setdefault(owner, [])
        for line in _lines(text):
            owners.append((owner, name))
            lines.append(line)
    if not lines:
        return out
    with _LOCK:
        analysed = list(kiwi().split_into_sents(lines, return_tokens=True))
    for (owner, name), line, sents in zip(owners, lines, analysed, strict=True):
        kept = [s for s in sents if s.text.strip()]
        for sent in kept:
            out[owner].append(Sentence(sent.text.strip(), name, _token_string(sent.tokens)))
        if not kept:
            out[owner].append(Sentence(line, name, token_strings([line])[0]))
    return out


def sentences_of(fields: Iterable[tuple[str, str | None]]) -> list[Sentence]:
    """Sentences with their token strings for ``(field name, text)`` pairs (see :func:`sentences_by_owner`).

    Example:
        >>> [(s.field, s.text, s.tokens) for s in sentences_of([("대상", "※ 만 65세 이상")])]
        [('대상', '만 65세 이상', ' 만/MM 65/SN 세/NNB 이상/NNG ')]
    """
    return sentences_by_owner((0, name, text) for name, text in fields).get(0, [])


def split_sentences(text: str | None) -> list[str]:
    """Split catalogue text into sentences (see :func:`sentences_of`).

    Example:
        >>> split_sentences("만 65세 이상인 어르신을 지원합니다. 단, 시설 입소자는 제외합니다.")
        ['만 65세 이상인 어르신을 지원합니다.', '단, 시설 입소자는 제외합니다.']
    """
    return [s.text for s in sentences_of([("", text)])]


def token_strings(sentences: Iterable[str]) -> list[str]:
    """The ``form/TAG`` token string of each sentence (one Kiwi call for all of them).

    Example:
        >>> token_strings(["만 65세 이상"])
        [' 만/MM 65/SN 세/NNB 이상/NNG ']
    """
    sentences = list(sentences)
    if not sentences:
        return []
    with _LOCK:
        analysed = kiwi().tokenize(sentences)
    return [_token_string(tokens) for tokens in analysed]
