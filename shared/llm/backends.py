"""Where the words come from: the embedded offline default, or a private chat-completions server.

The embedded backend never leaves the process: summaries are extractive and drafts are templates
filled from the summary and the retrieved sources. :class:`ChatServerBackend` talks to a server inside
the agency's network that speaks the OpenAI-compatible ``/chat/completions`` API (vLLM, Ollama and
llama.cpp's server do). Every message it sends is redacted first (the call fails closed if redaction
fails) and every call leaves an audit record without raw text.

Configuration: :meth:`ServerConfig.from_env` reads ``CIVIC_LLM_URL``, ``CIVIC_LLM_MODEL``,
``CIVIC_LLM_KEY`` (and optionally ``CIVIC_LLM_TIMEOUT``, ``CIVIC_LLM_AUDIT``, ``CIVIC_LLM_USER``);
:meth:`ServerConfig.from_toml` reads the same fields from an ``[llm]`` table.
"""

from __future__ import annotations

import json
import os
import socket
import time
import tomllib
import urllib.error
import urllib.parse
import urllib.request
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Protocol, runtime_checkable

from shared.errors import CivicError
from shared.llm.audit import AuditLog, prompt_hash
from shared.llm.redaction import Redaction, redact

MAX_RESPONSE_BYTES = 2_000_000


class BackendError(CivicError):
    """A language-model server failed: timeout, refused connection, HTTP error or an unusable answer."""

    def __init__(self, status: str, message: str) -> None:
        self.status = status
        super().__init__(message)


@dataclass(frozen=True)
class ServerConfig:
    """How to reach a private chat-completions server.

    ``url`` is the API base (``http://10.0.0.5:8000/v1``); requests go to ``{url}/chat/completions``.

    Example:
        >>> cfg = ServerConfig.from_mapping({"url": "http://127.0.0.1:8000/v1", "model": "qwen", "key": "s3cret"})
        >>> cfg.endpoint, "s3cret" in repr(cfg)
        ('http://127.0.0.1:8000/v1/chat/completions', False)
    """

    url: str
    model: str
    api_key: str = field(default="", repr=False)
    timeout_s: float = 30.0
    max_tokens: int = 900
    temperature: float = 0.2
    audit_path: str | None = None
    user: str = ""

    def __post_init__(self) -> None:
        parsed = urllib.parse.urlparse(self.url)
        if parsed.scheme not in ("http", "https") or not parsed.netloc:
            raise CivicError(f"LLM server url must be http(s)://host[:port]/path, got {self.url!r}")
        if not self.model:
            raise CivicError("LLM server configuration needs a model name")
        if self.timeout_s <= 0:
            raise CivicError(f"LLM server timeout must be positive, got {self.timeout_s}")

    @property
    def endpoint(self) -> str:
        """The chat-completions URL."""
        base = self.url.rstrip("/")
        return base if base.endswith("/chat/completions") else base + "/chat/completions"

    @property
    def server(self) -> str:
        """host:port, for audit records (never the key)."""
        return urllib.parse.urlparse(self.url).netloc

    @classmethod
    def from_mapping(cls, values: dict[str, Any]) -> ServerConfig:
        """Build from a dict with ``url``, ``model`` and optionally ``key`` (or ``key_env``), ``timeout_s``, ..."""
        key = values.get("key", values.get("api_key", ""))
        if not key and values.get("key_env"):
            key = os.environ.get(str(values["key_env"]), "")
        return cls(
            url=str(values.get("url", "")),
            model=str(values.get("model", "")),
            api_key=str(key or ""),
            timeout_s=float(values.get("timeout_s", values.get("timeout", 30.0))),
            max_tokens=int(values.get("max_tokens", 900)),
            temperature=float(values.get("temperature", 0.2)),
            audit_path=values.get("audit_path") or values.get("audit"),
            user=str(values.get("user", "")),
        )

    @classmethod
    def from_env(cls) -> ServerConfig | None:
        """The server named by ``CIVIC_LLM_URL`` and ``CIVIC_LLM_MODEL``, or None when they are unset."""
        url, model = os.environ.get("CIVIC_LLM_URL"), os.environ.get("CIVIC_LLM_MODEL")
        if not url or not model:
            return None
        return cls.from_mapping(
            {
                "url": url,
                "model": model,
                "key": os.environ.get("CIVIC_LLM_KEY", ""),
                "timeout_s": os.environ.get("CIVIC_LLM_TIMEOUT", 30.0),
                "audit_path": os.environ.get("CIVIC_LLM_AUDIT"),
                "user": os.environ.get("CIVIC_LLM_USER", ""),
            }
        )

    @classmethod
    def from_toml(cls, path: str | Path) -> ServerConfig:
        """Read the ``[llm]`` table of a TOML file (keep the key in ``key_env`` rather than the file)."""
        path = Path(path)
        try:
            table = tomllib.loads(path.read_text(encoding="utf-8")).get("llm")
        except (OSError, tomllib.TOMLDecodeError) as exc:
            raise CivicError(f"{path}: cannot read the LLM configuration: {exc}") from exc
        if not isinstance(table, dict):
            raise CivicError(f"{path}: no [llm] table (expected url, model and key or key_env)")
        return cls.from_mapping(table)


