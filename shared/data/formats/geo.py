"""Read the bundled boundaries: Korean provinces and municipalities (KOSTAT 2013) and the US states (Census
2016), simplified GeoJSON."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from shared.errors import DataError

PROVINCES = "provinces_2013_simple.geojson"
MUNICIPALITIES = "municipalities_2013_simple.geojson"
US_STATES = "us_states_2016_simple.geojson"


def read_geojson(path: str | Path, required_properties: tuple[str, ...] = ("code", "name")) -> dict[str, Any]:
    """Read a GeoJSON FeatureCollection and check each feature has the given properties."""
    path = Path(path)
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, json.JSONDecodeError) as exc:
        raise DataError(
            f"cannot be read as GeoJSON: {exc}", file=path, expected="a FeatureCollection"
        ) from exc
    if data.get("type") != "FeatureCollection" or not isinstance(data.get("features"), list):
        raise DataError(
            "not a FeatureCollection", file=path, expected='{"type": "FeatureCollection", "features": [...]}'
        )
    for i, feature in enumerate(data["features"]):
        props = feature.get("properties") or {}
        for key in required_properties:
            if key not in props:
                raise DataError(f"feature {i} has no property {key!r}", file=path, column=key)
        if (feature.get("geometry") or {}).get("type") not in ("Polygon", "MultiPolygon"):
            raise DataError(f"feature {i} is not a polygon", file=path, expected="Polygon or MultiPolygon")
    return data


def read_korea_boundaries(folder: str | Path) -> dict[str, dict[str, Any]]:
    """Both boundary layers: ``{"provinces": FeatureCollection, "municipalities": FeatureCollection}``."""
    folder = Path(folder)
    return {
        "provinces": read_geojson(folder / PROVINCES),
        "municipalities": read_geojson(folder / MUNICIPALITIES),
    }


def read_us_states(folder: str | Path) -> dict[str, Any]:
    """The contiguous US states and DC as one FeatureCollection (properties ``code``, ``name``, ``fips``)."""
    return read_geojson(Path(folder) / US_STATES)
