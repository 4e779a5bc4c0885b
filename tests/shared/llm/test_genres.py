"""Every genre from the same retrieval and citation machinery: reply, press release, speech, disclosure summary."""

import re

import pytest

from shared.llm import CivilAffairsAssistant
from shared.llm.citations import check_citations
from shared.llm.corpus import corpus_retriever, example_complaints
from shared.llm.genres import KINDS, SECTIONS, trim

POLICY = (
    "○○구는 내년부터 통학로 안전 개선 사업을 추진합니다. 사업비 12억 원을 들여 어린이보호구역 35곳에 "
    "과속 단속 카메라 40대를 설치합니다. 초등학교 주변 보도 8km를 넓히고 횡단보도 조명도 새로 답니다. "
    "도로교통법에 따라 어린이보호구역의 차량 통행 속도는 시속 30킬로미터 이내로 제한됩니다."
)


@pytest.fixture(scope="module")
def assistant():
    return CivilAffairsAssistant(corpus_retriever())


@pytest.mark.parametrize("kind", KINDS)
def test_each_genre_has_its_sections_and_cites_only_what_was_retrieved(assistant, kind):
    case = assistant.handle(POLICY, kind, occasion="사업 설명회", audience="학부모", minutes=2)
    assert [s.key for s in case.draft.sections] == [k for k, _, _ in SECTIONS[kind]]
    check_citations(case.draft.sections, case.draft.sources)
    assert all(s.text.strip() for s in case.draft.sections)


def test_the_reply_has_answer_basis_background_and_deadlines(assistant):
    text = next(e["text"] for e in example_complaints() if e["id"] == "disclosure-delay")
    case = assistant.handle(text)
    steps = case.draft.section("next_steps").text
    assert "「민원 처리에 관한 법률」" in steps and re.search(
        r"\[\d+\]", steps
    )  # the retrieved article, cited
    assert case.draft.section("answer").text.startswith("민원인께서는")
    assert "010-2345-6789" not in case.draft.text and "[PHONE_1]" not in case.draft.text


def test_the_letter_has_no_source_markers_but_keeps_placeholders_restored(assistant):
    text = next(e["text"] for e in example_complaints() if e["id"] == "disclosure-delay")
    case = assistant.handle(text)
    assert re.search(r"\[\d+\]", case.draft.plain_text)
    assert not re.search(r"\[\d+\]", case.letter())


def test_the_speech_greets_the_audience_carries_the_figures_and_closes(assistant):
    case = assistant.speech(POLICY, occasion="통학로 안전 사업 설명회", audience="학부모", minutes=2)
    greeting, body, closing = (s.text for s in case.draft.sections)
    assert greeting.startswith("존경하는 학부모 여러분") and "통학로 안전 사업 설명회" in greeting
    assert "12억 원" in body and "35곳" in body
    assert closing.endswith("감사합니다.")
    assert len(body) <= 2 * 300 + 200  # about two minutes read aloud


def test_the_disclosure_summary_names_the_deciding_provisions_and_the_ten_days(assistant):
    text = next(e["text"] for e in example_complaints() if e["id"] == "disclosure-request")
    case = assistant.disclosure_summary(text)
    request = case.draft.section("request").text
    assert request.startswith("청구인께서는") and "계약서" in request and "[EMAIL_1]" not in request
    assert (
        "제9조" in case.draft.section("legal_basis").text
        or "제14조" in case.draft.section("legal_basis").text
    )
    deadline = case.draft.section("deadline").text
    assert "제11조" in deadline and "10일" in deadline


def test_the_press_release_does_not_repeat_a_complainants_words(assistant):
    text = next(e["text"] for e in example_complaints() if e["id"] == "livelihood")
    case = assistant.press_release(text)
    for section in case.draft.sections:
        assert "제 주민등록번호" not in section.text and "[RRN_1]" not in section.text


def test_english_speech_and_trim_keep_whole_sentences(assistant):
    case = assistant.speech(
        "The city will plant 500 trees along 12 km of streets. Residents asked for shade.",
        occasion="the spring festival",
        audience="residents",
        minutes=1,
    )
    assert case.draft.section("greeting").text.startswith("Distinguished residents")
    assert trim("가는 한다. 나는 한다.", 8) == "가는 한다."


@pytest.mark.parametrize(
    "complaint",
    [
        "My neighbour keeps a fighting dog that goes out without a muzzle. "
        "Please check whether the owner follows the rules for dangerous dogs.",
        "A building contractor left piles of rubble and broken tiles on the empty lot after the renovation. "
        "Please order the contractor to remove the construction waste.",
        "주택가 단독주택 1층이 신고 없이 노래방으로 바뀌어 밤늦게까지 시끄럽습니다. 건축물 용도를 마음대로 바꾼 것이 아닌지 확인해 주세요.",
    ],
)
def test_the_answer_quotes_a_whole_item_never_a_bare_item_number(assistant, complaint):
    """An article passage that starts with an item ("2. 월령이 …") was quoted as “2.” before, and a lone
    short item (“1. 단독주택”) as what the article provides; now the answer quotes a whole item or points
    to the legal-basis section."""
    answer = assistant.handle(complaint).draft.section("answer").text
    quotes = re.findall(r"“([^”]*)”", answer)
    assert all(len(q) > 20 for q in quotes), answer
    assert quotes or "아래 법적 근거에 적었습니다" in answer or "quoted under Legal basis" in answer, answer
