"""``civic bench traffic --data DIR``: every model on the field's protocol, with training time and latency.

Protocol: 12 steps in, 12 out, chronological 70/10/20 split (test = windows whose forecasts lie in
the last 20% of the time axis), masked MAE / RMSE / MAPE (zeros and gaps are missing) at horizons
3, 6 and 12. ``DIR`` may be the shared data root (``traffic/metr-la-7d`` is used) or any folder
:func:`sectors.traffic.load_network` reads, such as the plain format (speeds.csv, adjacency.csv,
sensors.csv). ``predict_ms`` is the median wall time of one forecast of the whole network for the
next hour through ``TrafficForecaster.predict``.
"""

from __future__ import annotations

import statistics
import sys
import time
from pathlib import Path
from typing import Any

import pandas as pd
import xarray as xr
from tqdm.auto import tqdm

from sectors.traffic.forecaster import HORIZONS, TrafficForecaster, to_panel
from sectors.traffic.models import BASELINES, MODEL_NAMES, OUR_MODEL
from sectors.traffic.network import load_network
from shared.bench import BenchOptions, BenchReport
from shared.data import spec
from shared.device import detect_device
from shared.errors import DataError, data_from

DATASET = "traffic/metr-la-7d"
ROW_KEYS = ("model", "mae_h3", "mae_h6", "mae_h12", "rmse_h12", "mape_h12", "train_s", "predict_ms")


def resolve_network(data_dir: Path | None) -> tuple[xr.Dataset, str]:
    """The network to benchmark: ``DIR/traffic/metr-la-7d`` when present, else whatever ``DIR`` holds."""
    if data_dir is None:
        raise DataError(
            "no data folder given",
            expected="--data DIR (for example ../shared/data, or a folder with speeds.csv in the plain format) "
            "or CIVIC_DATA_DIR",
        )
    data_dir = Path(data_dir)
    for folder in (data_dir / DATASET, data_dir):
        if spec(DATASET).present_in(folder):
            return load_network(folder), f"{DATASET} ({folder})"
    return load_network(data_dir), str(data_dir)


def model_settings(name: str, quick: bool, device: str) -> dict[str, Any]:
    """Training settings per model; ``quick`` shrinks them for smoke runs."""
    if name == "lightgbm":
        return {"n_estimators": 40, "max_train_rows": 20_000} if quick else {}
    if name == OUR_MODEL:
        if quick:
            return {"max_epochs": 3, "patience": 3, "embed_dim": 16}
        return {"max_epochs": 30, "patience": 6, "embed_dim": 16, "learning_rate": 3e-3}
    if name == "nhits":
        if quick:
            return {"max_epochs": 1, "limit_train_batches": 5, "limit_val_batches": 2}
        if device == "cuda":
            return {"max_epochs": 10, "patience": 3, "batch_size": 1024}
        # pytorch-forecasting loads every (window, sensor) sample in Python (~0.5-1 ms each on this CPU):
        # a full epoch of ~290k samples is several CPU minutes, so epochs are 100 random batches of 1,024.
        return {"max_epochs": 6, "patience": 2, "batch_size": 1024, "limit_train_batches": 100}
    if name == "tft":
        if quick:
            return {"max_epochs": 1, "limit_train_batches": 3, "limit_val_batches": 2}
        if device == "cuda":
            return {"max_epochs": 10, "patience": 3}
        # TFT on the CPU: one epoch over all ~290k (window, sensor) samples takes tens of CPU minutes here,
        # so it is capped: 2 epochs of 60 random batches of 512, validation on 20 batches.
        return {"max_epochs": 2, "limit_train_batches": 60, "limit_val_batches": 10}
    return {}


def _latency_ms(forecaster: TrafficForecaster, history: xr.Dataset, repeats: int) -> float:
    forecaster.predict(history)  # warm-up
    times = []
    for _ in range(repeats):
        t0 = time.perf_counter()
        forecaster.predict(history)
        times.append((time.perf_counter() - t0) * 1000.0)
    return float(statistics.median(times))


