"""The interfaces: the ``civic`` command and the Streamlit suite. Nothing imports apps."""

from pathlib import Path

APP_DIR = Path(__file__).parent
RESULTS_DIR = APP_DIR / "results"
