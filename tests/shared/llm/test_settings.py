"""Where the private server's settings come from: the environment or the administrator's [llm] TOML."""

from __future__ import annotations

import pytest

from shared.errors import CivicError
from shared.llm import configured_server


def _write(path, text):
    path.write_text(text, encoding="utf-8")
    return path


def test_nothing_configured_means_no_server(tmp_path, monkeypatch):
    monkeypatch.setenv("CIVIC_CONFIG", str(_write(tmp_path / "c.toml", "[other]\nx = 1\n")))
    assert configured_server() is None


def test_the_environment_alone(monkeypatch):
    monkeypatch.setenv("CIVIC_LLM_URL", "http://10.0.0.5:8000/v1")
    monkeypatch.setenv("CIVIC_LLM_MODEL", "qwen")
    monkeypatch.setenv("CIVIC_LLM_KEY", "k-env")
    monkeypatch.setenv("CIVIC_LLM_TIMEOUT", "12.5")
    cfg = configured_server()
    assert (cfg.server, cfg.model, cfg.api_key, cfg.timeout_s) == ("10.0.0.5:8000", "qwen", "k-env", 12.5)


def test_the_toml_table_and_the_environment_over_it(tmp_path, monkeypatch):
    path = _write(
        tmp_path / "civic.toml",
        '[llm]\nurl = "http://10.0.0.5:8000/v1"\nmodel = "qwen"\nkey_env = "AGENCY_KEY"\ntimeout_s = 20\n',
    )
    monkeypatch.setenv("CIVIC_CONFIG", str(path))
    monkeypatch.setenv("AGENCY_KEY", "k-file")
    cfg = configured_server()
    assert (cfg.endpoint, cfg.api_key, cfg.timeout_s) == (
        "http://10.0.0.5:8000/v1/chat/completions",
        "k-file",
        20,
    )
    monkeypatch.setenv("CIVIC_LLM_MODEL", "llama")
    monkeypatch.setenv("CIVIC_LLM_KEY", "k-env")
    cfg = configured_server()
    assert (cfg.model, cfg.api_key, cfg.server) == ("llama", "k-env", "10.0.0.5:8000")


def test_the_default_file_in_the_home_folder(tmp_path, monkeypatch):
    monkeypatch.delenv("CIVIC_CONFIG")
    monkeypatch.setenv("HOME", str(tmp_path))
    assert configured_server() is None
    (tmp_path / ".civic").mkdir()
    _write(tmp_path / ".civic" / "config.toml", '[llm]\nurl = "https://llm.agency.go.kr/v1"\nmodel = "m"\n')
    assert configured_server().server == "llm.agency.go.kr"


@pytest.mark.parametrize(
    "toml, env, message",
    [
        ('[llm]\nurl = "http://10.0.0.5/v1"\n', {}, "no model"),
        ("", {"CIVIC_LLM_MODEL": "m"}, "no url"),
        ('[llm]\nurl = "http://h/v1"\nmodel = "m"\ntimeout_s = "soon"\n', {}, "'timeout_s' must be a number"),
        ("llm = 3\n", {}, "must be a table"),
        ("[llm\n", {}, "cannot read the configuration"),
    ],
)
def test_bad_configurations_say_what_is_wrong(tmp_path, monkeypatch, toml, env, message):
    monkeypatch.setenv("CIVIC_CONFIG", str(_write(tmp_path / "c.toml", toml)))
    for name, value in env.items():
        monkeypatch.setenv(name, value)
    with pytest.raises(CivicError, match=message):
        configured_server()


def test_a_missing_named_file_is_an_error(tmp_path, monkeypatch):
    monkeypatch.setenv("CIVIC_CONFIG", str(tmp_path / "nowhere.toml"))
    with pytest.raises(CivicError, match="nowhere.toml: configuration file not found"):
        configured_server()
