"""Time the embedded summary of a >2,000-character Korean complaint (median of warm runs).

Usage: python benchmarks/llm_summary_latency.py [--repeats 31]
The same measurement is part of ``civic bench llm``; this script repeats it alone, e.g. on a quiet machine.
"""

from __future__ import annotations

import argparse
import os

from shared.llm.bench import summary_latency


def main() -> None:
    """Print the latency table."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeats", type=int, default=31)
    args = parser.parse_args()
    print(f"load average before: {os.getloadavg()[0]:.1f} on {os.cpu_count()} cores")
    print(summary_latency(args.repeats).round(1).to_string())
    print(f"load average after: {os.getloadavg()[0]:.1f}")


if __name__ == "__main__":
    main()
