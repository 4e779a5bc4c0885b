"""A seeded synthetic road network for tests and scale benchmarks (any size, any step).

Sensors sit on a chain of corridors; each has a free-flow speed, a morning and an evening rush
whose depth and timing vary by sensor and drift slowly downstream, lighter weekends, smooth noise,
and occasional incidents that slow a stretch of neighbouring sensors for a while. The adjacency
links consecutive sensors of a corridor (both directions, weight 1 / 0.5). Values are generated in
float32, chunk by chunk, so a year of 2,000 sensors at 5 minutes (841 MB) needs little more than
its own size.

Example:
    >>> ds = synthetic_network(n_sensors=6, n_steps=288, seed=1)
    >>> ds.speed.shape, bool((ds.speed > 0).all()), ds.adjacency.shape
    ((288, 6), True, (6, 6))
"""

from __future__ import annotations

import numpy as np
import pandas as pd
import xarray as xr

from shared.seeding import rng


def _bump(hours: np.ndarray, centre: np.ndarray, width: float) -> np.ndarray:
    d = (hours[:, None] - centre[None, :] + 12.0) % 24.0 - 12.0
    return np.exp(-0.5 * (d / width) ** 2)


def synthetic_network(
    n_sensors: int = 50,
    n_steps: int = 2016,
    *,
    step: str = "5min",
    start: str = "2024-03-04",
    corridor_length: int = 20,
    chunk: int = 8640,
    seed: int | None = None,
) -> xr.Dataset:
    """A (time, sensor) ``speed`` Dataset in mph with ``adjacency`` and ``lat``/``lon``."""
    g = rng(seed)
    s = int(n_sensors)
    time = pd.date_range(start, periods=n_steps, freq=step)
    free = g.uniform(55, 70, s).astype(np.float32)
    pos = np.arange(s) % corridor_length
    am_centre = 7.5 + 0.05 * pos + g.normal(0, 0.25, s)
    pm_centre = 17.5 - 0.05 * pos + g.normal(0, 0.25, s)
    am_depth = g.uniform(0.1, 0.6, s)
    pm_depth = g.uniform(0.1, 0.6, s)
    noise_scale = g.uniform(0.5, 2.0, s).astype(np.float32)
    speed = np.empty((n_steps, s), np.float32)
    step_td = pd.Timedelta(step)
    window = max(1, int(pd.Timedelta("30min") / step_td))
    carry = np.zeros((window - 1, s), np.float32)
    for a in range(0, n_steps, chunk):
        b = min(n_steps, a + chunk)
        t = time[a:b]
        hours = np.asarray(t.hour + t.minute / 60.0, dtype=float)
        weekday = np.asarray(t.dayofweek) < 5
        rush = am_depth * _bump(hours, am_centre, 1.0) + pm_depth * _bump(hours, pm_centre, 1.3)
        rush = rush * np.where(weekday, 1.0, 0.3)[:, None]
        raw = g.normal(0, 1, (b - a, s)).astype(np.float32)
        full = np.concatenate([carry, raw])
        csum = np.cumsum(full, axis=0, dtype=np.float32)
        csum = np.concatenate([np.zeros((1, s), np.float32), csum])
        smooth = (csum[window:] - csum[:-window]) / np.sqrt(window)  # a 30-minute moving sum of noise
        carry = full[-(window - 1) :] if window > 1 else carry
        block = free * (1.0 - rush.astype(np.float32)) + noise_scale * smooth
        n_incidents = g.poisson(max(1e-9, (b - a) * s / 288 / 40))  # about one per sensor per 40 days
        for _ in range(int(n_incidents)):
            t0 = int(g.integers(0, b - a))
            length = int(g.integers(3, 24))
            centre = int(g.integers(0, s))
            span = slice(max(0, centre - 2), min(s, centre + 3))
            block[t0 : t0 + length, span] *= np.float32(g.uniform(0.3, 0.7))
        speed[a:b] = np.clip(block, 3.0, 80.0)
    adj = np.eye(s, dtype=np.float32)
    nxt = np.arange(s - 1)
    same = (pos[:-1] + 1) == pos[1:]
    adj[nxt[same], nxt[same] + 1] = 1.0
    adj[nxt[same] + 1, nxt[same]] = 0.5
    corridor = np.arange(s) // corridor_length
    lat = 37.45 + 0.01 * pos + 0.03 * (corridor % 10)
    lon = 126.85 + 0.012 * pos + 0.04 * (corridor // 10)
    sensors = [f"S{i:05d}" for i in range(s)]
    return xr.Dataset(
        {"speed": (("time", "sensor"), speed), "adjacency": (("sensor", "sensor_to"), adj)},
        coords={
            "time": time,
            "sensor": sensors,
            "sensor_to": sensors,
            "lat": ("sensor", lat),
            "lon": ("sensor", lon),
        },
        attrs={"units": "mph", "source": f"synthetic network (seed {seed})", "target": "speed"},
    )
