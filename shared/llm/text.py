"""Korean and English text basics for the LLM layer: sentence splitting and search terms.

Korean goes through Kiwi (kiwipiepy; its model ships inside the package, so nothing is downloaded);
English uses plain word tokens. One Kiwi instance per process, created on first use (about 2 s).
"""

from __future__ import annotations

import re
import threading
from dataclasses import dataclass
from functools import lru_cache

_HANGUL = re.compile(r"[\uac00-\ud7a3]")
_WORD = re.compile(r"[A-Za-z][A-Za-z'\-]*[A-Za-z]|[A-Za-z]|\d+(?:[.,]\d+)*")
_EN_SENTENCE = re.compile(r"[^.!?\n]+(?:[.!?]+[\"')\]]*|\n|$)")
_LOCK = threading.Lock()

# Kiwi tags that carry meaning for search and summaries: nouns, verb and adjective stems,
# roots, foreign words, numbers, hanja and Kiwi's serial/e-mail/URL tokens.
CONTENT_TAGS = frozenset(
    {"NNG", "NNP", "NR", "NP", "VV", "VA", "XR", "SL", "SN", "SH", "W_SERIAL", "W_EMAIL", "W_URL"}
)
EN_STOPWORDS = frozenset(
    [
        "a",
        "an",
        "the",
        "and",
        "or",
        "but",
        "if",
        "of",
        "to",
        "in",
        "on",
        "at",
        "by",
        "for",
        "with",
        "from",
        "as",
        "is",
        "are",
        "was",
        "were",
        "be",
        "been",
        "being",
        "this",
        "that",
        "these",
        "those",
        "it",
        "its",
        "i",
        "we",
        "you",
        "he",
        "she",
        "they",
        "them",
        "our",
        "your",
        "their",
        "my",
        "me",
        "us",
        "not",
        "no",
        "do",
        "does",
        "did",
        "have",
        "has",
        "had",
        "can",
        "could",
        "will",
        "would",
        "shall",
        "should",
        "may",
        "might",
        "must",
        "there",
        "here",
        "which",
        "who",
        "whom",
        "what",
        "when",
        "where",
        "why",
        "how",
        "than",
        "then",
        "so",
        "such",
        "into",
        "about",
        "over",
        "under",
        "between",
        "after",
        "before",
        "also",
        "any",
        "all",
        "each",
        "other",
        "some",
        "more",
        "most",
    ]
)


@dataclass(frozen=True)
class Token:
    """One search term with its position in the text it came from."""

    form: str
    tag: str
    start: int
    end: int


@dataclass(frozen=True)
class Sentence:
    """A sentence with its character span in the source text."""

    text: str
    start: int
    end: int


@lru_cache(maxsize=1)
def kiwi():
    """The process-wide Kiwi analyser (created on first call)."""
    from kiwipiepy import Kiwi

    return Kiwi()


def is_korean(text: str, threshold: float = 0.2) -> bool:
    """True when Hangul makes up at least ``threshold`` of the letters in ``text``.

    Example:
        >>> is_korean("정보공개 청구"), is_korean("information request")
        (True, False)
    """
    letters = sum(ch.isalpha() for ch in text)
    if letters == 0:
        return False
    return len(_HANGUL.findall(text)) / letters >= threshold


def _norm_tag(tag: str) -> str:
    return tag.split("-")[0]  # Kiwi marks irregular conjugations as "VV-R" etc.


def tokens(text: str, *, content_only: bool = True) -> list[Token]:
    """Search terms of ``text``: Kiwi morphemes for Korean, lower-cased words for English.

    Verb and adjective stems get a trailing ``다`` so they read as dictionary forms.

    Example:
        >>> [t.form for t in tokens("Information requests are answered within 10 days")]
        ['information', 'requests', 'answered', 'within', '10', 'days']
    """
    if not text:
        return []
    if not _HANGUL.search(text):
        out = []
        for m in _WORD.finditer(text):
            form = m.group().lower()
            if content_only and form in EN_STOPWORDS:
                continue
            out.append(Token(form, "SL", m.start(), m.end()))
        return out
    with _LOCK:  # Kiwi is not documented as thread-safe; Streamlit serves sessions on threads
        analysed = kiwi().tokenize(text)
    out = []
    for tok in analysed:
        tag = _norm_tag(tok.tag)
        if content_only and tag not in CONTENT_TAGS:
            continue
        form = tok.form
        if tag == "SL":
            form = form.lower()
            if content_only and form in EN_STOPWORDS:
                continue
        elif tag in ("VV", "VA"):
            form += "다"
        out.append(Token(form, tag, tok.start, tok.start + tok.len))
    return out


def terms(text: str) -> list[str]:
    """Just the forms of :func:`tokens` (the bag of words search and summaries use)."""
    return [t.form for t in tokens(text)]


def sentences(text: str) -> list[Sentence]:
    """Split ``text`` into sentences with their spans (Kiwi for Korean, punctuation for English).

    Example:
        >>> [s.text for s in sentences("First point. Second point!")]
        ['First point.', 'Second point!']
    """
    if not text.strip():
        return []
    if _HANGUL.search(text):
        out = []
        for block_start, block in _blocks(text):
            with _LOCK:
                split = kiwi().split_into_sents(block)
            for s in split:
                start, end = block_start + s.start, block_start + s.end
                piece = text[start:end].strip()
                if piece:
                    lead = text[start:end].index(piece[0])
                    out.append(Sentence(piece, start + lead, start + lead + len(piece)))
        return out
    out = []
    for m in _EN_SENTENCE.finditer(text):
        piece = m.group().strip()
        if piece:
            start = m.start() + m.group().index(piece[0])
            out.append(Sentence(piece, start, start + len(piece)))
    return out


def analyse(text: str) -> list[tuple[Sentence, list[Token]]]:
    """Sentences with their search terms in one pass (Kiwi splits and tokenises together).

    Example:
        >>> [(s.text, [t.form for t in toks]) for s, toks in analyse("Rain today. Roads closed.")]
        [('Rain today.', ['rain', 'today']), ('Roads closed.', ['roads', 'closed'])]
    """
    if not _HANGUL.search(text):
        return [(s, [_shift(t, s.start) for t in tokens(s.text)]) for s in sentences(text)]
    out = []
    for block_start, block in _blocks(text):
        with _LOCK:
            split = kiwi().split_into_sents(block, return_tokens=True)
        for s in split:
            start, end = block_start + s.start, block_start + s.end
            piece = text[start:end].strip()
            if not piece:
                continue
            lead = text[start:end].index(piece[0])
            toks = []
            for tok in s.tokens or []:
                tag = _norm_tag(tok.tag)
                if tag not in CONTENT_TAGS:
                    continue
                form = tok.form.lower() if tag == "SL" else tok.form + ("다" if tag in ("VV", "VA") else "")
                if tag == "SL" and form in EN_STOPWORDS:
                    continue
                toks.append(Token(form, tag, block_start + tok.start, block_start + tok.start + tok.len))
            out.append((Sentence(piece, start + lead, start + lead + len(piece)), toks))
    return out


def _shift(tok: Token, offset: int) -> Token:
    return Token(tok.form, tok.tag, tok.start + offset, tok.end + offset)


def _blocks(text: str) -> list[tuple[int, str]]:
    """Paragraphs (split at blank lines or line breaks), so a heading never merges with the next line."""
    out = []
    for m in re.finditer(r"[^\n]+", text):
        if m.group().strip():
            out.append((m.start(), m.group()))
    return out
