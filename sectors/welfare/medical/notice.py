"""Draft the letter that tells a person which public health services are due, through shared.llm.

The letter is built from the ranked services (:func:`sectors.welfare.medical.recommend`) and,
optionally, the risk and its drivers. Each service sentence cites ``[n]``, the rule document
retrieved for it from the rules corpus (:class:`shared.llm.Retriever` over the rules' names, tests
and sources). The letter is written by :func:`shared.llm.service.write`, the path every sector's
text takes: citations and numbers checked against the retrieved rules and the person's own services
and risk. Nothing that could identify the person enters the prompt: no id, no name, only sex, age
and the services; the prompt is still redacted (fail closed), and every draft leaves one audit
record (hash of the redacted prompt, never the text). With a private chat server configured
(``CIVIC_LLM_URL`` ...) the server rewrites the letter; an answer that cites anything not retrieved
is rejected and the template letter is used.

Example:
    >>> import tempfile, pandas as pd
    >>> from sectors.welfare.medical import load_records, recommend
    >>> from shared.llm import AuditLog
    >>> records = load_records()
    >>> pid = next(p for p in records.person_ids if len(recommend(p, records=records)))
    >>> log = AuditLog(tempfile.mkdtemp() + "/audit.jsonl")
    >>> n = draft_notice(records.person(pid), recommend(pid, records=records), audit=log)
    >>> bool(n.sources) and "[1]" in n.text, log.records()[0]["purpose"]
    (True, 'welfare.medical.notice')
"""

from __future__ import annotations

from dataclasses import dataclass, fields
from functools import lru_cache

import pandas as pd

from sectors.welfare.medical.records import PersonRecord
from sectors.welfare.medical.rules import RULES_PATH, load_rules
from shared.llm import AuditLog, Document, Retriever
from shared.llm.retrieval import Hit
from shared.llm.service import Note, write

PURPOSE = "welfare.medical.notice"
SECTIONS = (("services", "받으실 수 있는 서비스", "Services due"), ("risk", "건강 위험 안내", "Health risk"))


@dataclass(frozen=True)
class Notice(Note):
    """The service layer's :class:`shared.llm.service.Note`, whose sources are listed with their address."""

    @property
    def text(self) -> str:
        """The letter as plain text, one heading line per section, then the numbered sources."""
        refs = "\n".join(
            f"[{i}] {h.title} — {h.meta.get('url', '')}" for i, h in enumerate(self.sources, start=1)
        )
        return f"{self.body}\n\n{refs}" if refs else self.body


@lru_cache(maxsize=2)
def rules_retriever(path: str = str(RULES_PATH)) -> Retriever:
    """The rules corpus: one document per rule (name, test, who, and its source)."""
    docs = []
    for r in load_rules(path):
        src = r.source
        text = (
            f"{r.name_ko} ({r.name_en}). {r.test_ko}. {r.test_en}. "
            f"근거: {src['title_ko']} ({src['publisher']}; {src['authority']})."
        )
        docs.append(
            Document(
                f"rule/{r.id}", r.name_ko, text, {"type": "guideline", "url": src["urls"][0], "rule": r.id}
            )
        )
    return Retriever.from_documents(docs)


def _sources_for(services: pd.DataFrame, retriever: Retriever) -> tuple[list[Hit], dict[str, int]]:
    """Retrieve each service's rule document; the citation number of each service."""
    hits: list[Hit] = []
    number: dict[str, int] = {}
    for row in services.itertuples():
        found = [
            h
            for h in retriever.search(f"{row.service_ko} {row.test_ko}", k=5)
            if h.meta.get("rule") == row.item_id
        ]
        if not found:
            continue
        if row.item_id not in {h.meta["rule"] for h in hits}:
            hits.append(found[0])
        number[row.item_id] = 1 + [h.meta["rule"] for h in hits].index(row.item_id)
    return hits, number


def _template(
    person: PersonRecord, services: pd.DataFrame, number: dict[str, int], risk: dict | None, lang: str
):
    ko = lang == "ko"
    lines = []
    for row in services.itertuples():
        if row.item_id not in number:
            continue
        when = (
            ("올해" if ko else "this year")
            if row.status != "upcoming"
            else (f"{row.due_date:%Y-%m-%d}부터" if ko else f"from {row.due_date:%Y-%m-%d}")
        )
        if ko:
            check = " (확인 필요)" if row.status == "check" else ""
            lines.append(
                f"- {row.service_ko}{check}: {row.test_ko}, {when} 대상입니다 ({row.reason_ko}) [{number[row.item_id]}]"
            )
        else:
            check = " (to be confirmed)" if row.status == "check" else ""
            lines.append(
                f"- {row.service_en}{check}: {row.test_en}, {when} ({row.reason_en}) [{number[row.item_id]}]"
            )
    intro = (
        "[수신인]님, 건강 기록에 따라 다음 공공 보건 서비스를 받으실 수 있어 안내드립니다."
        if ko
        else "Dear [RECIPIENT], according to your health record the following public health services are due."
    )
    if not lines:
        lines = ["- 지금 받으실 서비스가 없습니다." if ko else "- No service is due now."]
    texts = {"services": intro + "\n" + "\n".join(lines)}
    if risk is not None:
        drivers = ", ".join(risk.get("drivers", [])) or ("-" if ko else "-")
        texts["risk"] = (
            f"내년 입원·응급실 방문 또는 만성질환 발생 위험이 {risk['level_ko']}({risk['probability']:.0%})으로 추정됩니다. "
            f"주요 요인: {drivers}. 이 추정은 모의 자료로 학습한 모형의 참고값이며 진단이 아닙니다."
            if ko
            else f"Your estimated risk of a hospital stay, an emergency visit or a new chronic condition next year is "
            f"{risk['level_en']} ({risk['probability']:.0%}). Main drivers: {drivers}. This is a reference value from a model "
            "trained on synthetic records, not a diagnosis."
        )
    return texts


def draft_notice(
    person: PersonRecord,
    services: pd.DataFrame,
    *,
    risk: dict | None = None,
    lang: str = "ko",
    backend=None,
    audit: AuditLog | None = None,
    user: str | None = None,
) -> Notice:
    """Draft the notice for ``person`` from their ranked ``services`` (and ``risk``: probability, level, drivers).

    Drafted through :func:`shared.llm.service.write`, the path every sector's text takes: redacted, cited
    only to the retrieved rules, numbers only from them or the person's own services and risk, one audit
    record, the configured private server (or ``backend``) under the same checks.
    """
    retriever = rules_retriever()
    hits, number = _sources_for(services, retriever)
    texts = _template(person, services, number, risk, lang)
    headings = [h for h in SECTIONS if h[0] in texts]
    facts = [str(v) for row in services.astype(str).to_dict("records") for v in row.values()]
    if risk is not None:
        facts += [f"{risk['probability']:.0%}", *map(str, risk.get("drivers", []))]
    note = write(
        PURPOSE,
        texts,
        headings,
        hits,
        lang=lang,
        facts=facts,
        instruction="Rewrite a public health office's notice telling a citizen which services are due; add no facts.",
        backend=backend,
        audit=audit,
        user=user,
    )
    return Notice(**{f.name: getattr(note, f.name) for f in fields(Note)})
