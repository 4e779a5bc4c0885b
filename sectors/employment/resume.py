"""Read a free-text résumé (Korean or English) into skills, and explain a training plan, through shared.llm.

:func:`read_resume` redacts the résumé first (names, phone numbers, e-mail and other identifiers never
reach anything else), then finds the occupation space's technology skills named in it (O*NET names,
and common Korean or short names of the same tools: 엑셀 = Microsoft Excel) and the closest O*NET
occupation, retrieved from the occupations' English and Korean titles and descriptions.

:func:`explain_plan` drafts the plan's explanation with :func:`shared.llm.service.write`: what was read
from the résumé, the target job and its missing skills (cited to the target's O*NET occupation), each
planned course with its hours and cost (cited to the course's own document), and what the score means.
Every number is one of those documents' or the plan's own totals; one audit record per call; the
configured private server rewrites it when there is one, under the same checks.

Example:
    >>> from sectors.employment import demo_taxonomy
    >>> r = read_resume("고객센터 상담원 5년. 엑셀과 파워포인트 능숙. 연락처 010-1234-5678", demo_taxonomy())
    >>> r.skills, "010-1234-5678" in r.redacted_text
    (('Microsoft Excel', 'Microsoft PowerPoint'), False)
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field

import pandas as pd

from sectors.employment.plan import TrainingPlan
from sectors.employment.seeker import Seeker
from sectors.employment.taxonomy import Taxonomy, slug
from sectors.employment.titles import korean_titles
from shared.llm import AuditLog, Document, Redaction, Retriever, redact
from shared.llm.retrieval import Hit
from shared.llm.service import Note, number_of, write
from shared.llm.text import is_korean

PURPOSE = "employment.plan_explanation"
HEADINGS = (
    ("resume", "이력서에서 읽은 내용", "What the résumé says"),
    ("target", "목표 일자리와 부족한 기술", "Target job and missing skills"),
    ("plan", "훈련 계획", "Training plan"),
    ("note", "읽는 법", "How to read it"),
)
#: Korean and short names of common tools -> the O*NET technology name (used only when the
#: occupation space has that name).
ALIASES = {
    "엑셀": "Microsoft Excel",
    "excel": "Microsoft Excel",
    "워드": "Microsoft Word",
    "ms word": "Microsoft Word",
    "파워포인트": "Microsoft PowerPoint",
    "ppt": "Microsoft PowerPoint",
    "powerpoint": "Microsoft PowerPoint",
    "아웃룩": "Microsoft Outlook",
    "outlook": "Microsoft Outlook",
    "액세스": "Microsoft Access",
    "파이썬": "Python",
    "자바스크립트": "JavaScript",
    "자바": "Oracle Java",
    "java": "Oracle Java",
    "오토캐드": "Autodesk AutoCAD",
    "autocad": "Autodesk AutoCAD",
    "포토샵": "Adobe Photoshop",
    "photoshop": "Adobe Photoshop",
    "일러스트레이터": "Adobe Illustrator",
    "illustrator": "Adobe Illustrator",
    "리눅스": "Linux",
    "태블로": "Tableau",
    "세일즈포스": "Salesforce software",
    "salesforce": "Salesforce software",
    "퀵북스": "Intuit QuickBooks",
    "quickbooks": "Intuit QuickBooks",
    "구글 애널리틱스": "Google Analytics",
    "파워 bi": "Microsoft Power BI",
    "power bi": "Microsoft Power BI",
    "깃허브": "GitHub",
    "도커": "Docker",
    "피그마": "Figma",
    "슬랙": "Slack",
    "줌": "Zoom",
    "sql 서버": "Microsoft SQL Server",
    "sql server": "Microsoft SQL Server",
}
MAX_WORDS = 8
_JOSA = re.compile(r"(?:과|와|을|를|이|가|은|는|도|및|에|으로|로|의)$")


@dataclass(frozen=True)
class ResumeReading:
    """What :func:`read_resume` found: skills (O*NET names, in the order met), the words each came
    from, the closest occupation (O*NET-SOC code) with its retrieved document, and the redaction."""

    redaction: Redaction
    skills: tuple[str, ...]
    evidence: dict[str, str] = field(default_factory=dict)
    occupation: str | None = None
    occupation_hit: Hit | None = None
    lang: str = "ko"

    @property
    def redacted_text(self) -> str:
        """The résumé with identifiers replaced by placeholders (all that was read)."""
        return self.redaction.text

    def seeker(self, education: int = 2, region: str | None = None) -> Seeker:
        """A :class:`Seeker` with the occupation and skills read (the résumé's redacted text as ``about``)."""
        return Seeker(
            self.occupation, self.skills, education=education, region=region, about=self.redacted_text
        )


def occupation_documents(taxonomy: Taxonomy) -> list[Document]:
    """One document per occupation: English and Korean titles and the O*NET description, id ``onet/<code>``."""
    ko = korean_titles()
    docs = []
    for code, row in taxonomy.occupations.iterrows():
        title_ko = str(ko.at[code, "title_ko"]) if code in ko.index else ""
        skills = ", ".join(taxonomy.skills_of(code)[:15])
        text = f"{title_ko} {row['title']}. {row['description']} Technologies: {skills}."
        docs.append(
            Document(
                f"onet/{code}",
                f"O*NET {code} {title_ko + ' · ' if title_ko else ''}{row['title']}",
                text.strip(),
                {"type": "occupation", "occupation": code},
            )
        )
    return docs


_OCCUPATIONS: dict[int, tuple[Taxonomy, Retriever]] = {}


def occupation_retriever(taxonomy: Taxonomy) -> Retriever:
    """The occupations corpus of ``taxonomy``, built once per process and taxonomy."""
    key = id(taxonomy)
    if key not in _OCCUPATIONS or _OCCUPATIONS[key][0] is not taxonomy:
        _OCCUPATIONS[key] = (taxonomy, Retriever.from_documents(occupation_documents(taxonomy)))
    return _OCCUPATIONS[key][1]


def _skill_lookup(taxonomy: Taxonomy) -> dict[str, str]:
    names = taxonomy.skills["name"].astype(str)
    out = {slug(n): n for n in names if len(slug(n)) >= 2}
    known = set(names)
    for alias, name in ALIASES.items():
        if name in known:
            out.setdefault(slug(alias) if alias.isascii() else alias, name)
    return out


_WORD = re.compile(r"[A-Za-z0-9+#]+(?:[./-][A-Za-z0-9+#]+)*|[가-힣]+")


def find_skills(text: str, taxonomy: Taxonomy) -> dict[str, str]:
    """The taxonomy's skills named in ``text`` (longest names first), each with the words it was read from.

    Example:
        >>> from sectors.employment import demo_taxonomy
        >>> find_skills("Python and Microsoft Excel; some SQL Server", demo_taxonomy())
        {'Python': 'Python', 'Microsoft Excel': 'Microsoft Excel', 'Microsoft SQL Server': 'SQL Server'}
    """
    lookup = _skill_lookup(taxonomy)
    words = [(m.group(), m.start(), m.end()) for m in _WORD.finditer(text)]
    found: dict[str, str] = {}
    i = 0
    while i < len(words):
        for n in range(min(MAX_WORDS, len(words) - i), 0, -1):
            span = text[words[i][1] : words[i + n - 1][2]]
            keys = [slug(span)] if span.isascii() else [span.lower(), _JOSA.sub("", span.lower())]
            if n == 1 and not span.isascii():
                keys = [k for k in keys if k in ALIASES]
            name = next((lookup[k] for k in keys if k and k in lookup), None)
            if name is not None:
                found.setdefault(name, span if span.isascii() else _JOSA.sub("", span))
                i += n
                break
        else:
            i += 1
    return found


def read_resume(text: str, taxonomy: Taxonomy) -> ResumeReading:
    """Redact ``text``, then read its skills and its closest O*NET occupation."""
    redaction = redact(text)  # fail closed: nothing is read from an unredacted résumé
    safe = redaction.text
    evidence = find_skills(safe, taxonomy)
    hits = occupation_retriever(taxonomy).search(safe, k=1) if safe.strip() else []
    hit = hits[0] if hits and hits[0].score > 0 else None
    return ResumeReading(
        redaction,
        tuple(evidence),
        evidence,
        hit.meta["occupation"] if hit is not None else None,
        hit,
        "ko" if is_korean(text) or not text.strip() else "en",
    )


def course_documents(plan: TrainingPlan) -> list[Document]:
    """One document per course of the plan (planned and left out): kind, skills taught, hours, cost, source."""
    frames = [f for f in (plan.courses, plan.skipped) if len(f)]
    docs = []
    for row in pd.concat(frames).drop_duplicates("course_id").to_dict("records") if frames else []:
        skills = (
            ", ".join(row["skills"]) if isinstance(row["skills"], (list, tuple)) else str(row["skills"] or "")
        )
        text = (
            f"{row['title_ko']} ({row['title_en']}). 종류 kind: {row['kind']}. 배우는 기술 skills: {skills or '-'}. "
            f"{int(row['hours'])}시간 hours, {int(row['cost']):,}원 KRW. 근거 source: {row['source']}."
        )
        docs.append(Document(f"course/{row['course_id']}", str(row["title_ko"]), text, {"type": "course"}))
    return docs


def _fetch(retriever: Retriever, query: str, doc_id: str) -> Hit | None:
    return next((h for h in retriever.search(query, k=len(retriever)) if h.doc_id == doc_id), None)


def explain_plan(
    plan: TrainingPlan,
    taxonomy: Taxonomy,
    *,
    reading: ResumeReading | None = None,
    lang: str = "ko",
    backend=None,
    audit: AuditLog | None = None,
    user: str | None = None,
) -> Note:
    """The training plan's explanation, citing the target's O*NET occupation and the courses' documents."""
    ko = lang == "ko"
    docs = course_documents(plan)
    code = plan.target.occupation_id if plan.target is not None else ""
    occupation_docs = [
        d for d in occupation_documents_for(taxonomy, [code, reading.occupation if reading else None])
    ]
    retriever = Retriever.from_documents(docs + occupation_docs) if docs or occupation_docs else None
    gap = plan.gap[plan.gap["kind"] == "skill"] if len(plan.gap) else plan.gap
    missing = gap.loc[~gap["held"], "item"].astype(str).tolist() if len(gap) else []
    sources: list[Hit] = []
    if retriever is not None and reading is not None and reading.occupation:
        hit = _fetch(retriever, reading.redacted_text, f"onet/{reading.occupation}")
        sources += [hit] if hit is not None else []
    if retriever is not None and code:
        hit = _fetch(retriever, f"{plan.target.title} {' '.join(missing)}", f"onet/{code}")
        if hit is not None and all(h.doc_id != hit.doc_id for h in sources):
            sources.append(hit)
    for row in plan.courses.to_dict("records") if len(plan.courses) else []:
        hit = _fetch(retriever, f"{row['title_ko']} {row['title_en']}", f"course/{row['course_id']}")
        if hit is not None:
            sources.append(hit)
    texts: dict[str, str] = {}
    if reading is not None:
        read = ", ".join(f"{s} (“{reading.evidence[s]}”)" for s in reading.skills) or (
            "없음" if ko else "none"
        )
        occ = number_of(sources, f"onet/{reading.occupation}") if reading.occupation else None
        title = _title(taxonomy, reading.occupation, lang) if reading.occupation else ""
        if ko:
            texts["resume"] = f"이력서에서 읽은 기술: {read}." + (
                f" 가장 가까운 직업: {title} [{occ}]." if occ else " 가까운 직업을 찾지 못했습니다."
            )
        else:
            texts["resume"] = f"Skills read from the résumé: {read}." + (
                f" Closest occupation: {title} [{occ}]." if occ else " No close occupation was found."
            )
    else:
        texts["resume"] = "이력서를 입력하지 않았습니다." if ko else "No résumé was given."
    t = number_of(sources, f"onet/{code}") if code else None
    cite = f" [{t}]" if t else ""
    target = plan.target.title if plan.target is not None else ""
    if code and code in taxonomy.occupations.index:
        target = _title(taxonomy, code, lang)
    if ko:
        texts["target"] = f"목표 일자리: {target}{cite}. 부족한 기술: {', '.join(missing) or '없음'}."
    else:
        texts["target"] = f"Target job: {target}{cite}. Missing skills: {', '.join(missing) or 'none'}."
    lines = []
    for row in plan.courses.to_dict("records") if len(plan.courses) else []:
        i = number_of(sources, f"course/{row['course_id']}")
        name = row["title_ko"] if ko else row["title_en"]
        lines.append(
            f"{name}: {int(row['hours'])}시간, {int(row['cost']):,}원 [{i}]"
            if ko
            else f"{name}: {int(row['hours'])} hours, KRW {int(row['cost']):,} [{i}]"
        )
    used_h, used_c = f"{plan.hours_used:.0f}", f"{plan.cost_used:,.0f}"
    if ko:
        texts["plan"] = (
            f"다음 순서로 들으면 총 {used_h}시간, {used_c}원입니다 (가능 시간 {plan.hours:.0f}시간, 예산 {plan.budget:,.0f}원). "
            + "; ".join(lines)
            + "."
            if lines
            else f"가능 시간 {plan.hours:.0f}시간, 예산 {plan.budget:,.0f}원 안에서 점수를 올리는 과정이 없습니다."
        )
        texts["note"] = (
            f"매칭 점수는 {plan.score_before:.2f}에서 {plan.score_after:.2f}로 오릅니다. 이 점수는 추천 모델의 적합 점수이며 "
            "합격 확률이 아닙니다. 과정의 시간과 비용은 O*NET 자료에서 도출한 가정입니다."
        )
    else:
        texts["plan"] = (
            f"Taken in this order: {used_h} hours, KRW {used_c} in all (of {plan.hours:.0f} hours and a budget of "
            f"KRW {plan.budget:,.0f}). " + "; ".join(lines) + "."
            if lines
            else f"No course raises the match within {plan.hours:.0f} hours and KRW {plan.budget:,.0f}."
        )
        texts["note"] = (
            f"The match score goes from {plan.score_before:.2f} to {plan.score_after:.2f}. It is the recommender's fit "
            "score, not a hiring probability. Course hours and costs are assumptions derived from O*NET."
        )
    facts = [
        used_h,
        used_c,
        f"{plan.hours:.0f}",
        f"{plan.budget:,.0f}",
        f"{plan.score_before:.2f}",
        f"{plan.score_after:.2f}",
        *missing,
        *(reading.skills if reading is not None else ()),
        *(reading.evidence.values() if reading is not None else ()),
        target,
    ]
    return write(
        PURPOSE,
        texts,
        HEADINGS,
        sources,
        lang=lang,
        facts=facts,
        instruction="Explain a job seeker's training plan: the skills read, the gap to the target job, the courses.",
        backend=backend,
        audit=audit,
        user=user,
    )


def occupation_documents_for(taxonomy: Taxonomy, codes: Sequence[str | None]) -> list[Document]:
    """The occupation documents of ``codes`` (those in the taxonomy, each once)."""
    wanted = [c for c in dict.fromkeys(codes) if c and c in taxonomy.occupations.index]
    by_id = {d.id: d for d in occupation_documents(_Subset(taxonomy, wanted))} if wanted else {}
    return [by_id[f"onet/{c}"] for c in wanted]


class _Subset:
    """The few taxonomy parts :func:`occupation_documents` reads, for a subset of occupations."""

    def __init__(self, taxonomy: Taxonomy, codes: Sequence[str]) -> None:
        self.occupations = taxonomy.occupations.loc[list(codes)]
        self.skills_of = taxonomy.skills_of


def _title(taxonomy: Taxonomy, code: str, lang: str) -> str:
    from sectors.employment.titles import occupation_title

    return occupation_title(code, str(taxonomy.occupations.at[code, "title"]), lang=lang)
