"""Summaries: Korean and English, spans into the source, server path with fallback."""

import pytest

from shared.llm import AuditLog, summarize

COMPLAINT_KO = (
    "안녕하세요. 저는 구청 근처에 사는 주민입니다.\n"
    "지난달부터 학교 앞 통학로에 큰 포트홀이 생겨 아이들이 넘어질 뻔한 일이 여러 번 있었습니다. "
    "비가 오면 물이 고여 포트홀이 보이지 않아 더 위험합니다. "
    "구청에 두 번 전화했지만 아직 보수가 되지 않았습니다. "
    "오늘 날씨가 맑습니다. "
    "통학로 포트홀을 빠른 시일 안에 보수해 주시기 바랍니다."
)
COMPLAINT_EN = (
    "I live near the district office. Since last month a large pothole has opened on the school route. "
    "Children have nearly fallen several times. The weather was sunny today. "
    "Please repair the pothole on the school route as soon as possible."
)


@pytest.mark.parametrize("text", [COMPLAINT_KO, COMPLAINT_EN])
def test_summary_sentences_come_from_the_source_with_their_spans(text):
    s = summarize(text, max_sentences=2)
    assert 1 <= len(s.sentences) <= 2
    for sentence, (start, end) in zip(s.sentences, s.spans, strict=True):
        assert text[start:end] == sentence
    assert s.spans == sorted(s.spans)
    assert s.text == " ".join(s.sentences)
    assert s.backend == "embedded"


def test_the_request_and_the_topic_beat_small_talk():
    s = summarize(COMPLAINT_KO, max_sentences=2)
    assert any("보수해 주시기 바랍니다" in x for x in s.sentences)
    assert not any("날씨" in x for x in s.sentences)
    assert any("repair" in x for x in summarize(COMPLAINT_EN, 2).sentences)


def test_short_and_empty_texts():
    assert summarize("", 3).sentences == []
    assert summarize("한 문장입니다.", 3).sentences == ["한 문장입니다."]
    with pytest.raises(ValueError):
        summarize("문장.", 0)


def test_a_long_complaint_is_summarised_to_at_most_max_sentences():
    long_text = " ".join([COMPLAINT_KO] * 12)
    assert len(long_text) > 2000
    assert len(summarize(long_text, 3).sentences) <= 3


def test_server_summary_is_restored_and_anchored(chat_server, server_config):
    chat_server.mode = lambda body: "통학로 포트홀 보수를 요청함. 연락처는 [PHONE_1]."
    text = COMPLAINT_KO + " 연락처 010-5555-6666."
    s = summarize(text, 2, backend=server_config)
    assert s.backend == "server:test-model"
    assert "010-5555-6666" in s.text and "010-5555-6666" not in chat_server.prompts()
    for start, end in s.spans:
        assert 0 <= start < end <= len(text)
    assert AuditLog(server_config.audit_path).records()[-1]["purpose"] == "summary"


def test_server_failure_falls_back_with_a_warning(chat_server, server_config):
    chat_server.mode = "garbage"
    s = summarize(COMPLAINT_KO, 2, backend=server_config)
    assert s.backend == "embedded" and s.warnings and "JSON" in s.warnings[0]
    assert s.sentences == summarize(COMPLAINT_KO, 2).sentences
