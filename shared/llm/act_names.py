"""The acts a corpus knows by name: the acts it bundles and the acts their articles cite in 「」.

A statute corpus names far more acts than it holds: 국민연금법 cites 「국민건강보험법」, 도로교통법 cites
「학원의 설립ㆍ운영 및 과외교습에 관한 법률」. A complaint that speaks the words of one of those other
names (건강보험료, 학원 교습) is likely governed by an act whose text is not in the corpus, even when a
bundled act shares its vocabulary. :func:`act_names` reads that directory from the corpus itself (no
list is written by hand), and :meth:`ActNames.match` says how much of an act's name a complaint
speaks: the weighted share of the name's nouns found in the text, each weighted by how rare it is among
the names (관리, 보호 and 국민 appear in many names and count little). A common noun counts whole (국민연금
is not 기초연금); a proper-noun compound the analyser keeps whole (국민건강보험) counts by its character
bigrams, because a complaint writes it inside other words (건강보험료).
"""

from __future__ import annotations

import math
import re
import weakref
from collections import Counter
from dataclasses import dataclass

from shared.llm.retrieval import Retriever
from shared.llm.text import tokens

_CITED = re.compile(r"「([^「」]{2,60}?)」")
_GENERIC_END = re.compile(r"(?:에\s*관한\s*)?(?:특별법|법률|법)$")
_NOT_HANGUL = re.compile(r"[^가-힣]+")
_NAME_TAGS = frozenset({"NNG", "NNP"})


def act_key(name: str) -> str:
    """An act's name for comparison: the interpuncts law texts write (ㆍ U+318D, ・, ･) read as ``·``.

    Example:
        >>> act_key("소음ㆍ진동관리법") == act_key("소음·진동관리법")
        True
    """
    return name.replace("\u318d", "·").replace("\u30fb", "·").replace("\uff65", "·").strip()


def name_grams(name: str) -> tuple[str, ...]:
    """The character bigrams inside the nouns of an act's name without its ending (법, 법률, 특별법).

    Example:
        >>> name_grams("국민건강보험법")
        ('국민', '민건', '건강', '강보', '보험')
        >>> name_grams("학원의 설립ㆍ운영 및 과외교습에 관한 법률")[:3]
        ('학원', '설립', '운영')
    """
    core = _GENERIC_END.sub("", act_key(name)).replace("·", " ")
    out: list[str] = []
    for t in tokens(core):
        noun = _squeeze(t.form) if t.tag in _NAME_TAGS else ""
        if t.tag == "NNP" and len(noun) >= 4:  # a compound the analyser kept whole: its bigrams
            out += [noun[i : i + 2] for i in range(len(noun) - 1)]
        elif len(noun) >= 2:  # a common noun is matched whole (국민연금 is not 기초연금)
            out.append(noun)
    return tuple(dict.fromkeys(out))


def _words(text: str) -> list[str]:
    """The Hangul runs of ``text``: names are matched within them (초등학교 통학로 holds no 교통)."""
    return [w for w in _NOT_HANGUL.split(text) if w]


def _squeeze(text: str) -> str:
    return _NOT_HANGUL.sub("", text)


@dataclass(frozen=True)
class ActNames:
    """Act names (as :func:`act_key` writes them) with their name words, the words' weights, and the bundled acts."""

    grams: dict[str, tuple[str, ...]]
    weight: dict[str, float]
    bundled: frozenset[str]

    def match(self, act: str, text: str) -> float:
        """The weighted share of ``act``'s name words (:func:`name_grams`) that occur in ``text`` (0 for an unknown act).

        Example:
            >>> names = ActNames.of(["국민연금법"], ["국민건강보험법", "고용보험법"])
            >>> round(names.match("국민건강보험법", "건강보험료가 올랐습니다"), 2)
            0.55
            >>> names.match("국민연금법", "기초연금 보험료가 올랐습니다")
            0.0
            >>> ActNames.of(["도로교통법"], []).match("도로교통법", "초등학교 통학로의 도로")  # 교통 only across words
            0.5
        """
        return self._share(act_key(act), _words(text))

    def best_elsewhere(self, text: str) -> tuple[str, float]:
        """The cited act whose text the corpus does not hold that ``text`` names most, and how much."""
        words = _words(text)
        best = ("", 0.0)
        for act in sorted(self.grams):
            if act not in self.bundled:
                score = self._share(act, words)
                if score > best[1]:
                    best = (act, score)
        return best

    def _share(self, act: str, words: list[str]) -> float:
        grams = self.grams.get(act, ())
        total = sum(self.weight[g] for g in grams)
        return sum(self.weight[g] for g in grams if any(g in w for w in words)) / total if total else 0.0

    @classmethod
    def of(cls, bundled: list[str] | set[str], cited: list[str] | set[str]) -> ActNames:
        """The directory of ``bundled`` acts and ``cited`` act names (any overlap counts as bundled)."""
        held = frozenset(act_key(a) for a in bundled if a)
        names = held | {act_key(a) for a in cited if a}
        grams = {a: name_grams(a) for a in sorted(names)}
        df = Counter(g for gs in grams.values() for g in gs)
        weight = {g: math.log((len(grams) + 1) / (c + 0.5)) for g, c in df.items()}
        return cls(grams, weight, held)


_CACHE: weakref.WeakKeyDictionary = weakref.WeakKeyDictionary()


def act_names(retriever: Retriever) -> ActNames:
    """The acts ``retriever``'s statute documents belong to and the acts they cite (cached per retriever).

    Example:
        >>> from shared.llm import Document
        >>> r = Retriever.from_documents([Document("p/1", "국민연금법 제1조", "「국민건강보험법」에 따른 보험료",
        ...     {"type": "statute", "law": "국민연금법"})])
        >>> sorted(act_names(r).grams), sorted(act_names(r).bundled)
        (['국민건강보험법', '국민연금법'], ['국민연금법'])
    """
    retriever._check_fitted()
    cached = _CACHE.get(retriever)
    if cached is not None and cached[0] == len(retriever):
        return cached[1]
    statutes = [d for d in retriever.docs_ if d.meta.get("type") == "statute"]
    cited = {m for d in statutes for m in _CITED.findall(d.text) if m.endswith(("법", "법률"))}
    names = ActNames.of({d.meta.get("law", "") for d in statutes}, cited)
    _CACHE[retriever] = (len(retriever), names)
    return names