@runtime_checkable
class Backend(Protocol):
    """What every backend has: a name for the records and the page."""

    name: str


@runtime_checkable
class ChatBackend(Backend, Protocol):
    """A backend that can answer chat messages (the features fall back to the embedded path otherwise)."""

    def chat(self, messages: list[dict[str, str]], *, purpose: str) -> str: ...


class EmbeddedBackend:
    """The offline default: extractive summaries and templated drafts, nothing leaves the process.

    Example:
        >>> EmbeddedBackend().name
        'embedded'
    """

    name = "embedded"

    def __repr__(self) -> str:
        return "EmbeddedBackend()"


EMBEDDED = EmbeddedBackend()


class ChatServerBackend:
    """A private OpenAI-compatible chat-completions server, with redaction and an audit record per call.

    :meth:`chat` redacts every message before sending (fail closed), writes one audit record (hash of
    the redacted prompt, never the text) whatever the outcome, and raises :class:`BackendError` for a
    timeout, a refused connection, an HTTP error or an answer that is not a chat completion. The
    features (summaries, drafts, :func:`shared.llm.phrase`) catch that error and fall back to the
    embedded backend, saying so.
    """

    def __init__(self, config: ServerConfig, *, audit: AuditLog | None = None) -> None:
        self.config = config
        self.audit = audit or AuditLog(config.audit_path)
        self.name = f"server:{config.model}"
        self.last_error: BackendError | None = None

    def __repr__(self) -> str:
        return f"ChatServerBackend(url={self.config.url!r}, model={self.config.model!r})"

    def _post(self, payload: dict[str, Any]) -> dict[str, Any]:
        headers = {"Content-Type": "application/json", "Accept": "application/json"}
        if self.config.api_key:
            headers["Authorization"] = f"Bearer {self.config.api_key}"
        request = urllib.request.Request(
            self.config.endpoint, data=json.dumps(payload).encode("utf-8"), headers=headers, method="POST"
        )
        try:
            with urllib.request.urlopen(request, timeout=self.config.timeout_s) as response:
                body = response.read(MAX_RESPONSE_BYTES + 1)
        except urllib.error.HTTPError as exc:
            raise BackendError(
                "http_error", f"LLM server {self.config.server} answered HTTP {exc.code}"
            ) from exc
        except TimeoutError as exc:
            raise BackendError(
                "timeout",
                f"LLM server {self.config.server} did not answer within {self.config.timeout_s:g} s",
            ) from exc
        except urllib.error.URLError as exc:
            if isinstance(exc.reason, (TimeoutError, socket.timeout)):
                raise BackendError(
                    "timeout",
                    f"LLM server {self.config.server} did not answer within {self.config.timeout_s:g} s",
                ) from exc
            raise BackendError(
                "unreachable", f"LLM server {self.config.server} unreachable: {exc.reason}"
            ) from exc
        except (ConnectionError, OSError) as exc:
            raise BackendError(
                "unreachable", f"LLM server {self.config.server} connection failed: {exc}"
            ) from exc
        if len(body) > MAX_RESPONSE_BYTES:
            raise BackendError(
                "bad_response", f"LLM server {self.config.server} sent more than {MAX_RESPONSE_BYTES} bytes"
            )
        try:
            return json.loads(body.decode("utf-8"))
        except (UnicodeDecodeError, json.JSONDecodeError) as exc:
            raise BackendError(
                "bad_response",
                f"LLM server {self.config.server} did not answer JSON (a chat completion was expected)",
            ) from exc

    @staticmethod
    def _content(answer: Any, server: str) -> str:
        try:
            content = answer["choices"][0]["message"]["content"]
        except (KeyError, IndexError, TypeError) as exc:
            raise BackendError(
                "bad_response", f"LLM server {server} answered JSON without choices[0].message.content"
            ) from exc
        if not isinstance(content, str) or not content.strip():
            raise BackendError("bad_response", f"LLM server {server} answered an empty message")
        return content

    def chat(self, messages: list[dict[str, str]], *, purpose: str) -> str:
        """Send ``messages`` (redacted here again, fail closed) and return the reply with identifiers restored."""
        redactions: list[Redaction] = []
        safe_messages = []
        for message in messages:
            r = redact(message["content"])  # raises RedactionError: nothing is sent
            redactions.append(r)
            safe_messages.append({"role": message["role"], "content": r.text})
        payload = {
            "model": self.config.model,
            "messages": safe_messages,
            "temperature": self.config.temperature,
            "max_tokens": self.config.max_tokens,
            "stream": False,
        }
        record = {
            "backend": "chat-completions",
            "model": self.config.model,
            "server": self.config.server,
            "purpose": purpose,
            "user": self.config.user or None,
            "prompt_sha256": prompt_hash(safe_messages),
            "prompt_chars": sum(len(m["content"]) for m in safe_messages),
        }
        started = time.perf_counter()
        try:
            content = self._content(self._post(payload), self.config.server)
        except BackendError as exc:
            self.last_error = exc
            self.audit.write(
                **record, status=exc.status, latency_ms=_ms(started), fallback=True, detail=str(exc)
            )
            raise
        self.last_error = None
        self.audit.write(**record, status="ok", latency_ms=_ms(started), fallback=False)
        for r in reversed(redactions):
            content = r.restore(content)
        return content

    def note_rejection(self, purpose: str, messages: list[dict[str, str]], status: str, detail: str) -> None:
        """Audit a reply the caller refused (for example a draft citing a source that was not retrieved)."""
        safe = [{"role": m["role"], "content": redact(m["content"]).text} for m in messages]
        self.audit.write(
            backend="chat-completions",
            model=self.config.model,
            server=self.config.server,
            purpose=purpose,
            user=self.config.user or None,
            prompt_sha256=prompt_hash(safe),
            prompt_chars=sum(len(m["content"]) for m in safe),
            status=status,
            latency_ms=None,
            fallback=True,
            detail=detail,
        )


def _ms(started: float) -> float:
    return round((time.perf_counter() - started) * 1000.0, 1)


def resolve_backend(backend: Backend | ServerConfig | dict | str | None) -> Backend:
    """Turn what a caller passed into a backend: None or "embedded" -> embedded; a config -> a server.

    Example:
        >>> resolve_backend(None).name
        'embedded'
    """
    if backend is None or backend == "embedded":
        return EMBEDDED
    if isinstance(backend, ServerConfig):
        return ChatServerBackend(backend)
    if isinstance(backend, dict):
        return ChatServerBackend(ServerConfig.from_mapping(backend))
    if isinstance(backend, str):
        raise CivicError(f"unknown backend {backend!r}: pass 'embedded', a ServerConfig or a backend object")
    if isinstance(backend, Backend):
        return backend
    raise CivicError(f"{type(backend).__name__} is not a backend")
