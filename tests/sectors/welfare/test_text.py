"""One Kiwi analyser per process: the welfare extraction rules and the LLM layer share it."""

from sectors.welfare import text as welfare_text
from shared.llm import text as llm_text


def test_welfare_and_llm_use_the_same_kiwi_analyser():
    analyser = welfare_text.kiwi()
    assert analyser is llm_text.kiwi()
    assert welfare_text.kiwi() is analyser  # created once, not per call
    assert "65/SN" in welfare_text.token_strings(["만 65세 이상"])[0]
