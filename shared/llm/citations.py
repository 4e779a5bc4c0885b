"""What a draft cites, and the check that it cites only what was retrieved.

Source numbers are found in every form a model writes them: ``[1]``, ``[1, 2]``, ``[ 9 ]``, ``[1-3]``,
``[^2]``, ``[출처 2]``, ``【12】``, ``〔3〕``, full-width ``［４］``, and ``(2)`` where it closes a clause
(``… 합니다 (2).``; a ``(1)`` that opens a list item is not a citation). Placeholders such as
``[PHONE_1]`` are not citations.

Law articles are found with or without 「」: ``「민법」 제9조``, ``민법 제9999조``, ``공공기관의 정보공개에
관한 법률 제11조``, ``같은 법 제18조`` (the law named last before it), ``제3조 및 제4조`` (both of the law
before them) and a bare ``제11조``. A draft may name a law's article only when a retrieved statute is
that article or a retrieved text names it; a bare article only when some retrieved text has it; a law
in 「」 only when it was retrieved or named by a retrieved text. Text is NFKC-normalised and invisible
characters are dropped first, so full-width digits and zero-width spaces do not hide a citation.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import Protocol

from shared.errors import CivicError


class CitationError(CivicError):
    """A draft cites a source, a law or an article that was not retrieved."""


class _Section(Protocol):
    key: str
    text: str


class _Source(Protocol):
    title: str
    text: str
    meta: dict


_INVISIBLE = re.compile(r"[\u00ad\u180e\u200b-\u200f\u202a-\u202e\u2060-\u2064\ufeff]")
_DASHES = re.compile(r"[\u2010-\u2015\u2212\ufe58\ufe63]")
_LABEL = r"(?:\^|#|(?:출처|근거|자료|참고|문헌|sources?|refs?)[ \t]{0,3}:?[ \t]{0,3})?"
_SEP = r"[ \t]{0,3}(?:[,、;~-]|및|and)[ \t]{0,3}"
_SQUARE = re.compile(
    rf"(?i)[\[【〔〖〘〚][ \t]{{0,3}}{_LABEL}(\d{{1,4}}(?:{_SEP}\d{{1,4}}){{0,30}})[ \t]{{0,3}}[\]】〕〗〙〛]"
)
_PAREN = re.compile(rf"(?i)\([ \t]{{0,3}}({_LABEL})(\d{{1,2}}(?:{_SEP}\d{{1,2}}){{0,30}})[ \t]{{0,3}}\)")
_CLAUSE_END = re.compile(r"[ \t]*(?:$|[\n.,;:!?。]|[\[(【〔])")
_NUMBER = re.compile(r"\d+")
_RANGE = re.compile(r"(\d+)[ \t]*[~-][ \t]*(\d+)")

# 제11조, 제 11 조, 제6조의2, 제6조의 2 and the loose 제227조2 (not 제3조2항: that is a paragraph)
_ARTICLE = re.compile(r"제[ \t]?(\d{1,4})[ \t]?조(?:[ \t]?의[ \t]?(\d{1,3})|(\d{1,3})(?![\d항호]))?")
_ANY_PROVISION = re.compile(r"제[ \t]?\d{1,4}[ \t]?[조항호](?:[ \t]?의[ \t]?\d{1,3})?")
_BRACKETED = re.compile(r"「([^「」\n]{1,80})」")
_DELIMITERS = re.compile(r"[()\[\]{}.,;:!?\n\"'“”‘’<>《》〈〉]")
_LAW_WORD = re.compile(r"(?:법|법률|령|규칙|조례|규정)$")
_LAW_LIKE = re.compile(r"(?:법|법률|령|규칙|조례|규정|헌법)$")
_REFERRING = {"같은", "이", "동", "본", "당해", "해당", "위", "그"}
_REFERRING_WORDS = {"동법", "본법", "같은법", "이법", "당해법", "해당법"}
_SUBORDINATE = ("시행령", "시행규칙")
# Between two article mentions: "제3조 및 제4조", "제3조제2항, 제5조": the second shares the first's law.
_CONTINUATION = re.compile(
    r"^(?:[ \t,、·ㆍ~-]|및|또는|내지|부터|까지|와|과|이나|제[ \t]?\d{1,4}[ \t]?[항호](?:[ \t]?의[ \t]?\d{1,3})?)*$"
)
# Leading words that end like a sentence part rather than a law name ("처리기한은 민법" -> "민법").
_NOT_NAME_END = re.compile(r"[은는을를도다며고면서요니와과지]$")


def normal(text: str) -> str:
    """NFKC, no invisible characters, every dash as ``-``: the form citations are looked for in.

    Example:
        >>> normal("제１１조\u200b［２］")
        '제11조[2]'
    """
    return _DASHES.sub("-", _INVISIBLE.sub("", unicodedata.normalize("NFKC", text)))


def _numbers(group: str) -> list[int]:
    out: list[int] = []
    ranged: set[int] = set()
    for m in _RANGE.finditer(group):
        lo, hi = int(m.group(1)), int(m.group(2))
        out.extend(range(lo, hi + 1) if 0 <= hi - lo <= 50 else (lo, hi))
        ranged.update((m.start(1), m.start(2)))
    for m in _NUMBER.finditer(group):
        if m.start() not in ranged:
            out.append(int(m.group()))
    return out


def citations_in(text: str) -> list[int]:
    """Every source number cited in ``text``, in the order found (see the module for the forms).

    Example:
        >>> citations_in("기한은 10일입니다 [1]. 연장할 수 있습니다 [2, 3]. 연락처 [PHONE_1]")
        [1, 2, 3]
        >>> citations_in("기한【12】, 결정 [ 9 ], 통지합니다 (4). (1) 목록은 아님")
        [12, 9, 4]
    """
    text = normal(text)
    found: list[tuple[int, list[int]]] = [(m.start(), _numbers(m.group(1))) for m in _SQUARE.finditer(text)]
    for m in _PAREN.finditer(text):
        line_start = text.rfind("\n", 0, m.start()) + 1
        opens_line = not text[line_start : m.start()].strip()
        closes_clause = _CLAUSE_END.match(text, m.end()) is not None
        if m.group(1) or (closes_clause and not opens_line):
            found.append((m.start(), _numbers(m.group(2))))
    return [n for _, numbers in sorted(found) for n in numbers]


def _nospace(text: str) -> str:
    return re.sub(r"\s+", "", text)


def _article(m: re.Match[str]) -> str:
    branch = m.group(2) or m.group(3)
    return f"제{m.group(1)}조" + (f"의{branch}" if branch else "")


@dataclass
class _Mention:
    """One article mention: its law as written (candidate names, most specific last) or a reference."""

    article: str
    names: list[str] = field(default_factory=list)  # normalised candidate law names
    shown: str = ""  # the law as written, for messages
    # the likeliest law name, normalised: the bracket's content, or the words less sentence parts
    best: str = ""
    refers: str = ""  # "" / "continue" (제3조 및 제4조) / "previous" (같은 법) / "previous+시행령"


def _mentions(text: str) -> Iterable[_Mention]:
    """Article mentions in normalised ``text`` with what precedes each (at most 80 characters)."""
    previous_end = None
    for m in _ARTICLE.finditer(text):
        start = m.start()
        between = text[previous_end:start] if previous_end is not None else None
        previous_end = m.end()
        mention = _Mention(_article(m))
        if between is not None and _CONTINUATION.match(between):
            mention.refers = "continue"
            yield mention
            continue
        window = text[max(0, start - 80) : start]
        cut = max(
            max((d.end() for d in _DELIMITERS.finditer(window)), default=0),
            max((p.end() for p in _ANY_PROVISION.finditer(window)), default=0),  # "제6항의 ... 시행령"
        )
        segment = window[cut:]
        if "「" in segment:
            bracket = segment[segment.rfind("「") + 1 :]
            name, _, rest = bracket.partition("」")
            if _:  # 「law」 [시행령] 제N조
                mention.names = [_nospace(name + rest)]
                mention.best = mention.names[0]
                mention.shown = f"「{name.strip()}」{(' ' + rest.strip()) if rest.strip() else ''}"
            yield mention
            continue
        words = segment.split()
        if not words or not _LAW_WORD.search(words[-1]):
            yield mention  # a bare article
            continue
        tail = words[-1]
        if tail in _REFERRING_WORDS or (
            tail in ("법", "법률") and len(words) > 1 and words[-2] in _REFERRING
        ):
            mention.refers = "previous"
        elif (
            tail in _SUBORDINATE
            and len(words) > 1
            and (
                words[-2] in _REFERRING_WORDS
                or (len(words) > 2 and words[-2] in ("법", "법률") and words[-3] in _REFERRING)
            )
        ):
            mention.refers = f"previous+{tail}"
        else:
            words = words[-10:]
            mention.names = ["".join(words[-k:]) for k in range(1, len(words) + 1)]
            trimmed = list(words)
            while len(trimmed) > 1 and _NOT_NAME_END.search(trimmed[0]):
                trimmed.pop(0)
            mention.shown = " ".join(trimmed)
            mention.best = "".join(trimmed)
        yield mention


@dataclass
class Retrieved:
    """What the retrieved sources allow a draft to name: (law, article) pairs, laws, bare articles."""

    pairs: set[tuple[str, str]] = field(default_factory=set)
    laws: set[str] = field(default_factory=set)
    articles: set[str] = field(default_factory=set)

    @classmethod
    def from_sources(cls, sources: Sequence[_Source]) -> Retrieved:
        """Collect every law article the sources are or name (in their titles and texts)."""
        out = cls()
        for hit in sources:
            meta = hit.meta or {}
            own = _nospace(normal(str(meta.get("law", "")))) if meta.get("type") == "statute" else ""
            if own:
                out.laws.add(own)
                article = _nospace(normal(str(meta.get("article", ""))))
                if article:
                    out.pairs.add((own, article))
                    out.articles.add(article)
            text = normal(f"{hit.title}\n{hit.text}")
            out.laws.update(_nospace(m.group(1)) for m in _BRACKETED.finditer(text))
            last, current = own, own
            for mention in _mentions(text):
                out.articles.add(mention.article)
                if mention.refers == "continue":
                    law = current
                elif mention.refers:
                    law = last + mention.refers.partition("+")[2] if last else ""
                elif mention.names and mention.names[0] == "법" and own.endswith(_SUBORDINATE):
                    law = own.removesuffix("시행령").removesuffix("시행규칙")  # a decree's "법" is its act
                elif mention.names:
                    law = own if own in mention.names else mention.best
                else:
                    law = own
                if law:
                    out.pairs.add((law, mention.article))
                    out.laws.add(law)
                    last = law
                current = law
        return out

    def law_for(self, names: list[str], article: str) -> str | None:
        """The retrieved law among ``names`` (a candidate may be a long tail of a retrieved name)."""
        for name in names:
            if (name, article) in self.pairs:
                return name
        for name in reversed(names):  # 정보공개에 관한 법률 -> 공공기관의정보공개에관한법률
            if len(name) >= 6:
                for law, art in self.pairs:
                    if art == article and law.endswith(name):
                        return law
        return None


def check_citations(sections: Sequence[_Section], sources: Sequence[_Source]) -> None:
    """Raise :class:`CitationError` when a section cites a source number, a law or an article not retrieved.

    Example:
        >>> from shared.llm.retrieval import Hit
        >>> hit = Hit("oida/11", 1.0, "10일 이내에 결정한다.", (0, 12), "정보공개 결정기간",
        ...           {"type": "statute", "law": "공공기관의 정보공개에 관한 법률", "article": "제11조"})
        >>> from shared.llm.drafts import DraftSection
        >>> check_citations([DraftSection("a", "A", "공공기관의 정보공개에 관한 법률 제11조 [1]")], [hit])
        >>> check_citations([DraftSection("a", "A", "민법 제9999조에 따릅니다 [1]")], [hit])
        Traceback (most recent call last):
        ...
        shared.llm.citations.CitationError: section 'a' names 민법 제9999조, which was not retrieved
    """
    allowed = Retrieved.from_sources(sources)
    last = ""  # the law named last (for 같은 법)
    for section in sections:
        for n in citations_in(section.text):
            if not 1 <= n <= len(sources):
                raise CitationError(
                    f"section {section.key!r} cites [{n}], but only {len(sources)} sources were retrieved"
                )
        text = normal(section.text)
        current: str | None = None  # the law of the mention just before (for 제3조 및 제4조)
        for mention in _mentions(text):
            law: str | None
            if mention.refers == "continue" and current:
                law = current
                if (law, mention.article) not in allowed.pairs:
                    raise CitationError(
                        f"section {section.key!r} names {mention.article} of the law cited just before it, "
                        "which was not retrieved"
                    )
            elif mention.refers not in ("", "continue") and last:
                law = last + mention.refers.partition("+")[2]
                law: str | None = last + mention.refers.partition("+")[2]
                if (law, mention.article) not in allowed.pairs:
                    raise CitationError(
                        f"section {section.key!r} names {mention.article} of the law cited before it, "
                        "which was not retrieved"
                    )
            elif mention.names:
                law = allowed.law_for(mention.names, mention.article)
                if law is None:
                    raise CitationError(
                        f"section {section.key!r} names {mention.shown} {mention.article}, which was not retrieved"
                    )
            else:
                law = None
                if mention.article not in allowed.articles:
                    raise CitationError(
                        f"section {section.key!r} cites {mention.article}, which no retrieved text has"
                    )
            last = law or last
            current = law
        for m in _BRACKETED.finditer(text):
            name = m.group(1).strip()
            if _LAW_LIKE.search(name) and _nospace(name) not in allowed.laws:
                raise CitationError(f"section {section.key!r} names 「{name}」, which was not retrieved")
