"""A ranked list with the reasons behind each item (recommendations, matched services, search hits)."""

from __future__ import annotations

from collections.abc import Iterable

import pandas as pd


def reasons_text(reasons: Iterable[str] | str | None) -> str:
    """Join reasons into one readable line.

    Example:
        >>> reasons_text(["age 70 >= 65", "income below 50% of median"])
        'age 70 >= 65 · income below 50% of median'
    """
    if reasons is None:
        return ""
    if isinstance(reasons, str):
        return reasons
    return " · ".join(str(r) for r in reasons if str(r))


def show_ranked_list(
    items: pd.DataFrame,
    *,
    title_col: str = "title",
    score_col: str = "score",
    reasons_col: str = "reasons",
    detail_col: str | None = None,
    limit: int = 10,
    score_format: str = "{:.3f}",
) -> None:
    """Draw items in rank order: title, score, reasons, and an optional detail in an expander."""
    import streamlit as st

    for rank, (_, row) in enumerate(items.head(limit).iterrows(), start=1):
        with st.container(border=True):
            left, right = st.columns([5, 1])
            left.markdown(f"**{rank}. {row[title_col]}**")
            if score_col in row and pd.notna(row[score_col]):
                right.markdown(f"`{score_format.format(row[score_col])}`")
            text = reasons_text(row.get(reasons_col))
            if text:
                st.caption(text)
            if detail_col and isinstance(row.get(detail_col), str) and row[detail_col]:
                with st.expander("…"):
                    st.write(row[detail_col])
