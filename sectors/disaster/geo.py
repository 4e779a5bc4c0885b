"""Distances and offsets on the Earth for storm tracks: great-circle km and a local east/north frame."""

from __future__ import annotations

import numpy as np

EARTH_RADIUS_KM = 6371.0


def great_circle_km(lat1, lon1, lat2, lon2) -> np.ndarray:
    """Great-circle (haversine) distance in km between points given in degrees; broadcasts.

    Example:
        >>> round(float(great_circle_km(0.0, 0.0, 0.0, 1.0)), 1)
        111.2
    """
    p1, p2 = np.radians(lat1), np.radians(lat2)
    dphi = p2 - p1
    dlmb = np.radians(np.asarray(lon2) - np.asarray(lon1))
    a = np.sin(dphi / 2) ** 2 + np.cos(p1) * np.cos(p2) * np.sin(dlmb / 2) ** 2
    return 2 * EARTH_RADIUS_KM * np.arcsin(np.sqrt(np.clip(a, 0.0, 1.0)))


def wrap_lon_difference(dlon):
    """A longitude difference folded into [-180, 180) degrees.

    Example:
        >>> float(wrap_lon_difference(350.0))
        -10.0
    """
    return (np.asarray(dlon, float) + 180.0) % 360.0 - 180.0


def local_offset_km(lat0, lon0, lat, lon) -> tuple[np.ndarray, np.ndarray]:
    """East and north offsets in km of (lat, lon) from (lat0, lon0), on the tangent plane at lat0.

    Example:
        >>> dx, dy = local_offset_km(0.0, 179.5, 1.0, -179.5)      # across the dateline
        >>> round(float(dx), 1), round(float(dy), 1)
        (111.2, 111.2)
    """
    k = np.pi / 180.0 * EARTH_RADIUS_KM
    dx = wrap_lon_difference(np.asarray(lon) - np.asarray(lon0)) * k * np.cos(np.radians(lat0))
    dy = (np.asarray(lat, float) - np.asarray(lat0, float)) * k
    return dx, dy


def offset_position(lat0, lon0, dx, dy) -> tuple[np.ndarray, np.ndarray]:
    """The point ``dx`` km east and ``dy`` km north of (lat0, lon0): the inverse of :func:`local_offset_km`.

    Longitudes come back in [0, 360).

    Example:
        >>> lat, lon = offset_position(10.0, 130.0, *local_offset_km(10.0, 130.0, 12.0, 128.0))
        >>> round(float(lat), 6), round(float(lon), 6)
        (12.0, 128.0)
    """
    k = np.pi / 180.0 * EARTH_RADIUS_KM
    lat = np.asarray(lat0, float) + np.asarray(dy, float) / k
    cos = np.maximum(np.cos(np.radians(lat0)), 1e-6)
    lon = (np.asarray(lon0, float) + np.asarray(dx, float) / (k * cos)) % 360.0
    return lat, lon
