"""The engine's protocol on the finance panel turned into an interaction log (``civic bench recsys``'s models).

Each customer's products become interactions: those held in the first month (time = that month) and each
later addition (time = the month it appeared). Only customers with at least one addition are kept, so the
per-user time split holds out real additions rather than ties among first-month holdings. Writes the log
as ``user,item,rating,timestamp`` (so ``civic bench recsys --interactions`` reads it) and prints the table.

Run: ``python benchmarks/recsys_finance_log.py [--customers 20000] [--out finance_log.csv]``
"""

from __future__ import annotations

import argparse

import numpy as np
import pandas as pd

from sectors.finance import PRODUCT_CODES, generate_panel
from sectors.finance.features import PanelCube
from shared.recsys import default_models, evaluate_models


def panel_log(panel: pd.DataFrame) -> pd.DataFrame:
    """Interaction log (user, item, time, weight) of first-month holdings and later additions."""
    cube = PanelCube.from_panel(panel)
    rows = []
    first = np.flatnonzero(cube.present[0])
    c, p = np.nonzero(cube.owned[0][first])
    rows.append(pd.DataFrame({"user": cube.customers[first[c]], "item": p, "time": cube.months[0]}))
    for t in range(1, len(cube.months)):
        c, p = np.nonzero(cube.added(t))
        rows.append(pd.DataFrame({"user": cube.customers[c], "item": p, "time": cube.months[t]}))
    log = pd.concat(rows, ignore_index=True)
    log["item"] = [PRODUCT_CODES[i] for i in log["item"]]
    log["user"] = log["user"].astype(str)
    adders = set(log.loc[log["time"] > cube.months[0], "user"])
    log = log[log["user"].isin(adders)].reset_index(drop=True)
    return log.assign(weight=1.0)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--customers", type=int, default=20000)
    parser.add_argument("--seed", type=int, default=None)
    parser.add_argument("--out", default=None, help="also write the log as CSV user,item,rating,timestamp")
    args = parser.parse_args()
    log = panel_log(generate_panel(args.customers, seed=args.seed))
    if args.out:
        stamps = (log["time"] - pd.Timestamp("1970-01-01")) // pd.Timedelta(seconds=1)
        pd.DataFrame({"user": log["user"], "item": log["item"], "rating": 1, "timestamp": stamps}).to_csv(
            args.out, index=False
        )
    print(
        f"{len(log):,} interactions, {log['user'].nunique():,} customers with at least one addition, {log['item'].nunique()} products"
    )
    table = evaluate_models(log, default_models())
    with pd.option_context("display.width", 160, "display.float_format", "{:.4f}".format):
        print(table.set_index("model").to_string())


if __name__ == "__main__":
    main()
