"""Folding written variants before redaction: what is folded, and the map back to the original."""

import unicodedata

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from shared.llm.normalise import normalise
from shared.llm.synthetic import DASHES, INVISIBLE


@pytest.mark.parametrize(
    "original, folded",
    [
        ("０１０－１２３４", "010-1234"),  # full-width digits and hyphen-minus
        ("kim＠example.com", "kim@example.com"),
        ("ｍ１２３", "m123"),
        ("٩٠٠١", "9001"),  # Arabic-Indic digits
        ("𝟗𝟎𝟎𝟏", "9001"),  # mathematical digits
        ("1\u00a02\u30003\u20094", "1 2 3 4"),  # no-break, ideographic and thin spaces
        ("1\u20282", "1\n2"),  # line separator
        ("1\u03012", "12"),  # a combining mark on a digit
        ("010ㅡ1234ㅡ5678", "010-1234-5678"),  # ㅡ between digits reads as a dash
        ("ㅡㅡ 하하 ㅋㅋ", "ㅡㅡ 하하 ㅋㅋ"),  # elsewhere the jamo stay as written
        ("가\x00나\x7f다", "가나다"),  # control characters
        ("민원\ufe0f인", "민원인"),  # variation selector
    ],
)
def test_folds(original, folded):
    assert normalise(original).text == folded


@pytest.mark.parametrize("dash", [*DASHES, "\u2e3a", "\u2796", "\u02d7", "\u207b"])
def test_every_dash_becomes_a_hyphen(dash):
    assert normalise(f"900101{dash}1234568").text == "900101-1234568"


@pytest.mark.parametrize("invisible", [*INVISIBLE, "\u2061", "\u180e", "\u034f", "\u3164", "\u202e"])
def test_invisible_characters_are_dropped_and_mapped_inside_the_span(invisible):
    original = f"번호 9001{invisible}01-1234568"
    n = normalise(original)
    assert n.text == "번호 900101-1234568"
    assert n.original_span(3, len(n.text)) == (3, len(original))  # the invisible one is inside


def test_plain_text_maps_onto_itself():
    text = "민원인 홍길동 010-1234-5678, 2024년 3월 15일"
    n = normalise(text)
    assert n.text == text
    assert list(n.starts) == list(range(len(text))) and list(n.ends) == list(range(1, len(text) + 1))


def test_one_character_folded_into_several_maps_to_the_whole_character():
    n = normalise("㈜한국")  # NFKC: (주)한국
    assert n.text == "(주)한국"
    assert n.original_span(1, 2) == (0, 1)


def test_empty_span_is_refused():
    with pytest.raises(ValueError):
        normalise("abc").original_span(1, 1)


@settings(max_examples=150, deadline=None, derandomize=True)
@given(st.text(max_size=80))
def test_the_map_is_monotone_and_covers_the_original(text):
    n = normalise(text)
    assert len(n.starts) == len(n.ends) == len(n.text)
    for i in range(len(n.text)):
        assert 0 <= n.starts[i] < n.ends[i] <= len(text)
        if i:
            assert n.starts[i] >= n.starts[i - 1] and n.ends[i] >= n.ends[i - 1]
    # every original character is either kept (some folded character maps to it) or was dropped
    covered = {p for s, e in zip(n.starts, n.ends, strict=True) for p in range(s, e)}
    for p, ch in enumerate(text):
        if p not in covered:
            assert normalise(ch).text == "" or unicodedata.category(ch) in ("Mn", "Me")
