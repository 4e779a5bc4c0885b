"""`civic demo` stops the Streamlit server it started when it gets SIGTERM or SIGINT."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time

import pytest

from apps.supervise import run_supervised, stop_process

pytestmark = pytest.mark.skipif(not hasattr(os, "killpg"), reason="POSIX process groups and signals")


@pytest.mark.slow
@pytest.mark.skipif(not os.path.isdir("/proc"), reason="needs /proc to find the child")
@pytest.mark.parametrize("signum", [signal.SIGTERM, signal.SIGINT], ids=["SIGTERM", "SIGINT"])
def test_signal_to_civic_demo_stops_streamlit_and_frees_the_port(signum, civic_demo):
    assert civic_demo.children, "civic demo should serve through a child Streamlit process"
    civic_demo.proc.send_signal(signum)
    assert civic_demo.proc.wait(timeout=20) == 0
    deadline = time.time() + 10
    while time.time() < deadline and (not civic_demo.port_free() or civic_demo.running_children()):
        time.sleep(0.2)
    assert civic_demo.port_free(), "the Streamlit server still listens after civic demo was stopped"
    assert not civic_demo.running_children(), "a child of civic demo is still running"


def test_run_supervised_returns_the_child_status():
    assert run_supervised([sys.executable, "-c", "raise SystemExit(3)"]) == 3


def test_stop_process_kills_a_child_that_ignores_sigterm():
    code = (
        "import signal, time; signal.signal(signal.SIGTERM, signal.SIG_IGN); "
        "print('ready', flush=True); time.sleep(60)"
    )
    proc = subprocess.Popen(
        [sys.executable, "-c", code], start_new_session=True, stdout=subprocess.PIPE, text=True
    )
    assert proc.stdout.readline().strip() == "ready"
    started = time.monotonic()
    assert stop_process(proc, grace_s=0.5) == -signal.SIGKILL
    assert time.monotonic() - started < 10
    proc.stdout.close()
