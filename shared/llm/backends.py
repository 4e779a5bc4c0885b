"""Where the words come from: the embedded offline default, or a private chat-completions server.

The embedded backend never leaves the process: summaries are extractive and drafts are templates
filled from the summary and the retrieved sources. :class:`ChatServerBackend` talks to a server inside
the agency's network that speaks the OpenAI-compatible ``/chat/completions`` API (vLLM, Ollama and
llama.cpp's server do). Every message it sends is redacted first (the call fails closed if redaction
fails) and every call leaves an audit record without raw text.

Configuration comes from the administrator only, never from a page: :meth:`ServerConfig.from_env`
reads ``CIVIC_LLM_URL``, ``CIVIC_LLM_MODEL``, ``CIVIC_LLM_KEY`` (and optionally ``CIVIC_LLM_TIMEOUT``,
``CIVIC_LLM_AUDIT``, ``CIVIC_LLM_USER``); :meth:`ServerConfig.from_toml` reads the same fields from an
``[llm]`` table; :func:`shared.llm.settings.configured_server` combines the two. The HTTP call
(:mod:`shared.llm.transport`) refuses redirects, ignores proxy variables and ends at a deadline for the
whole call; ``user:password@`` in the URL becomes HTTP basic authentication and is never shown.
Every reply is untrusted text: one that carries an image, HTML, a link or a URL with a placeholder is
refused (:mod:`shared.llm.untrusted`) before identifiers are restored into it.
"""

from __future__ import annotations

import base64
import json
import os
import time
import tomllib
import urllib.parse
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Protocol, runtime_checkable

from shared.errors import CivicError
from shared.llm.audit import AuditLog, prompt_hash
from shared.llm.redaction import Redaction, redact
from shared.llm.transport import TransportError, host_port, post, safe_url, scrub_urls
from shared.llm.untrusted import unsafe_reason

MAX_RESPONSE_BYTES = 2_000_000


class BackendError(CivicError):
    """A language-model server failed: timeout, refused connection, HTTP error or an unusable answer."""

    def __init__(self, status: str, message: str) -> None:
        self.status = status
        super().__init__(message)


@dataclass(frozen=True, repr=False)
class ServerConfig:
    """How to reach a private chat-completions server.

    ``url`` is the API base (``http://10.0.0.5:8000/v1``); requests go to ``{url}/chat/completions``.
    A ``user:password@`` inside ``url`` is moved out of it into ``basic_auth`` (sent as HTTP basic
    authentication when there is no ``api_key``), so the URL kept, shown and audited never holds it.
    ``timeout_s`` is a deadline for the whole call.

    Example:
        >>> cfg = ServerConfig.from_mapping({"url": "http://ops:pw@127.0.0.1:8000/v1", "model": "qwen", "key": "s3cret"})
        >>> cfg.endpoint, cfg.server, "s3cret" in repr(cfg), "pw" in repr(cfg)
        ('http://127.0.0.1:8000/v1/chat/completions', '127.0.0.1:8000', False, False)
    """

    url: str
    model: str
    api_key: str = field(default="", repr=False)
    timeout_s: float = 30.0
    max_tokens: int = 900
    temperature: float = 0.2
    audit_path: str | None = None
    user: str = ""
    basic_auth: str = field(default="", repr=False)

    def __post_init__(self) -> None:
        # Messages here never quote the URL: a malformed one may hold a password where a path should be.
        expected = (
            "expected http(s)://host[:port]/path, with any / ? # @ in a user name or password percent-encoded"
        )
        try:
            parsed = urllib.parse.urlsplit(self.url)
            parsed.port  # noqa: B018  (raises ValueError on a bad port)
        except ValueError:
            raise CivicError(f"LLM server url is not a valid URL ({expected})") from None
        if parsed.scheme not in ("http", "https") or not parsed.hostname or "@" in parsed.path:
            raise CivicError(f"LLM server url is not usable ({expected}); scheme {parsed.scheme or 'none'!r}")
        if parsed.username is not None or parsed.password is not None:
            userinfo = parsed.netloc.rpartition("@")[0]
            clean = urllib.parse.urlunsplit(
                (parsed.scheme, host_port(self.url), parsed.path, parsed.query, parsed.fragment)
            )
            object.__setattr__(self, "url", clean)
            if not self.basic_auth:
                object.__setattr__(self, "basic_auth", urllib.parse.unquote(userinfo))
        if not self.model:
            raise CivicError("LLM server configuration needs a model name")
        if not self.timeout_s > 0:
            raise CivicError(f"LLM server timeout must be positive, got {self.timeout_s}")

    def __repr__(self) -> str:
        return f"ServerConfig(url={safe_url(self.url)!r}, model={self.model!r}, timeout_s={self.timeout_s:g})"

    @property
    def endpoint(self) -> str:
        """The chat-completions URL."""
        parts = urllib.parse.urlsplit(self.url)
        base = parts.path.rstrip("/")
        path = base if base.endswith("/chat/completions") else base + "/chat/completions"
        return urllib.parse.urlunsplit((parts.scheme, parts.netloc, path, parts.query, ""))

    @property
    def server(self) -> str:
        """host:port, for the page and the audit records (never a key or a password)."""
        return host_port(self.url)

    def headers(self) -> dict[str, str]:
        """The request headers, with the credentials (kept out of every record and page)."""
        out = {"Content-Type": "application/json", "Accept": "application/json"}
        if self.api_key:
            out["Authorization"] = f"Bearer {self.api_key}"
        elif self.basic_auth:
            token = base64.b64encode(self.basic_auth.encode("utf-8")).decode("ascii")
            out["Authorization"] = f"Basic {token}"
        return out

    @classmethod
    def from_mapping(cls, values: dict[str, Any]) -> ServerConfig:
        """Build from a dict with ``url``, ``model`` and optionally ``key`` (or ``key_env``), ``timeout_s``, ..."""
        key = values.get("key", values.get("api_key", ""))
        if not key and values.get("key_env"):
            key = os.environ.get(str(values["key_env"]), "")

        def number(name: str, default: float, kind: type = float) -> Any:
            raw = values.get(name, default)
            try:
                return kind(raw)
            except (TypeError, ValueError):
                raise CivicError(f"LLM server setting {name!r} must be a number, got {raw!r}") from None

        timeout_name = "timeout_s" if "timeout_s" in values else "timeout"
        return cls(
            url=str(values.get("url", "")),
            model=str(values.get("model", "")),
            api_key=str(key or ""),
            timeout_s=number(timeout_name, 30.0),
            max_tokens=number("max_tokens", 900, int),
            temperature=number("temperature", 0.2),
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
        return f"ChatServerBackend(url={safe_url(self.config.url)!r}, model={self.config.model!r})"

    def _post(self, payload: dict[str, Any]) -> dict[str, Any]:
        server = self.config.server
        try:
            body = post(
                self.config.endpoint,
                json.dumps(payload).encode("utf-8"),
                self.config.headers(),
                timeout_s=self.config.timeout_s,
                max_bytes=MAX_RESPONSE_BYTES,
            )
        except TransportError as exc:
            raise BackendError(exc.status, scrub_urls(str(exc))) from exc
        try:
            return json.loads(body.decode("utf-8"))
        except (UnicodeDecodeError, json.JSONDecodeError) as exc:
            raise BackendError(
                "bad_response",
                f"LLM server {server} did not answer JSON (a chat completion was expected)",
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
            refused = unsafe_reason(content)  # checked before identifiers are restored into it
            if refused:
                raise BackendError(
                    "unsafe_output", f"LLM server {self.config.server} answer refused: {refused}"
                )
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
