"""One HTTP POST to the private LLM server: a deadline for the whole call, no redirects, no proxies.

``urllib`` would follow a redirect with the same headers (the API key would go wherever the
``Location`` points), read proxies from the environment, and apply its timeout to each socket read, so
a server that trickles a byte every half second never times out. :func:`post` uses ``http.client``
directly: a 3xx answer is an error, the connection goes straight to the configured host, and a timer
shuts the socket down when the deadline passes, whatever stage the call is in.

URLs shown in messages, logs and audit records go through :func:`safe_url` or :func:`host_port`,
which drop ``user:password@`` (and the query, which may carry a key); :func:`scrub_urls` does the
same inside free text.
"""

from __future__ import annotations

import contextlib
import http.client
import re
import socket
import ssl
import threading
import time
import urllib.parse

_USERINFO = re.compile(r"(?i)\b([a-z][a-z0-9+.\-]*://)[^/\s?#]*@")


class TransportError(Exception):
    """The POST failed; ``status`` is one of timeout, unreachable, redirect, http_error, bad_response."""

    def __init__(self, status: str, message: str) -> None:
        self.status = status
        super().__init__(message)


def host_port(url: str) -> str:
    """``host[:port]`` of ``url`` without any ``user:password@``.

    Example:
        >>> host_port("http://admin:s3cret@10.0.0.5:8000/v1")
        '10.0.0.5:8000'
    """
    parts = urllib.parse.urlsplit(url)
    host = parts.hostname or ""
    if ":" in host:  # IPv6 literal
        host = f"[{host}]"
    try:
        port = parts.port
    except ValueError:
        port = None
    return f"{host}:{port}" if port else host


def safe_url(url: str) -> str:
    """``url`` for display: scheme, host, port and path only (no credentials, query or fragment).

    Example:
        >>> safe_url("https://user:pw@llm.agency.go.kr/v1?api_key=abc#x")
        'https://llm.agency.go.kr/v1'
    """
    parts = urllib.parse.urlsplit(url)
    return urllib.parse.urlunsplit((parts.scheme, host_port(url), parts.path, "", ""))


def scrub_urls(text: str) -> str:
    """Remove ``user:password@`` from every URL inside ``text`` (for log lines and audit details).

    Example:
        >>> scrub_urls("failed: http://u:p@ss@host:80/v1 refused")
        'failed: http://host:80/v1 refused'
    """
    return _USERINFO.sub(r"\1", text)


def _connection(url: str, timeout_s: float) -> http.client.HTTPConnection:
    parts = urllib.parse.urlsplit(url)
    if parts.scheme == "https":
        return http.client.HTTPSConnection(
            parts.hostname, parts.port, timeout=timeout_s, context=ssl.create_default_context()
        )
    if parts.scheme == "http":
        return http.client.HTTPConnection(parts.hostname, parts.port, timeout=timeout_s)
    raise TransportError("unreachable", f"{safe_url(url)}: only http and https are supported")


def post(url: str, body: bytes, headers: dict[str, str], *, timeout_s: float, max_bytes: int) -> bytes:
    """POST ``body`` to ``url`` and return the response body; the whole call ends by ``timeout_s``.

    Raises :class:`TransportError` on a timeout (connect, headers or body: the deadline covers them
    all), a refused connection, any redirect (refused, so credentials never follow it), an HTTP error
    status or a body over ``max_bytes``. Messages name the host, never credentials.
    """
    where = host_port(url)
    parts = urllib.parse.urlsplit(url)
    target = parts.path or "/"
    if parts.query:
        target += "?" + parts.query
    deadline = time.monotonic() + timeout_s
    conn = _connection(url, timeout_s)
    cut = threading.Event()

    def shut_down() -> None:
        cut.set()
        sock = conn.sock
        if sock is not None:
            with contextlib.suppress(OSError):
                sock.shutdown(socket.SHUT_RDWR)

    def late() -> TransportError:
        return TransportError("timeout", f"LLM server {where} did not answer within {timeout_s:g} s")

    def tighten() -> None:
        left = deadline - time.monotonic()
        if cut.is_set() or left <= 0:
            raise late()
        if conn.sock is not None:
            conn.sock.settimeout(left)

    timer = threading.Timer(timeout_s, shut_down)
    timer.daemon = True
    timer.start()
    try:
        conn.request("POST", target, body=body, headers=headers)
        tighten()
        response = conn.getresponse()
        if 300 <= response.status < 400:
            location = response.getheader("Location") or "?"
            raise TransportError(
                "redirect",
                f"LLM server {where} answered HTTP {response.status} (redirect to {safe_url(location)}); "
                "redirects are refused so that credentials are never sent to another address",
            )
        if response.status >= 400:
            raise TransportError("http_error", f"LLM server {where} answered HTTP {response.status}")
        chunks, total = [], 0
        while True:
            tighten()
            chunk = response.read1(65536)
            if not chunk:
                break
            total += len(chunk)
            if total > max_bytes:
                raise TransportError("bad_response", f"LLM server {where} sent more than {max_bytes} bytes")
            chunks.append(chunk)
        if cut.is_set():  # the socket was shut down under the read: the body is cut short
            raise late()
        return b"".join(chunks)
    except TransportError:
        raise
    except TimeoutError as exc:
        raise late() from exc
    except (http.client.HTTPException, OSError) as exc:
        if cut.is_set() or time.monotonic() >= deadline:
            raise late() from exc
        if isinstance(exc, http.client.HTTPException):
            raise TransportError(
                "bad_response", f"LLM server {where} broke the HTTP exchange ({type(exc).__name__})"
            ) from exc
        reason = scrub_urls(exc.strerror or str(exc) or type(exc).__name__)
        raise TransportError("unreachable", f"LLM server {where} unreachable: {reason}") from exc
    finally:
        timer.cancel()
        conn.close()
