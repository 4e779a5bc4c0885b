"""One path for every sector's drafted text: redact, cite what was retrieved, check numbers, audit.

The Civil Affairs assistant drafts from a corpus of laws; the sectors draft short texts from their own
documents (a product's terms, a welfare service's catalogue text, a forecast's facts). They all go
through :func:`write`:

1. the sector retrieves the documents that bear on the case (:func:`retrieve`, a
   :class:`~shared.llm.retrieval.Retriever` over its documents) and fills its template, citing them as
   ``[n]`` (``sources[n - 1]``);
2. :func:`write` redacts the template (fail closed: nothing below runs when redaction fails), checks
   that it cites only retrieved sources and names no law or article that was not retrieved
   (:func:`shared.llm.citations.check_citations`), and that every number it states is in a retrieved
   text or in the facts given (:func:`check_numbers`);
3. with a chat backend (the server the administrator configured, :func:`service_backend`) the server
   rewrites the redacted template; its answer must pass the same checks and
   :func:`shared.llm.untrusted.unsafe_reason`, otherwise the template is used and the reason kept;
4. one audit record per call (hash of the redacted prompt, never the text): written here, or by the
   :class:`~shared.llm.backends.ChatServerBackend` for the server's call (plus one for a rejected
   answer, as for the assistant's drafts).

A quotation in “…” copied verbatim from a retrieved text is the source's own words: it is not checked
as the draft's citation (a partial quote of a law name would otherwise read as another law).

Example:
    >>> import tempfile
    >>> from shared.llm import AuditLog, Document, Retriever
    >>> r = Retriever.from_documents([Document("t/1", "급여 통장 약관", "만 18세 이상 가입할 수 있습니다.")])
    >>> hits = retrieve(r, "급여 통장 가입 나이", k=3)
    >>> log = AuditLog(tempfile.mkdtemp() + "/audit.jsonl")
    >>> note = write("demo", {"why": "만 18세 이상이면 가입할 수 있습니다 [1]. 문의: 010-1234-5678"},
    ...              [("why", "설명", "Why")], hits, audit=log)
    >>> note.sections[0].text
    '만 18세 이상이면 가입할 수 있습니다 [1]. 문의: [PHONE_1]'
    >>> log.records()[0]["purpose"], log.records()[0]["backend"]
    ('demo', 'embedded')
"""

from __future__ import annotations

import json
import re
import time
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass

from shared.errors import CivicError
from shared.llm.audit import AuditLog, prompt_hash
from shared.llm.backends import (
    EMBEDDED,
    Backend,
    BackendError,
    ChatBackend,
    ChatServerBackend,
    ServerConfig,
    resolve_backend,
)
from shared.llm.citations import CitationError, check_citations, citations_in, normal
from shared.llm.drafts import DraftSection, Sectioned
from shared.llm.redaction import Redaction, RedactionError, redact
from shared.llm.retrieval import Hit, Retriever
from shared.llm.untrusted import unsafe_reason

#: Between sections while they are redacted together (one placeholder per value across sections).
_SEPARATOR = "\n\n⁂⁂⁂\n\n"
_PLACEHOLDER = re.compile(r"\[[A-Z]+_\d+\]")
_SQUARE_MARKER = re.compile(r"\[[ \t]*\d{1,3}(?:[ \t]*[,~-][ \t]*\d{1,3})*[ \t]*\]")
_NUMBER = re.compile(r"\d(?:[\d,]*\d)?(?:\.\d+)?")
_BARE_NUMBER = re.compile(r"[ \t]?\([ \t]*(\d{1,2})[ \t]*\)")
_QUOTE = re.compile(r"“([^“”\n]{1,600})”")


class NumberError(CitationError):
    """A draft states a number that no retrieved text and no given fact has."""


