"""Fold the written variants of a text into one form before identifiers are searched, keeping the way back.

Identifiers typed with full-width digits (``９００１０１``), an en dash or a minus sign, a zero-width space
inside, or a full-width ＠ must be found like their plain spelling. :func:`normalise` returns the folded
text and, for every folded character, the span of the original characters it came from, so a match in
the folded text replaces exactly the original characters (invisible ones inside included) and the
original text can be rebuilt exactly.

What is folded:

- NFKC, character by character (full-width letters, digits and ＠, compatibility forms); the Hangul
  compatibility jamo (ㄱ-ㅣ) are left as they are, so Korean text still reads the same to the tokenizer;
- every decimal digit of any script becomes its ASCII digit;
- every dash, hyphen and minus sign (Unicode Pd, U+2212 and the other minus forms) becomes ``-``;
  ``ㅡ``, ``ー`` and ``一`` written between two digits become ``-`` too;
- every space (Zs) becomes `` `` and the line and paragraph separators become ``\\n``;
- invisible characters are dropped: the Cf category (zero-width spaces and joiners, soft hyphen,
  bidirectional marks, BOM, ...), control characters other than tabs and line breaks, variation
  selectors, the combining grapheme joiner, Hangul fillers, and combining marks put on ASCII
  characters (``1\\u0301``).
"""

from __future__ import annotations

import re
import unicodedata
from array import array
from dataclasses import dataclass

# Characters that NFKC leaves alone and that need no folding: copied in runs, without a per-character look.
_PLAIN = re.compile(r"[\t\n\r\x20-\x7e\uac00-\ud7a3\u3131-\u3163\u3165-\u318e\u4e00-\u9fff「」『』·]+")
_MINUS = frozenset("\u2212\u2796\ufe63\uff0d\u02d7\u2043\u207b\u208b\u2e3a\u2e3b")
_INVISIBLE_OTHER = frozenset("\u034f\u115f\u1160\u3164\uffa0\u180b\u180c\u180d\u180f")
_LINE = frozenset("\u2028\u2029\x85")
# Look-alike dashes that are letters or ideographs elsewhere: a dash only between two digits.
_DIGIT_DASH = re.compile(r"(?<=\d)[ㅡー一](?=\d)")


@dataclass(frozen=True)
class Normalised:
    """A folded text and, per folded character, the original span ``[starts[i], ends[i])`` it came from.

    Example:
        >>> n = normalise("전화 ０１０\\u200b–1234")
        >>> n.text
        '전화 010-1234'
        >>> n.original_span(3, 11)
        (3, 12)
    """

    text: str
    original: str
    starts: array
    ends: array

    def original_span(self, start: int, end: int) -> tuple[int, int]:
        """The original ``[start, end)`` covered by the folded ``text[start:end]`` (``end > start``)."""
        if end <= start:
            raise ValueError(f"empty span {start}:{end}")
        return self.starts[start], self.ends[end - 1]


def _fold_char(ch: str) -> str:
    """One original character as it appears in the folded text ('' when invisible)."""
    if ch in _INVISIBLE_OTHER or ch in _MINUS:
        return "" if ch in _INVISIBLE_OTHER else "-"
    if ch in _LINE:
        return "\n"
    category = unicodedata.category(ch)
    if category == "Cf" or (category == "Cc" and ch not in "\t\n\r\x0b\x0c"):
        return ""
    if "\ufe00" <= ch <= "\ufe0f" or "\U000e0100" <= ch <= "\U000e01ef":
        return ""
    folded = unicodedata.normalize("NFKC", ch)
    out = []
    for c in folded:
        cat = unicodedata.category(c)
        if cat == "Nd":
            out.append(str(unicodedata.decimal(c)))
        elif cat == "Pd" or c in _MINUS:
            out.append("-")
        elif cat == "Zs":
            out.append(" ")
        elif cat == "Cf":
            continue
        else:
            out.append(c)
    return "".join(out)


def normalise(text: str) -> Normalised:
    """Fold ``text`` (see the module docstring) and keep, per folded character, its original span.

    Runs in time linear in ``len(text)``; characters that need no folding are copied in runs.
    """
    pieces: list[str] = []
    starts = array("q")
    ends = array("q")
    pos, n = 0, len(text)
    while pos < n:
        m = _PLAIN.match(text, pos)
        if m:
            pieces.append(m.group())
            starts.extend(range(pos, m.end()))
            ends.extend(range(pos + 1, m.end() + 1))
            pos = m.end()
            continue
        ch = text[pos]
        folded = _fold_char(ch)
        category = unicodedata.category(ch)
        if category in ("Mn", "Me") and pieces and pieces[-1] and pieces[-1][-1] < "\x80":
            folded = ""  # a mark put on a digit or an ASCII letter hides it from the patterns
        if folded:
            pieces.append(folded)
            starts.extend([pos] * len(folded))
            ends.extend([pos + 1] * len(folded))
        pos += 1
    folded_text = "".join(pieces)
    if "ㅡ" in folded_text or "ー" in folded_text or "一" in folded_text:
        folded_text = _DIGIT_DASH.sub("-", folded_text)  # same length: the spans stay aligned
    return Normalised(folded_text, text, starts, ends)
