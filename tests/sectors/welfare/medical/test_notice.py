"""The notice: cited, redacted, audited; a server answer citing anything not retrieved is rejected."""

import json

import pandas as pd

from sectors.welfare.medical import draft_notice, recommend
from shared.llm import AuditLog


class FakeServer:
    """A chat backend that answers with a fixed JSON notice and remembers the prompt."""

    name = "fake-server"

    def __init__(self, answer):
        self.answer = answer
        self.seen = []

    def chat(self, messages, *, purpose):
        self.seen.append((purpose, messages))
        return self.answer


def _case(person):
    p = person("1961-03-01", "F", conditions=[("59621000", "2010-01-01")])
    return p, recommend(p, on="2026-06-01")


def test_template_notice_cites_only_retrieved_rules_and_is_audited(person, tmp_path):
    p, services = _case(person)
    log = AuditLog(tmp_path / "audit.jsonl")
    notice = draft_notice(p, services, audit=log, user="caseworker-7")
    assert notice.backend == "embedded"
    cited = {n for s in notice.sections for n in s.citations}
    assert cited and max(cited) <= len(notice.sources)
    assert {h.meta["rule"] for h in notice.sources} <= set(services["item_id"])
    record = log.records()[0]
    assert record["purpose"] == "welfare.medical.notice" and record["user"] == "caseworker-7"
    assert record["prompt_sha256"] == notice.prompt_sha256
    assert "고혈압" not in json.dumps(record, ensure_ascii=False)  # never the text itself
    assert "[수신인]" in notice.text and "P-test" not in notice.text


def test_the_prompt_carries_no_identifier(person, tmp_path):
    p, services = _case(person)
    server = FakeServer('{"services": "안내 [1]"}')
    draft_notice(p, services, backend=server, audit=AuditLog(tmp_path / "a.jsonl"))
    purpose, messages = server.seen[0]
    text = " ".join(m["content"] for m in messages)
    assert purpose == "welfare.medical.notice"
    assert "P-test" not in text and "1961-03-01" not in text


def test_server_notice_is_used_when_its_citations_check_out(person, tmp_path):
    p, services = _case(person)
    server = FakeServer('{"services": "검진을 받으세요 [1]."}')
    notice = draft_notice(p, services, backend=server, audit=AuditLog(tmp_path / "a.jsonl"))
    assert notice.backend == "fake-server" and notice.sections[0].text == "검진을 받으세요 [1]."


def test_server_notice_citing_an_unretrieved_source_is_rejected(person, tmp_path):
    p, services = _case(person)
    server = FakeServer('{"services": "무료입니다 [99]."}')
    notice = draft_notice(p, services, backend=server, audit=AuditLog(tmp_path / "a.jsonl"))
    assert notice.backend == "embedded" and "[99]" not in notice.text
    assert notice.warnings and "template used" in notice.warnings[0]


def test_risk_section_says_it_is_not_a_diagnosis(person, tmp_path):
    p, services = _case(person)
    risk = {"probability": 0.42, "level_ko": "높음", "level_en": "high", "drivers": ["고혈압 기록 (+0.50)"]}
    notice = draft_notice(p, services, risk=risk, lang="en", audit=AuditLog(tmp_path / "a.jsonl"))
    assert "not a diagnosis" in notice.text and "42%" in notice.text
    assert isinstance(services, pd.DataFrame)
