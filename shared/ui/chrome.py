"""The suite's page chrome: small CSS so titles, tiles and charts read at phone width (390 px).

Korean titles break only between words (``word-break: keep-all``), headings shrink on narrow screens,
and the page keeps narrow side margins there. Streamlit already stacks columns below 640 px.
"""

from __future__ import annotations

CSS = """
<style>
[data-testid="stMain"] :is(h1, h2, h3, h4, p, li, label, [data-testid="stCaptionContainer"],
  [data-testid="stMarkdownContainer"], [data-testid="stMetricLabel"]),
[data-testid="stSidebar"] :is(p, li, label, span) {
  word-break: keep-all !important;
  overflow-wrap: break-word !important;
}
@media (max-width: 640px) {
  h1 { font-size: 1.75rem !important; line-height: 1.25 !important; }
  h2 { font-size: 1.4rem !important; }
  h3 { font-size: 1.15rem !important; }
  [data-testid="stMainBlockContainer"], .block-container {
    padding-left: 0.9rem !important; padding-right: 0.9rem !important; padding-top: 3rem !important;
  }
  [data-testid="stMetricValue"] { font-size: 1.6rem !important; }
}
</style>
"""


def page_chrome() -> None:
    """Add the suite's CSS to the current page (call once per run, after ``st.set_page_config``)."""
    import streamlit as st

    st.html(CSS)
