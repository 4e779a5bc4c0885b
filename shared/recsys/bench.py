"""``civic bench recsys``: the engine's evaluation protocol on an interaction log.

With ``--interactions FILE`` (a CSV ``user,item,rating,timestamp`` or MovieLens' tab-separated
u.data) it evaluates that log; without it, a seeded MovieLens-100k-shaped log from
:func:`shared.recsys.generate.generate_interactions` (no MovieLens copy is bundled or downloaded).
Rows: ``model`` (popularity, itemknn, ease, ranker), ``ndcg@10``, ``recall@10``, ``map@10``,
``coverage``, ``train_s``.
"""

from __future__ import annotations

from shared.bench import BenchOptions, BenchReport
from shared.device import detect_device
from shared.errors import DataError
from shared.recsys.evaluate import default_models, evaluate_models
from shared.recsys.generate import generate_interactions

ROW_KEYS = ("model", "ndcg@10", "recall@10", "map@10", "coverage", "train_s")


def run(options: BenchOptions) -> BenchReport:
    """Evaluate popularity, item-KNN, EASE (lambda tuned on validation) and the ranker."""
    notes = []
    if options.interactions is not None:
        from shared.data.formats.interactions import read_interactions

        frame = read_interactions(options.interactions)
        users = items = None
        source = str(options.interactions)
    else:
        size = {"n_users": 300, "n_items": 500, "mean_length": 60} if options.quick else {}
        log = generate_interactions(seed=options.seed, **size)
        frame, users, items = log.interactions, log.users, log.items
        source = "generated MovieLens-100k-shaped log (shared.recsys.generate, seeded)"
        notes.append(
            "No MovieLens-100k copy ships with any package on the registry (checked) and nothing is downloaded: "
            "this is a generated log; pass --interactions u.data to run the same protocol on MovieLens."
        )
    notes.append(
        f"data: {source}; {len(frame):,} interactions, {frame['user'].nunique():,} users, {frame['item'].nunique():,} items"
    )
    notes.append(
        "protocol: per-user time split (last 20% of each user's interactions are the test), every test "
        "interaction relevant, seen items excluded, full ranking over all items"
    )
    try:
        table = evaluate_models(
            frame, default_models(quick=options.quick), user_features=users, item_features=items
        )
    except DataError as exc:  # name the log the user gave
        if exc.file is not None or options.interactions is None:
            raise
        raise DataError(
            exc.problem, file=options.interactions, column=exc.column, expected=exc.expected
        ) from exc
    rows = [{k: row[k] for k in ROW_KEYS} for row in table.to_dict("records")]
    by = table.set_index("model")
    ranker, ease = float(by.loc["ranker", "ndcg@10"]), float(by.loc["ease", "ndcg@10"])
    verdict = "beats" if ranker > ease else ("ties" if ranker == ease else "loses to")
    notes.append(f"the ranker {verdict} EASE: NDCG@10 {ranker:.4f} vs {ease:.4f}")
    headline = {
        "value": round(ranker, 4),
        "unit": "NDCG@10",
        "label_ko": "추천 순위 품질 (NDCG@10)",
        "label_en": "Ranking quality (NDCG@10)",
        "detail_ko": f"EASE {ease:.3f}, 인기순 {float(by.loc['popularity', 'ndcg@10']):.3f} (생성 로그)"
        if users is not None
        else f"EASE {ease:.3f}",
        "detail_en": f"EASE {ease:.3f}, popularity {float(by.loc['popularity', 'ndcg@10']):.3f}"
        + (" (generated log)" if users is not None else ""),
        "model": "ranker",
    }
    return BenchReport(
        "recsys",
        str(detect_device()),
        rows,
        tables={"all_metrics": table.set_index("model")},
        headline=headline,
        notes=notes,
    )
