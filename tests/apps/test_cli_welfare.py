"""``civic welfare-match``: the Welfare page's demo model ranks a household's services from a JSON file."""

import json

from typer.testing import CliRunner

from apps import cli
from sectors.welfare.households import SAMPLE_HOUSEHOLDS

runner = CliRunner()


def test_welfare_match_prints_the_ranked_services_with_reasons(tmp_path):
    path = tmp_path / "household.json"
    path.write_text(json.dumps(SAMPLE_HOUSEHOLDS["elderly_alone"]["household"], ensure_ascii=False), "utf-8")
    result = runner.invoke(cli.app, ["welfare-match", str(path), "--top", "3", "--lang", "en"])
    assert result.exit_code == 0, result.output
    lines = result.output.splitlines()
    assert [line.split(".")[0].strip() for line in lines[::2]] == ["1", "2", "3"]
    assert "기초연금" in result.output and "met: " in result.output


def test_welfare_match_names_the_file_and_field_of_a_bad_household(tmp_path):
    path = tmp_path / "bad.json"
    path.write_text(json.dumps({"region": "서울특별시 관악구", "members": []}), "utf-8")
    result = runner.invoke(cli.app, ["welfare-match", str(path)])
    assert result.exit_code == 2
    assert "bad.json" in result.output and "members" in result.output
    (tmp_path / "broken.json").write_text("{", "utf-8")
    result = runner.invoke(cli.app, ["welfare-match", str(tmp_path / "broken.json")])
    assert result.exit_code == 2 and "not a readable JSON household" in result.output
