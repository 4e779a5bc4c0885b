"""The legal basis of a complaint, or an honest "none": the most probable act above a calibrated floor.

:func:`ground` searches the statutes for the complaint and considers every act among the twenty best
statute hits (:func:`candidates`). Each candidate act is described by numbers that mean the same on
any corpus (:data:`FEATURES`):

- ``key``: the share of the complaint's six heaviest nouns (frequency in the query times inverse
  document frequency; a word the corpus does not know gets the highest weight) that the act's best
  articles (up to three, within half of its best score) contain;
- ``margin``: how far the act's best article is ahead of the best article of any other act among
  the hits, as a share of its score (below 0 when another act's article scores higher);
- ``affinity``: the share of the complaint's noun weight that points at the act: each noun counts
  with the share of the statute articles holding it that belong to the act;
- ``name``: how much of the act's name the complaint speaks (:mod:`shared.llm.act_names`: weighted
  share of the name's nouns, a proper-noun compound as bigrams, found in the text; 주차장 for
  주차장법);
- ``name_other``: the same for the act, among those the corpus's articles cite in 「」 but does not
  hold, that the complaint names most (건강보험료 for 「국민건강보험법」, cited by 국민연금법): the
  directory comes from the corpus itself, not from a list written here;
- ``coverage``: the idf-weighted share of all the complaint's words in the act's best articles;
- ``rank``: 1 / (1 + the position of the act's best article among the hits).

``heading`` (the share of the words in the articles' law names and headings) and ``unknown`` (the
share no document has) are kept to explain a decision on the page. A logistic function of the
features (:data:`WEIGHTS`, fitted on the calibration part of the labelled development complaints with
one row per candidate act, target "this act governs", see :mod:`shared.llm.grounding_eval`) gives each
candidate the probability that it governs the complaint; the most probable one is chosen, and the
complaint is grounded on it when that probability reaches :data:`FLOOR`. The search and the features
read the complaint with the statutes' words for its everyday ones added (:func:`expanded`: 구청 ->
지방자치단체, 쓰레기 -> 폐기물, :data:`shared.llm.glossary.STATUTE_WORDS`). Articles that answer the
question decide, not how many articles an act has among the hits: 조세특례제한법 제126조의2 beats
twenty 소득세법 year-end-settlement articles for a card-deduction question. The floor is a property of
the score, not a list of acts: bundle another act and the complaints it governs find it without
changing anything here. An English complaint is searched through its Korean words
(:mod:`shared.llm.glossary`).
"""

from __future__ import annotations

import math
import re
import weakref
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from typing import Any

import numpy as np

from shared.llm.act_names import act_names
from shared.llm.glossary import korean_terms, statute_words
from shared.llm.retrieval import Hit, Retriever
from shared.llm.text import is_korean, tokens

FEATURES = ("key", "margin", "affinity", "name", "name_other", "coverage", "rank")
KEY_TERMS = 6
NOUN_TAGS = frozenset({"NNG", "NNP", "SL"})
# Fitted by shared.llm.grounding_eval.fit_weights(C=1) on the calibration part of the labelled
# development complaints against the bundled corpus of 20 acts; the features and C were chosen by
# repeated 5-fold cross-validation inside the calibration part, and the floor is the lowest on a 0.01
# grid whose cross-validated precision >= 0.85 and false grounding <= 0.10 there (the held-out third
# was not used); `civic bench llm` reports both parts and cross-validation over all.
CALIBRATION_C = 1.0
WEIGHTS = {
    "key": 0.77,
    "margin": 2.072,
    "affinity": 1.443,
    "name": 2.891,
    "name_other": -0.107,
    "coverage": 0.633,
    "rank": 1.708,
}
BIAS = -3.511
FLOOR = 0.42
TOP_STATUTES = 20
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
    (
        r"유기견|동물|학대|목줄|입마개|맹견|반려견|개\s?주인|\b(?:dogs?|animals?|leash|muzzle)\b",
        "동물 보호",
        "animal protection",
    ),
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


