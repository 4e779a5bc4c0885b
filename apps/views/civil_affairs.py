"""Civil Affairs: redact, summarise, find the legal basis and draft a reply for a complaint.

The page only wires widgets to ``shared.llm``; all the work happens there. It runs on the bundled
corpus (seven acts split into articles, plus guidelines and cases written for the demo).
"""

from __future__ import annotations

import html

import streamlit as st

from apps.sections import by_key
from shared.errors import CivicError
from shared.llm import ChatServerBackend, CivilAffairsAssistant, ServerConfig
from shared.llm.corpus import corpus_retriever, example_complaints
from shared.llm.drafts import KINDS
from shared.ui import tr
from shared.ui.uploads import text_upload

KIND_LABELS = {
    "reply": ("민원 답변", "Reply"),
    "press_release": ("보도자료", "Press release"),
    "disclosure_summary": ("정보공개 청구 요약", "Disclosure-request summary"),
}
TYPE_LABELS = {"statute": ("법령", "Statute"), "guideline": ("지침", "Guideline"), "case": ("사례", "Case")}


@st.cache_resource(show_spinner=False)
def load_retriever():
    """The corpus index (bundled, or from CIVIC_DATA_DIR when it holds llm/civil-affairs)."""
    return corpus_retriever()


def marked(text: str, spans: list[tuple[int, int]], css: str = "background:#fde68a") -> str:
    """HTML of ``text`` with ``spans`` highlighted (everything escaped)."""
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
st.caption(
    tr(
        f"검색 대상 {len(retriever):,}건: 7개 법률의 조문과 데모용으로 작성한 지침·사례. 모든 처리는 이 컴퓨터 안에서 이루어집니다.",
        f"{len(retriever):,} documents: articles of seven acts, plus guidelines and cases written for the demo. "
        "Everything runs on this machine.",
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
backend_choice = right.radio(
    tr("생성 백엔드", "Backend"),
    ["embedded", "server"],
    format_func=lambda b: (
        tr("내장(오프라인)", "Embedded (offline)")
        if b == "embedded"
        else tr("기관 내부 LLM 서버", "Private LLM server")
    ),
    key="ca_backend",
)
backend = None
if backend_choice == "server":
    env = ServerConfig.from_env()
    url = right.text_input(
        tr("서버 주소 (OpenAI 호환 /v1)", "Server URL (OpenAI-compatible /v1)"),
        env.url if env else "",
        key="ca_url",
    )
    model = right.text_input(tr("모델 이름", "Model"), env.model if env else "", key="ca_model")
    key = right.text_input(tr("API 키", "API key"), env.api_key if env else "", type="password", key="ca_key")
    if url and model:
        try:
            backend = ChatServerBackend(ServerConfig(url=url, model=model, api_key=key, timeout_s=20.0))
            right.caption(tr(f"감사 기록: {backend.audit.path}", f"Audit log: {backend.audit.path}"))
        except CivicError as exc:
            right.error(str(exc))
    else:
        right.info(
            tr(
                "주소와 모델을 입력하기 전까지는 내장 백엔드를 씁니다.",
                "Until a URL and a model are given, the embedded backend is used.",
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
signature = (text, kind, backend.name if backend else "embedded", backend.config.url if backend else "")
if st.session_state.get("ca_signature") != signature:
    with st.spinner(tr("처리 중…", "Working…")):
        st.session_state["ca_case"] = CivilAffairsAssistant(retriever, backend=backend).handle(text, kind)
    st.session_state["ca_signature"] = signature
    st.session_state.pop("ca_open", None)
case = st.session_state["ca_case"]
for warning in case.warnings:
    st.warning(warning)

st.subheader(tr("1. 개인정보 가림", "1. Redacted"))
st.markdown(marked(case.redacted_text, placeholder_spans(case.redacted_text)), unsafe_allow_html=True)
counts = case.redaction.counts()
st.caption(
    tr("가린 항목: ", "Hidden: ")
    + (", ".join(f"{k} {n}" for k, n in sorted(counts.items())) or tr("없음", "none"))
    + tr(
        " · 날짜·금액·조문·접수번호는 그대로 둡니다.", " · dates, amounts, articles and receipt numbers stay."
    )
)

st.subheader(tr("2. 요약", "2. Summary"))
for sentence, (start, end) in zip(case.summary.sentences, case.summary.spans, strict=True):
    st.markdown(
        f"- {html.escape(sentence)}  \n  <small>{tr('원문 위치', 'source')} {start}–{end}</small>",
        unsafe_allow_html=True,
    )

st.subheader(tr("3. 근거 자료", "3. Sources"))
for i, hit in enumerate(case.sources, start=1):
    label = tr(*TYPE_LABELS.get(hit.meta.get("type", ""), ("문서", "Document")))
    with st.expander(f"[{i}] {label} · {hit.title} · {tr('점수', 'score')} {hit.score:.1f}", expanded=i == 1):
        lo, hi = hit.span
        # one-syllable matches (있다, 받다) are noise on screen; highlight the longer words
        inside = [(s - lo, e - lo) for s, e in hit.matches if s >= lo and e <= hi and e - s >= 2]
        st.markdown(marked(hit.passage, inside), unsafe_allow_html=True)
        if hit.meta.get("written_for_demo"):
            st.caption(tr("데모용으로 작성한 가상의 문서입니다.", "Written for the demo; fictional."))

st.subheader(tr("4. 초안", "4. Draft") + f" · {tr(*KIND_LABELS[case.draft.kind])}")
st.caption(tr(f"작성: {case.draft.backend}", f"Written by: {case.draft.backend}"))
restore = st.toggle(
    tr("가린 개인정보 되살리기 (발송용)", "Restore hidden identifiers (for sending)"), key="ca_restore"
)
for part in case.draft.sections:
    st.markdown(f"**{part.heading}**")
    st.markdown(case.restore(part.text) if restore else part.text)
cited = sorted({n for s in case.draft.sections for n in s.citations})
if cited:
    st.markdown(tr("**인용 근거 열기**", "**Open a cited source**"))
    columns = st.columns(min(len(cited), 5))
    for j, n in enumerate(cited):
        if columns[j % len(columns)].button(
            f"[{n}] {case.draft.sources[n - 1].title[:28]}", key=f"ca_cite_{n}"
        ):
            st.session_state["ca_open"] = n
opened = st.session_state.get("ca_open")
if opened:
    hit = case.draft.sources[opened - 1]
    with st.container(border=True):
        st.markdown(f"**[{opened}] {html.escape(hit.title)}**")
        st.markdown(marked(hit.text, [(s, e) for s, e in hit.matches if e - s >= 2]), unsafe_allow_html=True)
        meta = hit.meta
        if meta.get("type") == "statute":
            st.caption(
                tr(
                    f"공포 {meta.get('promulgated')} · 시행 {meta.get('in_force')} · 출처 {meta.get('source')}",
                    f"promulgated {meta.get('promulgated')} · in force {meta.get('in_force')} · source {meta.get('source')}",
                )
            )
