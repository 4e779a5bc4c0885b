"""The private LLM server the administrator configured: environment first, then an ``[llm]`` TOML table.

Nothing here reads a page or a request: the server's URL, model and key are the administrator's.

* ``CIVIC_LLM_URL``, ``CIVIC_LLM_MODEL``, ``CIVIC_LLM_KEY``, ``CIVIC_LLM_TIMEOUT``, ``CIVIC_LLM_AUDIT``,
  ``CIVIC_LLM_USER``: each, when set and not empty, wins over the file.
* The ``[llm]`` table of the TOML file named by ``CIVIC_CONFIG``, or of ``~/.civic/config.toml`` when
  ``CIVIC_CONFIG`` is unset and that file exists. Keys: ``url``, ``model``, ``key`` or ``key_env`` (the
  name of an environment variable holding the key; better than a key in the file), ``timeout_s``,
  ``max_tokens``, ``temperature``, ``audit_path``, ``user``.

Example ``config.toml``::

    [llm]
    url = "http://10.0.0.5:8000/v1"
    model = "qwen2.5-7b-instruct"
    key_env = "AGENCY_LLM_KEY"
    timeout_s = 30
"""

from __future__ import annotations

import os
import tomllib
from pathlib import Path
from typing import Any

from shared.errors import CivicError
from shared.llm.backends import ServerConfig

ENVIRONMENT = {
    "url": "CIVIC_LLM_URL",
    "model": "CIVIC_LLM_MODEL",
    "key": "CIVIC_LLM_KEY",
    "timeout_s": "CIVIC_LLM_TIMEOUT",
    "audit_path": "CIVIC_LLM_AUDIT",
    "user": "CIVIC_LLM_USER",
}
DEFAULT_CONFIG = Path("~/.civic/config.toml")


def config_path() -> Path | None:
    """The administrator's TOML file: ``CIVIC_CONFIG``, else ``~/.civic/config.toml`` if it exists."""
    named = os.environ.get("CIVIC_CONFIG")
    if named:
        return Path(named).expanduser()
    default = DEFAULT_CONFIG.expanduser()
    return default if default.is_file() else None


def _llm_table(path: Path) -> dict[str, Any]:
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise CivicError(f"{path}: configuration file not found (named by CIVIC_CONFIG)") from None
    except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError) as exc:
        raise CivicError(f"{path}: cannot read the configuration: {exc}") from exc
    table = data.get("llm", {})
    if not isinstance(table, dict):
        raise CivicError(f"{path}: 'llm' must be a table ([llm]) with url, model and key or key_env")
    return dict(table)


def configured_server() -> ServerConfig | None:
    """The configured private server, or None when neither the environment nor the file names one.

    Raises :class:`shared.errors.CivicError` for a half configuration (a URL without a model, or the
    reverse) or an unreadable file, naming the variable or the file. The page shows only
    ``configured_server().server`` (host and port).
    """
    path = config_path()
    values = _llm_table(path) if path is not None else {}
    where = f"[llm] in {path}" if path is not None else "the environment"
    for name, variable in ENVIRONMENT.items():
        value = os.environ.get(variable)
        if value:
            values[name] = value
            if name == "key":
                values.pop("key_env", None)
    if not values.get("url") and not values.get("model"):
        return None
    for name in ("url", "model"):
        if not values.get(name):
            raise CivicError(
                f"LLM server half configured: no {name} (set {ENVIRONMENT[name]} or {name} in {where})"
            )
    return ServerConfig.from_mapping(values)
