"""The CLI edge: any failure of a command is one line on stderr and exit code 2, never a traceback."""

from __future__ import annotations

import os
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from apps import cli, sections

ROOT = Path(__file__).resolve().parents[2]


def _fake_bench(tmp_path, monkeypatch, body: str) -> None:
    name = f"fake_failing_bench_{abs(hash(body))}"
    (tmp_path / f"{name}.py").write_text(textwrap.dedent(body))
    monkeypatch.syspath_prepend(str(tmp_path))
    monkeypatch.setitem(sections.EXTRA_BENCHMARKS, "failing", name)


def _main(monkeypatch, capsys, *args: str) -> tuple[int, str]:
    monkeypatch.setattr(sys, "argv", ["civic", *args])
    with pytest.raises(SystemExit) as info:
        cli.main()
    return info.value.code, capsys.readouterr().err


def test_an_unexpected_error_is_one_line_with_its_type(tmp_path, monkeypatch, capsys):
    _fake_bench(tmp_path, monkeypatch, "def run(options):\n    return {}['missing key']\n")
    monkeypatch.delenv("CIVIC_DEBUG", raising=False)
    code, err = _main(monkeypatch, capsys, "bench", "failing")
    assert code == 2
    assert err.count("\n") == 1 and "Traceback" not in err
    assert err.startswith("civic: error: unexpected KeyError: 'missing key'") and "CIVIC_DEBUG=1" in err


def test_civic_debug_shows_the_traceback_of_an_unexpected_error(tmp_path, monkeypatch):
    _fake_bench(tmp_path, monkeypatch, "def run(options):\n    raise RuntimeError('a bug')\n")
    monkeypatch.setenv("CIVIC_DEBUG", "1")
    monkeypatch.setattr(sys, "argv", ["civic", "bench", "failing"])
    with pytest.raises(RuntimeError, match="a bug"):
        cli.main()


def test_a_multi_line_data_error_is_printed_on_one_line(tmp_path, monkeypatch, capsys):
    _fake_bench(
        tmp_path,
        monkeypatch,
        """
        from shared.errors import DataError

        def run(options):
            raise DataError("cannot assemble\\n  - try this\\n  - or that", file="x.csv", expected="dates")
        """,
    )
    code, err = _main(monkeypatch, capsys, "bench", "failing")
    assert code == 2
    assert err == "civic: error: x.csv: cannot assemble - try this - or that (expected dates)\n"


@pytest.mark.slow
def test_the_console_script_prints_one_line_for_a_malformed_file(tmp_path):
    """End to end in a fresh interpreter, as a user runs it: a non-UTF-8 interaction log."""
    log = tmp_path / "log.csv"
    log.write_bytes(b"user,item,rating,timestamp\n1,2,3,caf\xe9\n")
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    env.pop("CIVIC_DEBUG", None)
    proc = subprocess.run(
        [sys.executable, "-m", "apps.cli", "bench", "recsys", "--quick", "--interactions", str(log)],
        capture_output=True,
        text=True,
        env=env,
        cwd=ROOT,
        timeout=300,
    )
    assert proc.returncode == 2, proc.stderr
    lines = proc.stderr.splitlines()
    assert len(lines) == 1 and "Traceback" not in proc.stderr, proc.stderr
    assert lines[0].startswith("civic: error: ") and "log.csv" in lines[0] and "UTF-8" in lines[0]
