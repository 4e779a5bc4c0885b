"""Model output is untrusted text: find what could load, link or carry data out; escape for Markdown.

A reply from a language-model server may hold a Markdown image (a browser loads it at once and
sends whatever its URL carries), raw HTML, a link, or a URL with a placeholder in it: once the officer
restores identifiers, ``http://x/?q=[RRN_1]`` becomes a URL carrying the citizen's resident number.
:func:`unsafe_reason` names the first such thing, or returns None; the LLM layer refuses a reply for
which it is not None (the features then fall back to the embedded backend). Pages show model text
with ``st.text`` / ``st.code``; :func:`markdown_escape` makes any text inert where only Markdown is
available (warnings, labels).
"""

from __future__ import annotations

import re

_HTML_TAGS = (
    "a|abbr|address|applet|area|article|aside|audio|b|base|basefont|bdi|bdo|bgsound|blockquote|body|br|"
    "button|canvas|caption|center|cite|code|col|colgroup|data|datalist|dd|del|details|dfn|dialog|div|dl|dt|"
    "em|embed|fieldset|figcaption|figure|font|footer|form|frame|frameset|h[1-6]|head|header|hr|html|i|"
    "iframe|image|img|input|ins|isindex|kbd|keygen|label|legend|li|link|listing|main|map|mark|marquee|math|"
    "menu|meta|meter|nav|noembed|noframes|noscript|object|ol|optgroup|option|output|p|param|picture|"
    "plaintext|portal|pre|progress|q|s|samp|script|section|select|slot|small|source|span|strike|strong|"
    "style|sub|summary|sup|svg|table|tbody|td|template|textarea|tfoot|th|thead|time|title|tr|track|tt|u|ul|"
    "use|var|video|wbr|xmp"
)
# (what, pattern): every pattern is linear (no nested quantifiers over the same characters).
_CHECKS: tuple[tuple[str, re.Pattern[str]], ...] = (
    ("a Markdown image", re.compile(r"!\[[^\]\n]{0,200}\][ \t]?[(\[]")),
    ("a Markdown link", re.compile(r"\[[^\]\n]{0,200}\]\(")),
    (
        "a Markdown link definition",
        re.compile(r"(?im)^[ \t]{0,3}\[[^\]\n]{1,200}\]:[ \t]*<?(?:[a-z][a-z0-9+.\-]{0,31}:|www\.|/)"),
    ),
    (
        "HTML",
        re.compile(rf"(?i)</?(?:{_HTML_TAGS})(?=[\s/>])|<!--|<!\[CDATA\[|<\?[a-z]|<[a-z][\w-]*\s[^<>\n]*="),
    ),
    (
        "an autolink",
        re.compile(r"(?i)<(?:[a-z][a-z0-9+.\-]{1,31}:[^\s<>]*|[^\s<>@]{1,200}@[^\s<>@]{1,200})>"),
    ),
)
_URL_START = re.compile(
    r"(?i)\b(?:[a-z][a-z0-9+.\-]{0,31}://|www\.|(?:mailto|tel|sms|data|javascript|file):"
    r"|[a-z0-9\-]{1,63}(?:\.[a-z0-9\-]{1,63}){0,8}\.[a-z]{2,24}(?::\d{1,5})?[/?#])"
)
# A URL runs until ASCII white space: a no-break or ideographic space inside it does not end it here.
_URL_REST = re.compile(r"[^\n\r\t ]*")
_PLACEHOLDER = re.compile(r"\[[A-Z]+_\d+\]")
_ASCII_PUNCTUATION = re.compile(r"([!-/:-@\[-`{-~])")


def unsafe_reason(text: str) -> str | None:
    """What in ``text`` could load, link or carry data out when shown or restored; None when nothing.

    Example:
        >>> unsafe_reason("처리 기한은 10일입니다 [1].") is None
        True
        >>> unsafe_reason("![](http://x.example/a.png)")
        'a Markdown image'
        >>> unsafe_reason("자세한 내용: http://x.example/?q=[RRN_1]")
        'a URL carrying the placeholder [RRN_1]'
    """
    for what, pattern in _CHECKS:
        if pattern.search(text):
            return what
    position = 0
    while (start := _URL_START.search(text, position)) is not None:
        url = _URL_REST.match(text, start.start())
        placeholder = _PLACEHOLDER.search(url.group())
        if placeholder:
            return f"a URL carrying the placeholder {placeholder.group()}"
        position = max(url.end(), start.end())  # each character is read as part of one URL at most
    return None


def markdown_escape(text: str) -> str:
    """``text`` with every ASCII punctuation mark backslash-escaped, so Markdown shows it as typed.

    Use it where a Streamlit element only takes Markdown (``st.warning``, labels): no link, image,
    heading or autolinked address survives.

    Example:
        >>> print(markdown_escape("![x](y.png)"))
        \\!\\[x\\]\\(y\\.png\\)
    """
    return _ASCII_PUNCTUATION.sub(r"\\\1", text)
