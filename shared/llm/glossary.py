"""English complaint words in the Korean of the statutes, so an English complaint can be searched.

The corpus is Korean law; an English complaint shares no word with it. :func:`korean_terms` maps
the English words of public administration (traffic signal, disclosure, livelihood benefit, noise,
playground ...) to the Korean words the statutes use. It is a vocabulary, not a list of acts: words
whose Korean is in no bundled act (playground → 놀이터) are translated too, and then count as words
the corpus does not know, which is what keeps such a complaint ungrounded. English words with no
entry are returned apart, so the grounding score can count them as unknown.
"""

from __future__ import annotations

import re

from shared.llm.text import EN_STOPWORDS

# Longest phrases first when matching; every value is Korean the way statutes and officers write it.
GLOSSARY: dict[str, str] = {
    # information disclosure and records
    "information disclosure": "정보공개 청구",
    "disclosure request": "정보공개 청구",
    "disclosure": "정보공개",
    "disclose": "공개",
    "minutes": "회의록",
    "records": "기록",
    "non-disclosure": "비공개",
    "appeal": "이의신청",
    "objection": "이의신청",
    "decide": "결정",
    "decision": "결정",
    "deadline": "기간",
    "days": "일",
    # personal information
    "personal information": "개인정보",
    "personal data": "개인정보",
    "privacy": "개인정보 보호",
    "access": "열람",
    "correct": "정정",
    "correction": "정정",
    "delete": "삭제",
    "deletion": "삭제",
    "leak": "유출",
    "leaked": "유출",
    "cctv": "영상정보처리기기",
    "camera": "영상정보처리기기",
    "address": "주소",
    # complaints procedure
    "complaint": "민원",
    "petition": "민원",
    "answer": "처리 결과 통지",
    "no answer": "처리 결과 통지",
    "reply": "회신",
    "processing period": "처리기간",
    "refuse": "거부",
    "refuses": "거부",
    "refused": "거부 처분",
    "documents": "서류",
    # administrative procedure
    "hearing": "청문",
    "prior notice": "사전 통지",
    "reasons": "이유 제시",
    "disposition": "처분",
    "suspension": "정지 처분",
    "permit": "허가",
    "licence": "면허",
    "license": "면허",
    # welfare
    "basic livelihood": "기초생활 보장 급여",
    "livelihood": "생계급여",
    "benefits": "급여",
    "benefit": "급여",
    "income": "소득",
    "apply": "신청",
    "on her behalf": "친족 신청",
    "on his behalf": "친족 신청",
    "alone": "단독",
    "elderly": "노인",
    "housing benefit": "주거급여",
    "rent": "임차료",
    "unemployment": "실업 구직급여",
    "health insurance": "건강보험료",
    # taxes (income tax and its special cases are bundled as excerpts)
    "year-end tax settlement": "연말정산",
    "tax settlement": "연말정산",
    "credit card": "신용카드",
    "debit card": "직불카드",
    "income deduction": "소득공제",
    "deduction": "공제",
    "tax credit": "세액공제",
    "spending": "사용금액",
    "minimum spending": "최저사용금액",
    "threshold": "기준",
    "limit": "한도",
    "dependant": "부양가족",
    "dependants": "부양가족",
    "medical expenses": "의료비",
    "national tax": "국세",
    "tax return": "과세표준 신고",
    "refund": "환급",
    # roads and traffic
    "traffic light": "신호기",
    "pedestrian signal": "보행자 신호",
    "signal": "신호",
    "crossing": "횡단보도",
    "crosswalk": "횡단보도",
    "pedestrian": "보행자",
    "pedestrians": "보행자",
    "cross": "횡단",
    "parking": "주차",
    "illegal parking": "주차 금지 위반",
    "towed": "견인",
    "tow": "견인",
    "speeding": "과속",
    "school zone": "어린이 보호구역",
    "kick scooter": "개인형 이동장치",
    "e-scooter": "개인형 이동장치",
    "driver": "운전자",
    "driving": "운전",
    "road": "도로",
    "sidewalk": "보도",
    "bus": "버스",
    "bus route": "버스 노선",
    "taxi": "택시",
    "streetlight": "가로등",
    "pothole": "포트홀 도로 파손",
    # disasters and safety
    "disaster": "재난",
    "disaster warning": "재난 경보",
    "warning": "경보",
    "warned": "경보",
    "alert": "경보",
    "typhoon": "태풍",
    "flood": "홍수 침수",
    "earthquake": "지진",
    "evacuate": "대피",
    "evacuation": "대피",
    "shelter": "대피 장소",
    "landslide": "산사태",
    "damage": "피해",
    "recovery": "복구",
    "safety inspection": "안전 점검",
    # other municipal matters (their Korean is in no bundled act today)
    "playground": "놀이터",
    "swing": "그네",
    "swings": "그네",
    "slide": "미끄럼틀",
    "park": "공원",
    "noise": "소음",
    "vibration": "진동",
    "factory": "공장",
    "construction": "공사",
    "building": "건축물",
    "waste": "폐기물",
    "garbage": "쓰레기",
    "trash": "쓰레기",
    "dog": "개",
    "dogs": "개",
    "animal": "동물",
    "tax": "세금",
    "property tax": "재산세",
    "wages": "임금",
    "deposit": "보증금",
    "landlord": "임대인",
    "tenant": "임차인",
    "smoking": "흡연",
    "restaurant": "음식점",
    "food poisoning": "식중독",
    "water bill": "수도 요금",
    "sewer": "하수도",
    "school": "학교",
    "class": "학급",
    "classes": "학급",
    "trees": "나무",
    "tree": "나무",
    "felling": "벌채",
    "library": "도서관",
    "apartment": "공동주택",
    "management fee": "관리비",
}

_PHRASES = sorted(GLOSSARY, key=len, reverse=True)
_WORD = re.compile(r"[A-Za-z][A-Za-z'\-]*")
# English function words (shared with the tokenizer) plus the filler words of complaint letters
_STOP = EN_STOPWORDS | frozenset(
    [
        "ago",
        "ask",
        "asked",
        "dear",
        "explain",
        "get",
        "got",
        "just",
        "know",
        "last",
        "let",
        "like",
        "madam",
        "made",
        "make",
        "month",
        "months",
        "mr",
        "mrs",
        "ms",
        "near",
        "new",
        "next",
        "now",
        "officer",
        "old",
        "one",
        "only",
        "please",
        "regards",
        "since",
        "sir",
        "still",
        "take",
        "takes",
        "tell",
        "ten",
        "thank",
        "thanks",
        "three",
        "time",
        "times",
        "told",
        "two",
        "very",
        "want",
        "week",
        "weeks",
        "without",
        "year",
        "years",
    ]
)


def korean_terms(text: str) -> tuple[str, list[str]]:
    """The Korean search words for an English ``text``, and the English content words left untranslated.

    Example:
        >>> korean_terms("Please extend the pedestrian signal time at the crossing.")
        ('보행자 신호 횡단보도', ['extend'])
    """
    lowered = f" {text.lower()} "
    found: list[str] = []
    for phrase in _PHRASES:
        pattern = rf"(?<![a-z]){re.escape(phrase)}(?![a-z])"
        if re.search(pattern, lowered):
            found.append(GLOSSARY[phrase])
            lowered = re.sub(pattern, " ", lowered)
    left = [w for w in _WORD.findall(lowered) if w not in _STOP and len(w) > 2]
    return " ".join(dict.fromkeys(found)), list(dict.fromkeys(left))