def _progress(message: str) -> None:
    if sys.stderr.isatty():
        tqdm.write(f"[traffic] {message}", file=sys.stderr)


def run(options: BenchOptions) -> BenchReport:
    """Fit and score every model on the network found in ``options.data_dir``.

    A network too short for the split is a DataError naming the data folder.
    """
    ds, described = resolve_network(options.data_dir)
    with data_from(options.data_dir):
        return _run(options, ds, described)


def _run(options: BenchOptions, ds: xr.Dataset, described: str) -> BenchReport:
    device = detect_device()
    models = list(options.extra.get("models") or MODEL_NAMES)
    if options.quick and "models" not in options.extra:
        models = [m for m in models if m != "tft"]
    unknown = [m for m in models if m not in MODEL_NAMES]
    if unknown:
        raise DataError(f"unknown model(s) {unknown}", expected=", ".join(MODEL_NAMES))
    rows, horizon_rows, training_rows = [], [], []
    bar = tqdm(models, desc="traffic models", unit="model", file=sys.stderr, disable=not sys.stderr.isatty())
    for name in bar:
        bar.set_postfix_str(f"fitting {name}")
        forecaster = TrafficForecaster(
            name, seed=options.seed, model_params=model_settings(name, options.quick, device.kind)
        )
        forecaster.fit(ds)
        table = forecaster.evaluate(ds, HORIZONS)
        history_len = forecaster.model_.min_history(to_panel(ds, forecaster.variable_)[0]) + 12
        history = ds.isel(time=slice(-history_len, None))
        predict_ms = _latency_ms(forecaster, history, repeats=3 if name in ("nhits", "tft") else 15)
        row = {
            "model": name,
            "mae_h3": float(table.loc[3, "mae"]),
            "mae_h6": float(table.loc[6, "mae"]),
            "mae_h12": float(table.loc[12, "mae"]),
            "rmse_h12": float(table.loc[12, "rmse"]),
            "mape_h12": 100.0 * float(table.loc[12, "mape"]),
            "train_s": float(forecaster.model_.fit_seconds_),  # the model's fit, without band calibration
            "predict_ms": predict_ms,
        }
        rows.append(row)
        for h in HORIZONS:
            horizon_rows.append(
                {
                    "model": name,
                    "horizon": h,
                    **{m: float(table.loc[h, m]) for m in ("mae", "rmse")},
                    "mape_pct": 100 * float(table.loc[h, "mape"]),
                }
            )
        training_rows.append({"model": name, **_training_summary(forecaster)})
        _progress(f"{name}: MAE@12 {row['mae_h12']:.3f}, trained in {row['train_s']:.1f} s")
    split = TrafficForecaster("last_value").split(ds)
    frame = pd.DataFrame(rows)
    tables = {
        "horizons": pd.DataFrame(horizon_rows).set_index(["model", "horizon"]),
        "training": pd.DataFrame(training_rows).set_index("model"),
    }
    headline, margin_notes = _headline(frame)
    if margin_notes is not None:
        tables["ours_vs_others_h12"] = margin_notes
    notes = [
        f"data: {described}; {ds.sizes['sensor']} sensors x {ds.sizes['time']} steps; "
        f"windows train/val/test = {len(split.train)}/{len(split.val)}/{len(split.test)} (12 in, 12 out, 70/10/20 by time)",
        "masked metrics (0 and gaps are missing); mape_h12 in percent; predict_ms = median of whole-network "
        "next-hour forecasts through TrafficForecaster.predict; train_s = model fit on this machine "
        f"({device})",
    ]
    if "nhits" in models and device.kind != "cuda" and not options.quick:
        notes.append(
            "nhits: pytorch-forecasting loads each (window, sensor) sample in Python, so on the CPU its epochs are "
            "100 random batches of 1,024 samples (about a third of the ~290k training samples), up to 6 epochs "
            "with early stopping; ours sees every training window each epoch"
        )
    if "tft" in models and device.kind != "cuda" and not options.quick:
        notes.append(
            "tft: on this CPU one TFT epoch over every (window, sensor) sample takes tens of CPU minutes, so it was "
            "capped at 2 epochs of 60 random batches of 512 samples (validation on 10 batches): its row shows a "
            "briefly trained TFT, not a converged one"
        )
    if options.quick:
        notes.append("--quick: tiny training budgets; the numbers only show that the pipeline runs")
    return BenchReport(
        sector="traffic",
        device=str(device),
        rows=[{k: r[k] for k in ROW_KEYS} for r in rows],
        tables=tables,
        headline=headline,
        notes=notes,
    )


