"""Redaction: every identifier kind, the numbers that stay, placeholders, restore, and property tests."""

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from shared.llm import RedactionError, redact
from shared.llm.identifiers import KINDS, brn_is_valid
from shared.llm.synthetic import GENERATORS, labelled_texts
from shared.seeding import rng


@pytest.mark.parametrize(
    "text, kind, value",
    [
        ("주민등록번호 900101-1234568 입니다", "RRN", "900101-1234568"),
        ("번호는9001011234568입니다", "RRN", "9001011234568"),
        ("2020년 이후 발급 번호 2103154876540 (검증번호 무작위)", "RRN", "2103154876540"),
        ("외국인등록번호: 850505-5123456", "FRN", "850505-5123456"),
        ("연락처 010-1234-5678로", "PHONE", "010-1234-5678"),
        ("전화01012345678", "PHONE", "01012345678"),
        ("call +82 10-9876-5432 now", "PHONE", "+82 10-9876-5432"),
        ("사무실 (02) 123-4567", "PHONE", "(02) 123-4567"),
        ("회신 hong.gd@korea.kr 로", "EMAIL", "hong.gd@korea.kr"),
        ("카드 4111 1111 1111 1111 결제", "CARD", "4111 1111 1111 1111"),
        ("환불 계좌 110-123-456789 신한", "ACCOUNT", "110-123-456789"),
        ("국민은행 계좌 12345678901234 로 입금", "ACCOUNT", "12345678901234"),
        ("사업자 220-81-62517 업체", "BRN", "220-81-62517"),
        ("여권 M123A4567 사본", "PASSPORT", "M123A4567"),
        ("운전면허 서울 12-345678-90 정지", "DRIVER", "서울 12-345678-90"),
        ("서울특별시 종로구 세종대로 209에 삽니다", "ADDRESS", "서울특별시 종로구 세종대로 209"),
        ("경기도 성남시 분당구 정자동 178-1번지", "ADDRESS", "경기도 성남시 분당구 정자동 178-1번지"),
        ("민원인 홍길동 씨가 방문", "NAME", "홍길동"),
        ("The applicant, Ms. Jane Doe, called.", "NAME", "Jane Doe"),
    ],
)
def test_each_kind_is_found_and_hidden(text, kind, value):
    r = redact(text)
    assert value not in r.text
    assert any(e.kind == kind and e.value == value for e in r.entities), r.entities
    entity = next(e for e in r.entities if e.value == value)
    assert text[entity.start : entity.end] == value
    assert r.restore(r.text) == text


def test_check_digit_raises_confidence_but_is_not_required():
    valid, random_digit = redact("900101-1234568").entities[0], redact("900101-1234561").entities[0]
    assert valid.kind == random_digit.kind == "RRN"
    assert valid.confidence > random_digit.confidence


def test_invalid_checksums_and_impossible_dates_are_not_identifiers():
    assert redact("번호 4111-1111-1111-1112").entities == ()  # fails Luhn, and no label says 카드
    assert redact("업체 220-81-62518").entities == ()  # wrong business-number check digit
    assert not brn_is_valid("000-81-62517")
    assert redact("번호 901301-1234567").entities == ()  # month 13


@pytest.mark.parametrize(
    "kept",
    [
        "2024-03-15",
        "2024년 3월 15일",
        "12,000원",
        "3만 5천 원",
        "30%",
        "제12조 제3항",
        "제6조의2 제1항 제3호",
        "법률 제12345호",
        "2023가합12345",
        "접수번호 1AA-2403-0012345",
        "신청번호: 2024-0502-117",
    ],
)
def test_dates_money_articles_and_case_numbers_stay(kept):
    text = f"민원 처리 관련 {kept} 확인 바랍니다"
    assert redact(text).text == text


def test_same_value_same_placeholder_and_counts():
    r = redact("010-1111-2222 또는 010-3333-4444, 다시 010-1111-2222")
    assert r.text == "[PHONE_1] 또는 [PHONE_2], 다시 [PHONE_1]"
    assert r.counts() == {"PHONE": 2}


def test_placeholders_never_collide_with_the_authors_text():
    text = "문서에 [PHONE_1] 이라고 적혀 있고 실제 번호는 010-1111-2222"
    r = redact(text)
    assert "[PHONE_2]" in r.text and r.restore(r.text) == text


def test_restore_works_on_derived_text():
    r = redact("민원인 연락처 010-1111-2222")
    assert (
        r.restore("답변: [PHONE_1]로 연락드렸습니다 [UNKNOWN_9]")
        == "답변: 010-1111-2222로 연락드렸습니다 [UNKNOWN_9]"
    )


def test_bad_input_fails_closed():
    with pytest.raises(RedactionError):
        redact(b"bytes")
    with pytest.raises(RedactionError):
        redact("x", kinds=["SSN"])


def test_finder_errors_become_redaction_errors(monkeypatch):
    import shared.llm.redaction as redact_mod

    def broken(text, kinds):
        raise RuntimeError("finder broke")

    monkeypatch.setattr(redact_mod, "candidates", broken)
    with pytest.raises(RedactionError):
        redact("010-1111-2222")


def test_generated_labelled_set_is_fully_redacted():
    for item in labelled_texts(40, seed=5):
        r = redact(item.text)
        for kind, start, end in item.spans:
            assert item.text[start:end] not in r.text, (kind, item.text)
        for kept in item.kept:
            assert kept in r.text


# -- properties ----------------------------------------------------------------------------------
HANGUL = st.characters(min_codepoint=0xAC00, max_codepoint=0xD7A3)
LATIN = st.sampled_from(list("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ"))
WORD = st.text(st.one_of(HANGUL, LATIN), min_size=1, max_size=8)
WORDS = st.lists(WORD, max_size=6).map(" ".join)
SEPARATORS = st.sampled_from([" ", "\n", ", ", ": ", " (", ") ", " - "])
PARTICLES = st.sampled_from(["", "은", "는", "이", "로", "입니다", "으로", "에게"])
STRUCTURED = [k for k in KINDS if k != "NAME"]  # names depend on the tokenizer's tags: tested above


@settings(max_examples=80, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    kind=st.sampled_from(STRUCTURED),
    seed=st.integers(0, 2**32 - 1),
    before=WORDS,
    after=WORDS,
    sep1=SEPARATORS,
    sep2=SEPARATORS,
    particle=PARTICLES,
)
def test_a_generated_identifier_never_survives(kind, seed, before, after, sep1, sep2, particle):
    value = GENERATORS[kind](rng(seed))
    text = f"{before}{sep1}{value}{particle}{sep2}{after}"
    r = redact(text)
    assert value not in r.text
    assert r.restore(r.text) == text


@settings(max_examples=100, deadline=None)
@given(
    st.text(
        st.one_of(HANGUL, LATIN, st.sampled_from(list("0123456789-.,:()[]_ @+\n%원조항호"))), max_size=120
    )
)
def test_redact_then_restore_is_the_identity(text):
    r = redact(text)
    assert r.restore(r.text) == text
    for e in r.entities:
        assert text[e.start : e.end] == e.value
