"""The models behind the Finance and Employment pages, built once per server under ``st.cache_resource``.

``warm_up()`` (called by the entry script) builds them in a background thread when the server starts,
so the first visitor of a page finds the model ready instead of waiting for it to be trained; a page
that asks while the thread is still building waits for the same result (Streamlit holds one lock per
cached value), never trains a second copy.
"""

from __future__ import annotations

import threading

import pandas as pd
import streamlit as st

from shared.data import env_data_dir

_started = threading.Event()


@st.cache_resource(show_spinner=False)
def finance_demo():
    """The finance sector's demo panel and model (:func:`sectors.finance.demo_model`), one per server."""
    from sectors.finance import demo_model

    return demo_model()


@st.cache_resource(show_spinner=False)
def employment_model(folder: str | None):
    """The taxonomy and a recommender: bundled sample, or the full data with a saved or trained model.

    Returns (taxonomy, model, origin) with origin one of "bundled", "saved", "trained".
    """
    from sectors.employment import JobRecommender, demo_model, demo_taxonomy, load_taxonomy
    from shared import store

    if folder is None:  # the sector's own demo model (the CLI, tests and plan_training use it too)
        return demo_taxonomy(), demo_model(), "bundled"
    taxonomy = load_taxonomy(folder)
    saved = store.model_dir() / "employment"  # folder name under the model directory (civic info lists it)
    if (saved / "card.json").exists():
        return taxonomy, store.load(saved, kind=JobRecommender.store_kind), "saved"
    model = JobRecommender(n_estimators=150, hard_negatives=50, random_negatives=25).fit(taxonomy)
    return taxonomy, model, "trained"


@st.cache_data(show_spinner=False)
def employment_listings(folder: str | None, n: int, seed: int) -> pd.DataFrame:
    """``n`` generated listings (seeded) from the taxonomy of ``folder`` (None: the bundled sample)."""
    from sectors.employment import demo_listings, generate_listings

    if folder is None:
        return demo_listings(n, seed)
    taxonomy, _, _ = employment_model(folder)
    return generate_listings(taxonomy, n, seed=seed)


def _build() -> None:
    folder = env_data_dir()
    key = str(folder) if folder is not None else None
    try:
        finance_demo()
        employment_model(key)
        employment_listings(key, 300, 7)
        import plotly.express  # noqa: F401 - the pages' charts: a first import takes seconds on a busy CPU
        import plotly.graph_objects  # noqa: F401
    except Exception:  # noqa: BLE001 - the page builds again and shows the error where it is read
        pass


def warm_up() -> None:
    """Start building the page models (and importing the chart library) in a background thread, once per
    server process."""
    if _started.is_set():
        return
    _started.set()
    thread = threading.Thread(target=_build, name="civic-warm-up", daemon=True)
    try:
        from streamlit.runtime.scriptrunner import add_script_run_ctx, get_script_run_ctx

        add_script_run_ctx(thread, get_script_run_ctx())
    except ImportError:
        pass
    thread.start()
