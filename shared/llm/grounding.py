"""The legal basis of a complaint, or an honest "none": statute hits above a calibrated relevance floor.

:func:`ground` searches the statutes for the complaint, picks the act that holds most of the best
statute hits, and scores how well that act's best articles answer the complaint with numbers that
mean the same on any corpus. Three go into the score (:data:`FEATURES`):

- ``key``: the share of the complaint's six heaviest nouns (frequency in the query times inverse
  document frequency; a word the corpus does not know gets the highest weight) that the chosen
  articles contain: does the law speak of what the complaint is about;
- ``concentration``: the chosen act's share of the ten best statute scores (one act, or a scatter);
- ``lift``: the log of that share over the act's size relative to the median act's (in articles), so
  a large act that collects hits by its size alone (도로교통법 has 192 of the 700 bundled articles, the
  median act 70) needs more; relative to the median, so adding acts does not shift it.

Three more explain the decision on the page: ``coverage`` (the share of all the complaint's words,
idf-weighted, in the chosen articles), ``heading`` (the share in their law names and headings) and
``unknown`` (the share no document has).

A logistic function of the three (:data:`WEIGHTS`, fitted on the calibration part of the labelled
development complaints, see :mod:`shared.llm.grounding_eval`) gives ``score``, the probability that
the chosen act governs the complaint. The complaint is grounded when ``score >= FLOOR``. The floor is
a property of the score, not a list of acts: bundle another act and the complaints it governs find
it without changing anything here. The weights were fitted on a corpus of several acts; in a corpus
of one act, concentration and lift carry no evidence. An English complaint is searched through its Korean words
(:mod:`shared.llm.glossary`).
"""

from __future__ import annotations

import math
import re
import weakref
from collections import Counter, defaultdict
from dataclasses import dataclass, field

import numpy as np

from shared.llm.glossary import korean_terms
from shared.llm.retrieval import Hit, Retriever
from shared.llm.text import is_korean, tokens

FEATURES = ("key", "concentration", "lift")
KEY_TERMS = 6
NOUN_TAGS = frozenset({"NNG", "NNP", "SL"})
# Fitted by shared.llm.grounding_eval.fit_weights(C=3) on the calibration part of the labelled
# development complaints against the bundled corpus (C chosen by 5-fold cross-validation inside the
# calibration part, so the held-out third was not used); `civic bench llm` reports both parts.
CALIBRATION_C = 3.0
WEIGHTS = {"key": 1.507, "concentration": 2.49, "lift": 2.092}
BIAS = -0.738
FLOOR = 0.5
TOP_STATUTES = 10
SEARCH_DEPTH = 80


@dataclass(frozen=True)
class Grounding:
    """The statute hits a draft may rely on (``basis``), or none with the reason and what to check.

    ``candidates`` are the closest articles even when they fall below the floor (for the officer to
    see, never for the draft to cite as its basis); ``score`` and ``features`` explain the decision.
    """

    basis: tuple[Hit, ...]
    grounded: bool
    score: float
    floor: float
    act: str = ""
    candidates: tuple[Hit, ...] = ()
    features: dict[str, float] = field(default_factory=dict)
    topics: tuple[str, ...] = ()
    law_kind: tuple[str, str] = ("", "")

    def law_to_check(self, lang: str = "ko") -> str:
        """Which kind of law the officer should check when nothing in the corpus applies."""
        return self.law_kind[0] if lang == "ko" else self.law_kind[1]


# -- which kind of law to check when the corpus has none ------------------------------------------
_FIELDS: tuple[tuple[str, str, str], ...] = (
    (
        r"놀이터|놀이기구|그네|미끄럼틀|playground|swing|slide",
        "어린이 놀이시설의 설치·안전관리",
        "children's play facilities",
    ),
    (
        r"증축|건축|건물|외벽|다세대|building|extension",
        "건축물의 허가·유지관리",
        "building permits and maintenance",
    ),
    (r"주차장|parking lot|car park", "주차장의 설치·관리", "car parks"),
    (r"쓰레기|폐기물|폐가구|투기|garbage|waste|trash", "폐기물 처리", "waste"),
    (r"층간소음|관리비|관리사무소|장기수선|공동주택|아파트 관리", "공동주택 관리", "apartment management"),
    (r"소음|진동|noise|vibration", "소음·진동 관리(환경)", "noise and vibration (environment)"),
    (r"유기견|동물|학대|\b(?:dogs?|animals?)\b", "동물 보호", "animal protection"),
    (r"재산세|지방세|세금|과세|tax", "지방세", "local taxes"),
    (r"임금|월급|체불|근로|wages?", "근로기준(노동)", "labour standards"),
    (r"보증금|전세|임대|deposit|landlord|tenan", "주택 임대차", "residential tenancy"),
    (r"담배|흡연|금연|smok", "국민건강증진(금연구역)", "health promotion (no-smoking areas)"),
    (r"식당|식중독|위생|음식|restaurant|food", "식품위생", "food hygiene"),
    (r"현수막|광고물|banner", "옥외광고물 관리", "outdoor advertising"),
    (r"하수|악취|sewer", "하수도·악취 관리", "sewerage and odour"),
    (r"공원|벤치|산책로|\bpark\b", "도시공원·녹지 관리", "urban parks"),
    (r"버스|택시|노선|승차|\bbus|taxi", "여객자동차 운수사업", "passenger transport"),
    (r"수도 요금|수도요금|상수도|계량기|water bill", "수도", "water supply"),
    (r"가로등|포트홀|도로 파손|streetlight|pothole", "도로 관리(도로법령)", "road management"),
    (r"방치|번호판|abandoned", "자동차 관리", "vehicle management"),
    (r"학교|학급|school|class", "교육 관계", "education"),
    (r"나무|벌채|수목|trees?|felling", "산림·녹지 관리", "forests and green areas"),
    (r"도서관|library", "도서관 운영", "libraries"),
    (r"건강보험|보험료|health insurance", "국민건강보험", "national health insurance"),
    (r"실업급여|구직급여|권고사직|unemployment", "고용보험", "employment insurance"),
)


