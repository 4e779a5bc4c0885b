"""Turn a few points into one plain-language paragraph, through the LLM layer.

Other sectors use :func:`phrase` for citizen-facing text (a disaster risk bulletin, a welfare notice).
The embedded backend writes a clean templated paragraph; a configured private server rewrites the
redacted points, and if it fails the templated paragraph comes back instead. The signature is stable.
"""

from __future__ import annotations

import logging
import re

from shared.llm.backends import Backend, BackendError, ChatBackend, ServerConfig, resolve_backend
from shared.llm.redaction import redact

log = logging.getLogger(__name__)

_END = re.compile(r"[.!?。…)\]\"'”’]$")
_KO_LINKS = ("", "또한 ", "아울러 ")
_EN_LINKS = ("", "In addition, ", "Also, ")


def _clean(point: str) -> str:
    return re.sub(r"\s+", " ", str(point)).strip().strip("-•·* ").strip()


def _sentence(point: str, lang: str) -> str:
    if lang == "en" and point[:1].islower():
        point = point[0].upper() + point[1:]
    return point if _END.search(point) else point + "."


def templated_paragraph(points: list[str], *, title: str = "", lang: str = "ko") -> str:
    """The embedded backend's paragraph: each point a sentence, joined with plain connectives.

    Example:
        >>> templated_paragraph(["Rain of 80 mm is expected tonight", "move cars out of underground car parks"],
        ...                     title="Flood watch", lang="en")
        'Flood watch: Rain of 80 mm is expected tonight. In addition, move cars out of underground car parks.'
    """
    cleaned = [p for p in (_clean(p) for p in points) if p]
    links = _KO_LINKS if lang == "ko" else _EN_LINKS
    parts = []
    for i, point in enumerate(cleaned):
        link = links[min(i, len(links) - 1)] if i else ""
        if i == len(cleaned) - 1 and i >= 2:
            link = "끝으로 " if lang == "ko" else "Finally, "
        sentence = _sentence(point, lang)
        if link and lang == "en" and not sentence[:2].isupper():
            sentence = sentence[0].lower() + sentence[1:]
        parts.append(link + sentence)
    body = " ".join(parts)
    title = _clean(title)
    if not title:
        return body
    return f"{title}: {body}" if body else title


def _prompt(points: list[str], title: str, lang: str) -> list[dict[str, str]]:
    language = "Korean (한국어, 공문 문체가 아닌 쉬운 말)" if lang == "ko" else "plain English"
    system = (
        "You rewrite bullet points from a public agency into one short paragraph for citizens, in "
        f"{language}. Keep every number, date, unit and placeholder such as [PHONE_1] exactly as given. "
        "Do not add facts, advice or sources that are not in the points. Answer with the paragraph only."
    )
    user = (f"Title: {title}\n" if title else "") + "\n".join(f"- {p}" for p in points)
    return [{"role": "system", "content": system}, {"role": "user", "content": user}]


def phrase(
    points: list[str],
    *,
    title: str = "",
    lang: str = "ko",
    backend: Backend | ServerConfig | dict | str | None = None,
) -> str:
    """Phrase ``points`` as one plain-language paragraph in ``lang`` ("ko" or "en").

    With the embedded backend (default) the paragraph is templated; with a private server the redacted
    points are rewritten by the model and identifiers are restored afterwards. A server that fails
    (timeout, garbage) yields the templated paragraph and a logged warning. Redaction failures raise.

    Example:
        >>> phrase(["태풍이 내일 오전 남해안에 접근합니다", "해안가 저지대 주민은 대피를 준비하세요"], title="태풍 안내")
        '태풍 안내: 태풍이 내일 오전 남해안에 접근합니다. 또한 해안가 저지대 주민은 대피를 준비하세요.'
    """
    if lang not in ("ko", "en"):
        raise ValueError(f"lang must be 'ko' or 'en', got {lang!r}")
    if isinstance(points, str):
        raise TypeError("points must be a list of strings, not one string")
    cleaned = [p for p in (_clean(p) for p in points) if p]
    fallback = templated_paragraph(cleaned, title=title, lang=lang)
    chosen = resolve_backend(backend)
    if not isinstance(chosen, ChatBackend) or not cleaned:
        return fallback
    redacted = redact("\n".join(cleaned))  # fail closed: an exception here stops the call
    safe_title = redact(title).text if title else ""
    try:
        answer = chosen.chat(_prompt(redacted.text.split("\n"), safe_title, lang), purpose="phrase")
    except BackendError as exc:
        log.warning("phrase: %s; using the embedded paragraph", exc)
        return fallback
    answer = redacted.restore(answer.strip())
    if len(answer) > 8 * len(fallback) + 400 or not re.search(r"[A-Za-z가-힣]", answer):
        log.warning("phrase: the server's answer does not look like a paragraph; using the embedded one")
        return fallback
    return answer
