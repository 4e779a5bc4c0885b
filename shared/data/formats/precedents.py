"""Korean court decisions (판례) in legalize-kr precedent Markdown, one decision per file.

The layout is that of github.com/legalize-kr/precedent-kr (source 국가법령정보센터): YAML front matter
(``판례일련번호``, ``사건번호``, ``사건명``, ``법원명``, ``법원등급``, ``사건종류``, ``출처``, ``선고일자``), a
``# 사건명`` line and ``##`` sections: ``판시사항`` (the points decided), ``판결요지`` (the holdings),
``참조조문`` (the articles the court relied on), ``참조판례`` and ``판례내용`` (the full text; optional).

Bring your own: put such files in a folder (subfolders are searched too, so a checkout of
``precedent-kr/일반행정`` works as it is). Each file needs ``사건번호`` and ``법원명`` in its front matter,
a ``선고일자`` written ``YYYY-MM-DD`` when present, and a non-empty ``판시사항`` or ``판결요지``;
anything else raises :class:`~shared.errors.DataError` naming the file and the field.
"""

from __future__ import annotations

import re
from pathlib import Path

import pandas as pd

from shared.data.formats.statutes import clean_markdown, front_matter
from shared.errors import DataError

_FRONT = re.compile(r"\A---\n(.*?)\n---\n", re.S)
_SECTION = re.compile(r"^##\s+(.+?)\s*$", re.M)
_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
# "구 건축법(2008. 3. 21. 법률 제8974호로 …) 제9조(현행 제14조 참조)": parentheses go before parsing
_PARENS = re.compile(r"\([^()]*\)|\[[^\[\]]*\]")
_LAW_ARTICLE = re.compile(
    r"(?:구\s*)?([가-힣A-Za-z·ㆍ\s]*?(?:법|법률|령|규칙|규정))?\s*제(\d+)조(?:의\s*(\d+))?"
)
_SAME_LAW = re.compile(r"^(?:같은\s*법|동법)")
_LEADING = re.compile(r"^(?:(?:구|항|호|목)\s+)+")  # "구 건축법", and the "항" left of "제1항 행정소송법"
_GLUED = re.compile(r"[가-힣A-Za-z]")
COLUMNS = [
    "id",
    "serial",
    "case_number",
    "case_name",
    "court",
    "court_level",
    "case_type",
    "date",
    "holding",
    "summary",
    "references",
    "articles",
    "source",
    "file",
]


def law_key(name: str) -> str:
    """A law name without spaces and middle dots, for matching differently spaced spellings.

    Example:
        >>> law_key("공공기관의 정보공개에 관한 법률") == law_key("공공기관의정보공개에관한법률")
        True
    """
    return re.sub(r"[\s·ㆍ]", "", name)


def referenced_articles(text: str) -> list[str]:
    """The articles named in a ``참조조문`` section, as ``"<law> 제N조[의M]"``, in order, without repeats.

    Dates and amendment notes in parentheses are dropped; an article without a law name belongs to
    the law named before it; ``구`` (the former version) is dropped from the name.

    Example:
        >>> referenced_articles("[1] 행정절차법 제21조 제1항, 제22조 / [2] 구 건축법(2008. 3. 21. 법률 제8974호) 제9조")
        ['행정절차법 제21조', '행정절차법 제22조', '건축법 제9조']
        >>> referenced_articles("제7조 제1항 행정소송법 제26조, 조약제4조에의한민사특별법 제2조")
        ['행정소송법 제26조']
    """
    flat = text
    while True:  # nested parentheses: strip from the inside out
        stripped = _PARENS.sub(" ", flat)
        if stripped == flat:
            break
        flat = stripped
    out: list[str] = []
    law = ""
    for part in re.split(r"[,/\n]", flat):
        for m in _LAW_ARTICLE.finditer(part):
            if m.start() > 0 and _GLUED.match(part[m.start() - 1]):  # tail of a name it cannot read
                law = ""
                continue
            name = _LEADING.sub("", " ".join((m.group(1) or "").split()))
            if name and not _SAME_LAW.match(name):
                law = name
            if not law:
                continue
            article = f"{law} 제{m.group(2)}조" + (f"의{m.group(3)}" if m.group(3) else "")
            if article not in out:
                out.append(article)
    return out


def _sections(body: str) -> dict[str, str]:
    marks = list(_SECTION.finditer(body))
    return {
        m.group(1).strip(): body[m.end() : marks[i + 1].start() if i + 1 < len(marks) else len(body)].strip()
        for i, m in enumerate(marks)
    }


def read_precedent(path: str | Path) -> dict:
    """One decision as a dict with the keys of :data:`COLUMNS` (``articles`` is a list of str)."""
    path = Path(path)
    try:
        markdown = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise DataError(f"cannot read precedent: {exc}", file=path, expected="UTF-8 Markdown") from exc
    front = _FRONT.match(markdown)
    if not front:
        raise DataError(
            "no front matter", file=path, expected="a '---' YAML block with 사건번호, 법원명, 선고일자"
        )
    meta = front_matter(markdown)
    for key in ("사건번호", "법원명"):
        if not meta.get(key, "").strip():
            raise DataError(f"front matter lacks {key}", file=path, column=key, expected="a non-empty value")
    date = meta.get("선고일자", "").strip()
    if date and not _DATE.match(date):
        raise DataError(
            f"선고일자 {date!r} is not a date", file=path, column="선고일자", expected="YYYY-MM-DD"
        )
    sections = _sections(markdown[front.end() :])
    holding = clean_markdown(sections.get("판시사항", ""))
    summary = clean_markdown(sections.get("판결요지", ""))
    if not holding and not summary:
        raise DataError(
            "neither 판시사항 nor 판결요지 has text",
            file=path,
            column="판시사항",
            expected="'## 판시사항' or '## 판결요지' sections",
        )
    references = clean_markdown(sections.get("참조조문", ""))
    case_number = " ".join(meta["사건번호"].split())
    return {
        "id": re.sub(r"[\s,]+", "_", case_number),
        "serial": meta.get("판례일련번호", ""),
        "case_number": case_number,
        "case_name": meta.get("사건명", ""),
        "court": meta["법원명"].strip(),
        "court_level": meta.get("법원등급", ""),
        "case_type": meta.get("사건종류", ""),
        "date": date if date != "0000-00-00" else "",
        "holding": holding,
        "summary": summary,
        "references": references,
        "articles": referenced_articles(references),
        "source": meta.get("출처", ""),
        "file": path.name,
    }


def read_precedent_folder(folder: str | Path) -> pd.DataFrame:
    """Every ``*.md`` decision under ``folder`` (subfolders included, README.md aside), one row each."""
    folder = Path(folder)
    files = [p for p in sorted(folder.rglob("*.md")) if p.name.lower() != "readme.md"]
    if not files:
        raise DataError(
            "no precedent Markdown files", file=folder, expected="*.md files in legalize-kr precedent format"
        )
    rows = [read_precedent(p) for p in files]
    seen: dict[str, str] = {}
    for row in rows:
        key = f"{row['court']} {row['case_number']}"
        if key in seen:
            raise DataError(
                f"{key} appears twice (also in {seen[key]})",
                file=folder / row["file"],
                column="사건번호",
                expected="one file per decision",
            )
        seen[key] = row["file"]
    return pd.DataFrame(rows, columns=COLUMNS)