def law_kind(text: str, topics: tuple[str, ...] = ()) -> tuple[str, str]:
    """The kind of law to check for ``text``, in Korean and English (a field of law, never an act's name).

    Example:
        >>> law_kind("놀이터 그네가 부서졌습니다")[0]
        '어린이 놀이시설의 설치·안전관리 분야의 개별 법률과 그 시행령, 해당 지방자치단체의 조례'
    """
    for pattern, ko, en in _FIELDS:
        if re.search(pattern, text, re.I):
            return (
                f"{ko} 분야의 개별 법률과 그 시행령, 해당 지방자치단체의 조례",
                f"the act and decree on {en}, and the local government's ordinances",
            )
    named = ", ".join(topics[:3])
    if named and re.search(r"[가-힣]", named):
        return (
            f"민원의 핵심 사항({named})을 규율하는 개별 법률과 그 시행령, 해당 지방자치단체의 조례",
            f"the act and decree that govern the matter ({named}), and the local government's ordinances",
        )
    return (
        "민원 사항을 규율하는 개별 법률과 그 시행령, 해당 지방자치단체의 조례",
        "the act and decree that govern the matter, and the local government's ordinances",
    )


# -- the score -----------------------------------------------------------------------------------
def query_terms(text: str) -> tuple[Counter, Counter]:
    """Search words and nouns of ``text``: Kiwi morphemes, or for English the glossary's Korean plus unknown words."""
    if is_korean(text) or not text.strip():
        found = tokens(text)
        left: list[str] = []
    else:
        korean, left = korean_terms(text)
        found = tokens(korean)
    bag = Counter(t.form for t in found)
    nouns = Counter(t.form for t in found if t.tag in NOUN_TAGS)
    unknown = Counter(f"en:{w}" for w in left)  # no Korean statute has them: they count as unknown words
    return bag + unknown, nouns + unknown


def logistic(
    features: dict[str, float], weights: dict[str, float] | None = None, bias: float | None = None
) -> float:
    """The probability that the chosen act governs: ``1 / (1 + exp(-(bias + w·x)))``.

    Example:
        >>> round(logistic(dict.fromkeys(FEATURES, 0.0), bias=0.0), 2)
        0.5
    """
    weights = WEIGHTS if weights is None else weights
    z = (BIAS if bias is None else bias) + sum(weights[k] * features[k] for k in FEATURES)
    return 1.0 / (1.0 + math.exp(-max(min(z, 60.0), -60.0)))


def _idf(retriever: Retriever, term: str, unknown: float) -> float:
    i = retriever.vocab_.get(term)
    return float(retriever.idf_[i]) if i is not None else unknown


def _terms_of(hit: Hit) -> set[str]:
    return {t.form for t in tokens(f"{hit.title}\n{hit.text}")}


def _heading_terms(hit: Hit) -> set[str]:
    return {t.form for t in tokens(f"{hit.meta.get('law', '')} {hit.meta.get('heading', '')}")}


_SIZES: weakref.WeakKeyDictionary = weakref.WeakKeyDictionary()


def _articles_per_law(retriever: Retriever) -> tuple[Counter, int]:
    """How many articles each act has in the retriever's corpus (cached per retriever)."""
    cached = _SIZES.get(retriever)
    if cached is None or cached[1] != len(retriever):
        sizes = Counter(d.meta.get("law", "") for d in retriever.docs_ if d.meta.get("type") == "statute")
        cached = _SIZES[retriever] = (sizes, len(retriever))
    return cached[0], sum(cached[0].values())


