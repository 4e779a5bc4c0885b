"""Civil Affairs: redact, summarise, find the legal basis and draft a reply for a complaint.

The page only wires widgets to ``shared.llm``; all the work happens there. It runs on the bundled
corpus (twenty acts, twelve as excerpts, split into articles, plus guidelines and cases written for the
demo).

Trust: the visitor chooses the embedded backend or the server the administrator configured
(``shared.llm.configured_server``: environment or ``[llm]`` TOML); the page shows that server's host,
never its key, and no widget takes a URL, a model or a key. Model text is shown as text (``st.text``,
``st.code``), never as Markdown or HTML; highlighted passages go through ``st.html`` after escaping;
the restored letter is a text block to copy or a file to download.
"""

from __future__ import annotations

import html

import streamlit as st

from apps.sections import by_key
from shared.errors import CivicError
from shared.llm import ChatServerBackend, CivilAffairsAssistant, configured_server, markdown_escape
from shared.llm.act_names import act_names
from shared.llm.corpus import corpus_retriever, example_complaints
from shared.llm.drafts import KINDS
from shared.ui import tr, url_index
from shared.ui.uploads import text_upload

KIND_LABELS = {
    "reply": ("민원 답변", "Reply"),
    "press_release": ("보도자료", "Press release"),
    "speech": ("연설문", "Speech"),
    "disclosure_summary": ("정보공개 청구 요약", "Disclosure-request summary"),
}
#: What each hidden identifier is, in words (the placeholders keep the short English tags).
IDENTIFIER_LABELS = {
    "RRN": ("주민등록번호", "resident registration no."),
    "FRN": ("외국인등록번호", "foreigner registration no."),
    "PHONE": ("전화번호", "phone number"),
    "EMAIL": ("전자우편", "email"),
    "CARD": ("카드번호", "card number"),
    "ACCOUNT": ("계좌번호", "bank account"),
    "BRN": ("사업자등록번호", "business registration no."),
    "PASSPORT": ("여권번호", "passport number"),
    "DRIVER": ("운전면허번호", "driving licence no."),
    "ADDRESS": ("주소", "address"),
    "NAME": ("이름", "name"),
}


def relevance_words(score: float, best: float) -> tuple[str, str]:
    """A retrieval score in words, relative to the best source of the same search (scores have no fixed scale)."""
    share = score / best if best > 0 else 0.0
    if share >= 0.75:
        return "관련도 높음", "highly relevant"
    if share >= 0.4:
        return "관련도 보통", "relevant"
    return "관련도 낮음", "loosely related"


TYPE_LABELS = {"statute": ("법령", "Statute"), "guideline": ("지침", "Guideline"), "case": ("사례", "Case")}


@st.cache_resource(show_spinner=False)
def load_retriever():
    """The corpus index (bundled, or from CIVIC_DATA_DIR when it holds llm/civil-affairs)."""
    return corpus_retriever()


def marked(text: str, spans: list[tuple[int, int]], css: str = "background:#fde68a") -> str:
    """HTML of ``text`` with ``spans`` highlighted (everything escaped; for ``st.html``, not Markdown)."""
    out, cursor = [], 0
    for start, end in sorted(set(spans)):
        if start < cursor:
            continue
        out.append(html.escape(text[cursor:start]))
        out.append(f'<mark style="{css}">{html.escape(text[start:end])}</mark>')
        cursor = end
    out.append(html.escape(text[cursor:]))
    return "".join(out).replace("\n", "<br>")


def placeholder_spans(text: str) -> list[tuple[int, int]]:
    """Where the placeholders sit in a redacted text."""
    import re

    return [(m.start(), m.end()) for m in re.finditer(r"\[[A-Z]+_\d+\]", text)]


section = by_key("llm")
st.header(f"{section.icon} {tr(section.ko, section.en)}")
st.write(tr(section.summary_ko, section.summary_en))

with st.spinner(tr("법령·지침·사례 색인을 불러오는 중…", "Loading the statute, guideline and case index…")):
    retriever = load_retriever()
