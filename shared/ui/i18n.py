"""Korean-first labels with an English switch, kept in Streamlit's session state and the URL (``?lang=en``).

Pages write labels inline in both languages: ``st.header(tr("교통 흐름 예측", "Traffic forecasting"))``.
"""

from __future__ import annotations

LANGUAGES = {"ko": "한국어", "en": "English"}
_KEY = "civic_lang"
URL_PARAM = "lang"
_fallback = {"lang": "ko"}


def _state():
    try:
        import streamlit as st
        from streamlit.runtime.scriptrunner import get_script_run_ctx

        if get_script_run_ctx(suppress_warning=True) is not None:
            return st.session_state
    except Exception:  # outside Streamlit (library use, tests): a module-level default
        pass
    return None


def get_language() -> str:
    """The current language code: "ko" (default) or "en"."""
    state = _state()
    if state is not None:
        return state.get(_KEY, "ko")
    return _fallback["lang"]


def set_language(lang: str) -> None:
    """Switch the language ("ko" or "en")."""
    if lang not in LANGUAGES:
        raise ValueError(f"language must be one of {list(LANGUAGES)}, got {lang!r}")
    state = _state()
    if state is not None:
        state[_KEY] = lang
    else:
        _fallback["lang"] = lang


def tr(ko: str, en: str) -> str:
    """The label in the current language.

    Example:
        >>> set_language("en"); tr("교통", "Traffic")
        'Traffic'
        >>> set_language("ko"); tr("교통", "Traffic")
        '교통'
    """
    return en if get_language() == "en" else ko


def language_switch() -> str:
    """Draw the language switch in the sidebar and return the chosen language.

    The radio button stores its value under the same session key that :func:`get_language` reads,
    so every page sees the switch at once. A new session takes its language from the URL
    (``?lang=en``) and every run writes the choice back there, so a copied link opens in the same
    language.
    """
    import streamlit as st

    if _KEY not in st.session_state and st.query_params.get(URL_PARAM) in LANGUAGES:
        st.session_state[_KEY] = st.query_params[URL_PARAM]
    lang = st.sidebar.radio(
        "언어 / Language",
        list(LANGUAGES),
        format_func=LANGUAGES.get,
        horizontal=True,
        key=_KEY,
    )
    if st.query_params.get(URL_PARAM) != lang:
        st.query_params[URL_PARAM] = lang
    return lang
