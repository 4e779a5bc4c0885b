"""Replace personal identifiers with placeholders before any text leaves the process.

``redact(text)`` finds identifiers (see :mod:`shared.llm.identifiers`), keeps dates, amounts,
percentages, article, statute, case and receipt numbers, and returns a :class:`Redaction` whose
``.text`` carries placeholders such as ``[PHONE_1]``. The same value gets the same placeholder within
one text, and ``.restore()`` puts the originals back into any text derived from the redacted one.

The finders read a folded copy of the text (:func:`shared.llm.normalise.normalise`: NFKC, ASCII digits,
one kind of dash, no invisible characters), so ``０１０–１２３４–５６７８`` or a zero-width space inside a
number changes nothing; every match is mapped back onto the original characters, so ``.restore()``
returns the original text exactly.
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Iterable
from dataclasses import dataclass, field

from shared.errors import CivicError
from shared.llm.identifiers import KEEP, KINDS, Candidate, candidates
from shared.llm.normalise import Normalised, normalise

_PLACEHOLDER = re.compile(r"\[([A-Z]+)_(\d+)\]")


class RedactionError(CivicError):
    """Redaction could not be completed; nothing may leave the process."""


@dataclass(frozen=True)
class Entity:
    """One identifier found in the original text: ``text[start:end] == value``."""

    kind: str
    start: int
    end: int
    value: str
    placeholder: str
    confidence: float


@dataclass(frozen=True)
class Redaction:
    """A redacted text, the identifiers it hid, and the way back.

    Example:
        >>> r = redact("연락처 010-1234-5678, 메일 kim@example.com (2024-03-15 접수)")
        >>> r.text
        '연락처 [PHONE_1], 메일 [EMAIL_1] (2024-03-15 접수)'
        >>> [e.kind for e in r.entities]
        ['PHONE', 'EMAIL']
        >>> r.restore(r.text) == "연락처 010-1234-5678, 메일 kim@example.com (2024-03-15 접수)"
        True
    """

    text: str
    entities: tuple[Entity, ...] = field(default_factory=tuple)

    @property
    def mapping(self) -> dict[str, str]:
        """Placeholder -> original value."""
        return {e.placeholder: e.value for e in self.entities}

    def counts(self) -> dict[str, int]:
        """How many identifiers of each kind were hidden (distinct placeholders)."""
        out: dict[str, int] = {}
        for placeholder in self.mapping:
            kind = placeholder[1:].split("_")[0]
            out[kind] = out.get(kind, 0) + 1
        return out

    def restore(self, text: str) -> str:
        """Put the original values back wherever this redaction's placeholders appear in ``text``."""
        mapping = self.mapping
        return _PLACEHOLDER.sub(lambda m: mapping.get(m.group(), m.group()), text)


def _resolve(found: Iterable[Candidate]) -> list[Candidate]:
    """Keep the best non-overlapping spans: higher priority, then higher confidence, then longer.

    The taken spans are disjoint and kept sorted, so each overlap test is a binary search.
    """
    ranked = sorted(found, key=lambda c: (-c.rank, -c.confidence, -(c.end - c.start), c.start))
    taken: list[Candidate] = []
    starts: list[int] = []
    ends: list[int] = []
    for cand in ranked:
        if cand.end <= cand.start:
            continue
        i = bisect.bisect_left(starts, cand.end)  # spans starting before cand ends: only i-1 can overlap
        if i and ends[i - 1] > cand.start:
            continue
        starts.insert(i, cand.start)
        ends.insert(i, cand.end)
        taken.append(cand)
    return sorted((c for c in taken if c.kind != KEEP), key=lambda c: c.start)


def _to_original(chosen: list[Candidate], folded: Normalised) -> list[Candidate]:
    """The chosen spans on the original text. Two spans that meet inside one original character (one
    character folded into several, such as ㈜) merge, under the kind of the first."""
    out: list[Candidate] = []
    for cand in chosen:
        start, end = folded.original_span(cand.start, cand.end)
        if out and start < out[-1].end:
            last = out.pop()
            cand = Candidate(last.kind, last.start, max(last.end, end), min(last.confidence, cand.confidence))
            start, end = cand.start, cand.end
        out.append(Candidate(cand.kind, start, end, cand.confidence))
    return out


def redact(text: str, *, kinds: Iterable[str] | None = None, min_confidence: float = 0.0) -> Redaction:
    """Hide personal identifiers in ``text`` behind placeholders such as ``[RRN_1]``.

    ``kinds`` limits the identifier kinds (default: all of :data:`shared.llm.identifiers.KINDS`);
    matches below ``min_confidence`` stay in the text. Raises :class:`RedactionError` on anything
    unexpected, so callers fail closed.

    Example:
        >>> redact("주민등록번호 900101-1234568, 제12조 제3항, 법률 제12345호").text
        '주민등록번호 [RRN_1], 제12조 제3항, 법률 제12345호'
    """
    if not isinstance(text, str):
        raise RedactionError(f"redact() needs a str, got {type(text).__name__}")
    wanted = frozenset(kinds) if kinds is not None else frozenset(KINDS)
    unknown = wanted - set(KINDS)
    if unknown:
        raise RedactionError(f"unknown identifier kinds {sorted(unknown)}; known: {', '.join(KINDS)}")
    try:
        folded = normalise(text)
        chosen = [c for c in _resolve(candidates(folded.text, wanted)) if c.confidence >= min_confidence]
        chosen = _to_original(chosen, folded)
    except Exception as exc:  # any failure inside a finder must stop the call, not leak the text
        raise RedactionError(f"redaction failed: {exc}") from exc

    numbers: dict[str, int] = {}
    assigned: dict[tuple[str, str], str] = {}
    present = {m.group() for m in _PLACEHOLDER.finditer(text)}  # never reuse the author's own
    entities: list[Entity] = []
    pieces: list[str] = []
    cursor = 0
    for cand in chosen:
        value = text[cand.start : cand.end]
        key = (cand.kind, value)
        if key not in assigned:
            n = numbers.get(cand.kind, 0) + 1
            # Never reuse a placeholder that already appears literally in the text: restore would
            # then rewrite the author's own words.
            while f"[{cand.kind}_{n}]" in present:
                n += 1
            numbers[cand.kind] = n
            assigned[key] = f"[{cand.kind}_{n}]"
        placeholder = assigned[key]
        entities.append(Entity(cand.kind, cand.start, cand.end, value, placeholder, cand.confidence))
        pieces.append(text[cursor : cand.start])
        pieces.append(placeholder)
        cursor = cand.end
    pieces.append(text[cursor:])
    return Redaction("".join(pieces), tuple(entities))
