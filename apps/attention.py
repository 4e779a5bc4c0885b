"""What needs attention now: the dashboard's short lists, computed through the sectors' public APIs.

Each function returns a small table for one sector from the bundled data (or the data folder when
``CIVIC_DATA_DIR`` holds it); the dashboard caches them and only draws. Nothing here trains a
neural network: traffic uses the time-of-day average forecaster (fitted in a fraction of a second),
floods use the same small LightGBM the Disaster page builds once per server, blind spots come from
the committed welfare benchmark (one million synthetic households), and complaint topics from the
law each bundled example complaint is about.

Example:
    >>> frame = blind_spot_regions({"tables": {"blind_spots_by_province": {
    ...     "columns": ["province", "blind_spots", "blind_spot_rate"], "index": [0, 1],
    ...     "data": [["서울특별시", 10, 0.05], ["부산광역시", 30, 0.07]]}}}, top=1)
    >>> frame["province"].tolist(), frame["blind_spots"].tolist()
    (['부산광역시'], [30])
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from typing import Any

import pandas as pd

KMH_PER_MPH = 1.609344


@dataclass(frozen=True)
class Attention:
    """One sector's list: its rows, the moment it describes, and how it was computed (both languages)."""

    rows: pd.DataFrame
    as_of: str
    how_ko: str
    how_en: str


def congestion_soon(top: int = 5) -> Attention:
    """Sensors of the bundled traffic sample expected to congest within the hour after its last reading.

    Uses the time-of-day average forecaster (``historical_average``): cheap to fit and honest about
    recurring rush hours; the Traffic page shows the trained network's forecast.
    """
    from sectors.traffic import (
        BUNDLED_SAMPLE,
        TrafficForecaster,
        congestion_alerts,
        free_flow_speed,
        load_network,
    )

    ds = load_network(BUNDLED_SAMPLE)
    forecaster = TrafficForecaster("historical_average").fit(ds)
    times = pd.DatetimeIndex(ds.time.values)
    issue = times[-1]
    forecast = forecaster.predict(ds, at=[issue])
    sensors = [str(s) for s in ds.sensor.values]
    now = pd.Series(
        ds.speed.sel(time=issue).to_numpy().astype(float), index=[str(s) for s in ds.sensor.values]
    )
    alerts = congestion_alerts(forecast, now=now.reindex(sensors), free_flow=free_flow_speed(ds))
    rows = pd.DataFrame(
        {
            "sensor": alerts["sensor"].astype(str),
            "minutes_until": alerts["minutes_until"].astype(int),
            "now_kmh": alerts["now"] * KMH_PER_MPH,
            "forecast_kmh": alerts["lowest_forecast"] * KMH_PER_MPH,
        }
    ).head(top)
    return Attention(
        rows.reset_index(drop=True),
        issue.strftime("%Y-%m-%d %H:%M"),
        "내장 표본(로스앤젤레스 207개 센서)의 마지막 관측 시각 기준, 시간대별 평균 흐름으로 본 1시간 안의 정체 예상 "
        "(평소 속도의 60% 아래).",
        "From the last reading of the bundled sample (207 Los Angeles sensors), using the usual pattern for "
        "the time of day: below 60% of the sensor's free-flow speed within the hour.",
    )


def flood_basins(data_dir: str | None = None, top: int = 3) -> Attention:
    """Basins with the highest flood probability on the latest forecast day (the Disaster page's model)."""
    from sectors.disaster.demo import basin_risk, demo_model
    from sectors.disaster.flood.output import lead_days

    demo = demo_model("flood", data_dir)
    day = pd.Timestamp(pd.DatetimeIndex(demo.forecast["issue_time"].values).max())
    risk = basin_risk(demo, day).sort_values("p_max", ascending=False).head(top)
    rows = pd.DataFrame(
        {
            "basin": [f"{n}" for n in risk["name"].astype(str)],
            "chance": risk["p_max"].astype(float).fillna(0.0).to_numpy(),
            "flow": risk["flow_lead1"].astype(float).to_numpy(),
            "threshold": risk["threshold"].astype(float).to_numpy(),
        }
    )
    n = int(demo.ds.sizes["basin"])
    last = max(lead_days(demo.forecast))
    bundled = demo.origin == "bundled"
    source_ko = f"내장 표본(미국 {n}개 유역)" if bundled else f"데이터 폴더의 {n}개 유역 자료"
    source_en = f"the bundled sample ({n} US basins)" if bundled else f"the {n} basins in the data folder"
    return Attention(
        rows,
        day.strftime("%Y-%m-%d"),
        f"{source_ko}의 마지막 예보일에 1~{last}일 안에 홍수 기준 유량을 넘을 확률.",
        f"Chance of flow above the flood threshold within 1-{last} days, on the last forecast day of {source_en}.",
    )


def blind_spot_regions(report: dict[str, Any] | None, top: int = 3) -> pd.DataFrame:
    """Provinces with the most blind-spot households, from the welfare benchmark report's table."""
    table = ((report or {}).get("tables") or {}).get("blind_spots_by_province")
    if not table:
        return pd.DataFrame(columns=["province", "blind_spots", "blind_spot_rate"])
    frame = pd.DataFrame(table["data"], columns=table["columns"])
    frame = frame.sort_values("blind_spots", ascending=False).head(top)
    return frame[["province", "blind_spots", "blind_spot_rate"]].reset_index(drop=True)


def complaint_topics(top: int = 3) -> pd.DataFrame:
    """The acts the bundled example complaints are about (the law of each one's best-matching article)."""
    from shared.llm.corpus import corpus_retriever, example_complaints

    retriever = corpus_retriever()
    laws: Counter[tuple[str, str]] = Counter()
    for complaint in example_complaints():
        hits = retriever.search(complaint["text"], k=10)
        statutes = [h for h in hits if h.meta.get("type") == "statute" and h.meta.get("law")]
        # Only count a law when it is among the five best sources; otherwise the match is too weak.
        if statutes and statutes[0].rank <= 5:
            laws[(str(statutes[0].meta["law"]), _english_act(statutes[0].doc_id))] += 1
    return pd.DataFrame(
        [(ko, en, n) for (ko, en), n in laws.most_common(top)], columns=["law", "law_en", "complaints"]
    )


def _english_act(doc_id: str) -> str:
    """The act's English name from its article id ("official-information-disclosure-act/18")."""
    words = doc_id.split("/", 1)[0].split("-")
    small = {"and", "of", "on", "the", "for", "in"}
    return " ".join(w if (w in small and i) else w.capitalize() for i, w in enumerate(words))
