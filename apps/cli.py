"""The ``civic`` command: ``demo``, ``info``, ``bench``, ``score`` and ``welfare-match``.

Errors a user can cause (unknown sector, missing path, bad data) print one line and exit with 2.
"""

from __future__ import annotations

import importlib
import importlib.util
import os
import socket
import sys
import time
import webbrowser
from pathlib import Path
from typing import Annotated, NoReturn

import typer

from apps import APP_DIR
from apps.score import score as score_command
from apps.sections import SECTIONS, benchmark_modules, by_key
from apps.supervise import run_supervised

app = typer.Typer(
    add_completion=False,
    no_args_is_help=True,
    pretty_exceptions_enable=False,
    help="civic-ai-suite: AI models for public-service pilots.",
)

USAGE_ERROR = 2


def _print_version(value: bool) -> None:
    if value:
        import shared

        typer.echo(f"civic-ai-suite {shared.__version__}")
        raise typer.Exit()


@app.callback()
def _options(
    version: Annotated[
        bool,
        typer.Option("--version", callback=_print_version, is_eager=True, help="print the version and exit"),
    ] = False,
) -> None:
    """civic-ai-suite: AI models for public-service pilots."""


def one_line(message: object) -> str:
    """``message`` on a single line (exception texts from pandas and others span several).

    Example:
        >>> one_line("bad value\n  - try this\n")
        'bad value - try this'
    """
    return " ".join(str(message).split())


def fail(message: str) -> NoReturn:
    """Print a one-line error and exit with code 2."""
    typer.echo(f"civic: error: {one_line(message)}", err=True)
    raise typer.Exit(USAGE_ERROR)


def _check_dir(path: Path | None, flag: str) -> Path | None:
    if path is None:
        return None
    if not path.exists():
        fail(f"{flag} path does not exist: {path}")
    return path.resolve()


