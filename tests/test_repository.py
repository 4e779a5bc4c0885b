"""House rules that keep the suite safe and its layers apart, checked on every run."""

from __future__ import annotations

import ast
import re
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
PACKAGES = ("shared", "sectors", "apps")
SECTORS = ("finance", "welfare", "employment", "traffic", "disaster")


def _python_files(*parts: str):
    for part in parts:
        yield from (p for p in (ROOT / part).rglob("*.py") if "__pycache__" not in p.parts)


def _imports(path: Path) -> set[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    out: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            out.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            out.add(node.module)
    return out


def test_readme_test_command_is_what_ci_runs():
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    commands = re.findall(r"```(?:bash|sh)\n(.*?)\n```", readme, flags=re.S)
    assert len(commands) >= 2, "README needs its two set-up commands in bash blocks near the top"
    demo, test = commands[0].strip(), commands[1].strip()
    assert "civic demo" in demo and "\n" not in demo
    assert "pytest" in test and "\n" not in test
    ci = (ROOT / ".ci" / "run").read_text(encoding="utf-8")
    assert test in ci.splitlines(), "the README's test command must appear verbatim in .ci/run"


def test_shared_never_imports_sectors_or_apps():
    for path in _python_files("shared"):
        bad = {m for m in _imports(path) if m.split(".")[0] in ("sectors", "apps")}
        assert not bad, f"{path.relative_to(ROOT)} imports {bad}"


def test_a_sector_never_imports_another_sector():
    for sector in SECTORS:
        for path in _python_files(f"sectors/{sector}"):
            others = {m for m in _imports(path) if m.startswith("sectors.") and m.split(".")[1] != sector}
            assert not others, f"{path.relative_to(ROOT)} imports {others}"


def test_nothing_imports_apps_outside_apps():
    for path in _python_files("shared", "sectors"):
        assert not {m for m in _imports(path) if m.split(".")[0] == "apps"}, path


def test_no_pickle_in_the_suite():
    forbidden = {"pickle", "cPickle", "dill", "joblib", "cloudpickle"}
    for path in _python_files(*PACKAGES):
        used = {m.split(".")[0] for m in _imports(path)} & forbidden
        assert not used, f"{path.relative_to(ROOT)} imports {used}"
        text = path.read_text(encoding="utf-8")
        assert "allow_pickle=True" not in text, path
        assert "weights_only=False" not in text, path


def test_usage_statistics_are_off():
    config = (ROOT / ".streamlit" / "config.toml").read_text()
    assert re.search(r"gatherUsageStats\s*=\s*false", config)


def test_every_public_module_has_a_docstring():
    for path in _python_files(*PACKAGES):
        if path.name.startswith("_") and path.name != "__init__.py":
            continue
        tree = ast.parse(path.read_text(encoding="utf-8"))
        assert ast.get_docstring(tree), f"{path.relative_to(ROOT)} has no module docstring"


def test_ruff_is_clean():
    ruff = subprocess.run([sys.executable, "-m", "ruff", "--version"], capture_output=True)
    if ruff.returncode != 0:
        pytest.skip("ruff not installed (it is in the test extra)")
    result = subprocess.run(
        [sys.executable, "-m", "ruff", "check", "--quiet", str(ROOT)], capture_output=True, text=True
    )
    assert result.returncode == 0, result.stdout + result.stderr


def test_readme_results_block_matches_the_benchmark_reports():
    """The README's results tables are generated from apps/results/*.json, never edited by hand."""
    done = subprocess.run(
        [sys.executable, str(ROOT / "benchmarks" / "readme_table.py"), "--check"],
        capture_output=True,
        text=True,
        cwd=ROOT,
    )
    assert done.returncode == 0, "README results block is stale: run python benchmarks/readme_table.py"
