"""Korean-first labels with an English switch, kept in Streamlit's session state.

Pages write labels inline in both languages: ``st.header(tr("교통 흐름 예측", "Traffic forecasting"))``.
"""

from __future__ import annotations

LANGUAGES = {"ko": "한국어", "en": "English"}
_KEY = "civic_lang"
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
    so every page sees the switch at once.
    """
    import streamlit as st

    return st.sidebar.radio(
        "언어 / Language",
        list(LANGUAGES),
        format_func=LANGUAGES.get,
        horizontal=True,
        key=_KEY,
    )
