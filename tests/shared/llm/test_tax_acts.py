"""The year-end-settlement excerpts of 소득세법 and 조세특례제한법 bundled in the corpus's ``acts/`` folder.

They are read with the same legalize-kr reader as the seven acts of ``llm/laws`` and must let a tax
question find its article among the other statutes.
"""

import pytest

from shared.data.formats.statutes import read_statute_folder
from shared.llm import Retriever
from shared.llm.corpus import BUNDLED, read_documents_jsonl, statute_documents

ACTS = BUNDLED / "acts"
INCOME_TAX = "income-tax-act-excerpt.md"
SPECIAL_TAX = "restriction-of-special-taxation-act-excerpt.md"


@pytest.fixture(scope="module")
def articles():
    df = read_statute_folder(ACTS)
    return df[df.file.isin([INCOME_TAX, SPECIAL_TAX])]


def _row(articles, law, article):
    rows = articles[(articles.law == law) & (articles.article == article)]
    assert len(rows) == 1, f"{law} {article} not found once in {ACTS}"
    return rows.iloc[0]


def test_both_excerpts_parse_into_articles_with_law_heading_and_dates(articles):
    income = _row(articles, "소득세법", "제59조의2")
    assert income.heading == "자녀세액공제"
    assert income.law_id == "001565"
    assert (income.promulgated, income.in_force) == ("2026-09-08", "2027-09-09")
    assert "2명인 경우: 연 55만원" in income.text
    assert not income.deleted

    card = _row(articles, "조세특례제한법", "제126조의2")
    assert card.heading == "신용카드 등 사용금액에 대한 소득공제"
    assert card.law_id == "001584"
    assert (card.promulgated, card.in_force) == ("2026-09-15", "2027-03-16")
    assert "최저사용금액" in card.text and "연간 300만원" in card.text
    assert card.source == "https://www.law.go.kr/법령/조세특례제한법"


def test_the_excerpts_hold_the_year_end_settlement_articles(articles):
    income = set(articles[articles.law == "소득세법"].article)
    wanted = {"제47조", "제47조의2", "제50조", "제51조", "제51조의3", "제52조", "제55조"}
    wanted |= {"제59조", "제59조의2", "제59조의3", "제59조의4"}
    assert wanted <= income
    assert set(articles[articles.law == "조세특례제한법"].article) == {"제95조의2", "제126조의2"}
    live = articles[~articles.deleted]
    assert (live.text.str.len() > 50).all()
    assert set(articles[articles.deleted].article) == {"제51조의2"}  # 삭제 <2014.1.1>, kept flagged


def test_statute_documents_name_the_excerpt_articles(articles):
    docs = {d.id: d for d in statute_documents(articles)}
    doc = docs["income-tax-act-excerpt/59-2"]
    assert doc.title == "소득세법 제59조의2 (자녀세액공제)"
    assert doc.meta["law"] == "소득세법" and doc.meta["in_force"] == "2027-09-09"
    assert "restriction-of-special-taxation-act-excerpt/126-2" in docs
    assert "income-tax-act-excerpt/51-2" not in docs  # deleted articles are left out


@pytest.fixture(scope="module")
def retriever(articles):
    excerpts = statute_documents(articles)
    ids = {d.id for d in excerpts}
    # the seven acts of llm/laws (700 articles); once the corpus is rebuilt it holds the excerpts too
    others = [d for d in read_documents_jsonl(BUNDLED / "statutes.jsonl") if d.id not in ids]
    return Retriever.from_documents(excerpts + others)


@pytest.mark.parametrize(
    ("question", "expected"),
    [
        ("자녀가 둘인데 연말정산 자녀세액공제는 얼마나 받을 수 있나요?", "income-tax-act-excerpt/59-2"),
        ("신용카드 소득공제 한도가 궁금합니다", "restriction-of-special-taxation-act-excerpt/126-2"),
        (
            "월세 세액공제를 받으려면 총급여가 얼마 이하여야 하나요?",
            "restriction-of-special-taxation-act-excerpt/95-2",
        ),
        ("근로소득공제는 총급여에서 얼마를 빼 주나요?", "income-tax-act-excerpt/47"),
    ],
)
def test_a_tax_question_retrieves_its_article_in_the_top_three(retriever, question, expected):
    top = [hit.doc_id for hit in retriever.search(question, k=3)]
    assert expected in top, top
