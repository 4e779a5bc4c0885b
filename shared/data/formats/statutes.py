"""Korean statutes in legalize-kr Markdown, split into articles (조) with their numbers.

legalize-kr files (github.com/legalize-kr/legalize-kr; source 국가법령정보센터) hold YAML front matter
(제목, 법령ID, 공포일자, 공포번호, 시행일자, ...), ``##`` chapters and ``#####`` articles such as
``##### 제6조의2 (정보공개 담당자의 의무)``; paragraphs start with ``**①**``. The addenda (``## 부칙``)
are left out. Deleted articles (``삭제 <date>``) are kept, flagged ``deleted``.

A "bring your own" statute file only needs the ``#####`` article headings and a ``# title`` line.
"""

from __future__ import annotations

import re
from pathlib import Path

import pandas as pd

from shared.errors import DataError

_FRONT = re.compile(r"\A---\n(.*?)\n---\n", re.S)
_ARTICLE = re.compile(r"^#####\s+제(\d+)조(?:의(\d+))?\s*(?:\((.*?)\))?\s*$")
_CHAPTER = re.compile(r"^##\s+(.*?)\s*$")
_TITLE = re.compile(r"^#\s+(.*?)\s*$")
_AMENDMENT = re.compile(r"<(?:개정|신설|전문개정|본조신설)\s+([^>]+)>")
COLUMNS = [
    "law",
    "law_id",
    "article",
    "number",
    "heading",
    "chapter",
    "text",
    "amendments",
    "deleted",
    "promulgated",
    "promulgation_no",
    "in_force",
    "source",
    "file",
]


def front_matter(markdown: str) -> dict[str, str]:
    """The simple ``key: value`` pairs of the YAML front matter (lists are joined with commas).

    Example:
        >>> front_matter("---\\n제목: 행정절차법\\n공포번호: '18748'\\n---\\n# 행정절차법")["공포번호"]
        '18748'
    """
    m = _FRONT.match(markdown)
    if not m:
        return {}
    out: dict[str, str] = {}
    key = None
    for line in m.group(1).splitlines():
        if line.startswith("- ") and key:
            out[key] = (out[key] + ", " if out[key] else "") + line[2:].strip()
            continue
        if ":" in line and not line.startswith(" "):
            key, value = line.split(":", 1)
            key = key.strip()
            value = value.strip().strip("'\"")
            out[key] = "" if value in ("[]", "''") else value
    return out


def clean_markdown(text: str) -> str:
    """Plain statute text: no bold markers, no Markdown escapes, no runs of blank lines.

    Example:
        >>> clean_markdown("**①** 정보는 공개한다.\\n\\n\\n  1\\\\. 문서")
        '① 정보는 공개한다.\\n  1. 문서'
    """
    text = text.replace("**", "")
    text = re.sub(r"\\([.\-*_()\[\]#>])", r"\1", text)
    lines = [line.rstrip() for line in text.splitlines()]
    return "\n".join(line for line in lines if line.strip()).strip("\n")


def read_statute_articles(path: str | Path) -> pd.DataFrame:
    """One row per article of one statute file (columns :data:`COLUMNS`)."""
    path = Path(path)
    try:
        markdown = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise DataError(f"cannot read statute: {exc}", file=path, expected="UTF-8 Markdown") from exc
    meta = front_matter(markdown)
    body = markdown[_FRONT.match(markdown).end() :] if _FRONT.match(markdown) else markdown
    law = meta.get("제목", "")
    rows: list[dict] = []
    chapter = ""
    current: dict | None = None
    lines: list[str] = []

    def close() -> None:
        if current is not None:
            text = clean_markdown("\n".join(lines))
            current["text"] = text
            current["amendments"] = "; ".join(dict.fromkeys(_AMENDMENT.findall(text)))
            current["deleted"] = bool(re.fullmatch(r"삭제\s*<[^>]+>", text.strip()))
            rows.append(current)

    for line in body.splitlines():
        title_m = _TITLE.match(line)
        if title_m and not law:
            law = title_m.group(1)
            continue
        chapter_m = _CHAPTER.match(line)
        if chapter_m and not line.startswith("###"):
            close()
            current, lines = None, []
            chapter = chapter_m.group(1)
            if chapter.startswith("부칙"):
                break
            chapter = _AMENDMENT.sub("", chapter).strip()
            continue
        article_m = _ARTICLE.match(line)
        if article_m:
            close()
            main, sub, heading = article_m.groups()
            number = main + (f"-{sub}" if sub else "")
            article = f"제{main}조" + (f"의{sub}" if sub else "")
            current = {
                "law": law,
                "law_id": meta.get("법령ID", ""),
                "article": article,
                "number": number,
                "heading": (heading or "").strip(),
                "chapter": chapter,
                "promulgated": meta.get("공포일자", ""),
                "promulgation_no": meta.get("공포번호", ""),
                "in_force": meta.get("시행일자", ""),
                "source": meta.get("출처", ""),
                "file": path.name,
            }
            lines = []
            continue
        if line.startswith("###"):  # sections (절) and other headings inside a chapter
            continue
        if current is not None:
            lines.append(line)
    close()
    if not rows:
        raise DataError(
            "no articles found",
            file=path,
            expected="'##### 제N조 (제목)' article headings (legalize-kr Markdown)",
        )
    return pd.DataFrame(rows, columns=COLUMNS)


def read_statute_folder(folder: str | Path) -> pd.DataFrame:
    """Every ``*.md`` statute in ``folder`` (README.md aside), split into articles."""
    folder = Path(folder)
    files = [p for p in sorted(folder.glob("*.md")) if p.name.lower() != "readme.md"]
    if not files:
        raise DataError("no statute Markdown files", file=folder, expected="*.md files in legalize-kr format")
    return pd.concat([read_statute_articles(p) for p in files], ignore_index=True)
