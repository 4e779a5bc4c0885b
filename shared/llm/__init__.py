"""The LLM-assisted service layer: redaction, summaries, retrieval, drafting, on an offline default.

Everything that leaves the process goes through :func:`redact` first; every call to a language-model
server is audited; the server's settings come only from the administrator (:func:`configured_server`);
model output is untrusted text (:func:`unsafe_reason`); drafts may cite only what was retrieved.

Example:
    >>> from shared.llm import redact, phrase
    >>> redact("문의: 010-1234-5678").text
    '문의: [PHONE_1]'
    >>> phrase(["Roads are closed", "use the subway"], lang="en")
    'Roads are closed. In addition, use the subway.'
"""

from shared.llm import datasets as _datasets  # noqa: F401  (registers llm/koblex, llm/laws)
from shared.llm.assistant import Case, CivilAffairsAssistant
from shared.llm.audit import AuditLog
from shared.llm.backends import (
    EMBEDDED,
    Backend,
    BackendError,
    ChatBackend,
    ChatServerBackend,
    EmbeddedBackend,
    ServerConfig,
    resolve_backend,
)
from shared.llm.drafts import CitationError, Draft, DraftSection
from shared.llm.phrasing import phrase
from shared.llm.redaction import Entity, Redaction, RedactionError, redact
from shared.llm.retrieval import Document, Hit, Retriever
from shared.llm.settings import configured_server
from shared.llm.summaries import Summary, summarize
from shared.llm.untrusted import markdown_escape, unsafe_reason

__all__ = [
    "Case",
    "CitationError",
    "CivilAffairsAssistant",
    "Document",
    "Draft",
    "DraftSection",
    "Hit",
    "Retriever",
    "Summary",
    "summarize",
    "EMBEDDED",
    "AuditLog",
    "Backend",
    "BackendError",
    "ChatBackend",
    "ChatServerBackend",
    "EmbeddedBackend",
    "Entity",
    "Redaction",
    "RedactionError",
    "ServerConfig",
    "configured_server",
    "markdown_escape",
    "unsafe_reason",
    "phrase",
    "redact",
    "resolve_backend",
]
