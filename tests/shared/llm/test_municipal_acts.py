"""The excerpts of the acts municipal complaints turn on, bundled in the corpus's ``acts/`` folder.

Each is a verbatim legalize-kr excerpt with its front matter (법령ID, 시행일자) and a ``발췌`` key; the
reader must split it into articles with the right act, id and dates, and the corpus must carry them.
"""

import pytest

from shared.data.formats.statutes import read_statute_folder
from shared.llm.corpus import BUNDLED, read_documents_jsonl

ACTS = BUNDLED / "acts"

# file, act, 법령ID, 시행일자, number of articles, one article the complaints turn on and its heading
EXCERPTS = [
    ("road-act-excerpt.md", "도로법", "001821", "2027-03-23", 16, "제61조", "도로의 점용 허가"),
    ("local-autonomy-act-excerpt.md", "지방자치법", "001656", "2026-06-02", 16, "제21조", "주민의 감사 청구"),
    (
        "building-act-excerpt.md",
        "건축법",
        "001823",
        "2027-09-09",
        14,
        "제79조",
        "위반 건축물 등에 대한 조치 등",
    ),
    (
        "parking-lot-act-excerpt.md",
        "주차장법",
        "001814",
        "2018-03-22",
        16,
        "제19조의4",
        "부설주차장의 용도변경 금지 등",
    ),
    (
        "wastes-control-act-excerpt.md",
        "폐기물관리법",
        "001771",
        "2027-01-08",
        12,
        "제8조",
        "폐기물의 투기 금지 등",
    ),
    (
        "noise-vibration-control-act-excerpt.md",
        "소음ㆍ진동관리법",
        "000167",
        "2025-10-01",
        16,
        "제21조",
        "생활소음과 진동의 규제",
    ),
    (
        "multi-family-housing-management-act-excerpt.md",
        "공동주택관리법",
        "012345",
        "2028-05-13",
        16,
        "제20조",
        "층간소음의 방지 등",
    ),
    (
        "animal-protection-act-excerpt.md",
        "동물보호법",
        "000412",
        "2026-07-07",
        16,
        "제34조",
        "동물의 구조ㆍ보호",
    ),
    (
        "passenger-transport-service-act-excerpt.md",
        "여객자동차 운수사업법",
        "001749",
        "2026-11-30",
        11,
        "제26조",
        "운수종사자의 준수 사항",
    ),
    (
        "national-pension-act-excerpt.md",
        "국민연금법",
        "001781",
        "2027-03-16",
        15,
        "제91조",
        "연금보험료 납부의 예외",
    ),
]


@pytest.fixture(scope="module")
def articles():
    return read_statute_folder(ACTS)


@pytest.mark.parametrize(("file", "law", "law_id", "in_force", "count", "article", "heading"), EXCERPTS)
def test_each_excerpt_parses_into_its_articles(
    articles, file, law, law_id, in_force, count, article, heading
):
    rows = articles[articles.file == file]
    assert set(rows.law) == {law} and set(rows.law_id) == {law_id} and set(rows.in_force) == {in_force}
    assert len(rows) == count and not rows.deleted.any()
    assert not rows.duplicated("article").any()  # the mirrors that drop 의N would give two 제21조
    match = rows[rows.article == article]
    assert list(match.heading) == [heading] and len(match.text.iloc[0]) > 100


@pytest.mark.parametrize("file", [e[0] for e in EXCERPTS])
def test_each_excerpt_keeps_its_front_matter_and_says_it_is_an_excerpt(file):
    head = (ACTS / file).read_text(encoding="utf-8").split("\n---\n", 1)[0]
    for key in ("제목:", "법령ID:", "시행일자:", "공포일자:", "출처: https://www.law.go.kr/", "발췌:"):
        assert key in head, f"{file} lacks {key}"


def test_the_corpus_carries_every_excerpted_article(articles):
    docs = read_documents_jsonl(BUNDLED / "statutes.jsonl")
    held = {(d.meta["law"], d.meta["article"]) for d in docs}
    wanted = {(r.law, r.article) for r in articles.itertuples() if not r.deleted}
    assert wanted <= held
