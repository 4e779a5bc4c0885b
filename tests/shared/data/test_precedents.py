"""The legalize-kr precedent reader: good files, malformed files, and the bundled decisions."""

import pytest

from shared.data.formats.precedents import (
    read_precedent,
    read_precedent_folder,
    referenced_articles,
)
from shared.errors import DataError
from shared.llm.corpus import BUNDLED, PRECEDENTS_DIR

DECISION = """---
판례일련번호: '999001'
사건번호: 2099두1
사건명: 도로점용허가취소
법원명: 대법원
법원등급: 대법원
사건종류: 일반행정
출처: https://www.law.go.kr/LSW/precInfoP.do?precSeq=999001
첨부파일: []
선고일자: 2099-01-02
---

# 도로점용허가취소

## 판시사항

[1] 도로점용허가의 법적 성질(=재량행위)
[2] 점용허가 범위가 **점용목적**에 필요한 한도로 제한되는지 여부(적극)

## 판결요지

[1] 도로점용허가는 특별사용권을 설정하는 설권행위이다.

## 참조조문

[1] 구 도로법(2015. 1. 28. 법률 제13086호로 개정되기 전의 것) 제61조 제1항 / [2] 행정소송법 제1조[행정처분일반], 제22조 제1항, 도로법 제61조의2

## 판례내용

【주 문】 상고를 기각한다.
"""


def write(folder, name, text):
    path = folder / name
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


def test_a_decision_with_its_sections_and_referenced_articles(tmp_path):
    row = read_precedent(write(tmp_path, "대법원_2099-01-02_2099두1.md", DECISION))
    assert row["case_number"] == "2099두1" and row["court"] == "대법원" and row["date"] == "2099-01-02"
    assert row["holding"].startswith("[1] 도로점용허가의 법적 성질") and "**" not in row["holding"]
    assert row["summary"] == "[1] 도로점용허가는 특별사용권을 설정하는 설권행위이다."
    assert row["articles"] == ["도로법 제61조", "행정소송법 제1조", "행정소송법 제22조", "도로법 제61조의2"]
    assert "판례내용" not in row["holding"] + row["summary"] and row["serial"] == "999001"


def test_a_folder_is_searched_with_its_subfolders(tmp_path):
    write(tmp_path, "일반행정/대법원/a.md", DECISION)
    write(tmp_path, "민사/대법원/b.md", DECISION.replace("2099두1", "2099다2").replace("일반행정", "민사"))
    write(tmp_path, "README.md", "# not a decision")
    df = read_precedent_folder(tmp_path)
    assert sorted(df["case_number"]) == ["2099다2", "2099두1"]


@pytest.mark.parametrize(
    ("text", "field"),
    [
        ("# 제목만\n## 판시사항\n내용", "front matter"),
        (DECISION.replace("사건번호: 2099두1\n", ""), "사건번호"),
        (DECISION.replace("법원명: 대법원\n", "법원명: ''\n"), "법원명"),
        (DECISION.replace("선고일자: 2099-01-02", "선고일자: 2099.1.2"), "선고일자"),
        (DECISION.split("## 판시사항")[0] + "## 참조조문\n\n도로법 제61조\n", "판시사항"),
    ],
)
def test_malformed_files_name_the_file_and_the_field(tmp_path, text, field):
    path = write(tmp_path, "bad.md", text)
    with pytest.raises(DataError, match=field) as err:
        read_precedent(path)
    assert "bad.md" in str(err.value)


def test_unreadable_duplicate_and_missing_inputs(tmp_path):
    (tmp_path / "latin1.md").write_bytes("사건번호".encode("euc-kr"))
    with pytest.raises(DataError, match="latin1.md"):
        read_precedent(tmp_path / "latin1.md")
    dup = tmp_path / "dup"
    write(dup, "a.md", DECISION)
    write(dup, "b.md", DECISION)
    with pytest.raises(DataError, match="appears twice"):
        read_precedent_folder(dup)
    with pytest.raises(DataError, match="no precedent"):
        read_precedent_folder(tmp_path / "empty")


def test_referenced_articles_keep_the_law_across_items_and_drop_former_versions():
    text = "구 건축법(2008. 3. 21. 법률 제8974호) 제9조(현행 제14조 참조), 제69조의2 제1항 / 같은 법 제80조"
    assert referenced_articles(text) == ["건축법 제9조", "건축법 제69조의2", "건축법 제80조"]
    assert referenced_articles("") == []


def test_the_bundled_decisions_are_real_and_cited():
    df = read_precedent_folder(BUNDLED / PRECEDENTS_DIR)
    assert len(df) >= 20 and df["case_number"].is_unique
    assert df["source"].str.startswith("https://www.law.go.kr/LSW/precInfoP.do?precSeq=").all()
    assert (df["date"].str.len() == 10).all() and set(df["court"]) == {"대법원"}
    assert {"국가배상법 제5조", "행정절차법 제21조", "도로법 제61조"} <= {
        a for arts in df["articles"] for a in arts
    }
