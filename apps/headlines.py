"""Each section's benchmark result in one plain sentence, with its baseline and measurement date.

The dashboard reads the committed reports (``apps/results/*.json``, written by ``civic bench --json``)
and turns the model-versus-baseline rows into words a policymaker reads without knowing the metric:
"forecasts speed an hour ahead within 6.7 km/h, 18% closer than yesterday's pattern". Nothing is
computed here but ratios of numbers already in the report; a report without the rows needed gets
``None`` and the dashboard says no measurement is available.

Example:
    >>> report = {"created": "2026-11-26T10:16:58+00:00", "headline": {"model": "civic_stid"},
    ...           "rows": [{"model": "civic_stid", "mae_h12": 4.0}, {"model": "seasonal_naive", "mae_h12": 5.0}]}
    >>> plain = plain_headline("traffic", report)
    >>> plain.better_pct, plain.measured
    (20.0, '2026-11-26')
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

KMH_PER_MPH = 1.609344


@dataclass(frozen=True)
class PlainHeadline:
    """A section's result in words: what the model does, how much better than the simple way, and when."""

    sentence_ko: str
    sentence_en: str
    baseline_ko: str
    baseline_en: str
    better_pct: float  # how much better than the baseline, in percent (negative: worse)
    measured: str  # YYYY-MM-DD
    help_ko: str = ""
    help_en: str = ""


def _row(rows: list[dict[str, Any]], model: str, **where: str) -> dict[str, Any] | None:
    for row in rows:
        if row.get("model") == model and all(row.get(k) == v for k, v in where.items()):
            return row
    return None


def _value(row: dict[str, Any] | None, metric: str) -> float | None:
    if row is None:
        return None
    value = row.get(metric)
    if isinstance(value, (int, float)) and value == value:  # not NaN
        return float(value)
    return None


def _pct(text: float) -> str:
    return f"{text:.0f}%"


def _traffic(rows: list[dict[str, Any]], model: str) -> tuple | None:
    ours = _value(_row(rows, model), "mae_h12")
    base = _value(_row(rows, "seasonal_naive"), "mae_h12")
    if ours is None or base is None or base <= 0:
        return None
    better = 100.0 * (base - ours) / base
    km, base_km = ours * KMH_PER_MPH, base * KMH_PER_MPH
    return (
        f"도로 센서마다 1시간 뒤 속도를 평균 {km:.1f} km/h 오차로 예측합니다. "
        f"전날 같은 시각의 흐름을 그대로 쓰는 방법보다 오차가 {_pct(better)} 적습니다.",
        f"Forecasts the speed at every road sensor one hour ahead within {km:.1f} km/h "
        f"({ours:.1f} mph) on average, {_pct(better)} closer than repeating yesterday's pattern.",
        f"기준: 전날 같은 시각 값 (오차 {base_km:.1f} km/h)",
        f"Baseline: same time yesterday (off by {base_km:.1f} km/h)",
        better,
        "로스앤젤레스 고속도로 207개 센서 공개 자료(METR-LA)의 시험 기간 평균.",
        "Average over the test period of the public Los Angeles freeway data (METR-LA, 207 sensors).",
    )


def _disaster(rows: list[dict[str, Any]], model: str) -> tuple | None:
    ours = _value(_row(rows, model, task="flood", split="temporal"), "nse_lead1")
    base = _value(_row(rows, "persistence", task="flood", split="temporal"), "nse_lead1")
    if ours is None or base is None or base >= 1:
        return None
    # NSE = 1 - squared error / variance, so the squared-error ratio is (1 - ours) / (1 - base).
    better = 100.0 * (1 - (1 - ours) / (1 - base))
    return (
        "하천 유역마다 내일의 유량과 홍수 확률을 예측합니다. "
        f"'내일도 오늘과 같다'고 보는 방법보다 오차가 {_pct(better)} 적습니다.",
        "Forecasts tomorrow's river flow and flood chance for each basin, "
        f"with {_pct(better)} less error than assuming tomorrow equals today.",
        "기준: 오늘 유량 그대로",
        "Baseline: today's flow carried forward",
        better,
        f"미국 15개 유역(CAMELS) 시험 기간. 하루하루 유량 변화의 {ours:.0%}를 설명합니다 "
        f"(오늘 유량 그대로: {base:.0%}). 오차는 제곱 오차 기준.",
        f"15 US basins (CAMELS), test period. Explains {ours:.0%} of the day-to-day variation in flow "
        f"(today's flow carried forward: {base:.0%}). Error means squared error.",
    )


def _finance(rows: list[dict[str, Any]], model: str) -> tuple | None:
    ours = _value(_row(rows, model), "map@7")
    base = _value(_row(rows, "popularity"), "map@7")
    if ours is None or base is None or base <= 0:
        return None
    better = 100.0 * (ours - base) / base
    return (
        "고객이 다음 달 새로 가입할 금융 상품을 추천합니다. "
        f"모두에게 인기 상품을 권하는 방법보다 실제 가입 상품을 {_pct(better)} 더 위에 올립니다.",
        "Recommends the financial products a customer is likely to add next month, ranking the ones "
        f"they actually add {_pct(better)} higher than offering everyone the most popular products.",
        "기준: 인기 상품 순 추천",
        "Baseline: most popular products for everyone",
        better,
        "통계에 맞춰 생성한 고객 자료로 측정 (실제 고객 자료 아님). 점수는 상위 7개 추천의 적중 순위.",
        "Measured on a generated customer panel (not real customers); the score rewards hits near the "
        "top of the first seven suggestions.",
    )