def _training_summary(forecaster: TrafficForecaster) -> dict[str, Any]:
    model = forecaster.model_
    result = getattr(model, "result_", None)
    if result is not None:
        return {
            "epochs": result.epochs,
            "best_epoch": result.best_epoch,
            "stopped": result.stopped,
            "device": result.device,
        }
    if hasattr(model, "epochs_"):
        return {
            "epochs": model.epochs_,
            "best_epoch": None,
            "stopped": model.stopped_,
            "device": str(next(model.network_.parameters()).device),
        }
    return {"epochs": None, "best_epoch": None, "stopped": "-", "device": "cpu"}


def _headline(frame: pd.DataFrame) -> tuple[dict[str, Any] | None, pd.DataFrame | None]:
    if OUR_MODEL not in set(frame["model"]):
        best = frame.sort_values("mae_h12").iloc[0]
        return (
            {
                "value": float(best["mae_h12"]),
                "unit": "mph",
                "label_ko": "60분 뒤 속도 오차 (MAE)",
                "label_en": "Speed error 60 min ahead (MAE)",
                "detail_ko": f"최선 모델: {best['model']}",
                "detail_en": f"best model: {best['model']}",
                "model": str(best["model"]),
            },
            None,
        )
    ours = frame.set_index("model").loc[OUR_MODEL]
    others = frame[frame["model"] != OUR_MODEL].set_index("model")
    margins = pd.DataFrame(
        {
            "mae_h12": others["mae_h12"],
            "ours_mae_h12": float(ours["mae_h12"]),
            "difference": others["mae_h12"] - float(ours["mae_h12"]),
            "ours_lower_pct": 100.0 * (others["mae_h12"] - float(ours["mae_h12"])) / others["mae_h12"],
        }
    )
    best_name = str(others["mae_h12"].idxmin()) if len(others) else "-"
    best_val = float(others["mae_h12"].min()) if len(others) else float("nan")
    pct = 100.0 * (best_val - float(ours["mae_h12"])) / best_val if len(others) else float("nan")
    word_en = "lower" if pct > 0 else "higher"
    word_ko = "낮음" if pct > 0 else "높음"
    baselines_and_nhits = [m for m in (*BASELINES, "nhits") if m in others.index]
    beats_all = bool((others.loc[baselines_and_nhits, "mae_h12"] > float(ours["mae_h12"])).all())
    headline = {
        "value": float(ours["mae_h12"]),
        "unit": "mph",
        "label_ko": "60분 뒤 속도 오차 (MAE)",
        "label_en": "Speed error 60 min ahead (MAE)",
        "detail_ko": f"{OUR_MODEL}: 최선 비교 모델 {best_name}({best_val:.2f}) 대비 {abs(pct):.1f}% {word_ko}",
        "detail_en": f"{OUR_MODEL}: {abs(pct):.1f}% {word_en} than the best other model, {best_name} ({best_val:.2f})",
        "model": OUR_MODEL,
        "beats_baselines_and_nhits": beats_all,
    }
    return headline, margins