@dataclass(frozen=True)
class Note(Sectioned):
    """A sector's drafted text: sections citing ``sources`` (``[n]`` is ``sources[n - 1]``), and its trail.

    ``redaction`` is that of the template (its ``restore`` puts identifiers back into the text that is
    actually sent); ``prompt_sha256`` is the hash in the audit record.
    """

    purpose: str
    lang: str
    sections: tuple[DraftSection, ...]
    sources: tuple[Hit, ...]
    backend: str
    prompt_sha256: str
    redaction: Redaction
    warnings: tuple[str, ...] = ()

    @property
    def body(self) -> str:
        """The sections as plain text (heading line, then text), with their ``[n]`` markers."""
        return "\n\n".join(f"{s.heading}\n{s.text}" for s in self.sections)

    @property
    def text(self) -> str:
        """The body, then the numbered sources: what a page shows with ``st.text`` (never Markdown)."""
        head = "출처" if self.lang == "ko" else "Sources"
        refs = "\n".join(f"[{i}] {h.title}" for i, h in enumerate(self.sources, start=1))
        return f"{self.body}\n\n{head}\n{refs}" if refs else self.body

    def restore(self, text: str) -> str:
        """Put the template's identifiers back into ``text``."""
        return self.redaction.restore(text)


# -- retrieval ------------------------------------------------------------------------------------
def retrieve(
    retriever: Retriever, query: str, k: int = 5, *, keep: Callable[[Hit], bool] | None = None
) -> list[Hit]:
    """The ``k`` best hits for ``query`` that match at least one query word (and ``keep``, when given).

    Example:
        >>> from shared.llm import Document, Retriever
        >>> r = Retriever.from_documents([Document("a", "예금", "예금 금리"), Document("b", "대출", "대출 한도")])
        >>> [h.doc_id for h in retrieve(r, "대출 한도는?")]
        ['b']
    """
    hits = retriever.search(query, k=max(k, 1) * 3 if keep else max(k, 1))
    out = [h for h in hits if h.score > 0 and (keep is None or keep(h))]
    return out[:k]


def number_of(sources: Sequence[Hit], doc_id: str) -> int | None:
    """The citation number of document ``doc_id`` among ``sources`` (None when it was not retrieved)."""
    for i, h in enumerate(sources, start=1):
        if h.doc_id == doc_id:
            return i
    return None


