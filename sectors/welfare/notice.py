"""The notice to a household (신청 안내): the service, why the household qualifies, the criteria, how to apply.

The notice is drafted from one row of :func:`sectors.welfare.match` (the service, the conditions the
household met with their readings, the rule and its legal source for a national programme) and from the
service's own catalogue text: its overview, target, selection criteria and benefit, each a document
(:func:`service_documents`), plus where and how to apply (the agency, online application on Bokjiro or
the local community centre, the Bokjiro page). The criteria are quoted from the retrieved catalogue
text and cited ``[n]``; everything goes through :func:`shared.llm.service.write` (redaction of the
recipient line and anything else identifying, citations and numbers checked against what was
retrieved and the household's own facts, one audit record per call, the configured private server
when there is one).

Example:
    >>> import tempfile
    >>> from shared.llm import AuditLog
    >>> row = {"item_id": "WLF00001164", "service": "기초연금", "eligible": True, "rule": "기초연금 (기초연금법 제3조)",
    ...        "conditions": [{"kind": "age", "reading": "만 65세 이상 가구원: 있음 (가구원 나이 70세)",
    ...                        "status": True, "source": "기초연금법 제3조제1항", "field": "법령·고시"}]}
    >>> note = draft_household_notice(row, audit=AuditLog(tempfile.mkdtemp() + "/a.jsonl"))
    >>> note.section("service").text.startswith("기초연금")
    True
"""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path
from typing import Any

import pandas as pd

from sectors.welfare.catalogue import load_catalogue
from shared.llm import AuditLog, Document, Retriever
from shared.llm.retrieval import Hit
from shared.llm.service import Note, number_of, quote, retrieve, unmarked, write

PURPOSE = "welfare.notice"
HEADINGS = (
    ("service", "안내 서비스", "The service"),
    ("why", "받으실 수 있는 이유", "Why your household qualifies"),
    ("criteria", "선정 기준 (서비스 안내문)", "Criteria (from the service's own text)"),
    ("apply", "신청 방법", "How to apply"),
)
#: Catalogue fields that become documents: (column, Korean label, English label).
FIELDS = (
    ("summary", "서비스 개요", "overview"),
    ("target_text", "지원 대상", "who is covered"),
    ("criteria_text", "선정 기준", "selection criteria"),
    ("benefit_text", "지원 내용", "benefit"),
    ("description", "사업 설명", "description"),
)
BOKJIRO = "복지로(www.bokjiro.go.kr)"


def _text(value: Any) -> str:
    return "" if value is None or (isinstance(value, float) and pd.isna(value)) else str(value).strip()


def service_documents(record: Mapping[str, Any]) -> list[Document]:
    """The service's catalogue text as documents (one per field), and how to apply.

    Example:
        >>> docs = service_documents({"service_id": "S1", "service": "기초연금", "agency": "보건복지부",
        ...                           "criteria_text": "연령 : 만 65세이상인 자", "online": "Y"})
        >>> [d.id for d in docs]
        ['S1/criteria_text', 'S1/apply']
    """
    sid, name = str(record["service_id"]), _text(record.get("service"))
    docs = [
        Document(f"{sid}/{col}", f"{name} · {ko}", text, {"type": "catalogue", "service": sid, "field": col})
        for col, ko, _ in FIELDS
        if (text := _text(record.get(col)))
    ]
    agency = _text(record.get("agency")) or "관할 지방자치단체"
    region = _text(record.get("region_field"))
    how = [f"소관 기관: {agency}."]
    if region:
        how.append(f"사업 지역: {region}.")
    flag = _text(record.get("online")).upper()
    if flag in ("Y", "N"):  # the catalogue says nothing either way for some services
        how.append(
            f"온라인 신청: {BOKJIRO}에서 신청할 수 있습니다."
            if flag == "Y"
            else f"온라인 신청: {BOKJIRO} 온라인 신청 대상이 아닙니다."
        )
    how.append("방문 신청: 주민등록 주소지 읍·면·동 행정복지센터(주민센터)에서 신청합니다.")
    if _text(record.get("payment")) or _text(record.get("frequency")):
        how.append(
            f"지급 방식: {_text(record.get('payment')) or '-'}, 지원 주기: {_text(record.get('frequency')) or '-'}."
        )
    if _text(record.get("url")):
        how.append(f"안내 페이지: {_text(record.get('url'))}")
    docs.append(
        Document(
            f"{sid}/apply",
            f"{name} · 신청 방법",
            " ".join(how),
            {"type": "catalogue", "service": sid, "field": "apply"},
        )
    )
    return docs


def rule_document(row: Mapping[str, Any]) -> Document | None:
    """The national programme's rule and the legal source of each condition (None for an extracted service)."""
    rule = _text(row.get("rule"))
    if not rule:
        return None
    sources = list(
        dict.fromkeys(_text(c.get("source")) for c in row.get("conditions") or [] if c.get("source"))
    )
    text = f"{rule}. 조건의 근거: {'; '.join(sources) or rule}."
    return Document(
        f"{row['item_id']}/rule", f"{_text(row.get('service'))} · 선정 규칙", text, {"type": "rule"}
    )


def _catalogue_record(service_id: str, catalogue: pd.DataFrame | None, data_dir: str | Path | None) -> dict:
    frame = load_catalogue(data_dir) if catalogue is None else catalogue
    found = frame[frame["service_id"] == service_id]
    if found.empty:
        raise KeyError(f"service_id {service_id!r} is not in the welfare catalogue (column service_id)")
    return found.iloc[0].to_dict()


def _join(items: list[str], lang: str) -> str:
    return ("; " if lang == "ko" else "; ").join(items)