def free_port() -> int:
    """A TCP port on loopback that nothing listens on right now."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def streamlit_command(port: int, address: str = "127.0.0.1") -> list[str]:
    """The command that serves the suite; usage statistics are always off.

    Streamlit refuses uploads above the suite's own limit before they reach memory
    (``shared.ui.uploads`` checks again, with a message on the page).
    """
    from shared.ui.uploads import MAX_TABLE_BYTES

    return [
        sys.executable,
        "-m",
        "streamlit",
        "run",
        str(APP_DIR / "Home.py"),
        "--server.port",
        str(port),
        "--server.address",
        address,
        "--server.headless",
        "true",
        "--server.fileWatcherType",
        "none",
        "--browser.gatherUsageStats",
        "false",
        "--global.showWarningOnDirectExecution",
        "false",
        "--client.toolbarMode",
        "viewer",
        "--server.maxUploadSize",
        str(MAX_TABLE_BYTES // (1024 * 1024)),
    ]


@app.command()
def demo(
    sector: Annotated[
        str | None, typer.Argument(help="open one sector's page: " + ", ".join(s.key for s in SECTIONS))
    ] = None,
    port: Annotated[int, typer.Option(help="port to serve on (0 picks a free one)")] = 8501,
    address: Annotated[str, typer.Option(help="address to listen on")] = "127.0.0.1",
    data: Annotated[
        Path | None, typer.Option("--data", help="data folder (sets CIVIC_DATA_DIR for the app)")
    ] = None,
    browser: Annotated[bool, typer.Option("--browser/--no-browser", help="open a web browser")] = True,
) -> None:
    """Launch the Streamlit suite (or one sector's page) on bundled data."""
    section = None
    if sector is not None:
        section = by_key(sector)
        if section is None:
            fail(f"unknown sector {sector!r}; choose one of: {', '.join(s.key for s in SECTIONS)}")
    data = _check_dir(data, "--data")
    port = port or free_port()
    env = dict(os.environ)
    if data is not None:
        env["CIVIC_DATA_DIR"] = str(data)
    url = f"http://{'localhost' if address in ('127.0.0.1', '0.0.0.0') else address}:{port}/"
    if section is not None:
        url += section.url
    typer.echo(f"civic demo: serving on {url} (Ctrl+C to stop)")

    def open_browser() -> None:
        if browser:
            time.sleep(2.0)
            webbrowser.open(url)

    # Streamlit runs in its own process group and stops with us on SIGTERM, SIGINT or SIGHUP.
    status = run_supervised(streamlit_command(port, address), env=env, after_start=open_browser)
    raise typer.Exit(status)


def _version(module: str) -> str:
    try:
        mod = importlib.import_module(module)
    except ImportError:
        return "not installed"
    return str(getattr(mod, "__version__", "?"))


def _register_sector_datasets() -> None:
    """Import every sector (and the LLM layer) so the datasets they register are listed too."""
    for module in ["shared.llm", "shared.recsys"] + [f"sectors.{s.key}" for s in SECTIONS if s.key != "llm"]:
        try:
            importlib.import_module(module)
        except ImportError as exc:  # a broken optional part must not hide the rest of the report
            typer.echo(f"warning: {module} could not be imported: {exc}", err=True)


@app.command()
def info(
    data: Annotated[Path | None, typer.Option("--data", help="also look for datasets in this folder")] = None,
) -> None:
    """Print versions, the compute device, the datasets found (and where) and the stored models."""
    import platform

    import shared
    from shared import data as datasets
    from shared.device import detect_device
    from shared.store import list_models, model_dir

    data = _check_dir(data, "--data")
    _register_sector_datasets()
    typer.echo(f"civic-ai-suite {shared.__version__} on Python {platform.python_version()}")
    libs = [
        "numpy",
        "pandas",
        "xarray",
        "sklearn",
        "lightgbm",
        "torch",
        "lightning",
        "pytorch_forecasting",
        "streamlit",
        "kiwipiepy",
    ]
    typer.echo("libraries: " + ", ".join(f"{m} {_version(m)}" for m in libs))
    typer.echo(f"device: {detect_device()}")
    typer.echo(
        f"data folder: {data or datasets.env_data_dir() or '(none: set CIVIC_DATA_DIR or pass --data)'}"
    )
    typer.echo("datasets:")
    for row in datasets.available(data):
        where = f"{row['origin']}: {row['path']}" if row["found"] == "yes" else "not found"
        typer.echo(f"  {row['dataset']:<28} {where}")
    models = list_models()
    typer.echo(f"stored models in {model_dir()}: {len(models) if models else 'none'}")
    for m in models:
        name = Path(m["path"]).name
        if m["status"] == "broken":  # listed with its reason, never a traceback
            typer.echo(f"  {name:<24} BROKEN: {m['error']}")
            continue
        signature = {
            "verified": "  signature verified",
            "unverified": "  signed, NOT verified (no CIVIC_STORE_KEY)",
        }
        typer.echo(f"  {name:<24} {m['kind']}  created {m['created']}{signature.get(m['signature'], '')}")


@app.command()
def bench(
    sector: Annotated[str, typer.Argument(help="what to benchmark: " + ", ".join(benchmark_modules()))],
    data: Annotated[Path | None, typer.Option("--data", help="data folder (default: CIVIC_DATA_DIR)")] = None,
    json_file: Annotated[
        Path | None, typer.Option("--json", help="also write the results as JSON here")
    ] = None,
    interactions: Annotated[
        Path | None, typer.Option("--interactions", help="interaction log (recsys)")
    ] = None,
    quick: Annotated[bool, typer.Option("--quick", help="a smaller, faster run")] = False,
    seed: Annotated[int | None, typer.Option(help="random seed (default: the suite's)")] = None,
) -> None:
    """Run a sector's benchmark, print its table and optionally write JSON."""
    from shared.bench import BenchOptions, BenchReport
    from shared.data import env_data_dir
    from shared.errors import CivicError

    modules = benchmark_modules()
    key = by_key(sector).key if by_key(sector) else sector
    if key not in modules:
        fail(f"unknown sector {sector!r}; choose one of: {', '.join(modules)}")
    data = _check_dir(data, "--data") or env_data_dir()
    interactions = _check_dir(interactions, "--interactions")
    if (
        importlib.util.find_spec(modules[key].rsplit(".", 1)[0]) is None
        or importlib.util.find_spec(modules[key]) is None
    ):
        fail(f"{key} has no benchmark yet ({modules[key]} is not installed)")
    module = importlib.import_module(modules[key])
    options = BenchOptions(data_dir=data, interactions=interactions, quick=quick, seed=seed)
    try:
        report = module.run(options)
    except CivicError as exc:
        fail(str(exc))
    if not isinstance(report, BenchReport):
        fail(f"{modules[key]}.run did not return a BenchReport")
    typer.echo(report.render())
    if json_file is not None:
        typer.echo(f"wrote {report.write_json(json_file)}")


app.command(name="score")(score_command)


@app.command("welfare-match")
def welfare_match(
    household: Annotated[Path, typer.Argument(help="a household as JSON (the README's Welfare section)")],
    year: Annotated[int, typer.Option(help="the year whose rules apply")] = 2025,
    top: Annotated[int, typer.Option(help="how many services to show")] = 10,
    lang: Annotated[str, typer.Option(help="ko or en")] = "ko",
    data: Annotated[Path | None, typer.Option("--data", help="data folder (default: CIVIC_DATA_DIR)")] = None,
) -> None:
    """Rank the welfare services a household qualifies for, with reasons (the Welfare page's demo model)."""
    import json

    from sectors.welfare.demo import demo_model
    from shared.errors import CivicError

    path = _check_dir(household, "HOUSEHOLD")
    data = _check_dir(data, "--data")
    try:
        record = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, json.JSONDecodeError) as exc:
        fail(f"{path}: not a readable JSON household ({one_line(exc)})")
    try:
        ranked = demo_model(None if data is None else str(data)).match(record, year, lang=lang, k=top)
    except CivicError as exc:
        fail(f"{path}: {one_line(exc)}")
    reasons = "reasons_ko" if lang == "ko" else "reasons_en"
    status = {True: "eligible", None: "review"}
    for row in ranked.itertuples():
        typer.echo(
            f"{row.rank:>3}. {row.item_id}  {row.service}  [{status.get(row.eligible, '?')}]  {row.score:.3f}"
        )
        typer.echo("     " + " · ".join(getattr(row, reasons)))


def main() -> None:
    """Entry point of the ``civic`` console script.

    Whatever a command raises ends as one line on stderr and exit code 2: a CivicError (bad input,
    named by the reader) as its message; anything else, which a reader should have named but did
    not, with its type so that a genuine bug is not mistaken for bad data. ``CIVIC_DEBUG=1`` shows
    the traceback instead.
    """
    from shared.errors import CivicError

    try:
        app(standalone_mode=True)
    except CivicError as exc:  # anything the suite raises on bad input: one line, exit 2
        typer.echo(f"civic: error: {one_line(exc)}", err=True)
        sys.exit(USAGE_ERROR)
    except Exception as exc:  # last resort: still one line, with the type, never silent
        if os.environ.get("CIVIC_DEBUG") == "1":
            raise
        typer.echo(
            f"civic: error: unexpected {type(exc).__name__}: {one_line(exc) or '(no message)'} "
            "(set CIVIC_DEBUG=1 for the traceback)",
            err=True,
        )
        sys.exit(USAGE_ERROR)


if __name__ == "__main__":
    main()
