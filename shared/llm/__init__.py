"""The LLM-assisted service layer: redaction, summaries, retrieval, drafting, on an offline default.

Everything that leaves the process goes through :func:`redact` first; every call to a language-model
server is audited; drafts may cite only what was retrieved.

Example:
    >>> from shared.llm import redact, phrase
    >>> redact("문의: 010-1234-5678").text
    '문의: [PHONE_1]'
    >>> phrase(["Roads are closed", "use the subway"], lang="en")
    'Roads are closed. In addition, use the subway.'
"""

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
from shared.llm.phrasing import phrase
from shared.llm.redact import Entity, Redaction, RedactionError, redact

__all__ = [
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
    "phrase",
    "redact",
    "resolve_backend",
]
