"""Offline maps: points, grids and regions drawn on plain axes, with Korean boundaries as outlines.

No tile server and no plotly geo base layer (both fetch from the internet); a government network
has neither. Longitude runs along x, latitude along y, with a fixed aspect ratio.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from functools import lru_cache
from typing import Any

import numpy as np
import plotly.graph_objects as go

OUTLINE = dict(color="#7f8c8d", width=0.8)


@lru_cache(maxsize=1)
def korea_boundaries() -> dict[str, dict[str, Any]]:
    """The bundled Korean province and municipality boundaries (GeoJSON dicts)."""
    from shared.data import load

    return load("geo/korea")


def _rings(geometry: dict[str, Any]) -> list[np.ndarray]:
    if geometry["type"] == "Polygon":
        polygons = [geometry["coordinates"]]
    elif geometry["type"] == "MultiPolygon":
        polygons = geometry["coordinates"]
    else:
        return []
    return [np.asarray(poly[0], dtype=float) for poly in polygons]  # outer ring of each polygon


def _outline_xy(collection: dict[str, Any]) -> tuple[list[float | None], list[float | None]]:
    xs: list[float | None] = []
    ys: list[float | None] = []
    for feature in collection["features"]:
        for ring in _rings(feature["geometry"]):
            xs += ring[:, 0].tolist() + [None]
            ys += ring[:, 1].tolist() + [None]
    return xs, ys


def _geo_layout(fig: go.Figure, title: str, height: int) -> go.Figure:
    fig.update_layout(
        title=title,
        height=height,
        margin=dict(l=10, r=10, t=40 if title else 10, b=10),
        plot_bgcolor="#f4f7fb",
        xaxis=dict(title="lon", showgrid=False, zeroline=False),
        yaxis=dict(title="lat", showgrid=False, zeroline=False, scaleanchor="x", scaleratio=1.0),
    )
    return fig


def add_outline(fig: go.Figure, collection: dict[str, Any], name: str = "boundaries") -> go.Figure:
    """Draw a GeoJSON FeatureCollection's outlines on ``fig`` (one trace)."""
    xs, ys = _outline_xy(collection)
    fig.add_trace(
        go.Scatter(x=xs, y=ys, mode="lines", line=OUTLINE, name=name, hoverinfo="skip", showlegend=False)
    )
    return fig


def point_map(
    lat: Sequence[float],
    lon: Sequence[float],
    values: Sequence[float] | None = None,
    *,
    labels: Sequence[str] | None = None,
    title: str = "",
    colour_label: str = "",
    colorscale: str = "RdYlGn",
    reverse_scale: bool = False,
    outline: dict[str, Any] | None = None,
    size: float = 9,
    height: int = 480,
) -> go.Figure:
    """Points coloured by value (sensors, basins, listings), optionally over boundary outlines.

    Example:
        >>> fig = point_map([37.5, 35.1], [127.0, 129.0], [60, 20], labels=["a", "b"])
        >>> fig.data[0].mode
        'markers'
    """
    fig = go.Figure()
    if outline is not None:
        add_outline(fig, outline)
    marker: dict[str, Any] = dict(size=size, line=dict(width=0.5, color="#333"))
    if values is not None:
        marker.update(
            color=list(values),
            colorscale=colorscale,
            reversescale=reverse_scale,
            colorbar=dict(title=colour_label),
            showscale=True,
        )
    fig.add_trace(
        go.Scatter(
            x=list(lon),
            y=list(lat),
            mode="markers",
            marker=marker,
            text=list(labels) if labels is not None else None,
            hovertemplate="%{text}<br>%{marker.color:.1f}<extra></extra>"
            if values is not None
            else "%{text}<extra></extra>",
            name="",
        )
    )
    return _geo_layout(fig, title, height)


def grid_map(
    lat: Sequence[float],
    lon: Sequence[float],
    values: np.ndarray,
    *,
    title: str = "",
    colour_label: str = "",
    colorscale: str = "YlOrRd",
    zmin: float | None = None,
    zmax: float | None = None,
    outline: dict[str, Any] | None = None,
    height: int = 520,
) -> go.Figure:
    """A lat x lon grid (for example a strike-probability field) as a heatmap under boundary outlines.

    ``values`` has shape (len(lat), len(lon)).

    Example:
        >>> fig = grid_map([33.0, 34.0], [126.0, 127.0, 128.0], np.zeros((2, 3)))
        >>> fig.data[0].type
        'heatmap'
    """
    values = np.asarray(values, float)
    if values.shape != (len(lat), len(lon)):
        raise ValueError(f"grid values of shape {values.shape} do not match (lat={len(lat)}, lon={len(lon)})")
    fig = go.Figure(
        go.Heatmap(
            x=list(lon),
            y=list(lat),
            z=values,
            colorscale=colorscale,
            zmin=zmin,
            zmax=zmax,
            colorbar=dict(title=colour_label),
            hovertemplate="lat %{y:.2f}, lon %{x:.2f}: %{z:.2f}<extra></extra>",
        )
    )
    if outline is not None:
        add_outline(fig, outline)
    return _geo_layout(fig, title, height)


def region_map(
    collection: dict[str, Any],
    values: Mapping[str, float],
    *,
    key: str = "name",
    title: str = "",
    colour_label: str = "",
    colorscale: str = "Blues",
    height: int = 560,
) -> go.Figure:
    """A choropleth of regions (provinces or municipalities) drawn as filled polygons.

    ``values`` maps the feature property ``key`` (by default the Korean name) to a number;
    regions without a value are drawn grey.

    Example:
        >>> fc = {"type": "FeatureCollection", "features": [{"properties": {"name": "A"},
        ...       "geometry": {"type": "Polygon", "coordinates": [[[0, 0], [1, 0], [1, 1], [0, 0]]]}}]}
        >>> len(region_map(fc, {"A": 1.0}).data) >= 1
        True
    """
    import plotly.colors as pc

    known = [float(v) for v in values.values() if v is not None and np.isfinite(v)]
    lo, hi = (min(known), max(known)) if known else (0.0, 1.0)
    span = hi - lo or 1.0
    scale = pc.get_colorscale(colorscale)
    fig = go.Figure()
    for feature in collection["features"]:
        name = str(feature["properties"].get(key, ""))
        value = values.get(name)
        if value is not None and np.isfinite(value):
            colour = pc.sample_colorscale(scale, [(float(value) - lo) / span])[0]
            hover = f"{name}: {value:,.3g}"
        else:
            colour, hover = "#dddddd", f"{name}: -"
        xs: list[float | None] = []
        ys: list[float | None] = []
        for ring in _rings(feature["geometry"]):
            xs += ring[:, 0].tolist() + [None]
            ys += ring[:, 1].tolist() + [None]
        fig.add_trace(
            go.Scatter(
                x=xs,
                y=ys,
                fill="toself",
                fillcolor=colour,
                mode="lines",
                line=dict(color="#555", width=0.5),
                name=name,
                text=hover,
                hoverinfo="text",
                showlegend=False,
            )
        )
    # An invisible trace carries the colour bar.
    fig.add_trace(
        go.Scatter(
            x=[None],
            y=[None],
            mode="markers",
            showlegend=False,
            hoverinfo="skip",
            marker=dict(
                colorscale=colorscale,
                cmin=lo,
                cmax=hi,
                color=[lo],
                showscale=True,
                colorbar=dict(title=colour_label),
            ),
        )
    )
    return _geo_layout(fig, title, height)
