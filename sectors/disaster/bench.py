"""``civic bench disaster --data DIR``: flood forecasting on CAMELS basins and typhoon tracks on JTWC.

Each task runs when its data is in the folder: CAMELS-format basins (``DIR/disaster/camels`` or DIR
itself) and/or ``JTWC.csv`` (``DIR/disaster/typhoon`` or DIR itself). Rows use the issue's keys:
flood ``nse_lead1, nse_lead3, kge_lead1, bss_lead1, bss_lead3, csi_lead1``; typhoon
``track_km_24h, track_km_48h, track_km_72h``; with ``model``, ``task``, ``split`` and ``train_s``.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Callable, Iterable, Iterator
from pathlib import Path
from typing import TypeVar

import numpy as np
import pandas as pd
from tqdm.auto import tqdm

from sectors.disaster.data import CAMELS, TYPHOON, load_camels, load_tracks
from sectors.disaster.flood.baselines import ClimatologyFlood, PersistenceFlood
from sectors.disaster.flood.evaluation import FloodRun, protocol_for, run_leave_basins_out, run_temporal
from sectors.disaster.flood.gbm import LightGBMFlood
from sectors.disaster.flood.lstm import LSTMFlood
from sectors.disaster.published import published_flood_table, published_track_table
from sectors.disaster.typhoon.evaluation import TyphoonRun, run_track_model, verify_strike
from sectors.disaster.typhoon.forecaster import TRACK_MODELS, TyphoonForecaster
from sectors.disaster.typhoon.samples import split_by_year, track_samples
from sectors.disaster.typhoon.strike import korea_grid
from sectors.disaster.typhoon.tracks import clean_tracks
from shared.bench import BenchOptions, BenchReport
from shared.data import env_data_dir, locate
from shared.device import detect_device
from shared.errors import DataError, data_from

FLOOD_KEYS = ("nse_lead1", "nse_lead3", "kge_lead1", "bss_lead1", "bss_lead3", "csi_lead1")
T = TypeVar("T")
TYPHOON_YEARS = {"train": (1980, 2014), "valid": (2015, 2017), "test": (2018, 2021)}


def _found(name: str, data_dir: Path | None) -> Path | None:
    """The dataset's folder when it is in the given data folder (or CIVIC_DATA_DIR), never the bundled sample."""
    try:
        folder, origin = locate(name, data_dir)
    except DataError:
        return None
    return folder if origin != "bundled" else None


def _steps(steps: Iterable[tuple[str, T]], task: str) -> Iterator[T]:
    """The benchmark's steps (label, what to run) with a tqdm progress bar on stderr (only in a terminal)."""
    steps = list(steps)
    bar = tqdm(steps, desc=f"disaster {task}", unit="model", file=sys.stderr, disable=not os.isatty(2))
    for label, step in bar:
        bar.set_postfix_str(label)
        yield step


def flood_models(quick: bool, seed: int | None) -> dict[str, Callable]:
    """Factories of the flood models the benchmark compares (smaller settings with ``quick``)."""
    lstm_kw = dict(hidden=8, epochs=1, spin_up=60, predict_last=60) if quick else {}
    gbm_kw = dict(n_estimators=20, learning_rate=0.2) if quick else {}
    return {
        "persistence": lambda p: PersistenceFlood(p),
        "climatology": lambda p: ClimatologyFlood(p),
        "lightgbm": lambda p: LightGBMFlood(p, seed=seed, **gbm_kw),
        "lstm": lambda p: LSTMFlood(p, seed=seed, **lstm_kw),
    }


def _flood_row(run: FloodRun) -> dict:
    s = run.scores.summary
    return {
        "model": run.model,
        "task": "flood",
        "split": run.split,
        **{k: s[k] for k in FLOOD_KEYS},
        "train_s": round(run.train_seconds, 1),
    }


