"""``civic bench welfare``: extraction coverage and quality, ranking against baselines, batch throughput.

Rows (every row has ``model`` and ``task``):

- ``task = "extract:<kind>"`` (model ``rules-kiwi``): ``services`` with a condition of that kind in
  the whole catalogue and their ``coverage`` share; service-level ``precision``/``recall`` and
  value-level ``value_f1`` on the held-out hand-labelled sample (``labelled`` services with the
  kind), ``dev_precision``/``dev_recall`` on the development sample; ``extract:all`` micro-averages.
- ``task = "rank"``: ``ndcg@5``, ``recall@5``, ``map@5`` on held-out synthetic households, for
  ``lambdarank`` and the baselines ``benefit-only``, ``popularity`` and ``random``; relevance is
  the simulated receipt (see :mod:`sectors.welfare.ranking`).
- ``task = "medical_risk"`` (models ``lightgbm`` and ``age_sex_logistic``): next-year hospitalisation or
  chronic onset on the synthetic medical records, ``auroc``, ``auprc``, ``brier``; calibration in the
  ``medical_calibration`` table (see :mod:`sectors.welfare.medical.bench`).
- ``task = "batch"``: ``households`` scored, ``seconds`` (eligibility + ranking + top-5 + blind
  spots, generation excluded), ``households_per_s`` and ``peak_mib`` (peak resident memory of the
  scoring process), measured in a fresh process.

Tables: coverage, extraction scores, blind spots by province / age group / household type (from
the batch run), and take-up by service.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import numpy as np
import pandas as pd

from sectors.welfare.catalogue import DATASET, catalogue_origin
from sectors.welfare.eligibility import facts_from_population
from sectors.welfare.matcher import WelfareMatcher
from sectors.welfare.medical.bench import medical_rows
from sectors.welfare.population import generate_population
from sectors.welfare.quality import extraction_scores
from sectors.welfare.ranking import household_features, pair_features, rank_lists, ranking_metrics
from sectors.welfare.services import build_catalogue
from sectors.welfare.takeup import TakeupModel, simulate_receipt
from shared.bench import BenchOptions, BenchReport
from shared.data import locate
from shared.device import detect_device
from shared.rules import TRUE
from shared.seeding import resolve_seed
from shared.store import save

K = 5


def _extraction_rows(catalogue, heldout: pd.DataFrame, dev: pd.DataFrame) -> list[dict]:
    coverage = catalogue.coverage()
    rows = []
    for kind in heldout.index:
        key = "all" if kind.startswith("all") else kind
        cov = coverage.loc[kind] if kind in coverage.index else None
        rows.append(
            {
                "model": "rules-kiwi",
                "task": f"extract:{key}",
                "services": int(cov["services"]) if cov is not None else int(len(catalogue)),
                "coverage": float(cov["share"]) if cov is not None else None,
                "precision": float(heldout.loc[kind, "service_precision"]),
                "recall": float(heldout.loc[kind, "service_recall"]),
                "value_f1": float(heldout.loc[kind, "value_f1"]),
                "labelled": int(heldout.loc[kind, "labelled_services"]),
                "dev_precision": float(dev.loc[kind, "service_precision"]),
                "dev_recall": float(dev.loc[kind, "service_recall"]),
            }
        )
    return rows


def _ranking_rows(matcher: WelfareMatcher, test, takeup: TakeupModel, seed: int) -> tuple[list[dict], dict]:
    year = test.year
    facts = facts_from_population(test)
    codes = matcher.engine(year).evaluate(facts)
    received = simulate_receipt(
        test, codes, matcher.catalogue, matcher.service_table(year), takeup, offset=10_000_000
    )
    elig = codes == TRUE
    keep = (elig.sum(axis=1) >= 2) & ((received & elig).sum(axis=1) >= 1)
    rows, cols = np.nonzero(elig & keep[:, None])
    relevant = received[rows, cols]
    ids = matcher.catalogue.ids
    svc = matcher.service_table(year)
    X = pair_features(household_features(facts, year, codes), svc, rows, cols)
    g = np.random.default_rng([seed, 99])
    scorers = {
        "lambdarank": matcher.ranker_.predict(X),
        "benefit-only": X["log_value"].to_numpy(),
        "popularity": X["popularity"].fillna(0).to_numpy(),
        "random": g.random(len(rows)),
    }
    tiebreak = g.random(len(rows))
    out = []
    for name, scores in scorers.items():
        metrics = ranking_metrics(
            rank_lists(rows, cols, scores, ids, tiebreak), rows, cols, relevant, ids, k=K
        )
        out.append(
            {
                "model": name,
                "task": "rank",
                f"ndcg@{K}": metrics[f"ndcg@{K}"],
                f"recall@{K}": metrics[f"recall@{K}"],
                f"map@{K}": metrics[f"map@{K}"],
                "households": int(metrics["users"]),
            }
        )
    info = {
        "test_households": len(test),
        "ranked_households": int(keep.sum()),
        "candidate_pairs": int(len(rows)),
        "take_up_among_eligible": float(relevant.mean()) if len(relevant) else float("nan"),
    }
    return out, info


def _batch(matcher: WelfareMatcher, households: int, chunk: int, seed: int) -> dict:
    with tempfile.TemporaryDirectory() as tmp:
        folder = save(matcher, Path(tmp) / "matcher")
        out = Path(tmp) / "batch.json"
        cmd = [
            sys.executable,
            "-c",
            "import sys; from sectors.welfare.batch import main; sys.exit(main(sys.argv[1:]))",
            "--model",
            str(folder),
            "--households",
            str(households),
            "--chunk",
            str(chunk),
            "--seed",
            str(seed),
            "--json",
            str(out),
        ]
        env = dict(os.environ)
        env.setdefault("OMP_NUM_THREADS", "2")
        subprocess.run(cmd, check=True, env=env, stdout=subprocess.DEVNULL)
        return json.loads(out.read_text(encoding="utf-8"))


def run(options: BenchOptions) -> BenchReport:
    """Run the welfare benchmark (``options.quick``: smaller populations and a 100k batch)."""
    seed = resolve_seed(options.seed)
    notes = []
    if options.data_dir is not None:  # a data folder that lacks the catalogue is an error, not the sample
        locate(DATASET, options.data_dir, bundled=False)
    t0 = time.perf_counter()
    catalogue = build_catalogue(data_dir=options.data_dir)
    origin = catalogue_origin(options.data_dir)
    extract_seconds = time.perf_counter() - t0
    if origin == "bundled":
        notes.append(
            "catalogue: the bundled 73-service sample (pass --data ../shared/data for the full 1,046 services)"
        )
    scores = extraction_scores(catalogue.conditions, sample="heldout")
    dev_scores = extraction_scores(catalogue.conditions, sample="labels")
    rows = _extraction_rows(catalogue, scores, dev_scores)

    n_train, n_valid, n_test = (4_000, 1_000, 3_000) if options.quick else (20_000, 5_000, 10_000)
    takeup = TakeupModel(seed=seed)
    train = generate_population(n_train, seed=seed)
    valid = generate_population(n_valid, seed=seed + 1)
    test = generate_population(n_test, seed=seed + 2)
    matcher = WelfareMatcher(catalogue, seed=seed).fit(train, valid=valid, takeup=takeup)
    rank_rows, rank_info = _ranking_rows(matcher, test, takeup, seed)
    rows += rank_rows

    batch_n, chunk = (100_000, 20_000) if options.quick else (1_000_000, 20_000)
    batch = _batch(matcher, batch_n, chunk, seed + 3)
    rows.append(
        {
            "model": "batch",
            "task": "batch",
            "households": batch["households"],
            "seconds": batch["seconds_score"],
            "households_per_s": batch["households_per_second"],
            "cpu_seconds": batch.get("cpu_seconds_total"),
            "peak_mib": batch["peak_rss_mib"],
        }
    )
    tables = {
        "coverage": catalogue.coverage().reset_index(names="kind"),
        "extraction_heldout": scores.reset_index(),
        "extraction_dev": dev_scores.reset_index(),
    }
    for group, data in batch["blind_spots"].items():
        tables[f"blind_spots_by_{group}"] = pd.DataFrame(
            data["data"], index=data["index"], columns=data["columns"]
        ).reset_index(names=group)
    micro = scores.loc["all (micro)"]
    lam = next(r for r in rank_rows if r["model"] == "lambdarank")
    best_base = max((r for r in rank_rows if r["model"] != "lambdarank"), key=lambda r: r[f"ndcg@{K}"])
    hh = tables["blind_spots_by_province"]
    blind_rate = float(hh["blind_spots"].sum() / max(hh["eligible_high_value"].sum(), 1))
    notes += [
        f"extraction of {len(catalogue)} services took {extract_seconds:.1f} s; precision/recall/value_f1 are on the "
        f"held-out hand-labelled sample (20 services, {int(micro['labelled_services'])} labelled (service, kind) pairs, "
        "labelled after the rules were frozen); dev_* on the 40-service development sample "
        "(sectors/welfare/data/hand_labels.json)",
        "ranking relevance is simulated receipt among eligible households (sectors/welfare/takeup.py): "
        "it measures recovery of the simulated take-up mechanism, not real preferences",
        f"ranking test: {rank_info['ranked_households']} of {rank_info['test_households']} held-out households "
        f"({rank_info['candidate_pairs']} eligible pairs, simulated take-up {rank_info['take_up_among_eligible']:.2f})",
        f"batch: {batch['households']:,} synthetic households x {batch['services']} services in chunks of {chunk:,}; "
        f"generation {batch['seconds_generate']:.1f} s excluded; load average {batch.get('load_average_1min', float('nan')):.1f} "
        f"on {os.cpu_count()} cores at the end; cpu_seconds counts generation and scoring; {batch['eligible_pairs']:,} eligible and "
        f"{batch['review_pairs']:,} needs-review pairs; blind-spot rate {blind_rate:.3f}",
    ]
    headline = {
        "value": float(micro["service_f1"]),
        "unit": "F1",
        "label_ko": "조건 추출 F1 (수작업 검증 표본)",
        "label_en": "Condition extraction F1 (held-out hand labels)",
        "detail_ko": f"추천 NDCG@{K} {lam[f'ndcg@{K}']:.3f} (기준선 {best_base['model']} {best_base[f'ndcg@{K}']:.3f}), "
        f"{batch['households']:,}가구 {batch['seconds_score']:.0f}초",
        "detail_en": f"ranking NDCG@{K} {lam[f'ndcg@{K}']:.3f} vs {best_base['model']} {best_base[f'ndcg@{K}']:.3f}; "
        f"{batch['households']:,} households in {batch['seconds_score']:.0f} s",
        "model": "rules-kiwi + lambdarank",
    }
    # task "medical_risk": see sectors.welfare.medical.bench
    med_rows, med_tables, med_notes = medical_rows(seed)
    rows += med_rows
    tables.update(med_tables)
    notes += med_notes
    return BenchReport("welfare", str(detect_device()), rows, tables=tables, headline=headline, notes=notes)
