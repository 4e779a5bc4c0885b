import json
import textwrap

from typer.testing import CliRunner

from apps import cli, sections

runner = CliRunner()


def _one_line_error(result, *fragments):
    assert result.exit_code == 2, result.output
    lines = [line for line in result.output.splitlines() if line.strip()]
    assert len(lines) == 1, result.output
    assert "Traceback" not in result.output
    for fragment in fragments:
        assert fragment in lines[0]


def test_unknown_sector_is_one_line_exit_2():
    _one_line_error(runner.invoke(cli.app, ["bench", "astrology"]), "unknown sector 'astrology'", "traffic")
    _one_line_error(runner.invoke(cli.app, ["demo", "astrology"]), "unknown sector 'astrology'")


def test_missing_path_is_one_line_exit_2(tmp_path):
    _one_line_error(
        runner.invoke(cli.app, ["bench", "traffic", "--data", str(tmp_path / "no")]),
        "--data path does not exist",
    )
    _one_line_error(
        runner.invoke(cli.app, ["info", "--data", str(tmp_path / "no")]), "--data path does not exist"
    )
    _one_line_error(
        runner.invoke(cli.app, ["bench", "recsys", "--interactions", str(tmp_path / "u.data")]),
        "--interactions path does not exist",
    )


def test_info_prints_versions_device_datasets_models():
    result = runner.invoke(cli.app, ["info"])
    assert result.exit_code == 0, result.output
    assert "civic-ai-suite" in result.output and "torch" in result.output
    assert "device: cpu" in result.output
    assert "geo/korea" in result.output and "bundled" in result.output
    assert "stored models" in result.output


def test_bench_dispatches_prints_and_writes_json(tmp_path, monkeypatch):
    (tmp_path / "fake_bench_mod.py").write_text(
        textwrap.dedent(
            """
            from shared.bench import BenchReport

            def run(options):
                rows = [{"model": "last_value", "mae_h12": 5.77}, {"model": "ours", "mae_h12": 3.9}]
                return BenchReport("fake", "cpu", rows, headline={"value": 3.9, "label_en": "MAE"},
                                   notes=[f"data={options.data_dir} quick={options.quick}"])
            """
        )
    )
    monkeypatch.syspath_prepend(str(tmp_path))
    monkeypatch.setitem(sections.EXTRA_BENCHMARKS, "fake", "fake_bench_mod")
    out = tmp_path / "out" / "fake.json"
    result = runner.invoke(cli.app, ["bench", "fake", "--data", str(tmp_path), "--json", str(out), "--quick"])
    assert result.exit_code == 0, result.output
    assert "last_value" in result.output and "5.77" in result.output and "quick=True" in result.output
    payload = json.loads(out.read_text())
    assert payload["sector"] == "fake" and payload["device"] == "cpu"
    assert payload["rows"] == [{"model": "last_value", "mae_h12": 5.77}, {"model": "ours", "mae_h12": 3.9}]


def test_bench_without_module_yet_is_a_clear_error(monkeypatch):
    monkeypatch.setitem(sections.EXTRA_BENCHMARKS, "later", "shared.not_written_yet.bench")
    _one_line_error(runner.invoke(cli.app, ["bench", "later"]), "has no benchmark yet")


def test_streamlit_command_turns_usage_statistics_off():
    cmd = cli.streamlit_command(8600)
    assert cmd[cmd.index("--browser.gatherUsageStats") + 1] == "false"
    assert cmd[cmd.index("--server.port") + 1] == "8600"


def test_every_section_has_a_page_and_a_unique_url():
    urls = [s.url for s in sections.SECTIONS]
    assert len(set(urls)) == len(urls)
    for s in sections.SECTIONS:
        assert s.page_path.is_file(), s.page
    assert sections.by_key("civil-affairs").key == "llm"


def test_version_prints_the_package_version():
    import tomllib
    from pathlib import Path

    import shared

    project = tomllib.loads((Path(__file__).parents[2] / "pyproject.toml").read_text())["project"]
    result = runner.invoke(cli.app, ["--version"])
    assert result.exit_code == 0, result.output
    assert result.output.strip() == f"civic-ai-suite {shared.__version__}"
    assert shared.__version__ == project["version"]
