"""LLM refinement: only checked answers are kept; without a server the rules stay the default."""

import pytest

from sectors.welfare.llm import refined_extractor
from shared.errors import CivicError

RECORD = {
    "service_id": "X1",
    "service": "demo",
    "source": "central",
    "target_text": "만 65세 이상 어르신\n국가유공자 배우자",
    "criteria_text": "기준 중위소득 50% 이하",
}


class Fake:
    name = "fake"

    def __init__(self, answer):
        self.answer = answer
        self.calls = []

    def chat(self, messages, *, purpose):
        self.calls.append((messages, purpose))
        if isinstance(self.answer, Exception):
            raise self.answer
        return self.answer


def test_added_conditions_must_quote_the_catalogue_verbatim():
    answer = (
        '{"add": [{"kind": "disability", "level": "any", "source": "invented sentence"},'
        ' {"kind": "employment", "status": "unemployed", "source": "국가유공자 배우자"},'
        ' {"kind": "age", "lo": 300, "source": "만 65세 이상 어르신"}], "drop": [0, 99]}'
    )
    backend = Fake(answer)
    conds = refined_extractor(backend)([RECORD])["X1"]
    kinds = [c.kind for c in conds]
    assert "disability" not in kinds  # the source is not in the catalogue
    assert "employment" in kinds  # checked: verbatim source, valid schema
    assert sum(k == "age" for k in kinds) == 0  # rule age dropped (index 0); the invalid age was refused
    assert backend.calls and backend.calls[0][1] == "welfare.extract_conditions"


def test_a_failed_call_keeps_the_rules():
    rules = refined_extractor(Fake(CivicError("timeout")))([RECORD])["X1"]
    assert {c.kind for c in rules} >= {"age", "income", "other"}


def test_without_a_configured_server_it_refuses(monkeypatch):
    monkeypatch.delenv("CIVIC_LLM_URL", raising=False)
    monkeypatch.delenv("CIVIC_LLM_MODEL", raising=False)
    with pytest.raises(CivicError, match="CIVIC_LLM_URL"):
        refined_extractor()
