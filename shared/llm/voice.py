"""The officer's voice: a complainant's request restated in the third person, and the figures of a text.

:func:`restate` picks the sentences of a (redacted) complaint that ask for something and rewrites
each ending the way an officer reports it ("… 설치해 주시기 바랍니다" → "… 설치해 줄 것을
요청하셨습니다"; "Please tell me …" → "The complainant asks the office to tell them …"). What the
complainant says about themselves (저는 …, 제 주민등록번호는 …), placeholders such as ``[RRN_1]``
and parentheses are left out; a request whose ending it cannot rewrite is reported by its subject
words instead, so nothing is quoted in the first person. :func:`figures` finds the numbers with their
units (사업비 12억 원, 35곳) that a speech or a press release should carry.
"""

from __future__ import annotations

import re

from shared.llm.text import is_korean, sentences, tokens

_PLACEHOLDER = re.compile(
    r"\[[A-Z]+_\d+\]\s?(?:으로|로|에게|에서|에|을|를|이|가|은|는|의|와|과|이고|이며|입니다)?\s?"
)
_PARENS = re.compile(r"\s?\([^()]*\)")
_FIRST_PERSON_KO = re.compile(r"(?:^|\s)(?:저는|제가|저도|저희는|저희가|저희도|나는|내가)\s")
_MY_KO = re.compile(r"(?:^|\s)(?:제|저희|저의|나의|내)\s")
_CONNECTIVE_KO = re.compile(r"^(?:또한|그리고|그런데|그래서|하지만|아울러|따라서|그러니)\s+")
_ASKS_KO = re.compile(
    r"(요청|요구|바랍니다|바람|원합니다|주(?:시기|세요|십시오|시길)|부탁|알고\s?싶|궁금|\?|나요|습니까|까요)"
)
_IDENTITY_KO = re.compile(r"(주민등록번호|연락처|전화번호|계좌|이메일|주소는|입니다\(|사는)")

# (ending pattern, replacement) for a Korean request; the replacement ends the restated sentence.
_KO_ENDINGS: tuple[tuple[re.Pattern[str], str], ...] = tuple(
    (re.compile(p), r)
    for p, r in (
        (
            r"\s?주(?:시기\s?바랍니다|시길\s?바랍니다|시기를\s?바랍니다|세요|십시오|시기\s?부탁드립니다|셨으면\s?합니다|시면\s?좋겠습니다)$",
            " 줄 것을 요청하셨습니다",
        ),
        (r"\s?달라고\s?요청(?:합니다|드립니다)$", " 줄 것을 요청하셨습니다"),
        (r"(을|를)\s?(?:요청|요구)(?:합니다|드립니다|해요)$", r"\1 요청하셨습니다"),
        (r"\s?(?:요청|요구)(?:합니다|드립니다)$", " 요청하셨습니다"),
        (r"(을|를)\s?(?:원합니다|바랍니다|희망합니다)$", r"\1 요청하셨습니다"),
        (
            r"\s?(답변|회신|안내|조치|확인|검토|시정)\s?(?:바랍니다|부탁드립니다)$",
            r" \1해 줄 것을 요청하셨습니다",
        ),
        (r"\s?(?:알고\s?싶습니다|알고\s?싶어요|궁금합니다|궁금해요)$", " 문의하셨습니다"),
        (r"(?:인가요|인지요|입니까)\?$", "인지 문의하셨습니다"),
        (r"(?:나요|는가요|습니까|나요\s?)\?$", "는지 문의하셨습니다"),
        (r"(?:을까요|ㄹ까요|할까요)\?$", "할지 문의하셨습니다"),
    )
)
_KO_MIDDLE = ((re.compile(r"주시고(,?)\s"), r"주고\1 "), (re.compile(r"주시며(,?)\s"), r"주며\1 "))
_KO_STOP_NOUNS = frozenset(
    [
        "민원",
        "민원인",
        "요청",
        "답변",
        "연락",
        "연락처",
        "번호",
        "저",
        "제",
        "우리",
        "동네",
        "주민",
        "부탁",
        "말씀",
        "안녕",
        "감사",
        "문의",
        "확인",
        "처리",
        "조치",
    ]
)

