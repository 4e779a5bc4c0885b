"""Words and units for the Santander-schema panel: Korean segment names, won, band labels, relative weights."""

import numpy as np
import pytest

from sectors.finance import EUR_TO_KRW, band_label, eur_to_krw, krw_to_eur, relative_weights, segment_name
from sectors.finance.panel import SEGMENTS


def test_every_panel_segment_has_a_korean_and_an_english_name():
    for code in SEGMENTS:
        ko, en = segment_name(code, "ko"), segment_name(code, "en")
        assert ko != code and en != code and any("가" <= ch <= "힣" for ch in ko)
    assert segment_name("01 TOP", "ko") == segment_name("01 - TOP", "ko")  # adoption tables drop the dash
    assert segment_name("99 - OTRO", "ko") == "99 - OTRO"  # unknown codes are shown as they are


def test_euros_convert_to_won_and_back():
    assert eur_to_krw(1) == EUR_TO_KRW
    assert krw_to_eur(eur_to_krw(82_585.67)) == pytest.approx(82_585.67, abs=1e-3)


@pytest.mark.parametrize(
    ("by", "value", "ko", "en"),
    [
        ("income_band", "<50k", "7,375만 원 미만", "under KRW 73.8M"),
        ("income_band", "200k+", "29,500만 원 이상", "KRW 295.0M and over"),
        ("age_band", "65+", "65세 이상", "65 and over"),
        ("channel", "online", "온라인 가입", "joined online"),
        ("active", "0", "비활동 고객", "inactive"),
        ("segment", "03 UNIVERSITARIO", "대학생 고객", "University students"),
        ("age_band", "?", "알 수 없음", "unknown"),
    ],
)
def test_band_labels_read_as_words_in_both_languages(by, value, ko, en):
    assert band_label(by, value, "ko") == ko
    assert band_label(by, value, "en") == en


def test_relative_weights_keep_the_order_sum_to_100_and_are_never_negative():
    scores = [1.2, -0.3, -2.5, 0.4]
    weights = relative_weights(scores)
    assert sum(weights) == pytest.approx(100)
    assert min(weights) > 0
    assert list(np.argsort(weights)) == list(np.argsort(scores))
    assert relative_weights([]) == []
    assert relative_weights([5.0, 5.0]) == [50.0, 50.0]
