"""The product explained from its terms: cites only retrieved terms, numbers only from them, redacted, audited."""

import json

import pytest

from sectors.finance.explain import explain, terms_documents
from shared.data.formats.finlife import read_finlife_folder
from shared.data.registry import SAMPLES
from shared.llm import AuditLog
from shared.llm.service import numbers_in

REC = {
    "item_id": "ind_deme_fin_ult1",
    "rank": 2,
    "reasons_ko": ["나이 48세: 최소 가입 연령 18세 충족", "고객들이 최근 많이 가입 (0.22%/월)"],
    "reasons_en": ["age 48 meets the minimum age 18", "often added by customers lately (0.22%/month)"],
}


@pytest.fixture(scope="module")
def finlife():
    return read_finlife_folder(SAMPLES / "finance" / "finlife-constructed")


@pytest.mark.parametrize("lang", ["ko", "en"])
def test_explanation_cites_the_product_terms_and_states_their_numbers(lang, finlife):
    note = explain(REC, {"age": 48}, note="금리 문의, 연락처 010-2345-6789", finlife=finlife, lang=lang)
    name = "중기 예금" if lang == "ko" else "Medium-term deposit"
    assert name in note.section("product").text
    assert note.cited()[0].doc_id == "terms/ind_deme_fin_ult1"
    assert {h.doc_id for h in note.cited()} <= {h.doc_id for h in note.sources}
    assert all(h.meta.get("term") == 12 for h in note.sources[1:]) and len(note.sources) == 3
    # every rate or limit stated is one of the retrieved terms' or disclosures' (or the customer's own)
    allowed = set().union(*(numbers_in(h.text) for h in note.sources)) | {"48", "2", "18", "0.22"}
    assert numbers_in(note.body) <= allowed
    assert "010-2345-6789" not in note.text and "[PHONE_1]" in note.text
    records = AuditLog().records()
    assert len(records) == 1 and records[0]["purpose"] == "finance.explain"


def test_the_age_limit_is_checked_against_the_terms():
    note = explain({"item_id": "ind_ctju_fin_ult1", "rank": 1}, {"age": 30})
    assert "만 17세 이하" in note.body and "맞지 않습니다" in note.body


def test_every_product_has_terms_with_its_age_limits():
    docs = terms_documents()
    assert len(docs) == 24 and all("가입 연령" in d.text for d in docs)


def test_a_server_that_invents_a_rate_is_refused(finlife):
    class Server:
        name = "fake"

        def chat(self, messages, *, purpose):
            return json.dumps({"product": "추천 [1].", "why": "좋습니다.", "terms": "연 9.9% 금리 [2]."})

    note = explain(REC, {"age": 48}, finlife=finlife, backend=Server())
    assert note.backend == "embedded" and "9.9" in note.warnings[0]
