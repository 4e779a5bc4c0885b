"""One plotly template for every page, and colours fixed by category so they never change between reruns.

Importing ``shared.ui`` registers the template as ``"civic"`` and makes it plotly's default, so every
figure a page builds (plotly express included) inherits it: the Korean-capable font, a quiet grid,
and the legend *below* the plot, where Streamlit's chart toolbar (top right) cannot hide it.
"""

from __future__ import annotations

import contextlib
import zlib
from collections.abc import Iterable

import plotly.graph_objects as go
import plotly.io as pio

TEMPLATE_NAME = "civic"

#: Colours for the series every forecast chart shares.
SERIES_COLOURS = {
    "history": "#3d4852",  # what was observed up to the issue time
    "forecast": "#1f4e9c",  # the model's forecast
    "band": "rgba(31, 78, 156, 0.20)",  # its uncertainty band
    "observed": "#d35400",  # what was observed afterwards
    "threshold": "#c0392b",
}

#: Categorical palette (colour-blind safe, Okabe-Ito then Tableau) picked by a stable hash of the category.
PALETTE = (
    "#0072b2",
    "#e69f00",
    "#009e73",
    "#cc79a7",
    "#56b4e9",
    "#d55e00",
    "#f0e442",
    "#4e79a7",
    "#59a14f",
    "#b07aa1",
    "#9c755f",
    "#76b7b2",
)

#: Where legends go: a horizontal row under the plot area.
LEGEND_BELOW = dict(orientation="h", yanchor="top", y=-0.18, xanchor="left", x=0.0, title_text="")


def colour_for(category: object) -> str:
    """The palette colour of ``category``: the same for the same name on every run, whatever the order.

    Example:
        >>> colour_for("상담") == colour_for("상담")
        True
    """
    return PALETTE[zlib.crc32(str(category).encode("utf-8")) % len(PALETTE)]


def colour_map(categories: Iterable[object]) -> dict[str, str]:
    """``{category: colour}`` for plotly express ``color_discrete_map`` (stable across reruns).

    Example:
        >>> colour_map(["a", "b"]) == colour_map(["b", "a"])
        True
    """
    return {str(c): colour_for(c) for c in categories}


def civic_template() -> go.layout.Template:
    """The suite's plotly template (white background, Noto Sans CJK, legend below the plot)."""
    return go.layout.Template(
        layout=dict(
            font=dict(family="Noto Sans CJK KR, Noto Sans KR, Malgun Gothic, sans-serif", size=13),
            colorway=list(PALETTE),
            paper_bgcolor="rgba(0,0,0,0)",
            plot_bgcolor="white",
            legend=LEGEND_BELOW,
            margin=dict(l=10, r=10, t=40, b=10),
            hoverlabel=dict(font_size=12),
            xaxis=dict(showgrid=True, gridcolor="#eef1f4", zeroline=False, automargin=True),
            yaxis=dict(showgrid=True, gridcolor="#eef1f4", zeroline=False, automargin=True),
        )
    )


def register_template() -> str:
    """Register the template (idempotent) and make it plotly's default; returns its name."""
    # Streamlit sets plotly's default template when its chart module is first imported: let it go first.
    with contextlib.suppress(ImportError):  # the figures work without Streamlit too
        import streamlit.elements.plotly_chart  # noqa: F401
    pio.templates[TEMPLATE_NAME] = civic_template()
    pio.templates.default = f"plotly_white+{TEMPLATE_NAME}"
    return TEMPLATE_NAME


def style(fig: go.Figure, *, legend_below: bool = True) -> go.Figure:
    """Apply the template to ``fig`` explicitly (and the legend placement, which Streamlit's theme keeps)."""
    fig.update_layout(template=f"plotly_white+{TEMPLATE_NAME}")
    if legend_below:
        fig.update_layout(legend=LEGEND_BELOW)
    return fig
