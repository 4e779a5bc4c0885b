"""Offline maps: points, grids and regions drawn on plain axes, with Korean boundaries as outlines.

No tile server and no plotly geo base layer (both fetch from the internet); a government network
has neither. Longitude runs along x, latitude along y, with an equal-distance aspect ratio (one degree
of longitude shrunk by cos(latitude)); the axes, ticks and grid are hidden so a map reads as a map,
not as a scatter plot of coordinates. The selected item can be highlighted (a ring and its label).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from functools import lru_cache
from typing import Any

import numpy as np
import plotly.graph_objects as go

from shared.ui.theme import style

OUTLINE = dict(color="#7f8c8d", width=0.8)
HIGHLIGHT = dict(color="#111111", width=3)


@lru_cache(maxsize=1)
def korea_boundaries() -> dict[str, dict[str, Any]]:
    """The bundled Korean province and municipality boundaries (GeoJSON dicts)."""
    from shared.data import load

    return load("geo/korea")


def us_states() -> dict[str, Any]:
    """The bundled outline of the contiguous US states and DC (a GeoJSON FeatureCollection), e.g. under
    the CAMELS basins."""
    from shared.data import load

    return load("geo/us")


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
    lats = [y for t in fig.data for y in (t.y if t.y is not None else ()) if y is not None]
    mid = float(np.nanmean(np.asarray(lats, float))) if len(lats) else 36.0
    hidden = dict(visible=False, showgrid=False, zeroline=False)
    style(fig)
    fig.update_layout(
        title=title,
        height=height,
        margin=dict(l=10, r=10, t=40 if title else 10, b=10),
        plot_bgcolor="#f4f7fb",
        xaxis=hidden,
        yaxis=dict(**hidden, scaleanchor="x", scaleratio=1.0 / max(np.cos(np.radians(mid)), 0.2)),
    )
    return fig


def _highlight(fig: go.Figure, lat: float, lon: float, label: str) -> None:
    xs = [x for t in fig.data for x in (t.x if t.x is not None else ()) if x is not None]
    east = len(xs) > 0 and lon > float(np.nanmedian(np.asarray(xs, float)))
    fig.add_trace(
        go.Scatter(
            x=[lon],
            y=[lat],
            mode="markers+text",
            marker=dict(size=22, color="rgba(0,0,0,0)", line=HIGHLIGHT),
            text=[label],
            textposition="top left" if east else "top right",  # keep the label inside the plot
            textfont=dict(size=13, color="#111"),
            name=label,
            hoverinfo="skip",
            showlegend=False,
        )
    )


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
    highlight: int | None = None,
    value_format: str = ".1f",
    zmin: float | None = None,
    zmax: float | None = None,
) -> go.Figure:
    """Points coloured by value (sensors, basins, listings), optionally over boundary outlines.

    ``highlight`` (a position in the inputs) rings the selected point and writes its label.

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
            colorbar=dict(title=dict(text=colour_label, side="right"), thickness=12),
            showscale=True,
            cmin=zmin,
            cmax=zmax,
        )
    fig.add_trace(
        go.Scatter(
            x=list(lon),
            y=list(lat),
            mode="markers",
            marker=marker,
            text=list(labels) if labels is not None else None,
            hovertemplate=f"%{{text}}<br>%{{marker.color:{value_format}}} {colour_label}<extra></extra>"
            if values is not None
            else "%{text}<extra></extra>",
            name="",
            showlegend=False,
        )
    )
    if highlight is not None:
        label = str(labels[highlight]) if labels is not None else ""
        _highlight(fig, float(list(lat)[highlight]), float(list(lon)[highlight]), label)
    return _geo_layout(fig, title, height)


def network_map(
    lat: Sequence[float],
    lon: Sequence[float],
    edges: Sequence[tuple[int, int]],
    values: Sequence[float],
    *,
    labels: Sequence[str],
    title: str = "",
    colour_label: str = "",
    colorscale: str = "RdYlGn",
    zmin: float | None = None,
    zmax: float | None = None,
    highlight: int | None = None,
    height: int = 480,
) -> go.Figure:
    """A sensor network drawn as road segments between connected sensors, sensors coloured by value.

    ``edges`` are (from, to) positions of sensors the network's own adjacency links; each segment is
    coloured by the mean value of its two ends, so a slow stretch of road shows as a red run.

    Example:
        >>> fig = network_map([34.0, 34.1], [-118.2, -118.3], [(0, 1)], [60.0, 20.0], labels=["a", "b"])
        >>> [t.mode for t in fig.data]
        ['lines', 'markers']
    """
    import plotly.colors as pc

    vals = np.asarray(values, float)
    lo = float(np.nanmin(vals)) if zmin is None else zmin
    hi = float(np.nanmax(vals)) if zmax is None else zmax
    span = (hi - lo) or 1.0
    scale = pc.get_colorscale(colorscale)
    lat, lon = list(lat), list(lon)
    # One trace per colour bin keeps the figure small (a few traces, not one per segment).
    bins: dict[int, tuple[list, list]] = {}
    for a, b in edges:
        mean = np.nanmean([vals[a], vals[b]])
        k = int(np.clip(np.nan_to_num((mean - lo) / span, nan=0.5), 0, 1) * 9)
        xs, ys = bins.setdefault(k, ([], []))
        xs += [lon[a], lon[b], None]
        ys += [lat[a], lat[b], None]
    fig = go.Figure()
    for k in sorted(bins):
        colour = pc.sample_colorscale(scale, [k / 9])[0]
        xs, ys = bins[k]
        fig.add_trace(
            go.Scatter(
                x=xs,
                y=ys,
                mode="lines",
                line=dict(color=colour, width=4),
                hoverinfo="skip",
                showlegend=False,
            )
        )
    fig.add_trace(
        go.Scatter(
            x=lon,
            y=lat,
            mode="markers",
            marker=dict(
                size=8,
                color=list(vals),
                colorscale=colorscale,
                cmin=lo,
                cmax=hi,
                line=dict(width=0.6, color="#333"),
                colorbar=dict(title=dict(text=colour_label, side="right"), thickness=12),
                showscale=True,
            ),
            text=list(labels),
            hovertemplate=f"%{{text}}<br>%{{marker.color:.0f}} {colour_label}<extra></extra>",
            name="",
            showlegend=False,
        )
    )
    if highlight is not None:
        _highlight(fig, float(lat[highlight]), float(lon[highlight]), str(labels[highlight]))
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
            colorbar=dict(title=dict(text=colour_label, side="right"), thickness=12),
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