def quote(text: str, limit: int = 160) -> str:
    """``text`` as a quotation “…” (cut at ``limit`` characters on a word boundary).

    Example:
        >>> quote("만 65세 이상 어르신")
        '“만 65세 이상 어르신”'
    """
    text = re.sub(r"\s+", " ", text).strip()
    if len(text) > limit:
        cut = text.rfind(" ", 0, limit)
        text = text[: cut if cut > limit // 2 else limit].rstrip(" ,.;")
    return f"“{text}”"


def unmarked(text: str) -> str:
    """A case's own statement made safe to put in a draft: a ``(6)`` that would read as citation [6] becomes ``: 6``.

    Example:
        >>> unmarked("보유 상품 수 (6), 거래 기간 (256)")
        '보유 상품 수: 6, 거래 기간 (256)'
    """
    return _BARE_NUMBER.sub(r": \1", text)


# -- checks ---------------------------------------------------------------------------------------
def _plain_number(token: str) -> str:
    whole, _, frac = token.replace(",", "").partition(".")
    whole = whole.lstrip("0") or "0"
    frac = frac.rstrip("0")
    return f"{whole}.{frac}" if frac else whole


def numbers_in(text: str) -> set[str]:
    """The numbers ``text`` states, in a plain form (no thousands commas, no leading zeros); citation
    markers ``[n]`` and placeholders such as ``[PHONE_1]`` are not numbers of the text.

    Example:
        >>> sorted(numbers_in("금리 3.50%, 한도 1,000,000원 [2], 2025-07-01, [PHONE_1]"))
        ['1', '1000000', '2025', '3.5', '7']
    """
    text = _SQUARE_MARKER.sub(" ", _PLACEHOLDER.sub(" ", normal(text)))
    return {_plain_number(m.group()) for m in _NUMBER.finditer(text)}


def _verbatim(sources: Sequence[Hit]) -> list[str]:
    return [re.sub(r"\s+", " ", normal(f"{h.title}\n{h.text}")) for h in sources]


def elide_quotes(text: str, sources: Sequence[Hit]) -> str:
    """``text`` with every “…” quotation that is copied verbatim from a source replaced by “…”."""
    corpus = _verbatim(sources)

    def repl(m: re.Match[str]) -> str:
        inner = re.sub(r"\s+", " ", normal(m.group(1))).strip(" …")
        return "“…”" if inner and any(inner in doc for doc in corpus) else m.group()

    return _QUOTE.sub(repl, text)


def check_numbers(
    sections: Iterable[DraftSection], sources: Sequence[Hit], facts: Iterable[str] = ()
) -> None:
    """Raise :class:`NumberError` when a section states a number that no source or fact has.

    Example:
        >>> h = Hit("t", 1.0, "연 3.5% 금리", (0, 8), "약관")
        >>> check_numbers([DraftSection("a", "A", "금리는 연 3.5%입니다 [1].")], [h])
        >>> check_numbers([DraftSection("a", "A", "금리는 연 4.5%입니다 [1].")], [h])
        Traceback (most recent call last):
        ...
        shared.llm.service.NumberError: section 'a' states 4.5, which no retrieved text or given fact has
    """
    allowed: set[str] = set()
    for h in sources:
        allowed |= numbers_in(f"{h.title}\n{h.text}")
    for fact in facts:
        allowed |= numbers_in(str(fact))
    for s in sections:
        extra = sorted(numbers_in(s.text) - allowed, key=lambda x: (len(x), x))
        if extra:
            raise NumberError(
                f"section {s.key!r} states {', '.join(extra)}, which no retrieved text or given fact has"
            )


def check_note(sections: Sequence[DraftSection], sources: Sequence[Hit], facts: Iterable[str] = ()) -> None:
    """Both checks on ``sections`` (verbatim quotations of the sources set aside): citations, then numbers."""
    elided = [DraftSection(s.key, s.heading, elide_quotes(s.text, sources), s.citations) for s in sections]
    check_citations(elided, sources)
    check_numbers(elided, sources, facts)


# -- backend --------------------------------------------------------------------------------------
def service_backend(backend: Backend | ServerConfig | dict | str | None = None) -> tuple[Backend, str]:
    """The backend to draft with, and a warning: the one given; else the server the administrator
    configured (:func:`shared.llm.settings.configured_server`); else the embedded offline backend.

    A half or unreadable configuration gives the embedded backend and says why (nothing is sent).
    """
    if backend is not None:
        return resolve_backend(backend), ""
    from shared.llm.settings import configured_server

    try:
        config = configured_server()
    except CivicError as exc:
        return EMBEDDED, f"{exc}; embedded backend used"
    return (EMBEDDED, "") if config is None else (ChatServerBackend(config), "")


# -- drafting -------------------------------------------------------------------------------------
def _redact_sections(texts: Mapping[str, str]) -> tuple[dict[str, str], Redaction]:
    keys = list(texts)
    joined = _SEPARATOR.join(str(texts[k]) for k in keys)
    redaction = redact(joined)  # fail closed
    parts = redaction.text.split(_SEPARATOR)
    if len(parts) != len(keys):
        raise RedactionError("redaction changed the section boundaries; nothing was drafted")
    return dict(zip(keys, parts, strict=True)), redaction


def _messages(
    texts: Mapping[str, str], sources: Sequence[Hit], lang: str, instruction: str
) -> list[dict[str, str]]:
    listing = "\n\n".join(f"[{i}] {h.title}\n{h.text[:800]}" for i, h in enumerate(sources, start=1))
    system = (
        f"You rewrite a draft from a Korean public agency into clear, plain {'Korean' if lang == 'ko' else 'English'}. "
        f"{instruction} Use only the numbered sources and the draft. Keep every [n] citation on the sentence it "
        "supports and cite nothing else; state no number, rate, limit, date or law that is not in the sources or "
        "the draft; keep placeholders such as [NAME_1] unchanged. "
        f"Answer with one JSON object whose keys are {', '.join(texts)} and whose values are strings."
    )
    user = f"Sources:\n{listing}\n\nDraft:\n" + json.dumps(dict(texts), ensure_ascii=False)
    return [{"role": "system", "content": system.replace("  ", " ")}, {"role": "user", "content": user}]


def _parse(answer: str, keys: Sequence[str]) -> dict[str, str]:
    start, end = answer.find("{"), answer.rfind("}")
    try:
        data = json.loads(answer[start : end + 1]) if start >= 0 < end else None
    except json.JSONDecodeError as exc:
        raise BackendError("bad_response", f"the server's draft is not JSON ({exc.msg})") from exc
    if not isinstance(data, dict):
        raise BackendError("bad_response", "the server's draft is not a JSON object")
    out = {}
    for key in keys:
        value = data.get(key)
        if not isinstance(value, str) or not value.strip():
            raise BackendError("bad_response", f"the server's draft has no text for section {key!r}")
        out[key] = value.strip()
    return out


def _sections(
    texts: Mapping[str, str], headings: Mapping[str, str], sources: Sequence[Hit]
) -> list[DraftSection]:
    """Sections citing what their text cites outside the sources' own quoted words."""
    return [
        DraftSection(k, headings[k], v, tuple(dict.fromkeys(citations_in(elide_quotes(v, sources)))))
        for k, v in texts.items()
    ]


def write(
    purpose: str,
    texts: Mapping[str, str],
    headings: Sequence[tuple[str, str, str]],
    sources: Sequence[Hit],
    *,
    lang: str = "ko",
    facts: Iterable[str] = (),
    instruction: str = "",
    backend: Backend | ServerConfig | dict | str | None = None,
    audit: AuditLog | None = None,
    user: str | None = None,
) -> Note:
    """Draft a sector's text from its template ``texts`` (section key -> text citing ``[n]``).

    ``headings`` gives (key, Korean, English) for each section, in order; ``facts`` are the case's own
    statements whose numbers the draft may repeat (an age, an income, a forecast time). ``backend``
    None means :func:`service_backend`. Raises :class:`CitationError` when the template itself cites
    something not retrieved or a number from nowhere (a bug of the sector's template), and
    :class:`~shared.llm.redaction.RedactionError` when redaction fails.
    """
    if lang not in ("ko", "en"):
        raise ValueError(f"lang must be 'ko' or 'en', got {lang!r}")
    order = [k for k, _, _ in headings]
    missing = [k for k in order if k not in texts]
    if missing or set(texts) - set(order):
        raise CivicError(f"{purpose}: sections {sorted(texts)} do not match the headings {order}")
    started = time.perf_counter()
    facts = tuple(str(f) for f in facts)
    names = {k: (ko if lang == "ko" else en) for k, ko, en in headings}
    safe, redaction = _redact_sections({k: texts[k] for k in order})  # fail closed before anything else
    sources = tuple(sources)
    template = _sections(safe, names, sources)
    check_note(template, sources, facts)
    chosen, warning = service_backend(backend)
    warnings = [warning] if warning else []
    messages = _messages(safe, sources, lang, instruction)
    messages = [{"role": m["role"], "content": redact(m["content"]).text} for m in messages]
    sections, used, status, detail = template, "embedded", "ok", None
    if isinstance(chosen, ChatBackend):
        try:
            answer = chosen.chat(messages, purpose=purpose)
            server = _parse(answer, order)
            for key, value in server.items():
                refused = unsafe_reason(value)
                if refused:
                    raise BackendError("unsafe_output", f"section {key!r} carries {refused}")
            drafted = _sections(server, names, sources)
            check_note(drafted, sources, (*facts, *safe.values()))
            sections, used = drafted, chosen.name
        except BackendError as exc:
            warnings.append(f"{chosen.name}: {exc}; template used")
            status, detail = exc.status, str(exc)
        except CitationError as exc:
            warnings.append(f"{chosen.name} draft rejected: {exc}; template used")
            status, detail = "rejected_citation", str(exc)
            if isinstance(chosen, ChatServerBackend):
                chosen.note_rejection(purpose, messages, status, detail)
    sha = prompt_hash(messages)
    if not isinstance(chosen, ChatServerBackend):  # the server backend audits its own call
        (audit or AuditLog()).write(
            backend=chosen.name if isinstance(chosen, ChatBackend) else "embedded",
            model="template" if used == "embedded" and not isinstance(chosen, ChatBackend) else chosen.name,
            purpose=purpose,
            user=user,
            prompt_sha256=sha,
            prompt_chars=sum(len(m["content"]) for m in messages),
            status=status,
            latency_ms=round((time.perf_counter() - started) * 1000, 1),
            fallback=used == "embedded" and isinstance(chosen, ChatBackend),
            detail=detail,
        )
    return Note(purpose, lang, tuple(sections), sources, used, sha, redaction, tuple(warnings))