def features_for(
    retriever: Retriever, terms: tuple[Counter, Counter], statutes: list[Hit]
) -> tuple[dict[str, float], str, list[Hit]]:
    """The features for the best act among ``statutes`` (statute hits, best first), that act and its hits.

    ``terms`` is what :func:`query_terms` returns for the query.
    """
    bag, nouns = terms
    zero = dict.fromkeys((*FEATURES, "coverage", "heading", "unknown"), 0.0)
    n = len(retriever)
    unknown_idf = math.log1p((n + 0.5) / 0.5)
    weight = {t: _idf(retriever, t, unknown_idf) for t in bag}
    total = sum(weight.values())
    if not total:
        return zero, "", []
    unknown = sum(w for t, w in weight.items() if t not in retriever.vocab_) / total
    top = [h for h in statutes[:TOP_STATUTES] if h.score > 0]
    if not top:
        return {**zero, "unknown": unknown}, "", []
    mass: dict[str, float] = defaultdict(float)
    for h in top:
        mass[h.meta.get("law", "")] += h.score
    act = max(mass, key=lambda a: (mass[a], -min(i for i, h in enumerate(top) if h.meta.get("law") == a)))
    chosen = [h for h in top if h.meta.get("law", "") == act]
    best = chosen[0].score
    chosen = [h for h in chosen if h.score >= 0.5 * best][:3]
    covered: set[str] = set().union(*(_terms_of(h) for h in chosen))
    headed: set[str] = set().union(*(_heading_terms(h) for h in chosen))
    key_weight = {t: c * _idf(retriever, t, unknown_idf) for t, c in nouns.items()}
    key = sorted(key_weight, key=lambda t: -key_weight[t])[:KEY_TERMS]
    key_total = sum(key_weight[t] for t in key) or 1.0
    sizes, _ = _articles_per_law(retriever)
    concentration = mass[act] / sum(mass.values())
    relative_size = sizes.get(act, 1) / float(np.median(list(sizes.values()) or [1]))
    return (
        {
            "key": sum(key_weight[t] for t in key if t in covered) / key_total,
            "lift": math.log(max(concentration, 1e-3) / relative_size),
            "coverage": sum(w for t, w in weight.items() if t in covered) / total,
            "concentration": concentration,
            "heading": sum(w for t, w in weight.items() if t in headed) / total,
            "unknown": unknown,
        },
        act,
        chosen,
    )


def statute_hits(retriever: Retriever, query: str, depth: int = SEARCH_DEPTH) -> list[Hit]:
    """The statute articles among the ``depth`` best BM25 results for ``query``, best first."""
    return [h for h in retriever.search(query, k=depth, method="bm25") if h.meta.get("type") == "statute"]


def topics(retriever: Retriever, bag: Counter, n: int = 3) -> tuple[str, ...]:
    """The complaint's most specific words (highest inverse document frequency; unknown words first)."""
    unknown_idf = math.log1p((len(retriever) + 0.5) / 0.5)
    words = [t for t in bag if len(t) >= 2 and not t.endswith("다")]
    words.sort(key=lambda t: (-_idf(retriever, t, unknown_idf), -bag[t]))
    return tuple(w.removeprefix("en:") for w in words[:n])


def ground(
    retriever: Retriever,
    query: str,
    *,
    floor: float = FLOOR,
    weights: dict[str, float] | None = None,
    bias: float | None = None,
) -> Grounding:
    """The legal basis for ``query`` (a redacted complaint, or its search query), or an honest none.

    Example:
        >>> from shared.llm import Document
        >>> docs = [Document("oida/11", "공공기관의 정보공개에 관한 법률 제11조 (정보공개 여부의 결정)",
        ...     "공공기관은 정보공개의 청구를 받으면 10일 이내에 공개 여부를 결정하여야 한다.",
        ...     {"type": "statute", "law": "공공기관의 정보공개에 관한 법률", "article": "제11조",
        ...      "heading": "정보공개 여부의 결정"})]
        >>> r = Retriever.from_documents(docs)
        >>> ground(r, "정보공개를 청구했는데 공개 여부를 언제 결정하나요?").grounded
        True
        >>> ground(r, "놀이터 그네가 부서졌습니다. 수리해 주세요.").grounded
        False
    """
    terms = query_terms(query)
    bag = terms[0]
    search_text = query if is_korean(query) else korean_terms(query)[0]
    hits = statute_hits(retriever, search_text) if search_text.strip() else []
    values, act, chosen = features_for(retriever, terms, hits)
    score = logistic(values, weights, bias) if act else 0.0
    grounded = bool(act) and score >= floor
    found = topics(retriever, bag)
    return Grounding(
        basis=tuple(chosen) if grounded else (),
        grounded=grounded,
        score=score,
        floor=floor,
        act=act if grounded else "",
        candidates=tuple(chosen),
        features=values,
        topics=found,
        law_kind=law_kind(query, found),
    )


def weights_array(weights: dict[str, float]) -> np.ndarray:
    """The weights in :data:`FEATURES` order (for fitting and reports)."""
    return np.array([weights[k] for k in FEATURES], dtype=float)
