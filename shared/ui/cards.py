"""The model-card panel: what a model is, what it was trained on, how well it scores."""

from __future__ import annotations

from typing import Any

import pandas as pd

from shared.ui.i18n import tr


def card_rows(card: dict[str, Any]) -> pd.DataFrame:
    """The card's fields as a two-column table (field, value), metrics excluded.

    Example:
        >>> card_rows({"kind": "k", "version": 1, "metrics": {"mae": 1.0}})["field"].tolist()
        ['kind', 'version']
    """
    rows = []
    for key in ("kind", "version", "created", "training_data", "device"):
        if card.get(key) is not None:
            rows.append({"field": key, "value": str(card[key])})
    for key, value in (card.get("parameters") or {}).items():
        if _shown(value):
            rows.append({"field": f"param: {key}", "value": str(value)})
    return pd.DataFrame(rows, columns=["field", "value"])


def _shown(value: Any) -> bool:
    """False for values that would read as 'None' or 'nan' on a page (unset settings)."""
    if value is None:
        return False
    try:
        return not pd.isna(value)
    except (TypeError, ValueError):  # lists and dicts
        return True


def metric_rows(metrics: dict[str, Any]) -> pd.DataFrame:
    """Metrics as rows (metric, value), names with spaces instead of underscores, unset values dropped.

    Example:
        >>> metric_rows({"mae_h3": 1.5, "bss": None})["metric"].tolist()
        ['mae h3']
    """
    rows = [{"metric": k.replace("_", " "), "value": float(v)} for k, v in metrics.items() if _shown(v)]
    return pd.DataFrame(rows, columns=["metric", "value"])


def show_model_card(card: dict[str, Any] | None, *, title: str | None = None) -> None:
    """Draw a model card (as saved by shared.store, or a benchmark report) in an expander."""
    import streamlit as st

    with st.expander(title or tr("모델 카드", "Model card"), expanded=False):
        if not card:
            st.info(tr("아직 학습되지 않았습니다.", "Not trained yet."))
            return
        st.dataframe(
            card_rows(card),
            hide_index=True,
            width="stretch",
            column_config={
                "field": st.column_config.TextColumn(tr("항목", "Field")),
                "value": st.column_config.TextColumn(tr("값", "Value")),
            },
        )
        metrics = metric_rows(card.get("metrics") or {})
        if len(metrics):
            st.markdown("**" + tr("성능 지표", "Metrics") + "**")
            st.dataframe(
                metrics,
                hide_index=True,
                width="stretch",
                column_config={
                    "metric": st.column_config.TextColumn(tr("지표", "Metric")),
                    "value": st.column_config.NumberColumn(tr("값", "Value"), format="%.3f"),
                },
            )
        libs = card.get("libraries") or {}
        if libs:
            st.caption(" · ".join(f"{k} {v}" for k, v in libs.items()))
