"""Render time of Streamlit pages with AppTest: the first run in a fresh process and warm reruns.

Run: ``python benchmarks/page_times.py [--pages finance employment] [--repeats 3] [--warm-up]``

Each page runs in its own fresh Python process (so imports and cached models start cold), in Korean:
"cold" is the first run (imports, and the models built under ``st.cache_resource`` unless
``--warm-up`` builds them first, as the entry script does in a running server), "warm" the median of
``--repeats`` reruns. The browser adds its own rendering on top. Timings depend on the machine and on
what else runs on it; the load average is printed beside them.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]

_CHILD = """
import json, sys, time
from streamlit.testing.v1 import AppTest
from apps.sections import by_key
page, repeats, warm_up = sys.argv[1], int(sys.argv[2]), sys.argv[3] == "1"
start = time.perf_counter()
if warm_up:
    from apps import demo_models
    demo_models.build_all()
built = time.perf_counter() - start
at = AppTest.from_file(str(by_key(page).page_path), default_timeout=600)
at.session_state["civic_lang"] = "ko"
t = time.perf_counter(); at.run(); cold = time.perf_counter() - t
assert not at.exception, at.exception
warm = []
for _ in range(repeats):
    t = time.perf_counter(); at.run(); warm.append(time.perf_counter() - t)
print(json.dumps({"built": built, "cold": cold, "warm": warm}))
"""


def measure(page: str, repeats: int, warm_up: bool) -> dict:
    """One fresh process: seconds to build the models first (if asked), the cold run and the warm reruns."""
    env = dict(os.environ, PYTHONPATH=str(ROOT))
    out = subprocess.run(
        [sys.executable, "-c", _CHILD, page, str(repeats), "1" if warm_up else "0"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        check=True,
    )
    return json.loads(out.stdout.strip().splitlines()[-1])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--pages", nargs="+", default=["finance", "employment"])
    parser.add_argument("--repeats", type=int, default=3)
    parser.add_argument(
        "--warm-up", action="store_true", help="build the page models first, as a server does"
    )
    args = parser.parse_args()
    print(f"load average: {os.getloadavg()[0]:.1f} on {os.cpu_count()} CPUs")
    print(f"{'page':<12} {'models built (s)':>16} {'first run (s)':>14} {'warm median (s)':>16}")
    for page in args.pages:
        r = measure(page, args.repeats, args.warm_up)
        built = f"{r['built']:.2f}" if args.warm_up else "-"
        print(f"{page:<12} {built:>16} {r['cold']:>14.2f} {statistics.median(r['warm']):>16.2f}")


if __name__ == "__main__":
    main()
