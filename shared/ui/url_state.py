"""Keep a page's main selection in the URL (``st.query_params``) so a copied link opens the same view.

One call before the widget: it returns the widget's default, taken from the URL when the link carries
a valid value, and copies the widget's current value into the URL on every later run.

Example (in a page)::

    sensor = st.selectbox("센서", sensors, key="traffic_sensor",
                          index=sensors.index(url_choice("traffic_sensor", sensors, default_sensor)))
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import Any, TypeVar

T = TypeVar("T")


def url_choice(
    key: str,
    options: Iterable[T],
    default: T,
    param: str | None = None,
    text: Callable[[T], str] = str,
) -> T:
    """The default for widget ``key``: the URL's value when it names one of ``options``, else ``default``.

    Once the widget has a value (from the second run on), that value is written to the URL under
    ``param`` (the key unless given), so the address bar always reproduces the current view. Options
    are matched by their text, ``text(option)`` (``str`` unless given: e.g. the id at the start of a
    long label); a value that names no option is ignored.
    """
    import streamlit as st

    param = param or key
    options = list(options)
    if key in st.session_state:
        value = st.session_state[key]
        if value is None:
            st.query_params.pop(param, None)
        elif text(value) != st.query_params.get(param):
            st.query_params[param] = text(value)
        return value if value in options else default
    wanted = st.query_params.get(param)
    for option in options:
        if text(option) == wanted:
            return option
    return default


def url_index(
    key: str,
    options: Iterable[Any],
    default: Any,
    param: str | None = None,
    text: Callable[[Any], str] = str,
) -> int:
    """The ``index=`` for a selectbox or radio: the position of :func:`url_choice`'s answer in ``options``."""
    options = list(options)
    return options.index(url_choice(key, options, default, param, text))