_EN_SUBJECT = "The complainant"
_EN_PRONOUNS = (
    (r"\bI am\b", "they are"),
    (r"\bI'm\b", "they are"),
    (r"\bI have\b", "they have"),
    (r"\bI\b", "they"),
    (r"\bme\b", "them"),
    (r"\bmy\b", "their"),
    (r"\bmine\b", "theirs"),
    (r"\bmyself\b", "themselves"),
    (r"\bwe\b", "they"),
    (r"\bus\b", "them"),
    (r"\bour\b", "their"),
)
_EN_ASKS = re.compile(r"\b(please|would like|request|ask|could you|can you|want to know|wish)\b|\?", re.I)
_EN_IDENTITY = re.compile(
    r"\b(my name is|reach me|call me|contact me|my (?:phone|email|address|number))\b", re.I
)


def _clean_ko(sentence: str) -> str:
    text = _PARENS.sub("", _PLACEHOLDER.sub("", sentence)).strip()
    text = _CONNECTIVE_KO.sub("", text)
    text = _FIRST_PERSON_KO.sub(" ", f" {text}").strip()
    text = _MY_KO.sub(" ", f" {text}").strip()
    return re.sub(r"\s{2,}", " ", text).rstrip(".! ")


def _restate_ko(sentence: str) -> str | None:
    text = _clean_ko(sentence)
    if not text:
        return None
    for pattern, replacement in _KO_MIDDLE:
        text = pattern.sub(replacement, text)
    for pattern, replacement in _KO_ENDINGS:
        if pattern.search(text):
            return pattern.sub(replacement, text).strip() + "."
    return None


def _subject_words(text: str, n: int = 3) -> list[str]:
    words = [t.form for t in tokens(text) if t.tag in ("NNG", "NNP") and len(t.form) >= 2]
    return [w for w in dict.fromkeys(words) if w not in _KO_STOP_NOUNS][:n]


def noun_phrase(sentence: str, most: int = 3) -> str:
    """The first run of adjacent nouns in ``sentence`` (at most ``most``): what the sentence is about.

    Example:
        >>> noun_phrase("아파트 단지 놀이터의 그네 줄이 끊어졌습니다.")
        '아파트 단지 놀이터'
    """
    run: list = []
    for t in tokens(_PARENS.sub("", _PLACEHOLDER.sub("", sentence))):
        noun = t.tag in ("NNG", "NNP") and t.form not in _KO_STOP_NOUNS
        if noun and (not run or t.start - run[-1].end <= 1):
            run.append(t)
        elif run:
            break
    return " ".join(t.form for t in run[:most]) if run and len(run[0].form) + len(run) > 2 else ""


def _with(word: str) -> str:
    """와 or 과, by whether the last syllable has a final consonant."""
    last = word[-1]
    return "과" if "가" <= last <= "힣" and (ord(last) - 0xAC00) % 28 else "와"


def _restate_en(sentence: str) -> str | None:
    text = _PARENS.sub("", _PLACEHOLDER.sub("", sentence)).strip().rstrip(".!")
    text = re.sub(r"^(?:so|and|also|but),?\s+", "", text, flags=re.I)
    m = re.match(r"(?i)please\s+(.+)$", text)
    if m:
        body = m.group(1)
        out = f"asks the office to {body}"
    elif m := re.match(r"(?i)(?:could|can|would|will) you\s+(.+?)\??$", text):
        out = f"asks whether the office can {m.group(1)}"
    elif m := re.match(r"(?i)I (?:would like|want|wish) (?:to )?(.+)$", text):
        out = f"would like to {m.group(1)}"
    elif m := re.match(r"(?i)I (?:request|ask)(?: that)? (.+)$", text):
        out = f"asks that {m.group(1)}"
    elif text.endswith("?"):
        out = f"asks the office to answer this question: {text[0].lower()}{text[1:]}"
    else:
        return None
    for pattern, replacement in _EN_PRONOUNS:
        out = re.sub(pattern, replacement, out)
    return f"{_EN_SUBJECT} {out.rstrip('?')}."