acts = act_names(retriever).bundled
st.caption(
    tr(
        f"검색 대상 {len(retriever):,}건: {len(acts)}개 법률(일부는 발췌)의 조문과 데모용으로 작성한 지침·사례. "
        "내장 백엔드는 모든 처리를 이 컴퓨터 안에서 합니다.",
        f"{len(retriever):,} documents: articles of {len(acts)} acts (some as excerpts), plus guidelines and "
        "cases written for the demo. With the embedded backend everything runs on this machine.",
    )
)

# -- input -----------------------------------------------------------------------------------------
examples = example_complaints()
source = st.radio(
    tr("입력 방법", "Input"),
    ["example", "paste", "upload"],
    format_func=lambda v: {
        "example": tr("예시 민원", "Example"),
        "paste": tr("붙여넣기", "Paste"),
        "upload": tr("파일 올리기", "Upload"),
    }[v],
    horizontal=True,
    key="ca_source",
)
text = ""
if source == "example":
    chosen = st.selectbox(
        tr(
            "예시 민원 (데모용으로 작성한 가상의 민원)", "Example complaint (fictional, written for the demo)"
        ),
        range(len(examples)),
        index=url_index("ca_example", range(len(examples)), 0, param="complaint"),
        format_func=lambda i: tr(examples[i]["title_ko"], examples[i]["title_en"]),
        key="ca_example",
    )
    text = examples[chosen]["text"]
    st.text_area(
        tr("민원 원문", "Complaint"), text, height=160, disabled=True, key=f"ca_example_text_{chosen}"
    )
elif source == "paste":
    text = st.text_area(tr("민원 원문을 붙여넣으세요", "Paste the complaint"), height=180, key="ca_text")
else:
    uploaded = st.file_uploader(
        tr("텍스트 파일 (UTF-8 또는 CP949)", "Text file (UTF-8 or CP949)"),
        type=["txt", "md"],
        key="ca_upload",
    )
    text = text_upload(uploaded) or ""  # read in memory; the client's file name never becomes a path

left, right = st.columns(2)
kind = left.radio(
    tr("초안 종류", "Draft"), list(KINDS), format_func=lambda k: tr(*KIND_LABELS[k]), key="ca_kind"
)
occasion, audience, minutes = "", "", 3.0
if kind == "speech":
    occasion = left.text_area(
        tr("행사 (연설 자리)", "Occasion"),
        tr("통학로 안전 개선 사업 설명회", "the school-route safety briefing"),
        height=68,
        key="ca_occasion",
    )
    audience = left.text_area(tr("청중", "Audience"), tr("주민", "residents"), height=68, key="ca_audience")
    minutes = left.slider(tr("길이 (분)", "Length (minutes)"), 1, 10, 3, key="ca_minutes")
# The server is the administrator's (environment or [llm] TOML); the visitor only chooses whether to use it.
try:
    server_config, config_error = configured_server(), None
except CivicError as exc:
    server_config, config_error = None, str(exc)
backend_choice = right.radio(
    tr("생성 백엔드", "Backend"),
    ["embedded", "server"],
    format_func=lambda b: (
        tr("내장(오프라인)", "Embedded (offline)")
        if b == "embedded"
        else tr("기관 내부 LLM 서버", "Private LLM server")
        + (f" · {server_config.server}" if server_config is not None else "")
    ),
    key="ca_backend",
)
backend = None
if backend_choice == "server":
    if server_config is not None:
        backend = ChatServerBackend(server_config)
        right.caption(
            tr(
                f"서버 {server_config.server} · 모델 {markdown_escape(server_config.model)} (관리자 설정). "
                "보내는 글은 모두 개인정보를 가린 뒤 전송되고, 호출마다 감사 기록이 남습니다.",
                f"Server {server_config.server} · model {markdown_escape(server_config.model)} (set by the "
                "administrator). Everything sent is redacted first, and every call is audited.",
            )
        )
    else:
        if config_error:
            right.error(markdown_escape(config_error))
        right.info(
            tr(
                "관리자가 설정한 서버가 없습니다 (환경 변수 CIVIC_LLM_URL·CIVIC_LLM_MODEL 또는 설정 파일의 [llm]). "
                "내장 백엔드를 씁니다.",
                "No server is configured by the administrator (CIVIC_LLM_URL and CIVIC_LLM_MODEL, or [llm] "
                "in the configuration file); the embedded backend is used.",
            )
        )

