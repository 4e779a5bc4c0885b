"""Train the JobRecommender on every O*NET occupation and save it with shared.store.

Run: ``python benchmarks/employment_train.py --data ../shared/data`` (writes ``<model dir>/employment``,
where the Employment page looks for it when CIVIC_DATA_DIR is set; the model dir is CIVIC_MODEL_DIR
or ~/.civic/models). Prints the card and checks that the saved model ranks exactly as the trained one.
"""

from __future__ import annotations

import argparse
import json
import time
from pathlib import Path

from sectors.employment import ESCO_ATTRIBUTION, ONET_ATTRIBUTION, JobRecommender, load_taxonomy
from shared import store

ROOT = Path(__file__).resolve().parents[1]


def main() -> None:
    """Command line: ``--data`` (the shared data root) and ``--out`` (the model folder)."""
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--data", type=Path, default=ROOT.parent / "shared" / "data")
    parser.add_argument("--out", type=Path, default=store.model_dir() / "employment")
    args = parser.parse_args()
    folder = args.data / "employment" if (args.data / "employment").is_dir() else args.data
    started = time.perf_counter()
    taxonomy = load_taxonomy(folder)
    model = JobRecommender().fit(taxonomy)
    saved = store.save(model, args.out, card_extra={"attribution": f"{ONET_ATTRIBUTION} {ESCO_ATTRIBUTION}"})
    probe = taxonomy.codes[:50]
    same = store.load(saved).rank_occupations(probe) == model.rank_occupations(probe)
    card = store.read_card(saved)
    print(json.dumps({k: card[k] for k in ("kind", "created", "training_data", "parameters")}, indent=1))
    print(
        f"saved to {saved} in {time.perf_counter() - started:.0f} s; reloaded model ranks identically: {same}"
    )


if __name__ == "__main__":
    main()