def _welfare(rows: list[dict[str, Any]], model: str) -> tuple | None:
    ours = _value(_row(rows, "lambdarank", task="rank"), "ndcg@5")
    base = _value(_row(rows, "popularity", task="rank"), "ndcg@5")
    extraction = _row(rows, "rules-kiwi", task="extract:all")
    precision = _value(extraction, "precision")
    if ours is None or base is None or base <= 0 or precision is None:
        return None
    better = 100.0 * (ours - base) / base
    return (
        "복지 서비스 안내문에서 나이·소득·가구 조건을 읽어 가구가 받을 수 있는 서비스를 먼저 알려 줍니다. "
        f"찾아낸 조건의 {precision:.0%}가 정확하고, 많이 받는 서비스 순서보다 {_pct(better)} 잘 고릅니다.",
        "Reads age, income and household conditions from service notices and tells a household what "
        f"it qualifies for before it asks; {precision:.0%} of the conditions it finds are right, and it "
        f"ranks services {_pct(better)} better than listing the most-received ones.",
        "기준: 많이 받는 서비스 순",
        "Baseline: most-received services first",
        better,
        "조건 정확도는 사람이 확인한 표본, 순위는 모의 가구의 수급 모형으로 측정.",
        "Condition accuracy on a hand-checked sample; ranking on synthetic households' simulated take-up.",
    )


def _employment(rows: list[dict[str, Any]], model: str) -> tuple | None:
    ours = _value(_row(rows, model), "ndcg@10")
    base = _value(_row(rows, "tfidf"), "ndcg@10")
    if ours is None or base is None or base <= 0:
        return None
    better = 100.0 * (ours - base) / base
    return (
        "구직자의 경력에 맞는 직업과 부족한 역량을 채울 훈련을 찾습니다. "
        f"직무 설명의 단어 겹침으로 찾는 방법보다 관련 직업을 {_pct(better)} 더 잘 찾습니다.",
        "Finds the occupations that fit a job seeker's experience and the training that closes the gap; "
        f"it finds related occupations {_pct(better)} better than matching words in job descriptions.",
        "기준: 단어 겹침 검색",
        "Baseline: word-overlap search",
        better,
        "O*NET 직업 자료에서 학습에 쓰지 않은 직업군으로 측정 (상위 10개 순위 품질).",
        "Measured on O*NET occupation groups held out from training (quality of the top ten).",
    )


def _llm(rows: list[dict[str, Any]], model: str) -> tuple | None:
    ours_row = _row(rows, model) or next((r for r in rows if "default" in str(r.get("model"))), None)
    ours = _value(ours_row, "recall@5")
    base = _value(next((r for r in rows if "baseline" in str(r.get("model"))), None), "recall@5")
    if ours is None or base is None or base <= 0:
        return None
    better = 100.0 * (ours - base) / base
    return (
        f"민원을 요약하고 근거 법령을 찾아 답변 초안을 씁니다. 질문 {ours:.0%}에서 맞는 조문을 상위 5건 안에 "
        f"찾아, 띄어쓰기 단위 검색({base:.0%})보다 {_pct(better)} 많이 찾습니다.",
        f"Summarises complaints, finds the legal basis and drafts replies; it finds the right article "
        f"in the top five for {ours:.0%} of questions, {_pct(better)} more often than plain word search ({base:.0%}).",
        "기준: 띄어쓰기 단위 단어 검색",
        "Baseline: plain word search",
        better,
        "KoBLEX 법령 질의 공개 자료로 측정.",
        "Measured on the public KoBLEX statute questions.",
    )


_BUILDERS: dict[str, Callable[[list[dict[str, Any]], str], tuple | None]] = {
    "traffic": _traffic,
    "disaster": _disaster,
    "finance": _finance,
    "welfare": _welfare,
    "employment": _employment,
    "llm": _llm,
}


def plain_headline(key: str, report: dict[str, Any] | None) -> PlainHeadline | None:
    """The plain-words headline of section ``key`` from its benchmark report; None when it lacks the rows."""
    if not report or key not in _BUILDERS:
        return None
    rows = [r for r in report.get("rows", []) if isinstance(r, dict)]
    model = str((report.get("headline") or {}).get("model", ""))
    built = _BUILDERS[key](rows, model)
    if built is None:
        return None
    sentence_ko, sentence_en, baseline_ko, baseline_en, better, help_ko, help_en = built
    return PlainHeadline(
        sentence_ko,
        sentence_en,
        baseline_ko,
        baseline_en,
        better,
        str(report.get("created", ""))[:10],
        help_ko,
        help_en,
    )
