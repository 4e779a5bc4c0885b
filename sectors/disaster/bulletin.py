"""The disaster risk bulletin through the shared LLM service layer (redaction, citations, audit).

The points come from the forecasts (:func:`sectors.disaster.demo.bulletin_points`: the basins most at
risk of flooding, the typhoon's strike chances); each point is a forecast document, the bulletin cites
it ``[n]`` and states only its numbers, and :func:`shared.llm.service.write` redacts, checks and
audits the call (the configured private server rewrites it under the same checks).

Example:
    >>> import tempfile
    >>> from shared.llm import AuditLog
    >>> note = risk_bulletin(["A river has a 60% chance of flow above its flood threshold within 3 days."],
    ...                      title="Risk bulletin", lang="en", audit=AuditLog(tempfile.mkdtemp() + "/a.jsonl"))
    >>> note.section("risks").text
    '- A river has a 60% chance of flow above its flood threshold within 3 days. [1]'
"""

from __future__ import annotations

from collections.abc import Sequence

from shared.llm import AuditLog, Document, Retriever
from shared.llm.service import Note, write

PURPOSE = "disaster.bulletin"
HEADINGS = (
    ("risks", "위험 예보", "Forecast risks"),
    ("advice", "안내", "Advice"),
)


def risk_bulletin(
    points: Sequence[str],
    *,
    title: str = "",
    note: str = "",
    lang: str = "ko",
    backend=None,
    audit: AuditLog | None = None,
    user: str | None = None,
) -> Note:
    """The bulletin for ``points`` (each a forecast statement, cited as its own document).

    ``note`` is the duty officer's free text (redacted with the rest before anything leaves the process).
    """
    ko = lang == "ko"
    cleaned = [" ".join(str(p).split()) for p in points if str(p).strip()]
    docs = [
        Document(f"forecast/{i}", f"{title or ('예측' if ko else 'Forecast')} {i}", p, {"type": "forecast"})
        for i, p in enumerate(cleaned, start=1)
    ]
    sources = []
    if docs:
        retriever = Retriever.from_documents(docs)
        ranked = {h.doc_id: h for h in retriever.search(" ".join(cleaned), k=len(docs))}
        sources = [ranked[d.id] for d in docs]
    lines = [f"- {p}{'' if p.endswith(('.', '다')) else '.'} [{i}]" for i, p in enumerate(cleaned, start=1)]
    if not lines:
        lines = ["- 현재 예보된 위험이 없습니다." if ko else "- No risk is forecast now."]
    texts = {
        "risks": "\n".join(lines),
        "advice": "하천 주변과 해안 저지대에서는 기상 특보와 지자체 안내에 따라 주십시오. 예측은 참고용입니다."
        if ko
        else "Near rivers and low-lying coasts, follow the weather warnings and the local government's advice. "
        "Forecasts are a guide.",
    }
    if note.strip():
        texts["advice"] += (" 담당자 메모: " if ko else " Duty officer's note: ") + " ".join(note.split())
    return write(
        PURPOSE,
        texts,
        HEADINGS,
        sources,
        lang=lang,
        facts=[note],
        instruction=f"Write a short public disaster risk bulletin{': ' + title if title else ''}.",
        backend=backend,
        audit=audit,
        user=user,
    )