def run_flood(folder: Path, quick: bool, seed: int | None) -> tuple[list[FloodRun], list[str], dict]:
    """Every flood model on the temporal split, and LightGBM and the LSTM also leaving basins out."""
    ds = load_camels(folder)
    protocol, note = protocol_for(ds)
    runs = []
    factories = flood_models(quick, seed)
    steps = [(f"{name} (temporal split)", (name, "temporal")) for name in factories]
    if ds.sizes["basin"] >= 2:
        steps += [
            (f"{name} (leave basins out)", (name, "basins_out"))
            for name in ("persistence", "lightgbm", "lstm")
        ]
    for name, split in _steps(steps, "flood"):
        if split == "temporal":
            runs.append(run_temporal(ds, factories[name], protocol))
        else:
            runs.append(run_leave_basins_out(ds, factories[name], protocol, k=3, seed=seed))
    notes = [
        f"flood: {ds.sizes['basin']} basins from {folder}; {note}; forecasts issued at the end of day t "
        "with flow and forcing up to t (no future rain)",
    ]
    lstm = next(r for r in runs if r.model == "lstm" and r.split == "temporal")
    device = getattr(lstm.fitted[0], "device_used_", "cpu")
    info = {"basins": int(ds.sizes["basin"]), "protocol": protocol, "lstm_device": device}
    return runs, notes, info


def run_typhoon(folder: Path, quick: bool, seed: int | None) -> tuple[list[TyphoonRun], dict, pd.DataFrame]:
    """Every track model on the test years, and the strike-probability check of the best one."""
    tracks = clean_tracks(load_tracks(folder))
    samples = track_samples(tracks)
    years = dict(TYPHOON_YEARS)
    if samples.empty:
        raise DataError(
            f"no forecast case in {len(tracks)} fixes",
            file=folder / "JTWC.csv",
            expected="6-hourly fixes of storms with winds of 35 kt or more",
        )
    first = int(samples["year"].min())
    years["train"] = (max(years["train"][0], first), years["train"][1])
    parts = split_by_year(samples, years["train"], years["valid"], years["test"])
    if min(len(p) for p in parts.values()) == 0:
        raise DataError(
            "JTWC tracks do not cover the typhoon protocol",
            file=folder / "JTWC.csv",
            column="Year",
            expected="fixes in 1980-2014 (train), 2015-2017 (validation) and 2018-2021 (test)",
        )
    runs = []
    for name in _steps([(name, name) for name in TRACK_MODELS], "typhoon"):
        cls = TRACK_MODELS[name]
        if quick and name == "lightgbm":
            model = cls(n_estimators=20, learning_rate=0.2, seed=seed)
        elif quick and name == "mlp":
            model = cls(hidden=16, epochs=2, seed=seed)
        elif name in ("lightgbm", "mlp"):
            model = cls(seed=seed)
        else:
            model = cls()
        forecaster = TyphoonForecaster(model, n_members=100 if quick else 500, seed=seed)
        runs.append(run_track_model(forecaster, tracks, parts, years))
    best = min(runs[1:], key=lambda r: float(r.errors["track_km"].iloc[-1]))
    lat, lon = korea_grid()
    test = parts["test"].iloc[::50] if quick else parts["test"]
    summary, reliability = verify_strike(best.forecaster, test, tracks, lat, lon)
    info = {
        "cases": {k: len(v) for k, v in parts.items()},
        "strike": summary,
        "strike_model": best.model,
        "years": years,
    }
    return runs, info, reliability