if not text.strip():
    st.info(
        tr(
            "민원을 입력하면 가림 처리, 요약, 근거 검색, 초안이 표시됩니다.",
            "Enter a complaint to see it redacted, summarised, its sources and a draft.",
        )
    )
    st.stop()

# -- run the assistant (once per input) ------------------------------------------------------------------
signature = (
    text,
    kind,
    occasion,
    audience,
    minutes,
    backend.name if backend else "embedded",
    backend.config.server if backend else "",
)
if st.session_state.get("ca_signature") != signature:
    with st.spinner(tr("처리 중…", "Working…")):
        st.session_state["ca_case"] = CivilAffairsAssistant(retriever, backend=backend).handle(
            text, kind, occasion=occasion, audience=audience, minutes=minutes
        )
    st.session_state["ca_signature"] = signature
    st.session_state.pop("ca_open", None)
case = st.session_state["ca_case"]
for warning in case.warnings:
    st.warning(markdown_escape(warning))

st.subheader(tr("1. 개인정보 가림", "1. Redacted"))
st.html(marked(case.redacted_text, placeholder_spans(case.redacted_text)))
counts = case.redaction.counts()
st.caption(
    tr("가린 항목: ", "Hidden: ")
    + (
        ", ".join(f"{tr(*IDENTIFIER_LABELS.get(k, (k, k)))} {n}" for k, n in sorted(counts.items()))
        or tr("없음", "none")
    )
    + tr(
        " · 날짜·금액·조문·접수번호는 그대로 둡니다.", " · dates, amounts, articles and receipt numbers stay."
    )
)

st.subheader(tr("2. 요약", "2. Summary"))
st.caption(
    tr(
        "민원 원문에서 핵심 문장을 그대로 골라 옮겼습니다 (내용을 바꾸지 않습니다).",
        "The key sentences of the complaint, taken over word for word (nothing is reworded).",
    )
)
for sentence in case.summary.sentences:
    st.text(f"• {sentence}")  # a server may write it: text only

st.subheader(
    tr("3. 근거 자료", "3. Sources"),
    help=tr(
        "법령·지침·사례를 민원과 겹치는 낱말로 찾아 관련 높은 순으로 보였습니다. 관련도는 가장 관련 높은 자료와 비교한 정도입니다.",
        "Laws, guidelines and cases found by the words they share with the complaint, most relevant first; "
        "relevance is relative to the best match.",
    ),
)
best_score = max((h.score for h in case.sources), default=0.0)
for i, hit in enumerate(case.sources, start=1):
    label = tr(*TYPE_LABELS.get(hit.meta.get("type", ""), ("문서", "Document")))
    title = markdown_escape(hit.title)
    with st.expander(
        f"[{i}] {label} · {title} · {tr(*relevance_words(hit.score, best_score))}", expanded=i == 1
    ):
        lo, hi = hit.span
        # one-syllable matches (있다, 받다) are noise on screen; highlight the longer words
        inside = [(s - lo, e - lo) for s, e in hit.matches if s >= lo and e <= hi and e - s >= 2]
        st.html(marked(hit.passage, inside))
        if hit.meta.get("written_for_demo"):
            st.caption(tr("데모용으로 작성한 가상의 문서입니다.", "Written for the demo; fictional."))