def restate(text: str, lang: str | None = None, *, who: str = "민원인", limit: int = 2) -> str:
    """The request of ``text`` (redacted) in the officer's words, third person, without identifiers.

    ``who`` names the writer in Korean (민원인, 청구인). At most ``limit`` requests are restated.

    Example:
        >>> restate("저는 [NAME_1]입니다. 보수 전까지 안전 표지를 설치해 주시고, 언제 보수할지 [PHONE_1]로 알려 주시기 바랍니다.")
        '민원인께서는 보수 전까지 안전 표지를 설치해 주고, 언제 보수할지 알려 줄 것을 요청하셨습니다.'
        >>> restate("Please tell me how long the office may take.", "en")
        'The complainant asks the office to tell them how long the office may take.'
    """
    lang = lang or ("ko" if is_korean(text) else "en")
    pieces = [s.text for s in sentences(text)]
    if lang == "ko":
        asks = [p for p in pieces if _ASKS_KO.search(p) and not _IDENTITY_KO.search(_PARENS.sub("", p))]
        done = [r for r in (_restate_ko(p) for p in asks[-limit:]) if r]
        if not done:
            words = _subject_words(" ".join(asks or pieces))
            subject = ", ".join(words) if words else "제기하신 사항"
            return f"{who}께서는 {subject}에 관하여 검토와 조치를 요청하셨습니다."
        first = f"{who}께서는 {done[0]}"
        head = re.sub(r"\s?(?:줄 것을 요청|요청|문의)하셨습니다\.$", "", done[0])
        if not re.search(r"\S(?:을|를|에 대|지|에 관)(?:\s|$)", head):  # "빨리 고쳐 줄 것을": say what about
            context = [p for p in pieces if not _IDENTITY_KO.search(p) and p not in asks] or pieces
            phrase = noun_phrase(context[0])
            if phrase:
                first = f"{who}께서는 {phrase}{_with(phrase)} 관련하여 {done[0]}"
        rest = [f"또한 {d}" for d in done[1:]]
        return " ".join([first, *rest])
    asks = [p for p in pieces if _EN_ASKS.search(p) and not _EN_IDENTITY.search(p)]
    done = [r for r in (_restate_en(p) for p in asks[-limit:]) if r]
    if not done:
        return f"{_EN_SUBJECT} asks the office to look into the matter raised."
    return " ".join([done[0]] + [d.replace(_EN_SUBJECT, "The complainant also", 1) for d in done[1:]])


_FIGURE_KO = re.compile(
    r"(?:(?<=\s)|^)([가-힣A-Za-z]{1,12}\s)?(\d[\d,.]*\s?(?:억|만|천)?\s?"
    r"(?:원|곳|개소|개|명|가구|세대|건|대|km|킬로미터|미터|%|퍼센트|개월|시간|분|㎡|톤|회|편|대수|그루))"
)
_FIGURE_EN = re.compile(
    r"(\b\d[\d,.]*\s?(?:million|billion|thousand)?\s?(?:won|km|kilometres|households|people|sites|places|"
    r"schools|cameras|percent|%|staff|buses|hours|trees|crossings))",
    re.I,
)


def figures(text: str, lang: str | None = None, limit: int = 6) -> list[str]:
    """The figures of a (redacted) text with the word before each: what a speech or release should cite.

    Example:
        >>> figures("사업비 12억 원을 들여 어린이보호구역 35곳에 카메라 120대를 설치합니다.")
        ['사업비 12억 원', '어린이보호구역 35곳', '카메라 120대']
    """
    lang = lang or ("ko" if is_korean(text) else "en")
    clean = _PLACEHOLDER.sub(" ", text)
    out: list[str] = []
    if lang == "ko":
        for m in _FIGURE_KO.finditer(clean):
            word = (m.group(1) or "").strip()
            word = re.sub(r"(?:을|를|이|가|은|는|에|의|와|과|로|으로)$", "", word)
            out.append(f"{word} {m.group(2).strip()}".strip())
    else:
        out = [m.group(1).strip() for m in _FIGURE_EN.finditer(clean)]
    return list(dict.fromkeys(out))[:limit]