def run(options: BenchOptions) -> BenchReport:
    """Run each disaster task whose data is in ``options.data_dir``; rows, tables, headline and notes."""
    data_dir = options.data_dir or env_data_dir()
    if data_dir is None:
        raise DataError(
            "no data folder given",
            expected="--data DIR with CAMELS basins (DIR/disaster/camels) and/or JTWC.csv (DIR/disaster/typhoon)",
        )
    camels, typhoon = _found(CAMELS, data_dir), _found(TYPHOON, data_dir)
    if camels is None and typhoon is None:
        raise DataError(
            "neither CAMELS basins nor JTWC tracks found",
            file=data_dir,
            expected="basin_mean_forcing/ and usgs_streamflow/ (CAMELS) or JTWC.csv, in DIR, DIR/disaster/camels or DIR/disaster/typhoon",
        )
    device = str(detect_device())
    rows: list[dict] = []
    tables: dict[str, pd.DataFrame] = {}
    notes: list[str] = []
    headline = None
    if camels is not None:
        with data_from(camels):
            runs, flood_notes, info = run_flood(camels, options.quick, options.seed)
        notes += flood_notes
        rows += [_flood_row(r) for r in runs]
        tables["flood_all_leads"] = pd.DataFrame(
            [
                {
                    "model": r.model,
                    "split": r.split,
                    **{k: v for k, v in r.scores.summary.items() if not k.startswith("bs_")},
                }
                for r in runs
            ]
        ).set_index(["model", "split"])
        per_basin = pd.concat(
            [r.scores.per_basin.assign(model=r.model, split=r.split) for r in runs], ignore_index=True
        )
        lead1 = per_basin[(per_basin["lead"] == 1) & (per_basin["split"] == "temporal")]
        tables["flood_nse_lead1_per_basin"] = lead1.pivot(index="basin", columns="model", values="nse")
        lstm = next(r for r in runs if r.model == "lstm" and r.split == "temporal")
        rel = lstm.scores.reliability
        tables["flood_reliability_lstm"] = rel[rel["count"] > 0].reset_index(drop=True)
        tables["flood_published"] = published_flood_table()
        persistence = next(r for r in runs if r.model == "persistence" and r.split == "temporal")
        lstm_s, pers_s = lstm.scores.summary, persistence.scores.summary
        gbm = next((r for r in runs if r.model == "lightgbm" and r.split == "temporal"), None)
        vs_ko = vs_en = ""
        if gbm is not None:  # the strongest baseline: say plainly when it beats the LSTM
            g, l_ = gbm.scores.summary["nse_lead1"], lstm_s["nse_lead1"]
            vs_ko = f", LightGBM {g:.3f} ({'LSTM보다 높음' if g > l_ else 'LSTM보다 낮음'})"
            vs_en = f", LightGBM {g:.3f} ({'beats' if g > l_ else 'below'} the LSTM)"
        headline = {
            "value": round(float(lstm_s["nse_lead1"]), 3),
            "unit": "NSE",
            "label_ko": "홍수: 1일 뒤 유량 예측 중앙 NSE (LSTM)",
            "label_en": "Floods: median NSE of next-day flow (LSTM)",
            "detail_ko": f"{info['basins']}개 유역, 지속 예보 {pers_s['nse_lead1']:.3f}{vs_ko}; 홍수 확률 BSS {lstm_s['bss_lead1']:.2f}",
            "detail_en": f"{info['basins']} basins, persistence {pers_s['nse_lead1']:.3f}{vs_en}; flood-probability BSS {lstm_s['bss_lead1']:.2f}",
            "model": "lstm",
        }
        notes.append(
            f"flood: the LSTM trained on {info['lstm_device']}; train_s is fitting time (leave-basins-out: three folds summed)"
        )
    if typhoon is not None:
        with data_from(typhoon / "JTWC.csv"):
            truns, tinfo, reliability = run_typhoon(typhoon, options.quick, options.seed)
        for r in truns:
            e = r.errors.set_index("lead_h")
            rows.append(
                {
                    "model": r.model,
                    "task": "typhoon",
                    "split": f"{tinfo['years']['test'][0]}-{tinfo['years']['test'][1]}",
                    **{f"track_km_{h}h": float(e.loc[h, "track_km"]) for h in e.index},
                    **{f"vmax_mae_kt_{h}h": float(e.loc[h, "vmax_mae_kt"]) for h in e.index},
                    "train_s": round(r.train_seconds, 1),
                }
            )
        tables["typhoon_errors"] = pd.concat(
            [r.errors.assign(model=r.model) for r in truns], ignore_index=True
        ).set_index(["model", "lead_h"])
        tables["typhoon_published"] = published_track_table()
        tables["strike_check"] = pd.DataFrame(
            [{"model": tinfo["strike_model"], **tinfo["strike"]}]
        ).set_index("model")
        if len(reliability):
            tables["strike_reliability"] = reliability[reliability["count"] > 0].reset_index(drop=True)
        notes.append(
            "typhoon: cases are 6-hourly fixes of storms at >= 35 kt with 24 h of history; split by year "
            f"(train {tinfo['years']['train'][0]}-{tinfo['years']['train'][1]}, validate 2015-2017, test 2018-2021; "
            f"cases {tinfo['cases']}); errors against the JTWC best track over the whole basin. The official "
            "figures in typhoon_published are each agency's own verification (HKO: 7-36N, 100-140E, HKO best track)"
        )
        if headline is None:
            best = min((r for r in rows if r["task"] == "typhoon"), key=lambda r: r["track_km_72h"])
            headline = {
                "value": round(best["track_km_72h"], 0),
                "unit": "km",
                "label_ko": "태풍 72시간 진로 오차",
                "label_en": "Typhoon 72 h track error",
                "detail_ko": f"{best['model']}, 2018-2021",
                "detail_en": f"{best['model']}, 2018-2021",
                "model": best["model"],
            }
    for row in rows:
        for key, value in row.items():
            if isinstance(value, float) and not np.isfinite(value):
                row[key] = float("nan")
    return BenchReport("disaster", device, rows, tables=tables, headline=headline, notes=notes)
