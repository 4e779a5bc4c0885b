"""The notice to the household: the service, why it qualifies, the criteria quoted and cited, how to apply."""

import json

import pytest

from sectors.welfare.notice import draft_household_notice, service_documents
from shared.llm import AuditLog
from shared.llm.service import numbers_in

ROW = {
    "item_id": "WLF00001164",
    "service": "기초연금",
    "eligible": True,
    "rule": "기초연금 (기초연금법 제3조)",
    "conditions": [
        {
            "kind": "age",
            "reading": "만 65세 이상 가구원: 있음 (가구원 나이 70세)",
            "status": True,
            "source": "기초연금법 제3조제1항",
            "field": "법령·고시",
        },
        {
            "kind": "income",
            "reading": "소득인정액 1,500,000원 ≤ 선정기준액 2,280,000원 (단독가구)",
            "status": True,
            "source": "기초연금법 제3조제2항; 보건복지부 고시 2025년 선정기준액",
            "field": "법령·고시",
        },
    ],
}


@pytest.mark.parametrize("lang", ["ko", "en"])
def test_notice_has_the_service_why_criteria_and_how_to_apply(lang):
    note = draft_household_notice(ROW, recipient="수신 010-2345-6789", lang=lang)
    assert "기초연금" in note.section("service").text
    assert "2,280,000원" in note.section("why").text  # the household's own reading
    criteria = note.section("criteria")
    assert criteria.citations and all(
        note.sources[n - 1].meta["field"] in ("target_text", "criteria_text") for n in criteria.citations
    )
    apply = note.section("apply").text
    assert ("행정복지센터" in apply) and "bokjiro" in apply
    assert {h.doc_id.split("/")[0] for h in note.cited()} == {"WLF00001164"}
    assert numbers_in(note.body) <= set().union(*(numbers_in(h.text) for h in note.sources)) | numbers_in(
        json.dumps(ROW, ensure_ascii=False)
    )
    assert "010-2345-6789" not in note.text and "[PHONE_1]" in note.text
    records = AuditLog().records()
    assert len(records) == 1 and records[0]["purpose"] == "welfare.notice"


def test_a_condition_to_check_is_said_so():
    row = dict(ROW, eligible=None)
    row["conditions"] = [dict(ROW["conditions"][0]), dict(ROW["conditions"][1], status=None)]
    note = draft_household_notice(row)
    assert "담당자 확인이 필요합니다" in note.section("why").text


def test_a_local_service_without_online_application_sends_to_the_community_centre():
    docs = service_documents(
        {
            "service_id": "L1",
            "service": "구 청년 지원",
            "agency": "관악구",
            "description": "만19~39세 청년",
            "online": "N",
        }
    )
    apply = docs[-1].text
    assert docs[0].meta["field"] == "description" and "온라인 신청 대상이 아닙니다" in apply
