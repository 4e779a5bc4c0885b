"""The officer's voice, whole sentences and figures."""

import re

from shared.llm import redact
from shared.llm.corpus import example_complaints
from shared.llm.summaries import summarize
from shared.llm.text import is_whole_sentence, sentences
from shared.llm.voice import figures, restate


def test_requests_are_restated_in_the_third_person_without_identifiers():
    for example in example_complaints():
        text = redact(example["text"]).text
        lang = "en" if example["id"].startswith("english") else "ko"
        said = restate(text, lang)
        assert "[" not in said, said  # no placeholder
        if lang == "ko":
            assert said.startswith("민원인께서는") and said.endswith("셨습니다."), said
            assert not re.search(r"(?:^|\s)(?:저는|제가|제|저희)\s", said), said
        else:
            assert said.startswith("The complainant") and " me " not in f" {said} ", said


def test_a_request_the_rules_cannot_rewrite_is_reported_by_its_subject():
    said = restate("제 주민등록번호는 [RRN_1]입니다. 가로등 교체 공사 일정이 궁금하네", "ko")
    assert said.startswith("민원인께서는") and "[RRN_1]" not in said and "주민등록번호" not in said


def test_sentences_never_start_with_a_placeholder_fragment_or_split_a_title():
    text = "민원인 [NAME_1]입니다. [ADDRESS_1] 앞 통학로에 포트홀이 생겼습니다. Ms. Kim asked on 2024. 5. 2. again."
    pieces = [s.text for s in sentences(text)]
    assert pieces[0] == "민원인 [NAME_1]입니다."
    assert pieces[1].startswith("[ADDRESS_1] 앞")
    assert any("Ms. Kim asked on 2024. 5. 2. again." in p for p in pieces)
    assert not is_whole_sentence("로 연락 주시고")


def test_summaries_are_whole_sentences():
    for example in example_complaints():
        summary = summarize(redact(example["text"]).text, 3)
        assert all(is_whole_sentence(s) for s in summary.sentences), summary.sentences


def test_figures_keep_their_words_and_units():
    assert figures("사업비 12억 원으로 카메라 120대를 설치합니다.") == ["사업비 12억 원", "카메라 120대"]
    assert figures("The plan covers 35 schools and 1,200 households.", "en") == [
        "35 schools",
        "1,200 households",
    ]
