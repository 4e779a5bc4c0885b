"""The genres an officer writes, as the embedded backend fills them: reply, press release, speech, disclosure summary.

Every genre is filled from the same parts: the summary, the retrieved sources (numbered ``[1]..[n]``)
and a :class:`Brief` that says which of those sources are the legal basis (above the relevance floor,
:mod:`shared.llm.grounding`) and which are procedure (processing periods, disclosure deadlines), the
request restated in the officer's voice (:mod:`shared.llm.voice`), the figures of the text, and for a
speech its occasion, audience and length. Without a legal basis a draft says so, and which kind of law
to check; it never names an act it did not retrieve. ``q`` wraps every quotation so the citation check
can run on the template with quotations elided (:func:`shared.llm.drafts.embedded_draft`).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date

from shared.errors import CivicError
from shared.llm.retrieval import Hit
from shared.llm.summaries import Summary
from shared.llm.text import is_whole_sentence

KINDS = ("reply", "press_release", "speech", "disclosure_summary")

# Section keys per genre, with their Korean and English headings.
SECTIONS: dict[str, tuple[tuple[str, str, str], ...]] = {
    "reply": (
        ("answer", "답변", "Answer"),
        ("legal_basis", "법적 근거", "Legal basis"),
        ("background", "배경 및 정책 연혁", "Background and policy history"),
        ("next_steps", "향후 처리 절차와 기한", "Next steps and deadlines"),
    ),
    "press_release": (
        ("headline", "제목", "Headline"),
        ("lead", "주요 내용", "Key points"),
        ("figures", "주요 수치", "Figures"),
        ("legal_basis", "관련 근거", "Legal basis"),
        ("background", "추진 경과", "Background"),
    ),
    "speech": (
        ("greeting", "인사말", "Greeting"),
        ("body", "본문", "Body"),
        ("closing", "맺음말", "Closing"),
    ),
    "disclosure_summary": (
        ("request", "청구 요지", "Request"),
        ("legal_basis", "공개 여부를 정하는 규정", "Provisions that decide disclosure"),
        ("deadline", "처리 기한", "Deadlines"),
        ("checks", "검토 사항", "Points to check"),
        ("precedents", "유사 사례", "Similar cases"),
    ),
}
CHARS_PER_MINUTE = {"ko": 300, "en": 750}  # a speech read aloud: about 300 Korean syllables a minute


@dataclass(frozen=True)
class Brief:
    """What a genre needs beyond the summary and the sources (see the module)."""

    request: str = ""
    grounded: bool = True
    basis_ids: tuple[str, ...] = ()
    procedure_ids: tuple[str, ...] = ()
    law_kind: str = ""
    figures: tuple[str, ...] = ()
    statements: tuple[str, ...] = ()
    occasion: str = ""
    audience: str = ""
    minutes: float = 3.0
    corpus_laws: int = 0
    score: float = 0.0
    floor: float = 0.0
    extra: dict[str, str] = field(default_factory=dict)


def _verbatim(text: str) -> str:
    return text


_ITEM_MARK = re.compile(r"\(?\d+(?:의\d+)?[.)]|[가-하]\.")


def _sentences_of(text: str) -> list[str]:
    """Sentences of ``text``; an item number cut off by the split ("2.", "가.") stays with its item.

    Example:
        >>> _sentences_of("2. 맹견을 동반하고 외출할 때에는 목줄을 할 것. 3. 맹견을 기르는 곳에서 벗어나지 아니하게 할 것")
        ['2. 맹견을 동반하고 외출할 때에는 목줄을 할 것.', '3. 맹견을 기르는 곳에서 벗어나지 아니하게 할 것']
    """
    flat = re.sub(r"\s+", " ", text).strip()
    parts = [
        s.strip() for s in re.split(r"(?<=다\.)\s+|(?<=[.!?])\s+(?=[A-Z가-힣①-⑳\d\"“])", flat) if s.strip()
    ]
    out: list[str] = []
    for part in parts:
        if out and _ITEM_MARK.fullmatch(out[-1]):
            out[-1] = f"{out[-1]} {part}"
        else:
            out.append(part)
    return out


def trim(text: str, limit: int = 220) -> str:
    """Whole sentences of ``text`` up to ``limit`` characters (the first sentence cut with … only if it alone is longer).

    Example:
        >>> trim("가는 10일 이내에 한다. 나는 20일 이내에 한다.", 16)
        '가는 10일 이내에 한다.'
    """
    out = ""
    for s in _sentences_of(text):
        if len(out) + len(s) + 1 > limit:
            break
        out = f"{out} {s}".strip()
    if out:
        return out
    flat = re.sub(r"\s+", " ", text).strip()
    return flat if len(flat) <= limit else flat[:limit].rstrip() + "…"


def first_sentence(text: str) -> str:
    """The first sentence of ``text``."""
    parts = _sentences_of(text)
    return parts[0] if parts else trim(text, 160)


def statute_name(hit: Hit, q=_verbatim) -> str:
    """「law」 article(heading) of a statute hit."""
    law, article, heading = hit.meta.get("law", ""), hit.meta.get("article", ""), hit.meta.get("heading", "")
    return f"「{law}」 {article}" + (f"({q(heading)})" if heading else "")


def _roles(sources: tuple[Hit, ...], brief: Brief) -> dict[str, list[tuple[int, Hit]]]:
    out: dict[str, list[tuple[int, Hit]]] = {"basis": [], "procedure": [], "guideline": [], "case": []}
    for i, h in enumerate(sources, start=1):
        if h.doc_id in brief.basis_ids:
            out["basis"].append((i, h))
        elif h.doc_id in brief.procedure_ids:
            out["procedure"].append((i, h))
        elif h.meta.get("type") in ("guideline", "case", "precedent"):
            out["case" if h.meta.get("type") != "guideline" else "guideline"].append((i, h))
    return out


def amendment_dates(notes: str) -> list[str]:
    """The distinct amendment dates in an article's notes, oldest first.

    Example:
        >>> amendment_dates("2013.3.23, 2014.1.28; 2013.3.23, 2024.1.30")
        ['2013.3.23', '2014.1.28', '2024.1.30']
    """
    found = {d: tuple(int(x) for x in d.split(".")) for d in re.findall(r"\d{4}\.\d{1,2}\.\d{1,2}", notes)}
    return sorted(found, key=found.get)


def version_note(promulgated: str, in_force: str, ko: bool = True, today: date | None = None) -> str:
    """Which version of the act the corpus holds, saying so when it is not in force yet.

    Example:
        >>> version_note("2026-05-12", "2028-05-13", today=date(2026, 11, 29))
        '수록본 공포 2026-05-12, 시행 예정 2028-05-13: 지금 시행 중인 조문과 다를 수 있음'
        >>> version_note("2026-05-12", "2026-06-01", ko=False, today=date(2026, 11, 29))
        'current act promulgated 2026-05-12, in force 2026-06-01'
    """
    today = today or date.today()
    pending = bool(re.fullmatch(r"\d{4}-\d{2}-\d{2}", in_force)) and in_force > today.isoformat()
    if ko:
        if pending:
            return f"수록본 공포 {promulgated}, 시행 예정 {in_force}: 지금 시행 중인 조문과 다를 수 있음"
        return f"현행 법률 공포 {promulgated}, 시행 {in_force}"
    if pending:
        return (
            f"text promulgated {promulgated}, in force from {in_force}: the article in force now may differ"
        )
    return f"current act promulgated {promulgated}, in force {in_force}"


def _history(statutes: list[tuple[int, Hit]], ko: bool, q) -> list[str]:
    lines = []
    for i, h in statutes[:3]:
        dates = amendment_dates(str(h.meta.get("amendments", "")))
        promulgated, in_force = h.meta.get("promulgated", ""), h.meta.get("in_force", "")
        recent = ", ".join(dates[-3:])
        if ko:
            history = (
                (f"{len(dates)}차례 개정, 최근 {recent}" if len(dates) > 3 else f"개정 {recent}")
                if dates
                else "조문 개정 표시 없음"
            )
            lines.append(f"- {statute_name(h, q)}: {history} ({version_note(promulgated, in_force)}) [{i}]")
        else:
            history = (
                (f"amended {len(dates)} times, latest {recent}" if len(dates) > 3 else f"amended {recent}")
                if dates
                else "no amendment noted on the article"
            )
            lines.append(
                f"- {statute_name(h, q)}: {history} ({version_note(promulgated, in_force, ko=False)}) [{i}]"
            )
    return lines


def _deadline_sentence(hit: Hit) -> str:
    for sentence in re.split(r"(?<=다\.)\s+|\n", hit.text):
        if re.search(r"\d+\s?일\s?(?:이내|의 범위|이 경과|이상|이하)|\d+\s?일\s?단위|\"일\" 단위", sentence):
            return trim(sentence.strip(), 200)
    return trim(first_sentence(hit.text), 200)


def _none_basis(brief: Brief, ko: bool) -> str:
    if ko:
        return (
            f"검색 대상 법령({brief.corpus_laws}개 법률)에서 이 사안에 직접 적용할 조항을 찾지 못하였습니다"
            f"(관련도 {brief.score:.2f}, 기준 {brief.floor:.2f}). 근거 조항을 임의로 적지 않았습니다. "
            f"확인할 법령: {brief.law_kind}."
        )
    return (
        f"No provision of the {brief.corpus_laws} acts searched applies directly to this matter "
        f"(relevance {brief.score:.2f}, floor {brief.floor:.2f}); no legal basis has been written in. "
        f"Law to check: {brief.law_kind}."
    )


def _reply(summary: Summary, roles, brief: Brief, ko: bool, q) -> dict[str, str]:
    basis, guides, cases, procedure = roles["basis"], roles["guideline"], roles["case"], roles["procedure"]
    answer = [q(brief.request)] if brief.request else []
    if basis:
        i, h = basis[0]
        quote = first_sentence(h.passage)
        # a short list item ("1. 단독주택") says nothing alone: point to the legal-basis section instead
        lone_item = bool(_ITEM_MARK.match(quote)) and len(quote) < 40
        if len(quote) <= 200 and not lone_item:
            answer.append(
                f"검토 결과, 이 사안은 {statute_name(h, q)}에서 정하고 있습니다 [{i}]. 해당 조항은 “{q(quote)}”라고 규정하고 있습니다."
                if ko
                else f"Having reviewed the matter, it is governed by {statute_name(h, q)} [{i}], which provides: “{q(quote)}”"
            )
        else:
            answer.append(
                f"검토 결과, 이 사안은 {statute_name(h, q)}에서 정하고 있으며 [{i}], 그 내용은 아래 법적 근거에 적었습니다."
                if ko
                else f"Having reviewed the matter, it is governed by {statute_name(h, q)} [{i}], quoted under Legal basis."
            )
        if guides:
            j, g = guides[0]
            answer.append(
                f"관련 업무 지침에서도 다음과 같이 안내하고 있습니다. “{q(first_sentence(g.passage))}” [{j}]"
                if ko
                else f"The work guideline adds: “{q(first_sentence(g.passage))}” [{j}]"
            )
    else:
        answer.append(
            "검토 결과, 현재 검색 대상 법령에서는 이 사안에 직접 적용되는 조항을 찾지 못하였습니다. "
            f"담당 부서에서 {brief.law_kind}를 확인한 뒤 처리 방향을 다시 안내해 드리겠습니다."
            if ko
            else "Having reviewed the matter, no provision of the acts searched applies to it directly. "
            f"The department will check {brief.law_kind}, and will write again with how it will be handled."
        )
    basis_lines = [f"- {statute_name(h, q)}: {q(trim(h.passage))} [{i}]" for i, h in basis[:3]]
    background = _history(basis, ko, q)
    background += [
        f"- {q(g.title)}: {q(first_sentence(g.passage))} [{i}]" for i, g in guides[1 if basis else 0 : 2]
    ]
    background += [f"- {q(c.title)}: {q(first_sentence(c.text))} [{i}]" for i, c in cases[:2]]
    steps = [f"- {statute_name(h, q)}: “{q(_deadline_sentence(h))}” [{i}]" for i, h in procedure[:3]]
    steps.append(
        "담당 부서는 위 처리기간 안에 처리 결과를 문서로 알려 드리며, 기간 안에 마치기 어려우면 그 사유와 처리 예정일을 미리 알려 드리겠습니다."
        if ko
        else "The department will send its decision in writing within the processing period and, if it cannot, "
        "will say why and when beforehand."
    )
    return {
        "answer": " ".join(answer),
        "legal_basis": "\n".join(basis_lines) or _none_basis(brief, ko),
        "background": "\n".join(background)
        or ("관련 연혁 자료가 검색되지 않았습니다." if ko else "No background was retrieved."),
        "next_steps": "\n".join(steps),
    }


def _statements(summary: Summary, brief: Brief) -> list[str]:
    """Sentences of the text that may be repeated in public: whole, third person, no placeholder."""
    chosen = brief.statements or tuple(summary.sentences)
    return [
        s
        for s in chosen
        if is_whole_sentence(s)
        and not re.search(r"\[[A-Z]+_\d+\]|(?:^|\s)(?:저는|제가|제 |저희)|\b(?:I|my|me)\b", s)
    ]


def _press_release(summary: Summary, roles, brief: Brief, ko: bool, q) -> dict[str, str]:
    basis, cases = roles["basis"], roles["case"]
    said = _statements(summary, brief)
    headline = said[0] if said else brief.request
    headline = re.sub(r"(?:합니다|하였습니다|했습니다|입니다)\.$", "", headline).rstrip(".")
    if ko:  # ○○구는 … 사업을 추진 → ○○구, … 사업 추진
        headline = re.sub(r"^(\S+?)(?:는|은|가|이) ", r"\1, ", headline)
        headline = re.sub(r"(?:을|를) (추진|시행|실시|개최|도입|확대|지원)$", r" \1", headline)
    lead = " ".join(said[:3]) or brief.request
    figures = "\n".join(f"- {q(f)}" for f in brief.figures) or (
        "본문에 수치가 없습니다." if ko else "The text gives no figures."
    )
    legal = [f"- {statute_name(h, q)}: {q(trim(h.passage, 160))} [{i}]" for i, h in basis[:2]] or [
        _none_basis(brief, ko)
    ]
    background = _history(basis, ko, q) + [f"- {q(c.title)} [{i}]" for i, c in cases[:1]]
    return {
        "headline": q(trim(headline, 80)),
        "lead": q(lead),
        "figures": figures,
        "legal_basis": "\n".join(legal),
        "background": "\n".join(background)
        or ("추진 경과 자료가 검색되지 않았습니다." if ko else "No background was retrieved."),
    }


def _speech(summary: Summary, roles, brief: Brief, ko: bool, q) -> dict[str, str]:
    basis = roles["basis"]
    audience = brief.audience or ("주민" if ko else "residents")
    occasion = brief.occasion or ("오늘 이 자리" if ko else "today's meeting")
    greeting = (
        f"존경하는 {q(audience)} 여러분, 안녕하십니까. {q(occasion)}에 함께해 주셔서 진심으로 감사드립니다."
        if ko
        else f"Distinguished {q(audience)}, good morning. Thank you for joining us at {q(occasion)}."
    )
    target = int(brief.minutes * CHARS_PER_MINUTE["ko" if ko else "en"])
    body: list[str] = []
    for s in _statements(summary, brief):
        if sum(len(b) for b in body) + len(s) > max(target - 250, 120):
            break
        body.append(q(s))
    if brief.figures:
        listed = ", ".join(q(f) for f in brief.figures)
        body.append(
            f"이번 정책을 숫자로 말씀드리면 {listed}입니다."
            if ko
            else f"In figures, the policy means {listed}."
        )
    if basis:
        i, h = basis[0]
        body.append(
            f"이 정책은 {statute_name(h, q)}에 근거를 두고 있습니다 [{i}]."
            if ko
            else f"The policy rests on {statute_name(h, q)} [{i}]."
        )
    closing = (
        f"앞으로도 {q(audience)} 여러분의 목소리에 귀 기울이며 약속드린 일을 끝까지 챙기겠습니다. 감사합니다."
        if ko
        else f"We will keep listening to you, {q(audience)}, and see this through. Thank you."
    )
    return {"greeting": greeting, "body": " ".join(body) or q(brief.request), "closing": closing}


def _disclosure(summary: Summary, roles, brief: Brief, ko: bool, q) -> dict[str, str]:
    basis, procedure, guides, cases = roles["basis"], roles["procedure"], roles["guideline"], roles["case"]
    deciding = [(i, h) for i, h in basis + procedure if not re.search(r"\d+\s?일", _deadline_sentence(h))]
    timing = [(i, h) for i, h in procedure + basis if re.search(r"\d+\s?일", _deadline_sentence(h))]
    provisions = [f"- {statute_name(h, q)}: {q(trim(h.passage, 200))} [{i}]" for i, h in deciding[:3]]
    deadlines = [f"- {statute_name(h, q)}: “{q(_deadline_sentence(h))}” [{i}]" for i, h in timing[:3]]
    checks = [f"- {q(g.title)}: {q(first_sentence(g.passage))} [{i}]" for i, g in guides[:2]]
    checks.append(
        "- 청구 정보에 개인정보나 제3자의 영업상 비밀이 있는지, 그 부분만 가리고 공개할 수 있는지 확인합니다."
        if ko
        else "- Check whether the records hold personal data or a third party's trade secrets, and whether "
        "those parts can be masked and the rest disclosed."
    )
    return {
        "request": q(brief.request),
        "legal_basis": "\n".join(provisions) or _none_basis(brief, ko),
        "deadline": "\n".join(deadlines)
        or ("기한 규정이 검색되지 않았습니다." if ko else "No deadline provision was retrieved."),
        "checks": "\n".join(checks),
        "precedents": "\n".join(f"- {q(c.title)}: {q(first_sentence(c.text))} [{i}]" for i, c in cases[:2])
        or ("유사 사례가 검색되지 않았습니다." if ko else "No similar case was retrieved."),
    }


_GENRES = {
    "reply": _reply,
    "press_release": _press_release,
    "speech": _speech,
    "disclosure_summary": _disclosure,
}


def embedded_sections(
    kind: str, summary: Summary, sources: tuple[Hit, ...], lang: str, brief: Brief, q=_verbatim
) -> dict[str, str]:
    """The genre's sections as text, keyed as in :data:`SECTIONS`."""
    if kind not in _GENRES:
        raise CivicError(f"unknown draft kind {kind!r}; choose one of {', '.join(KINDS)}")
    return _GENRES[kind](summary, _roles(sources, brief), brief, lang == "ko", q)


def default_brief(summary: Summary, sources: list[Hit] | tuple[Hit, ...]) -> Brief:
    """A brief for callers that have only a summary and sources: every retrieved statute is the basis."""
    ids = tuple(h.doc_id for h in sources if h.meta.get("type") == "statute")
    return Brief(request=summary.text, grounded=bool(ids), basis_ids=ids)
