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


# A sentence ends at . ! ? (and closing quotes or brackets) before a space, except after an abbreviation
# (Ms. Dr. St. No.), a single capital (J.) or a number that a date goes on from (2024. 5. 2.).
_END = re.compile(r"[.!?。]+[\"'”’)\]]*(?=\s+\S)")
_ABBREVIATION = re.compile(
    r"(?:\b(?:Mr|Mrs|Ms|Dr|Prof|St|No|Nos|vs|etc|e\.g|i\.e|Jr|Sr|Co|Inc|Ltd)|\b[A-Z])$"
)
_FINAL = re.compile(r"(?:[.!?。…]+[\"'”’)\]]*|(?:다|요|죠|까|니다|음|함|됨|임|것)[)\]]*)$")


def _punctuated(block: str) -> list[tuple[int, int]]:
    """Spans of the sentences of a line that ends its sentences with punctuation."""
    spans, start = [], 0
    for m in _END.finditer(block):
        before = block[start : m.start()]
        if m.group().startswith(".") and _ABBREVIATION.search(before):
            continue
        if m.group() == "." and re.search(r"\d$", before) and re.match(r"\s+\d", block[m.end() :]):
            continue  # 2024. 5. 2.
        if m.group() == "." and re.search(r"\d{2,4}\.\s?\d{1,2}\.\s?\d{1,2}$", before):
            continue  # the last dot of 2024. 5. 2.
        spans.append((start, m.end()))
        start = m.end()
    spans.append((start, len(block)))
    return spans


def _kiwi_spans(block: str) -> list[tuple[int, int]]:
    """Kiwi's sentence spans, with a piece that does not end like a sentence joined to the next."""
    with _LOCK:
        split = kiwi().split_into_sents(block)
    spans: list[tuple[int, int]] = []
    pending = None
    for s in split:
        start = pending if pending is not None else s.start
        if _FINAL.search(block[start : s.end].rstrip()) or s is split[-1]:
            spans.append((start, s.end))
            pending = None
        else:
            pending = start
    if pending is not None:
        spans.append((pending, len(block)))
    return spans


def is_whole_sentence(text: str) -> bool:
    """True when ``text`` reads as a whole sentence: it ends like one and does not open with a particle.

    Example:
        >>> is_whole_sentence("보수를 요청합니다."), is_whole_sentence("로 연락 주시고"), is_whole_sentence("정보공개 청구서")
        (True, False, False)
    """
    text = text.strip()
    if not text or re.match(r"(?:으로|로|에게|에서|을|를|은|는|이|가|와|과|의|도|고|며)\s", text):
        return False
    if _HANGUL.search(text):
        return bool(_FINAL.search(text))
    return bool(re.search(r"[.!?][\"'”’)\]]*$", text)) and bool(re.match(r"[\"'“‘(\[]*[A-Z0-9\[]", text))


def sentences(text: str) -> list[Sentence]:
    """Split ``text`` into sentences with their spans: punctuation first, Kiwi for lines without it.

    A line is its own block (a heading never merges with the next line). Within a line, sentences end
    at . ! ? followed by a space (not after Ms., Dr., a single initial or inside a date such as
    2024. 5. 2.); a Korean line without such punctuation goes through Kiwi, whose pieces that do not
    end like a sentence are joined to the next, so a placeholder or a particle never starts a fragment.

    Example:
        >>> [s.text for s in sentences("First point. Second point!")]
        ['First point.', 'Second point!']
        >>> [s.text for s in sentences("Dear officer, my name is Ms. Jane Doe. Please call me.")]
        ['Dear officer, my name is Ms. Jane Doe.', 'Please call me.']
    """
    if not text.strip():
        return []
    out = []
    for block_start, block in _blocks(text):
        pieces = _punctuated(block)
        if _HANGUL.search(block):
            refined = []
            for s, e in pieces:
                if re.search(r"[.!?。]", block[s:e].rstrip()[:-1] or "") or e - s < 40:
                    refined.append((s, e))
                else:  # a long stretch without inner punctuation: let Kiwi find the sentences
                    refined += [(s + a, s + b) for a, b in _kiwi_spans(block[s:e])]
            pieces = refined
        for s, e in pieces:
            raw = block[s:e]
            piece = raw.strip()
            if piece:
                lead = raw.index(piece[0])
                start = block_start + s + lead
                out.append(Sentence(piece, start, start + len(piece)))
    return out


def analyse(text: str) -> list[tuple[Sentence, list[Token]]]:
    """Sentences with their search terms (offsets in ``text``).

    Example:
        >>> [(s.text, [t.form for t in toks]) for s, toks in analyse("Rain today. Roads closed.")]
        [('Rain today.', ['rain', 'today']), ('Roads closed.', ['roads', 'closed'])]
    """
    return [(s, [_shift(t, s.start) for t in tokens(s.text)]) for s in sentences(text)]


def _shift(tok: Token, offset: int) -> Token:
    return Token(tok.form, tok.tag, tok.start + offset, tok.end + offset)


def _blocks(text: str) -> list[tuple[int, str]]:
    """Paragraphs (split at blank lines or line breaks), so a heading never merges with the next line."""
    out = []
    for m in re.finditer(r"[^\n]+", text):
        if m.group().strip():
            out.append((m.start(), m.group()))
    return out
