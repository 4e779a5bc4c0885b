"""Draft the letter that tells a person which public health services are due, through shared.llm.

The letter is built from the ranked services (:func:`sectors.welfare.medical.recommend`) and,
optionally, the risk and its drivers. Each service sentence cites ``[n]``, the rule document
retrieved for it from the rules corpus (:class:`shared.llm.Retriever` over the rules' names, tests
and sources); citations are checked with :func:`shared.llm.drafts.check_citations`. Nothing that
could identify the person enters the prompt: no id, no name, only sex, age and the services; the
prompt is still passed through :func:`shared.llm.redact` (fail closed), and every draft leaves an
audit record (hash of the redacted prompt, never the text). With a private chat server configured
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

import json
import time
from dataclasses import dataclass
from functools import lru_cache

import pandas as pd

from sectors.welfare.medical.records import PersonRecord
from sectors.welfare.medical.rules import RULES_PATH, load_rules
from shared.llm import AuditLog, Document, Redaction, Retriever, redact
from shared.llm.audit import prompt_hash
from shared.llm.backends import BackendError, ChatBackend, ChatServerBackend, resolve_backend
from shared.llm.drafts import CitationError, DraftSection, check_citations
from shared.llm.retrieval import Hit

PURPOSE = "welfare.medical.notice"
SECTIONS = (("services", "받으실 수 있는 서비스", "Services due"), ("risk", "건강 위험 안내", "Health risk"))


@dataclass(frozen=True)
class Notice:
    """A drafted letter: sections with citations, the retrieved rule documents, the backend used."""

    sections: tuple[DraftSection, ...]
    sources: tuple[Hit, ...]
    backend: str
    prompt_sha256: str
    redaction: Redaction
    warnings: tuple[str, ...] = ()

    @property
    def text(self) -> str:
        """The letter as plain text, one heading line per section, then the numbered sources."""
        body = "\n\n".join(f"{s.heading}\n{s.text}" for s in self.sections)
        refs = "\n".join(
            f"[{i}] {h.title} — {h.meta.get('url', '')}" for i, h in enumerate(self.sources, start=1)
        )
        return f"{body}\n\n{refs}" if refs else body


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


def _prompt(texts: dict[str, str], hits: list[Hit], lang: str) -> list[dict[str, str]]:
    sources = "\n".join(f"[{i}] {h.title}: {h.text}" for i, h in enumerate(hits, start=1))
    system = (
        "You rewrite a notice from a public health office to a citizen, in "
        + ("Korean" if lang == "ko" else "English")
        + ". Keep every [n] citation on the sentence it supports, cite nothing else, add no facts. "
        'Answer only with JSON {"services": "...", "risk": "..."} (omit "risk" when the draft has none).'
    )
    user = f"Sources:\n{sources}\n\nDraft:\n" + json.dumps(texts, ensure_ascii=False)
    return [{"role": "system", "content": system}, {"role": "user", "content": user}]


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
    """Draft the notice for ``person`` from their ranked ``services`` (and ``risk``: probability, level, drivers)."""
    retriever = rules_retriever()
    hits, number = _sources_for(services, retriever)
    texts = _template(person, services, number, risk, lang)
    messages = _prompt(texts, hits, lang)
    redaction = redact("\n".join(m["content"] for m in messages))  # fail closed before anything else
    messages = [{"role": m["role"], "content": redact(m["content"]).text} for m in messages]
    backend = resolve_backend(backend)
    headings = {k: (ko if lang == "ko" else en) for k, ko, en in SECTIONS}
    warnings: list[str] = []
    used = "embedded"
    started = time.perf_counter()
    if isinstance(backend, ChatBackend):
        try:
            answer = backend.chat(messages, purpose=PURPOSE)
            data = json.loads(answer[answer.index("{") : answer.rindex("}") + 1])
            server = {k: str(data[k]) for k in texts if isinstance(data.get(k), str) and data[k].strip()}
            if set(server) != set(texts):
                raise BackendError("bad_response", "the server's notice lacks a section")
            check_citations([DraftSection(k, headings[k], v) for k, v in server.items()], hits)
            texts, used = server, backend.name
        except (BackendError, CitationError, ValueError) as exc:
            if isinstance(exc, CitationError) and isinstance(backend, ChatServerBackend):
                backend.note_rejection(PURPOSE, messages, "rejected_citation", str(exc))
            warnings.append(f"{getattr(backend, 'name', 'server')}: {exc}; template notice used")
    sections = tuple(
        DraftSection(k, headings[k], texts[k], tuple(sorted({int(n) for n in _numbers(texts[k])})))
        for k, _, _ in SECTIONS
        if k in texts
    )
    check_citations(sections, hits)
    sha = prompt_hash(messages)
    if used == "embedded":  # a server call is audited by the backend itself
        (audit or AuditLog()).write(
            backend="embedded",
            model="template",
            purpose=PURPOSE,
            user=user,
            prompt_sha256=sha,
            prompt_chars=sum(len(m["content"]) for m in messages),
            status="ok",
            latency_ms=round((time.perf_counter() - started) * 1000, 1),
            fallback=bool(warnings),
        )
    return Notice(sections, tuple(hits), used, sha, redaction, tuple(warnings))


def _numbers(text: str) -> list[int]:
    from shared.llm.drafts import citations_in

    return citations_in(text)