st.subheader(tr("4. 법적 근거", "4. Legal basis"))
grounding = case.grounding
if case.grounded:
    st.success(
        tr(
            f"근거 법령: 「{grounding.act}」 (관련도 {grounding.score:.2f}, 기준 {grounding.floor:.2f})",
            f"Legal basis: {grounding.act} (relevance {grounding.score:.2f}, floor {grounding.floor:.2f})",
        )
    )
    for hit in case.legal_basis:
        st.text(f"• {hit.title}")
else:
    st.warning(
        tr(
            f"검색 대상 법령에서 적용할 조항을 찾지 못했습니다 (관련도 {grounding.score:.2f} < 기준 {grounding.floor:.2f}). "
            "초안은 근거를 지어내지 않고 그렇게 적었습니다. 확인할 법령: " + grounding.law_to_check("ko"),
            f"No provision in the corpus applies (relevance {grounding.score:.2f} < floor {grounding.floor:.2f}); "
            "the draft says so rather than invent a basis. Law to check: " + grounding.law_to_check("en"),
        )
    )
    if grounding.candidates:
        st.caption(
            tr("가장 가까웠지만 기준에 못 미친 조문: ", "Closest articles, below the floor: ")
            + " · ".join(markdown_escape(h.title) for h in grounding.candidates)
        )

st.subheader(tr("5. 초안", "5. Draft") + f" · {tr(*KIND_LABELS[case.draft.kind])}")
if kind == "speech":
    spoken = sum(len(s.text) for s in case.draft.sections)
    per_minute = 300 if case.lang == "ko" else 750
    st.caption(
        tr(f"읽는 시간 약 {spoken / per_minute:.1f}분", f"About {spoken / per_minute:.1f} minutes read aloud")
    )
st.caption(tr("작성: ", "Written by: ") + markdown_escape(case.draft.backend))
restore = st.toggle(
    tr("가린 개인정보 되살리기 (발송용)", "Restore hidden identifiers (for sending)"), key="ca_restore"
)
if restore:
    # The letter to send: a text block to copy or a file to download, never rendered Markdown.
    letter = case.letter()
    st.caption(
        tr(
            "발송용 서한입니다. 내부 출처 번호([1] 등)는 빼고 법령은 본문에 이름으로 적었습니다. "
            "복사하거나 내려받아 쓰세요 (링크·이미지는 표시하지 않습니다).",
            "The letter to send, without the internal source numbers ([1] ...); laws are named in the text. "
            "Copy it or download it (links and images are never rendered).",
        )
    )
    st.code(letter, language=None, wrap_lines=True)
    st.download_button(
        tr("서한 내려받기 (.txt)", "Download the letter (.txt)"),
        data=letter.encode("utf-8"),
        file_name=f"civil-affairs-{case.draft.kind}.txt",
        mime="text/plain",
        key="ca_letter_download",
    )
else:
    for part in case.draft.sections:
        st.markdown(f"**{part.heading}**")
        st.text(part.text)  # a server's words: shown as text, never as Markdown or HTML
cited = sorted({n for s in case.draft.sections for n in s.citations})
if cited:
    st.markdown(tr("**인용 근거 열기**", "**Open a cited source**"))
    columns = st.columns(min(len(cited), 5))
    for j, n in enumerate(cited):
        if columns[j % len(columns)].button(
            f"[{n}] " + markdown_escape(case.draft.sources[n - 1].title[:28]), key=f"ca_cite_{n}"
        ):
            st.session_state["ca_open"] = n
opened = st.session_state.get("ca_open")
if opened:
    hit = case.draft.sources[opened - 1]
    with st.container(border=True):
        st.markdown(f"**[{opened}]** " + markdown_escape(hit.title))
        st.html(marked(hit.text, [(s, e) for s, e in hit.matches if e - s >= 2]))
        meta = hit.meta
        if meta.get("type") == "statute":
            st.caption(
                tr(
                    f"공포 {meta.get('promulgated')} · 시행 {meta.get('in_force')} · 출처 {meta.get('source')}",
                    f"promulgated {meta.get('promulgated')} · in force {meta.get('in_force')} · source {meta.get('source')}",
                )
            )
