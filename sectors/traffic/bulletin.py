"""A congestion bulletin for the sensors expected to congest, through the shared LLM service layer.

Input is what :func:`sectors.traffic.congestion_alerts` returns for one forecast (sensor, speed now,
lowest forecast, congestion line, minutes until, and lat/lon when known). Each alert becomes a
forecast document, and the congestion rule one more (:func:`forecast_documents`); the bulletin cites
them ``[n]`` and states only their numbers (speeds in the unit asked for, minutes, the issue time).
:func:`shared.llm.service.write` redacts it (an operator's note may carry a name or a phone number),
checks citations and numbers, writes one audit record, and lets the configured private server
rewrite it under the same checks.

Example:
    >>> import tempfile, pandas as pd
    >>> from shared.llm import AuditLog
    >>> alerts = pd.DataFrame({"sensor": ["717490"], "now": [61.0], "lowest_forecast": [30.2],
    ...                        "congestion_line": [38.4], "minutes_until": [15.0]})
    >>> note = congestion_bulletin(alerts, pd.Timestamp("2012-06-01 08:00"), lang="en",
    ...                            audit=AuditLog(tempfile.mkdtemp() + "/a.jsonl"))
    >>> "717490" in note.section("sensors").text, [h.doc_id for h in note.cited()][-1]
    (True, 'forecast/717490')
"""

from __future__ import annotations

import pandas as pd

from shared.llm import AuditLog, Document, Retriever
from shared.llm.retrieval import Hit
from shared.llm.service import Note, number_of, write

PURPOSE = "traffic.bulletin"
HEADINGS = (
    ("summary", "교통 정체 예보", "Congestion forecast"),
    ("sensors", "정체가 예상되는 지점", "Where congestion is expected"),
    ("advice", "안내", "Advice"),
)
RULE_ID = "rule/congestion"
MAX_SENSORS = 5


def forecast_documents(
    alerts: pd.DataFrame, issued: pd.Timestamp, *, unit: str = "mph", factor: float = 1.0, ratio: float = 0.6
) -> list[Document]:
    """The congestion rule, then one document per alert (speeds times ``factor``, in ``unit``).

    Example:
        >>> alerts = pd.DataFrame({"sensor": ["a"], "now": [60.0], "lowest_forecast": [30.0],
        ...                        "congestion_line": [36.0], "minutes_until": [10.0]})
        >>> forecast_documents(alerts, pd.Timestamp("2012-06-01 08:00"))[1].text.split(". ")[0]
        '센서 a, 2012-06-01 08:00 발표 예측'
    """
    when = pd.Timestamp(issued).strftime("%Y-%m-%d %H:%M")
    pct = f"{ratio * 100:.0f}"
    docs = [
        Document(
            RULE_ID,
            "정체 판정 기준 (congestion rule)",
            f"정체: 예측 속도 중앙값이 자유 흐름 속도(관측 속도의 85번째 백분위수)의 {pct}% 아래로 떨어지는 것. "
            "지금 정체가 아닌 지점만, 앞으로 1시간 안을 예보합니다. "
            f"Congested: the median forecast speed below {pct}% of the free-flow speed (the 85th percentile of "
            "observed speeds); only places not congested now are announced.",
            {"type": "rule"},
        )
    ]
    for row in alerts.to_dict("records"):
        where = (
            f" (위도 {row['lat']:.3f}, 경도 {row['lon']:.3f})"
            if pd.notna(row.get("lat")) and pd.notna(row.get("lon"))
            else ""
        )
        now, low, line = (float(row[c]) * factor for c in ("now", "lowest_forecast", "congestion_line"))
        minutes = f"{float(row['minutes_until']):.0f}"
        docs.append(
            Document(
                f"forecast/{row['sensor']}",
                f"센서 {row['sensor']} 예측 ({when})",
                f"센서 {row['sensor']}, {when} 발표 예측. 위치{where or ': 미상'}. 현재 속도 {now:.0f} {unit}, "
                f"{minutes}분 뒤 정체 기준 {line:.0f} {unit} 아래로 떨어지고 1시간 안 최저 {low:.0f} {unit}. "
                f"Sensor {row['sensor']}, forecast issued {when}: {now:.0f} {unit} now, below the congestion line of "
                f"{line:.0f} {unit} in {minutes} min, lowest {low:.0f} {unit} within the hour.",
                {"type": "forecast", "sensor": str(row["sensor"])},
            )
        )
    return docs


