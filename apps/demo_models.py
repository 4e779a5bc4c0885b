"""What the suite builds once per server: the pages' models and the dashboard's attention lists.

``warm_up()`` (called by the entry script) starts ONE start-up thread per server process. It builds
the flood model and computes the dashboard's "needs attention now" lists first (the dashboard is the page a
visitor opens first), then builds the Finance, Welfare (with its medical tab), Employment, Traffic and typhoon models under
``st.cache_resource``, so the first
visitor of a page finds the model ready instead of waiting for it to be trained. A page that asks
while the thread is still building waits for the same result (Streamlit holds one lock per cached
value), never trains a second copy.

The thread is not a daemon, so the interpreter never kills it inside native code (LightGBM, torch) at
exit; between two jobs it checks whether the server is stopping and then skips the rest.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable
from typing import Any

import pandas as pd
import streamlit as st

from shared.data import env_data_dir

log = logging.getLogger(__name__)

#: Synthetic households behind the Welfare page's blind-spot view.
WELFARE_POLICY_HOUSEHOLDS = 20_000

_started = threading.Event()
_attention: dict[str, Any] = {}


def data_key() -> str | None:
    """The data folder as the cache key every page uses: CIVIC_DATA_DIR (expanded), or None (bundled)."""
    folder = env_data_dir()
    return str(folder) if folder is not None else None


@st.cache_resource(show_spinner=False)
def finance_demo():
    """The finance sector's demo panel and model (:func:`sectors.finance.demo_model`), one per server."""
    from sectors.finance import demo_model

    return demo_model()


@st.cache_resource(show_spinner=False)
def welfare_demo(folder: str | None):
    """The welfare sector's demo matcher (:func:`sectors.welfare.demo_model`: the catalogue, bundled sample
    unless ``folder`` is given, and a ranker trained on seeded synthetic households), one per server."""
    from sectors.welfare import demo_model

    return demo_model(folder)


@st.cache_resource(show_spinner=False)
def welfare_blind_spots(folder: str | None, households: int = WELFARE_POLICY_HOUSEHOLDS):
    """Blind spots among ``households`` seeded synthetic households, scored with :func:`welfare_demo`."""
    from sectors.welfare import match_population, synthetic_chunks

    chunks = synthetic_chunks(households, chunk=households, seed=21)
    return match_population(welfare_demo(folder), chunks, rank=False).blind_spots


@st.cache_resource(show_spinner=False)
def medical_records():
    """The bundled synthetic medical records behind the Welfare page's medical tab, one per server."""
    from sectors.welfare.medical import load_records

    return load_records()


@st.cache_resource(show_spinner=False)
def medical_risk():
    """The medical risk models, trained once per server on the train people of :func:`medical_records`."""
    from sectors.welfare.medical import fit_risk

    return fit_risk(medical_records(), seed=0)


@st.cache_data(show_spinner=False)
def medical_sample_people(n: int = 60) -> list[str]:
    """Up to ``n`` living adults with a service due, from the test people (the risk model never saw them)."""
    from sectors.welfare.medical import recommend

    records = medical_records()
    out = []
    for pid in medical_risk().split["test"]:
        person = records.person(pid)
        adult = person.death_date is None and person.age(records.reference_date) >= 30
        if adult and len(recommend(person, on=records.reference_date)):
            out.append(pid)
        if len(out) >= n:
            break
    return out


BLIND_SPOT_GROUPS = ("province", "age_group", "household_type")


def welfare_blind_spot_tables(folder: str | None) -> tuple[dict[str, pd.DataFrame], str | None]:
    """The Welfare page's blind spots by group: from the committed welfare benchmark (one million synthetic
    households on the full catalogue) when its report has the tables, else computed here on
    :data:`WELFARE_POLICY_HOUSEHOLDS` households. Returns (group -> table indexed by the group's values,
    the report's creation time or None when computed here)."""
    from apps.sections import by_key
    from shared.bench import read_report
    from shared.errors import CivicError

    try:
        report = read_report(by_key("welfare").results_file) or {}
    except CivicError:
        report = {}
    tables = report.get("tables") or {}
    if all(f"blind_spots_by_{g}" in tables for g in BLIND_SPOT_GROUPS):
        out = {}
        for group in BLIND_SPOT_GROUPS:
            table = tables[f"blind_spots_by_{group}"]
            out[group] = pd.DataFrame(table["data"], columns=table["columns"]).set_index(group)
        return out, str(report.get("created") or "")
    counter = welfare_blind_spots(folder)
    return {group: counter.table(group) for group in BLIND_SPOT_GROUPS}, None


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


