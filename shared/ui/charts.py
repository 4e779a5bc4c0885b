"""Charts the pages share, as plotly figures (rendered offline by Streamlit's bundled plotly.js)."""

from __future__ import annotations

from collections.abc import Sequence

import pandas as pd
import plotly.graph_objects as go

from shared.ui.theme import SERIES_COLOURS, style

BAND_COLOUR = SERIES_COLOURS["band"]
LINE_COLOUR = SERIES_COLOURS["forecast"]
HISTORY_COLOUR = SERIES_COLOURS["history"]


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
    history_label: str = "history",
    forecast_label: str = "forecast",
    observed: pd.Series | None = None,
    observed_label: str = "observed later",
    height: int = 380,
) -> go.Figure:
    """Observed history (solid), the forecast (dashed) in a filled uncertainty band, and what came after.

    All series are indexed by time. The band is one filled polygon with no line or marker, so its edges
    never read as observations; ``observed`` (what really happened after the issue time) is drawn as
    distinct markers; ``threshold`` as a labelled dashed line. The legend sits below the plot.

    Example:
        >>> idx = pd.date_range("2024-01-01", periods=4, freq="h")
        >>> fig = forecast_band_chart(pd.Series([1, 2, 3, 4.0], idx), pd.Series([4, 5.0], idx[2:]),
        ...                           pd.Series([3, 4.0], idx[2:]), pd.Series([5, 6.0], idx[2:]))
        >>> [(t.name, t.mode) for t in fig.data]
        [('forecast band', 'lines'), ('history', 'lines'), ('forecast', 'lines')]
    """
    fig = go.Figure()
    if lower is not None and upper is not None:
        xs = list(upper.index) + list(lower.index[::-1])
        ys = list(upper.values) + list(lower.values[::-1])
        fig.add_trace(
            go.Scatter(
                x=xs,
                y=ys,
                mode="lines",
                fill="toself",
                fillcolor=BAND_COLOUR,
                line=dict(width=0, color=BAND_COLOUR),
                name=band_label,
                hoverinfo="skip",
            )
        )
    fig.add_trace(
        go.Scatter(
            x=history.index,
            y=history.values,
            mode="lines",
            name=history_label,
            line=dict(color=HISTORY_COLOUR, width=2),
        )
    )
    fig.add_trace(
        go.Scatter(
            x=forecast.index,
            y=forecast.values,
            mode="lines",
            name=forecast_label,
            line=dict(color=LINE_COLOUR, width=2.5, dash="dash"),
        )
    )
    if observed is not None:
        fig.add_trace(
            go.Scatter(
                x=observed.index,
                y=observed.values,
                mode="markers",
                name=observed_label,
                marker=dict(
                    color=SERIES_COLOURS["observed"], size=8, symbol="circle-open", line=dict(width=2)
                ),
            )
        )
    if threshold is not None:
        fig.add_hline(
            y=threshold,
            line=dict(color=SERIES_COLOURS["threshold"], dash="dot"),
            annotation_text=threshold_label,
            annotation_position="top left",
            layer="below",  # a forecast that sits on the threshold stays visible
        )
    fig.update_layout(
        title=title, yaxis_title=y_label, margin=dict(l=10, r=10, t=40 if title else 10, b=10), height=height
    )
    return style(fig)


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
    return style(fig, legend_below=False)