def _fetch(retriever: Retriever, query: str, doc_id: str) -> Hit | None:
    return next((h for h in retriever.search(query, k=len(retriever)) if h.doc_id == doc_id), None)


def congestion_bulletin(
    alerts: pd.DataFrame,
    issued: pd.Timestamp,
    *,
    unit: str = "mph",
    factor: float = 1.0,
    network: str = "",
    note: str = "",
    max_sensors: int = MAX_SENSORS,
    lang: str = "ko",
    backend=None,
    audit: AuditLog | None = None,
    user: str | None = None,
) -> Note:
    """The bulletin for the soonest ``max_sensors`` alerts of one forecast issued at ``issued``.

    ``unit`` and ``factor`` convert the forecast's speeds for the reader (the page shows km/h in Korean:
    ``factor`` = 1.609344). ``note`` is the operator's free text (redacted with the rest). With no alert
    the bulletin says that no new congestion is expected within the hour.
    """
    ko = lang == "ko"
    shown = alerts.sort_values(["minutes_until", "lowest_forecast"]).head(max_sensors)
    retriever = Retriever.from_documents(forecast_documents(shown, issued, unit=unit, factor=factor))
    sources = [_fetch(retriever, "정체 판정 기준 자유 흐름 속도 congestion rule", RULE_ID)]
    for sensor in shown["sensor"]:
        sources.append(_fetch(retriever, f"센서 {sensor} 정체 예측", f"forecast/{sensor}"))
    sources = [h for h in sources if h is not None]
    when = pd.Timestamp(issued).strftime("%Y-%m-%d %H:%M")
    r = number_of(sources, RULE_ID)
    count = len(shown)
    place = f"{network} " if network else ""
    texts = {}
    if ko:
        texts["summary"] = (
            f"{when} 발표: 앞으로 1시간 안에 {place}센서 {count}곳에서 정체가 시작될 것으로 예상됩니다 [{r}]."
            if count
            else f"{when} 발표: 앞으로 1시간 안에 {place}새로 정체될 것으로 예상되는 지점이 없습니다 [{r}]."
        )
    else:
        texts["summary"] = (
            f"Issued {when}: congestion is expected to start at {count} {place}sensor(s) within the hour [{r}]."
            if count
            else f"Issued {when}: no new congestion is expected on the {place}network within the hour [{r}]."
        )
    lines = []
    for row in shown.to_dict("records"):
        i = number_of(sources, f"forecast/{row['sensor']}")
        now, low, line = (float(row[c]) * factor for c in ("now", "lowest_forecast", "congestion_line"))
        m = f"{float(row['minutes_until']):.0f}"
        lines.append(
            f"- 센서 {row['sensor']}: {m}분 뒤부터 정체 기준({line:.0f} {unit}) 아래, 현재 {now:.0f} {unit}에서 최저 {low:.0f} {unit}까지 [{i}]"
            if ko
            else f"- Sensor {row['sensor']}: below the congestion line ({line:.0f} {unit}) in {m} min, from {now:.0f} {unit} now "
            f"down to {low:.0f} {unit} [{i}]"
        )
    texts["sensors"] = "\n".join(lines) if lines else ("- 없음" if ko else "- none")
    texts["advice"] = (
        "해당 구간을 지나실 분은 출발 시간을 조정하거나 우회 경로를 이용해 주십시오. 예측은 참고용이며 실제 교통 상황과 다를 수 있습니다."
        if ko
        else "If you travel through these places, consider leaving at another time or taking another route. "
        "Forecasts are a guide and may differ from actual traffic."
    )
    if note.strip():
        texts["advice"] += (" 담당자 메모: " if ko else " Operator's note: ") + " ".join(note.split())
    return write(
        PURPOSE,
        texts,
        HEADINGS,
        sources,
        lang=lang,
        facts=[str(count), when, note],  # the count and the issue time are the forecast's own
        instruction="Write a short public traffic congestion bulletin.",
        backend=backend,
        audit=audit,
        user=user,
    )
