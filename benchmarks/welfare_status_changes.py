"""Which services change eligibility status between two versions of the welfare rules, and why.

Run ``dump`` once per version (checkout A, then checkout B), then ``diff``:

    python benchmarks/welfare_status_changes.py dump --data ../shared/data before.json   # at the old commit
    python benchmarks/welfare_status_changes.py dump --data ../shared/data after.json    # at the new commit
    python benchmarks/welfare_status_changes.py diff before.json after.json

``dump`` writes every service's extracted conditions and its status (0 not eligible, 1 needs review,
2 eligible) for six fixed households in 2024 and 2025; the households use only the household keys
every version accepts, so the two dumps are comparable. ``diff`` prints the status transitions on the
hand-labelled services (sectors/welfare/data/hand_labels.json) and on the whole catalogue, and for each
labelled service that changed, the conditions removed and added (the "why").
"""

from __future__ import annotations

import argparse
import collections
import json
import sys

HOUSEHOLDS = {
    "elderly_70_alone": {
        "region": "서울특별시 관악구",
        "income_recognized_krw": 1_500_000,
        "members": [{"age": 70}],
    },
    "single_65_900k": {
        "region": "서울특별시 관악구",
        "income_recognized_krw": 900_000,
        "members": [{"age": 65}],
    },
    "single_parent_2kids": {
        "region": "부산광역시 해운대구",
        "income_recognized_krw": 2_000_000,
        "household_type": ["single_parent"],
        "members": [{"age": 34, "employed": True}, {"age": 9}, {"age": 5}],
    },
    "couple_newborn": {
        "region": "경기도 수원시",
        "income_recognized_krw": 3_500_000,
        "married": True,
        "members": [{"age": 32}, {"age": 31}, {"age": 0.25}],
    },
    "severe_disability_45": {
        "region": "대전광역시 서구",
        "income_recognized_krw": 1_000_000,
        "members": [{"age": 45, "disability": "severe"}],
    },
    "four_person_low_income": {
        "region": "광주광역시 북구",
        "income_recognized_krw": 1_900_000,
        "married": True,
        "members": [{"age": 44}, {"age": 42}, {"age": 15}, {"age": 12}],
    },
}
WORDS = {0: "not eligible", 1: "needs review", 2: "eligible"}


def dump(data_dir: str | None, out: str) -> None:
    """Conditions and statuses of every service for :data:`HOUSEHOLDS` (2024, 2025), as JSON."""
    from sectors.welfare import EligibilityEngine, facts_from_household
    from sectors.welfare.services import build_catalogue

    cat = build_catalogue(data_dir=data_dir)
    result = {
        "conditions": {k: [c.to_json() for c in v] for k, v in cat.conditions.items()},
        "names": dict(zip(cat.ids, cat.services["service"], strict=True)),
        "codes": {},
    }
    for year in (2024, 2025):
        engine = EligibilityEngine(cat, year)
        for name, household in HOUSEHOLDS.items():
            codes = engine.evaluate(facts_from_household(household))[0]
            result["codes"][f"{year}:{name}"] = dict(zip(cat.ids, (int(c) for c in codes), strict=True))
    with open(out, "w", encoding="utf-8") as f:
        json.dump(result, f, ensure_ascii=False)


def _conditions(d: dict, sid: str) -> set[tuple[str, str]]:
    return {(c["kind"], json.dumps(c["value"], ensure_ascii=False)) for c in d["conditions"].get(sid, [])}


def diff(before_path: str, after_path: str) -> None:
    """Print the status transitions (labelled services, whole catalogue) and what changed in each."""
    from sectors.welfare.quality import load_labels

    with open(before_path, encoding="utf-8") as f:
        before = json.load(f)
    with open(after_path, encoding="utf-8") as f:
        after = json.load(f)
    labels = load_labels()
    for title, ids in (
        ("hand-labelled services (60)", list(labels["labels"]) + list(labels["heldout"])),
        ("whole catalogue", list(after["names"])),
    ):
        moves: collections.Counter = collections.Counter()
        changed: dict[str, list[str]] = collections.defaultdict(list)
        for key, codes in after["codes"].items():
            for sid in ids:
                a, b = codes.get(sid), before["codes"][key].get(sid)
                if a is not None and b is not None and a != b:
                    moves[(WORDS[b], WORDS[a])] += 1
                    changed[sid].append(f"{key}: {WORDS[b]} -> {WORDS[a]}")
        print(f"## {title}: {len(changed)} services changed status for some household and year")
        for (b, a), n in moves.most_common():
            print(f"  {b} -> {a}: {n} (household, year) pairs")
        if title.startswith("hand"):
            for sid in sorted(changed):
                print(f"- {sid} {after['names'][sid]}: {len(changed[sid])} pairs, e.g. {changed[sid][0]}")
                for sign, items in (
                    ("-", _conditions(before, sid) - _conditions(after, sid)),
                    ("+", _conditions(after, sid) - _conditions(before, sid)),
                ):
                    for kind, value in sorted(items):
                        print(f"    {sign} {kind} {value}")


def main(argv: list[str] | None = None) -> int:
    """Command line: ``dump [--data DIR] OUT`` or ``diff BEFORE AFTER``."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    sub = parser.add_subparsers(dest="command", required=True)
    d = sub.add_parser("dump")
    d.add_argument("--data", default=None)
    d.add_argument("out")
    f = sub.add_parser("diff")
    f.add_argument("before")
    f.add_argument("after")
    args = parser.parse_args(argv)
    if args.command == "dump":
        dump(args.data, args.out)
    else:
        diff(args.before, args.after)
    return 0


if __name__ == "__main__":
    sys.exit(main())
