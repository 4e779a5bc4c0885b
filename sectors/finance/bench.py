"""``civic bench finance``: next-month product additions on the generated Santander-schema panel, MAP@7;
and the 연말정산 screen on a generated population with planted errors.

Rows: ``model`` (popularity, per_product_lgbm, ranker) and ``map@7`` (averaged over every customer,
as in the competition). Extra table: MAP@7 among customers who added something, training time.
Then one row per screening flag (``task`` ``tax_screening:<flag>``, model ``rules``): planted, flagged,
precision, recall.
"""

from __future__ import annotations

from sectors.finance.evaluate import evaluate_panel, upper_bound
from sectors.finance.features import PanelCube
from sectors.finance.panel import generate_panel
from sectors.finance.tax import evaluate_screening
from shared.bench import BenchOptions, BenchReport
from shared.device import detect_device


def run(options: BenchOptions) -> BenchReport:
    """Generate the panel (seeded), train the three models on the months before the last, score the last."""
    n = 5000 if options.quick else 20000
    panel = generate_panel(n, seed=options.seed)
    cube = PanelCube.from_panel(panel)
    table = evaluate_panel(cube, quick=options.quick, seed=options.seed)
    ceiling = upper_bound(cube)
    rows = [{"model": r["model"], "map@7": r["map@7"]} for r in table.to_dict("records")]
    by = table.set_index("model")["map@7"]
    ranker, lgbm = float(by["ranker"]), float(by["per_product_lgbm"])
    verdict = "matches or beats" if ranker >= lgbm else "loses to"
    last = cube.months[-1].date()
    notes = [
        f"data: generated Santander-schema panel, {len(cube.customers):,} customers, {len(cube.months)} months "
        f"({cube.months[0].date()}..{last}); target month {last}; trained on the 6 months before it and the same month a year earlier",
        f"MAP@7 averaged over all {int(table['customers'].iloc[0]):,} customers present in the target month and the one before "
        f"({int(table['adders'].iloc[0]):,} added something); a perfect ranking scores {ceiling:.4f} here",
        f"the ranker {verdict} the per-product classifiers: {ranker:.4f} vs {lgbm:.4f}",
        "real Santander data is not bundled: pass its train_ver2.csv through shared.data.formats.santander.read_santander",
    ]
    headline = {
        "value": round(ranker, 4),
        "unit": "MAP@7",
        "label_ko": "다음 달 가입 상품 예측 (MAP@7)",
        "label_en": "Next-month product adds (MAP@7)",
        "detail_ko": f"상품별 LightGBM {lgbm:.4f}, 완벽한 순위 {ceiling:.4f} (생성 패널)",
        "detail_en": f"per-product LightGBM {lgbm:.4f}, perfect {ceiling:.4f} (generated panel)",
        "model": "ranker",
    }
    screening = evaluate_screening(300 if options.quick else 1000, seed=options.seed or 0)
    rows += screening_rows(screening)
    overall = screening.loc["all"]
    notes.append(
        f"tax_screening: 연말정산 claims of {int(overall['profiles']):,} generated earners (seeded) with "
        f"{int(overall['planted'])} planted errors; precision {overall['precision']:.3f}, recall {overall['recall']:.3f} "
        "over all flags. The rules are exact on exact data; the misses and false alarms come from dependants named on "
        "only part of the forms (a kinship word on some), as the generator documents"
    )
    return BenchReport(
        "finance",
        str(detect_device()),
        rows,
        tables={"all_metrics": table.set_index("model")},
        headline=headline,
        notes=notes,
    )


def screening_rows(table) -> list[dict]:
    """The screening table (one row per flag and ``all``) as benchmark rows with ``task`` ``tax_screening:<flag>``."""
    return [
        {
            "model": "rules",
            "task": f"tax_screening:{flag}",
            "planted": int(row["planted"]),
            "flagged": int(row["flagged"]),
            "precision": round(float(row["precision"]), 4),
            "recall": round(float(row["recall"]), 4),
        }
        for flag, row in table.iterrows()
    ]
