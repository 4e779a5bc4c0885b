"""The audit trail of calls to a language-model server: JSON lines, no raw text.

Each record holds the time, the backend and model, the purpose of the call, who made it, the SHA-256
of the redacted prompt, its length, the outcome and the latency. Prompts and answers are never written,
and ``user:password@`` is stripped from any URL inside a field.
The file is ``CIVIC_LLM_AUDIT`` when set, else ``~/.civic/llm-audit.jsonl``, or the path configured.
"""

from __future__ import annotations

import datetime as _dt
import hashlib
import json
import os
import threading
from pathlib import Path
from typing import Any

from shared.llm.transport import scrub_urls

_LOCK = threading.Lock()


def default_audit_path() -> Path:
    """Where audit records go when no path is configured."""
    env = os.environ.get("CIVIC_LLM_AUDIT")
    return Path(env).expanduser() if env else Path.home() / ".civic" / "llm-audit.jsonl"


def prompt_hash(messages: list[dict[str, str]]) -> str:
    """SHA-256 of the (already redacted) chat messages, in a stable JSON form.

    Example:
        >>> len(prompt_hash([{"role": "user", "content": "[PHONE_1] 문의"}]))
        64
    """
    blob = json.dumps(messages, ensure_ascii=False, sort_keys=True, separators=(",", ":"))
    return hashlib.sha256(blob.encode("utf-8")).hexdigest()


class AuditLog:
    """Append-only JSON-lines audit file.

    Example:
        >>> import tempfile, json
        >>> log = AuditLog(tempfile.mkdtemp() + "/audit.jsonl")
        >>> _ = log.write(backend="chat-completions", model="m", purpose="phrase", prompt_sha256="0" * 64,
        ...               prompt_chars=10, status="ok", latency_ms=3.0)
        >>> sorted(json.loads(log.path.read_text())["status"] for _ in [0])
        ['ok']
    """

    FIELDS = (
        "time",
        "backend",
        "model",
        "server",
        "purpose",
        "user",
        "prompt_sha256",
        "prompt_chars",
        "status",
        "latency_ms",
        "fallback",
        "detail",
    )

    def __init__(self, path: str | Path | None = None) -> None:
        self.path = Path(path).expanduser() if path is not None else default_audit_path()

    def write(self, **fields: Any) -> dict[str, Any]:
        """Append one record (unknown fields are refused, so raw text cannot slip in by name)."""
        extra = set(fields) - set(self.FIELDS)
        if extra:
            raise ValueError(f"audit records take only {self.FIELDS}; got {sorted(extra)}")
        record = {"time": _dt.datetime.now(_dt.UTC).isoformat(timespec="milliseconds")}
        for k in self.FIELDS[1:]:
            value = fields.get(k)
            record[k] = scrub_urls(value) if isinstance(value, str) else value  # no user:password@
        line = json.dumps(record, ensure_ascii=False)
        with _LOCK:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            with self.path.open("a", encoding="utf-8") as f:
                f.write(line + "\n")
        return record

    def records(self) -> list[dict[str, Any]]:
        """Every record written so far (empty when the file does not exist)."""
        if not self.path.exists():
            return []
        return [json.loads(line) for line in self.path.read_text(encoding="utf-8").splitlines() if line]
