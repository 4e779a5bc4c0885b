"""Run a child server (Streamlit) so that stopping the parent always stops the child.

``civic demo`` starts Streamlit as a child process. Without care the child outlives its parent: a
SIGTERM to ``civic demo`` (a service manager, a test's teardown, ``kill``) ends the parent and leaves
Streamlit serving on the port. :func:`run_supervised` starts the child in its own process group,
turns SIGTERM, SIGINT and SIGHUP into a clean stop (terminate the group, wait, then kill), and on
Linux also asks the kernel to kill the child if the parent dies without running any handler
(SIGKILL).

Example:
    >>> import sys
    >>> run_supervised([sys.executable, "-c", "raise SystemExit(3)"])
    3
"""

from __future__ import annotations

import ctypes
import ctypes.util
import os
import signal
import subprocess
import sys
from collections.abc import Callable, Mapping, Sequence

STOP_SIGNALS = tuple(
    getattr(signal, name) for name in ("SIGTERM", "SIGINT", "SIGHUP") if hasattr(signal, name)
)
PR_SET_PDEATHSIG = 1  # prctl option (linux/prctl.h): signal to receive when the parent dies


class _Stop(Exception):
    """Raised in the parent by a stop signal."""

    def __init__(self, signum: int) -> None:
        super().__init__(signum)
        self.signum = signum


def _die_with_parent() -> None:  # pragma: no cover - runs in the child between fork and exec
    """Linux only: the child gets SIGTERM when the parent dies, even by SIGKILL."""
    try:
        libc = ctypes.CDLL(ctypes.util.find_library("c") or "libc.so.6", use_errno=True)
        libc.prctl(PR_SET_PDEATHSIG, int(signal.SIGTERM), 0, 0, 0)
    except (OSError, AttributeError):
        pass


def stop_process(proc: subprocess.Popen, *, grace_s: float = 10.0) -> int:
    """Terminate ``proc`` and its process group; kill what is still there after ``grace_s``.

    Returns the child's exit status. Safe to call on a process that has already exited.
    """
    if proc.poll() is not None:
        _signal_group(proc, signal.SIGKILL)  # leftovers of the group, if any
        return proc.returncode
    _signal_group(proc, signal.SIGTERM)
    try:
        return proc.wait(timeout=grace_s)
    except subprocess.TimeoutExpired:
        _signal_group(proc, signal.SIGKILL)
        return proc.wait(timeout=grace_s)


def _signal_group(proc: subprocess.Popen, signum: int) -> None:
    try:
        if hasattr(os, "killpg"):
            os.killpg(proc.pid, signum)  # the child leads its own group (start_new_session)
        elif proc.poll() is None:
            proc.send_signal(signum)
    except (ProcessLookupError, PermissionError):
        pass


def run_supervised(
    command: Sequence[str],
    *,
    env: Mapping[str, str] | None = None,
    after_start: Callable[[], None] | None = None,
    grace_s: float = 10.0,
) -> int:
    """Run ``command`` until it exits or this process gets SIGTERM/SIGINT/SIGHUP; never leave it running.

    ``after_start`` runs once the child is started (``civic demo`` opens the browser there).
    Returns the child's exit status, or 0 when a stop signal ended it.
    """
    linux = sys.platform.startswith("linux")
    proc = subprocess.Popen(
        list(command),
        env=dict(env) if env is not None else None,
        start_new_session=True,
        preexec_fn=_die_with_parent if linux else None,  # no threads are running yet
    )

    def handler(signum, _frame):
        raise _Stop(signum)

    previous = {}
    for signum in STOP_SIGNALS:
        try:
            previous[signum] = signal.signal(signum, handler)
        except ValueError:  # not the main thread: rely on the finally below
            break
    stopped = False
    try:
        if after_start is not None:
            after_start()
        return proc.wait()
    except (_Stop, KeyboardInterrupt):
        stopped = True
        return 0
    finally:
        for signum in previous:  # a second signal while stopping must not interrupt the cleanup
            signal.signal(signum, signal.SIG_IGN)
        if stopped or proc.poll() is None:
            stop_process(proc, grace_s=grace_s)
        for signum, old in previous.items():
            signal.signal(signum, old)