def _fitted(retriever: Retriever, name: str) -> Any:
    """The fitted retriever's index part ``name`` (``docs``, ``vocab``, ``idf``)."""
    retriever._check_fitted()
    return getattr(retriever, f"{name}_")


def _idf(retriever: Retriever, term: str, unknown: float) -> float:
    i = _fitted(retriever, "vocab").get(term)
    return float(_fitted(retriever, "idf")[i]) if i is not None else unknown


def _terms_of(hit: Hit) -> set[str]:
    return {t.form for t in tokens(f"{hit.title}\n{hit.text}")}


def _heading_terms(hit: Hit) -> set[str]:
    return {t.form for t in tokens(f"{hit.meta.get('law', '')} {hit.meta.get('heading', '')}")}


_LAWS: weakref.WeakKeyDictionary = weakref.WeakKeyDictionary()


def _law_of_rows(retriever: Retriever) -> np.ndarray:
    """The act of each indexed document ("" for one that is not a statute), cached per retriever."""
    cached = _LAWS.get(retriever)
    if cached is None or len(cached) != len(retriever):
        docs = _fitted(retriever, "docs")
        cached = np.array([d.meta.get("law", "") if d.meta.get("type") == "statute" else "" for d in docs])
        _LAWS[retriever] = cached
    return cached


def act_affinity(retriever: Retriever, weights: dict[str, float], act: str) -> float:
    """The share of ``weights`` (noun -> weight) that points at ``act``.

    Each noun counts with the share of the statute articles that hold it (in the index: title and
    text) that belong to ``act``; a noun no statute holds counts zero, but stays in the total.

    Example:
        >>> from shared.llm import Document
        >>> r = Retriever.from_documents([
        ...     Document("a/1", "가법 제1조", "도로에 횡단보도를 설치한다.", {"type": "statute", "law": "가법"}),
        ...     Document("b/1", "나법 제1조", "도로 공사 비용을 부담한다.", {"type": "statute", "law": "나법"})])
        >>> act_affinity(r, {"횡단보도": 1.0, "도로": 1.0}, "가법")  # 1 x 1 + 1 x 1/2, of 2
        0.75
        >>> act_affinity(r, {"횡단보도": 1.0, "도로": 1.0, "놀이터": 2.0}, "나법")  # 1 x 1/2, of 4
        0.125
    """
    total = sum(weights.values())
    vocab = _fitted(retriever, "vocab")
    known = [t for t in weights if t in vocab]
    if not total or not known:
        return 0.0
    laws = _law_of_rows(retriever)
    present = retriever.weights[:, [vocab[t] for t in known]].tocsr() != 0
    everywhere = np.asarray(present[np.flatnonzero(laws != "")].sum(axis=0)).ravel()
    in_act = np.asarray(present[np.flatnonzero(laws == act)].sum(axis=0)).ravel()
    share = np.divide(in_act, everywhere, out=np.zeros(len(known)), where=everywhere > 0)
    return float(sum(weights[t] * s for t, s in zip(known, share, strict=True)) / total)


@dataclass(frozen=True)
class Candidate:
    """One act among the best statute hits: its features and its best articles (at most three)."""

    act: str
    features: dict[str, float]
    hits: tuple[Hit, ...]


