"""A `civic demo` server for the tests that need one, never left running after the test."""

from __future__ import annotations

import contextlib
import os
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from dataclasses import dataclass
from pathlib import Path

import pytest

from apps.cli import free_port


def answers(port: int) -> bool:
    """True when a Streamlit server answers its health check on ``port``."""
    try:
        with urllib.request.urlopen(f"http://127.0.0.1:{port}/_stcore/health", timeout=2) as r:
            return r.status == 200
    except OSError:
        return False


def port_free(port: int) -> bool:
    """True when nothing accepts connections on ``port``."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        return s.connect_ex(("127.0.0.1", port)) != 0


def alive(pid: int) -> bool:
    """True while ``pid`` runs (a zombie counts as gone)."""
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    try:
        with open(f"/proc/{pid}/stat") as f:
            return f.read().rsplit(")", 1)[1].split()[0] != "Z"
    except OSError:
        return True


def children(pid: int) -> list[int]:
    """The ids of the processes whose parent is ``pid`` (Linux /proc; empty elsewhere)."""
    out = []
    if not os.path.isdir("/proc"):
        return out
    for entry in os.listdir("/proc"):
        if entry.isdigit():
            try:
                with open(f"/proc/{entry}/stat") as f:
                    fields = f.read().rsplit(")", 1)[1].split()
            except OSError:
                continue
            if int(fields[1]) == pid:
                out.append(int(entry))
    return out


@dataclass
class Demo:
    """A running `civic demo --no-browser` and the Streamlit child it started."""

    proc: subprocess.Popen
    port: int
    log: Path
    children: list[int]

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def output(self) -> str:
        return self.log.read_text(errors="replace")[-2000:]

    def port_free(self) -> bool:
        return port_free(self.port)

    def running_children(self) -> list[int]:
        return [c for c in self.children if alive(c)]


@contextlib.contextmanager
def running_demo(folder: Path):
    """Start `civic demo` on a free port, wait until it answers; afterwards stop it and its child for sure."""
    port = free_port()
    log_path = folder / "demo.log"
    log = log_path.open("wb")
    proc = subprocess.Popen(
        [sys.executable, "-m", "apps.cli", "demo", "--port", str(port), "--no-browser"],
        stdout=log,
        stderr=subprocess.STDOUT,
    )
    demo = Demo(proc, port, log_path, [])
    try:
        deadline = time.time() + 120
        while time.time() < deadline and not answers(port):
            if proc.poll() is not None:
                pytest.fail("civic demo exited: " + demo.output())
            time.sleep(0.5)
        if not answers(port):
            pytest.fail("civic demo did not start: " + demo.output())
        demo.children = children(proc.pid)
        yield demo
    finally:
        if proc.poll() is None:
            proc.terminate()  # civic demo stops its Streamlit child on SIGTERM
            try:
                proc.wait(timeout=20)
            except subprocess.TimeoutExpired:
                proc.kill()
                proc.wait()
        deadline = time.time() + 10
        while time.time() < deadline and any(alive(c) for c in demo.children):
            time.sleep(0.2)
        for pid in demo.children:  # last resort: never leave a server behind
            if alive(pid):
                os.kill(pid, signal.SIGKILL)
        log.close()


@pytest.fixture
def civic_demo(tmp_path):
    """A `civic demo` server for one test, stopped (with its Streamlit child) afterwards."""
    with running_demo(tmp_path) as demo:
        yield demo


@pytest.fixture(scope="module")
def civic_demo_module(tmp_path_factory):
    """One `civic demo` server shared by a test module (the browser tour), stopped afterwards."""
    with running_demo(tmp_path_factory.mktemp("demo")) as demo:
        yield demo