def draft_household_notice(
    row: Mapping[str, Any] | pd.Series,
    *,
    catalogue: pd.DataFrame | None = None,
    data_dir: str | Path | None = None,
    recipient: str = "",
    lang: str = "ko",
    backend=None,
    audit: AuditLog | None = None,
    user: str | None = None,
) -> Note:
    """The 신청 안내 for one matched service (a row of :func:`sectors.welfare.match`).

    ``catalogue`` is the raw catalogue (:func:`sectors.welfare.load_catalogue`; default: ``data_dir``,
    then CIVIC_DATA_DIR, then the bundled sample). ``recipient`` (a name, an address, a phone number)
    is redacted with the rest before anything leaves the process.
    """
    ko = lang == "ko"
    sid = str(row["item_id"])
    record = _catalogue_record(sid, catalogue, data_dir)
    docs = service_documents(record)
    rule = rule_document(row)
    if rule is not None:
        docs.append(rule)
    retriever = Retriever.from_documents(docs)
    conditions = [c for c in (row.get("conditions") or []) if c.get("status") is not False]
    readings = [unmarked(_text(c.get("reading"))) for c in conditions if _text(c.get("reading"))]
    name = _text(row.get("service")) or _text(record.get("service"))
    asked = " ".join([name, *readings, *(_text(c.get("source")) for c in conditions)])
    criteria = retrieve(
        retriever,
        f"{asked} 지원 대상 선정 기준",
        k=2,
        keep=lambda h: h.meta.get("field") in ("target_text", "criteria_text", "description"),
    )
    sources: list[Hit] = list(criteria)
    overview = retrieve(
        retriever,
        f"{name} 서비스 개요 지원 내용",
        k=1,
        keep=lambda h: h.meta.get("field") in ("summary", "description", "benefit_text"),
    )
    sources += [h for h in overview if h.doc_id not in {s.doc_id for s in sources}]
    if rule is not None:
        sources += [h for h in retriever.search(asked, k=len(docs)) if h.doc_id == rule.id]
    sources += [
        h
        for h in retriever.search("신청 방법 소관 기관 온라인 방문 행정복지센터", k=len(docs))
        if h.doc_id == f"{sid}/apply"
    ]
    n = {h.doc_id: number_of(sources, h.doc_id) for h in sources}
    agency = _text(record.get("agency")) or ("관할 지방자치단체" if ko else "the local government")
    first = [h for h in overview if h.doc_id in n][:1]
    texts: dict[str, str] = {}
    to = (
        f"{recipient.strip()}님께, "
        if ko and recipient.strip()
        else (f"To {recipient.strip()}: " if recipient.strip() else "")
    )
    if ko:
        texts["service"] = f"{to}{name}({agency}) 신청을 안내드립니다."
        if first:
            texts["service"] += f" {quote(first[0].passage)} [{n[first[0].doc_id]}]"
    else:
        texts["service"] = f"{to}this notice is about {name} ({agency}), which your household may apply for."
        if first:
            texts["service"] += f" In the service's words: {quote(first[0].passage)} [{n[first[0].doc_id]}]"
    eligible = row.get("eligible")
    met = [r for c, r in zip(conditions, readings, strict=False) if c.get("status") is True]
    unknown = [unmarked(_text(c.get("reading"))) for c in conditions if c.get("status") is None]
    cite_rule = f" [{n[rule.id]}]" if rule is not None and rule.id in n else ""
    if ko:
        why = (
            f"가구 정보로 확인한 결과 다음 조건을 충족합니다: {_join(met, lang)}.{cite_rule}"
            if met
            else "가구 정보로 확인된 충족 조건이 없습니다."
        )
        if unknown or eligible is None:
            why += f" 다음은 담당자 확인이 필요합니다: {_join(unknown, lang) or '일부 조건'}."
    else:
        why = (
            f"From the household's details, it meets: {_join(met, lang)}.{cite_rule}"
            if met
            else "No condition could be confirmed from the household's details."
        )
        if unknown or eligible is None:
            why += f" To be checked by the caseworker: {_join(unknown, lang) or 'some conditions'}."
    texts["why"] = why
    quoted = [f"{quote(h.passage, 240)} [{n[h.doc_id]}]" for h in criteria]
    if ko:
        texts["criteria"] = (
            "서비스 안내문의 선정 기준: " + " ".join(quoted)
            if quoted
            else "서비스 안내문에 선정 기준 문장이 없습니다."
        )
    else:
        texts["criteria"] = (
            "The criteria in the service's own text (Korean): " + " ".join(quoted)
            if quoted
            else "The service's text states no selection criteria."
        )
    a = n.get(f"{sid}/apply")
    online = _text(record.get("online")).upper() == "Y"
    url = _text(record.get("url"))
    if ko:
        apply = f"{agency} 소관 서비스입니다 [{a}]. "
        apply += (
            f"{BOKJIRO}에서 온라인으로 신청하거나 " if online else ""
        ) + f"주민등록 주소지 읍·면·동 행정복지센터(주민센터)를 방문해 신청하실 수 있습니다 [{a}]."
        if url:
            apply += f" 자세한 안내: {url} [{a}]"
    else:
        apply = (
            f"The service is run by {agency} [{a}]. "
            + (f"Apply online at {BOKJIRO} or " if online else "Apply ")
            + f"in person at the community centre (행정복지센터) of the district where you are registered [{a}]."
        )
        if url:
            apply += f" Details: {url} [{a}]"
    texts["apply"] = apply
    facts = [*readings, *unknown, recipient]
    return write(
        PURPOSE,
        texts,
        HEADINGS,
        sources,
        lang=lang,
        facts=facts,
        instruction="Write a notice telling a household which welfare service it may apply for, why, and how to apply.",
        backend=backend,
        audit=audit,
        user=user,
    )