def candidates(
    retriever: Retriever, terms: tuple[Counter, Counter], statutes: list[Hit], text: str
) -> list[Candidate]:
    """Every act among the :data:`TOP_STATUTES` best ``statutes`` (best first), with its features.

    ``terms`` is what :func:`query_terms` returns for the query and ``text`` is the complaint in
    Korean (an English one through the glossary), whose words are matched with the act names.

    Example:
        >>> from shared.llm import Document
        >>> r = Retriever.from_documents([
        ...     Document("a/1", "가법 제1조", "도로에 횡단보도를 설치한다.", {"type": "statute", "law": "가법"}),
        ...     Document("b/1", "나법 제1조", "도로 공사 비용을 부담한다.", {"type": "statute", "law": "나법"})])
        >>> query = "횡단보도를 설치해 주세요"
        >>> [c.act for c in candidates(r, query_terms(query), statute_hits(r, query), query)]
        ['가법']
    """
    bag, nouns = terms
    n = len(retriever)
    unknown_idf = math.log1p((n + 0.5) / 0.5)
    weight = {t: _idf(retriever, t, unknown_idf) for t in bag}
    total = sum(weight.values())
    top = [h for h in statutes[:TOP_STATUTES] if h.score > 0]
    if not total or not top:
        return []
    vocab = _fitted(retriever, "vocab")
    unknown = sum(w for t, w in weight.items() if t not in vocab) / total
    key_weight = {t: c * _idf(retriever, t, unknown_idf) for t, c in nouns.items()}
    key = sorted(key_weight, key=lambda t: -key_weight[t])[:KEY_TERMS]
    key_total = sum(key_weight[t] for t in key) or 1.0
    names = act_names(retriever)
    elsewhere = names.best_elsewhere(text)[1]
    by_act: dict[str, list[tuple[int, Hit]]] = defaultdict(list)
    for i, h in enumerate(top):
        by_act[h.meta.get("law", "")].append((i, h))
    out = []
    for act, ranked in by_act.items():
        first, best = ranked[0][0], ranked[0][1].score
        runner_up = max((h.score for h in top if h.meta.get("law", "") != act), default=0.0)
        chosen = [h for _, h in ranked if h.score >= 0.5 * best][:3]
        covered: set[str] = set().union(*(_terms_of(h) for h in chosen))
        headed: set[str] = set().union(*(_heading_terms(h) for h in chosen))
        values = {
            "key": sum(key_weight[t] for t in key if t in covered) / key_total,
            "margin": (best - runner_up) / best,
            "affinity": act_affinity(retriever, key_weight, act),
            "name": names.match(act, text),
            "name_other": elsewhere,
            "coverage": sum(w for t, w in weight.items() if t in covered) / total,
            "rank": 1.0 / (1 + first),
            "heading": sum(w for t, w in weight.items() if t in headed) / total,
            "unknown": unknown,
        }
        out.append(Candidate(act, values, tuple(chosen)))
    return out


def best_candidate(
    found: list[Candidate], weights: dict[str, float] | None = None, bias: float | None = None
) -> tuple[Candidate | None, float]:
    """The most probable candidate under the logistic score, and its probability ((None, 0) for none)."""
    if not found:
        return None, 0.0
    scored = [(logistic(c.features, weights, bias), c) for c in found]
    p, best = max(scored, key=lambda pc: pc[0])
    return best, p


def expanded(query: str) -> tuple[str, str]:
    """``query`` with the statutes' words for its everyday words added, and its Korean search text.

    Example:
        >>> expanded("구청에 쓰레기 투기를 신고했습니다")[0]
        '구청에 쓰레기 투기를 신고했습니다 지방자치단체 폐기물'
    """
    korean = query if is_korean(query) else korean_terms(query)[0]
    extra = statute_words(korean)
    if not extra:
        return query, korean
    return f"{query} {extra}", f"{korean} {extra}"


def query_candidates(retriever: Retriever, query: str) -> tuple[list[Candidate], Counter]:
    """The candidate acts for ``query`` (read with :func:`expanded`) and its search words.

    What :func:`ground` decides on and what :mod:`shared.llm.grounding_eval` calibrates on.
    """
    query, search_text = expanded(query)
    terms = query_terms(query)
    hits = statute_hits(retriever, search_text) if search_text.strip() else []
    return candidates(retriever, terms, hits, search_text), terms[0]


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
    found_acts, bag = query_candidates(retriever, query)
    best, score = best_candidate(found_acts, weights, bias)
    grounded = best is not None and score >= floor
    found = topics(retriever, bag)
    return Grounding(
        basis=best.hits if grounded and best else (),
        grounded=grounded,
        score=score,
        floor=floor,
        act=best.act if grounded and best else "",
        candidates=best.hits if best else (),
        features=dict(best.features) if best else {},
        topics=found,
        law_kind=law_kind(query, found),
    )


def weights_array(weights: dict[str, float]) -> np.ndarray:
    """The weights in :data:`FEATURES` order (for fitting and reports)."""
    return np.array([weights[k] for k in FEATURES], dtype=float)
