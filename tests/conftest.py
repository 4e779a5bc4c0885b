"""Test-wide settings: tests never read ../shared/data or the user's model folder."""

from __future__ import annotations

import pytest


@pytest.fixture(autouse=True)
def _isolated_environment(monkeypatch, tmp_path_factory):
    monkeypatch.delenv("CIVIC_DATA_DIR", raising=False)
    monkeypatch.delenv("CIVIC_SEED", raising=False)
    monkeypatch.setenv("CIVIC_MODEL_DIR", str(tmp_path_factory.mktemp("models")))
    monkeypatch.setenv("CIVIC_DEVICE", "cpu")
    # No test writes an audit log into the user's home, and none reaches a configured LLM server.
    monkeypatch.setenv("CIVIC_LLM_AUDIT", str(tmp_path_factory.mktemp("audit") / "llm-audit.jsonl"))
    for name in ("CIVIC_LLM_URL", "CIVIC_LLM_MODEL", "CIVIC_LLM_KEY", "CIVIC_LLM_TIMEOUT", "CIVIC_LLM_USER"):
        monkeypatch.delenv(name, raising=False)
    # ... nor an administrator's ~/.civic/config.toml: an empty file names no server.
    empty = tmp_path_factory.mktemp("config") / "config.toml"
    empty.touch()
    monkeypatch.setenv("CIVIC_CONFIG", str(empty))