@st.cache_resource(show_spinner=False)
def traffic_demo(path: str) -> tuple:
    """The Traffic page's network and model (the shipped pre-fitted one for the bundled sample, else trained
    once), its test metrics and model card: (ds, forecaster, metrics, card)."""
    import tempfile
    from pathlib import Path

    from sectors.traffic.demo import DEMO_MODEL, demo_model
    from shared.store import read_card, save

    ds, forecaster, shipped = demo_model(path)
    metrics = forecaster.evaluate(ds)
    if shipped:
        card = read_card(DEMO_MODEL)
    else:
        with tempfile.TemporaryDirectory() as tmp:
            card = read_card(save(forecaster, Path(tmp) / "traffic-model", card_extra={"device": "cpu"}))
    return ds, forecaster, metrics, card


@st.cache_data(show_spinner=False)
def traffic_issue_time(path: str) -> pd.Timestamp:
    """The test-period time with the most sensors about to congest (computed once per data source)."""
    from sectors.traffic.demo import busiest_issue_time

    ds, forecaster, _, _ = traffic_demo(path)
    split = forecaster.split(ds)
    times = pd.DatetimeIndex(ds.time.values)[split.test.start - 1 : split.test.stop - 1]
    return busiest_issue_time(forecaster, ds, times)


@st.cache_resource(show_spinner=False)
def disaster_demo(task: str, folder: str | None):
    """The Disaster page's flood or typhoon demo (:func:`sectors.disaster.demo.demo_model`), one per server."""
    from sectors.disaster.demo import demo_model

    return demo_model(task, folder)


def attention_jobs() -> dict[str, Callable[[], Any]]:
    """The dashboard's attention lists by name, each a function computing one (see :mod:`apps.attention`)."""
    from apps import attention

    folder = data_key()
    return {
        "traffic": attention.congestion_soon,
        "disaster": lambda: attention.flood_basins(folder),
        "llm": attention.complaint_topics,
    }


def attention() -> dict[str, Any]:
    """The attention lists computed so far: name -> result, or the exception that stopped it (logged)."""
    return _attention


def attention_ready() -> bool:
    """True once every attention list is computed (or has failed)."""
    return len(_attention) >= len(attention_jobs())


def _charts() -> None:
    import plotly.express  # noqa: F401 - the pages' charts: a first import takes seconds on a busy CPU
    import plotly.graph_objects  # noqa: F401


def startup_jobs() -> list[tuple[str, Callable[[], Any]]]:
    """What the start-up thread does, in order: the flood model and the attention lists, the chart library,
    the page models in the order of the navigation."""
    from sectors.traffic import BUNDLED_SAMPLE

    folder = data_key()
    jobs: list[tuple[str, Callable[[], Any]]] = [("flood", lambda: disaster_demo("flood", folder))]
    for name, job in attention_jobs().items():
        jobs.append((f"attention:{name}", lambda name=name, job=job: _attention.__setitem__(name, job())))
    jobs += [
        ("charts", _charts),
        ("finance", finance_demo),
        ("welfare", lambda: welfare_demo(folder)),
        ("medical", medical_sample_people),
        ("employment", lambda: (employment_model(folder), employment_listings(folder, 300, 7))),
        ("traffic", lambda: traffic_issue_time(str(BUNDLED_SAMPLE))),
        ("typhoon", lambda: disaster_demo("typhoon", folder)),
        ("welfare blind spots", lambda: welfare_blind_spot_tables(folder)),  # computed only without a report
    ]
    return jobs


def _stopping() -> bool:
    return not threading.main_thread().is_alive()


def build_all(stop: Callable[[], bool] = lambda: False) -> None:
    """Run every start-up job in order (in the calling thread), until ``stop()`` says the server stops.

    A job that fails is logged and, for an attention list, kept as its exception (the dashboard says
    "not available"); a page builds its model again and shows the error where it is read.
    """
    for name, job in startup_jobs():
        if stop():
            return
        try:
            job()
        except Exception as exc:  # noqa: BLE001 - reported where it is read
            log.exception("start-up job %s failed", name)
            if name.startswith("attention:"):
                _attention[name.split(":", 1)[1]] = exc


def warm_up() -> None:
    """Start the start-up thread (attention lists, chart library, page models), once per server process."""
    if _started.is_set():
        return
    _started.set()
    thread = threading.Thread(target=build_all, args=(_stopping,), name="civic-start-up", daemon=False)
    try:
        from streamlit.runtime.scriptrunner import add_script_run_ctx, get_script_run_ctx

        add_script_run_ctx(thread, get_script_run_ctx())
    except ImportError:
        pass
    thread.start()
