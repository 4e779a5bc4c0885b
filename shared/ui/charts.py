"""Charts the pages share, as plotly figures (rendered offline by Streamlit's bundled plotly.js)."""

from __future__ import annotations

from collections.abc import Sequence

import pandas as pd
import plotly.graph_objects as go

BAND_COLOUR = "rgba(31, 78, 156, 0.18)"
LINE_COLOUR = "#1f4e9c"
HISTORY_COLOUR = "#444444"


def forecast_band_chart(
    history: pd.Series,
    forecast: pd.Series,
    lower: pd.Series | None = None,
    upper: pd.Series | None = None,
    *,
    title: str = "",
    y_label: str = "",
    threshold: float | None = None,
    threshold_label: str = "threshold",
    band_label: str = "forecast band",
) -> go.Figure:
    """A time series with its forecast and an optional uncertainty band (and threshold line).

    All series are indexed by time. Returns a plotly Figure.

    Example:
        >>> idx = pd.date_range("2024-01-01", periods=4, freq="h")
        >>> fig = forecast_band_chart(pd.Series([1, 2, 3, 4.0], idx), pd.Series([4, 5.0], idx[2:]),
        ...                           pd.Series([3, 4.0], idx[2:]), pd.Series([5, 6.0], idx[2:]))
        >>> [t.name for t in fig.data]
        ['history', 'forecast band', 'forecast band', 'forecast']
    """
    fig = go.Figure()
    fig.add_trace(
        go.Scatter(x=history.index, y=history.values, name="history", line=dict(color=HISTORY_COLOUR))
    )
    if lower is not None and upper is not None:
        fig.add_trace(
            go.Scatter(
                x=upper.index,
                y=upper.values,
                line=dict(width=0),
                showlegend=False,
                name=band_label,
                hoverinfo="skip",
            )
        )
        fig.add_trace(
            go.Scatter(
                x=lower.index,
                y=lower.values,
                line=dict(width=0),
                fill="tonexty",
                fillcolor=BAND_COLOUR,
                name=band_label,
            )
        )
    fig.add_trace(
        go.Scatter(
            x=forecast.index, y=forecast.values, name="forecast", line=dict(color=LINE_COLOUR, width=2.5)
        )
    )
    if threshold is not None:
        fig.add_hline(y=threshold, line=dict(color="#c0392b", dash="dash"), annotation_text=threshold_label)
    fig.update_layout(
        title=title, yaxis_title=y_label, margin=dict(l=10, r=10, t=40 if title else 10, b=10), height=360
    )
    return fig


def metric_bar_chart(
    frame: pd.DataFrame, metric: str, *, highlight: Sequence[str] = (), title: str = ""
) -> go.Figure:
    """Horizontal bars of one metric per model (index = model), highlighted models in the accent colour.

    Example:
        >>> f = metric_bar_chart(pd.DataFrame({"mae": [2.0, 3.0]}, index=["ours", "base"]), "mae", highlight=["ours"])
        >>> list(f.data[0].y)
        ['base', 'ours']
    """
    data = frame[metric].sort_values(ascending=False)
    colours = [LINE_COLOUR if m in highlight else "#9aa5b1" for m in data.index]
    fig = go.Figure(go.Bar(x=data.values, y=list(data.index), orientation="h", marker_color=colours))
    fig.update_layout(
        title=title, xaxis_title=metric, margin=dict(l=10, r=10, t=40 if title else 10, b=10), height=300
    )
    return fig
