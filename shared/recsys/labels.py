"""Words for the ranker's features, so reasons read as sentences (Korean and English)."""

from __future__ import annotations

FEATURE_WORDS: dict[str, tuple[str, str]] = {
    "ease": ("비슷한 이용 이력을 가진 사람들이 함께 선택", "people with a similar history chose it"),
    "ease_rank": ("이력 기반 순위가 높음", "ranks high for your history"),
    "ease_share": ("이력 기반 점수가 최고점에 가까움", "close to the best match for your history"),
    "ease_recent": ("최근 이용한 항목과 잘 어울림", "goes with what you took most recently"),
    "knn": ("이용한 항목과 자주 함께 이용됨", "often taken together with your items"),
    "knn_rank": ("함께 이용 순위가 높음", "ranks high among items taken together with yours"),
    "content": ("이용한 항목과 내용·속성이 비슷함", "similar in content to your items"),
    "content_rank": ("내용 유사도 순위가 높음", "ranks high by content similarity"),
    "pop_log": ("전체적으로 인기 있음", "popular overall"),
    "pop_recent": ("최근 인기가 높음", "popular recently"),
    "pop_recent_rank": ("최근 인기 순위가 높음", "ranks high in recent popularity"),
    "item_age_days": ("출시 시기", "time since release"),
    "item_idle_days": ("최근에도 이용됨", "still taken recently"),
    "item_rating": ("평가가 좋음", "well rated"),
    "user_n": ("이용 이력의 양", "how much history you have"),
    "user_idle_days": ("최근 활동", "recent activity"),
    "user_span_days": ("이용 기간", "length of your history"),
    "user_rating": ("평소 평가 성향", "your usual ratings"),
}


def feature_label(name: str, lang: str = "en") -> str:
    """Words for a feature name; segment and profile features get generated words.

    Example:
        >>> feature_label("seg_age_band", "en")
        'popular with people of your age_band'
        >>> feature_label("pop_recent", "ko")
        '최근 인기가 높음'
    """
    ko_en = FEATURE_WORDS.get(name)
    if ko_en is not None:
        return ko_en[0] if lang == "ko" else ko_en[1]
    for prefix, ko, en in (
        ("seg_lift_", "{}이(가) 같은 사람들에게 특히 인기", "especially popular with people of your {}"),
        ("seg_", "{}이(가) 같은 사람들에게 인기", "popular with people of your {}"),
        ("user_", "내 {}", "your {}"),
        ("item_", "항목의 {}", "the item's {}"),
    ):
        if name.startswith(prefix):
            rest = name[len(prefix) :]
            return (ko if lang == "ko" else en).format(rest)
    return name


def feature_labels(
    names: list[str], lang: str = "en", extra: dict[str, tuple[str, str]] | None = None
) -> dict[str, str]:
    """A name -> words mapping for ``LambdaRanker.reasons(labels=...)``; ``extra`` overrides (ko, en)."""
    out = {}
    for name in names:
        if extra and name in extra:
            out[name] = extra[name][0] if lang == "ko" else extra[name][1]
        else:
            out[name] = feature_label(name, lang)
    return out
