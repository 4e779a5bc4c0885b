"""The HTTP call to the private server, against real servers on 127.0.0.1: a deadline for the whole call,
no redirect followed (the key never reaches the redirect target), no proxy, no password anywhere."""

from __future__ import annotations

import base64
import contextlib
import json
import logging
import socket
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest

from shared.errors import CivicError
from shared.llm import AuditLog, BackendError, ChatServerBackend, ServerConfig, phrase, redact
from shared.llm.transport import TransportError, post, safe_url, scrub_urls

KEY = "sk-transport-4Jd8Wq1Zp"
PASSWORD = "pw-Xc7Nb2Mv9"
OK = json.dumps(
    {"choices": [{"index": 0, "message": {"role": "assistant", "content": "안녕하세요."}}]}
).encode()


class Server:
    """A threaded HTTP server on 127.0.0.1 (random port) whose POST handler is ``self.handle(handler)``.

    It records each request's path and headers, and stops itself (``stop`` is set on exit, so a
    trickling handler ends within half a second)."""

    def __init__(self, handle):
        self.handle = handle
        self.requests: list[tuple[str, dict]] = []
        self.stop = threading.Event()
        outer = self

        class Handler(BaseHTTPRequestHandler):
            def log_message(self, *args):
                pass

            def do_POST(self):
                self.rfile.read(int(self.headers.get("Content-Length", 0)))
                outer.requests.append((self.path, dict(self.headers)))
                with contextlib.suppress(BrokenPipeError, ConnectionResetError):  # the client gave up
                    outer.handle(self)

        self.httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.httpd.daemon_threads = True
        self.thread = threading.Thread(target=self.httpd.serve_forever, kwargs={"poll_interval": 0.05})
        self.thread.daemon = True

    @property
    def port(self) -> int:
        return self.httpd.server_address[1]

    def __enter__(self):
        self.thread.start()
        return self

    def __exit__(self, *exc):
        self.stop.set()
        self.httpd.shutdown()
        self.httpd.server_close()
        self.thread.join(timeout=5)


def _answer(handler, payload=OK, status=200, headers=()):
    handler.send_response(status)
    for name, value in headers:
        handler.send_header(name, value)
    handler.send_header("Content-Type", "application/json")
    handler.send_header("Content-Length", str(len(payload)))
    handler.end_headers()
    handler.wfile.write(payload)


def _trickle_body(server):
    def handle(handler):
        handler.send_response(200)
        handler.send_header("Content-Type", "application/json")
        handler.send_header("Content-Length", "200")
        handler.end_headers()
        for _ in range(200):  # bounded: at most 100 s, and it stops when the test ends
            if server.stop.wait(0.5):
                return
            handler.wfile.write(b" ")
            handler.wfile.flush()

    return handle


def _trickle_headers(server):
    def handle(handler):
        handler.wfile.write(b"HTTP/1.1 200 OK\r\nX-Slow: ")
        for _ in range(200):
            if server.stop.wait(0.5):
                return
            handler.wfile.write(b"a")
            handler.wfile.flush()

    return handle


def _config(port, tmp_path, **kwargs):
    values = {"url": f"http://127.0.0.1:{port}/v1", "model": "m", "audit_path": str(tmp_path / "audit.jsonl")}
    values.update(kwargs)
    return ServerConfig(**values)


@pytest.mark.parametrize("stage", [_trickle_body, _trickle_headers])
def test_a_server_that_trickles_is_cut_off_at_the_deadline(stage, tmp_path):
    redact("문의")  # load the Korean analyser now, so that the clock below times the HTTP call only
    server = Server(None)
    server.handle = stage(server)
    with server:
        backend = ChatServerBackend(_config(server.port, tmp_path, timeout_s=1.5, api_key=KEY))
        started = time.monotonic()
        with pytest.raises(BackendError, match="did not answer within 1.5 s") as caught:
            backend.chat([{"role": "user", "content": "문의"}], purpose="test")
        elapsed = time.monotonic() - started
    assert caught.value.status == "timeout"
    assert 1.4 <= elapsed < 4.0, elapsed  # a per-read timeout would wait for ever; the deadline ends it
    assert [r["status"] for r in AuditLog(tmp_path / "audit.jsonl").records()] == ["timeout"]


@pytest.mark.parametrize("status", [301, 302, 307, 308])
def test_a_redirect_to_another_port_is_refused_and_the_key_never_follows(status, tmp_path):
    with Server(lambda h: _answer(h)) as target:
        location = f"http://127.0.0.1:{target.port}/v1/chat/completions"
        with Server(lambda h: _answer(h, b"", status, [("Location", location)])) as first:
            url = f"http://ops:{PASSWORD}@127.0.0.1:{first.port}/v1"
            backend = ChatServerBackend(_config(first.port, tmp_path, url=url, api_key=KEY))
            with pytest.raises(BackendError, match="redirects are refused") as caught:
                backend.chat([{"role": "user", "content": "문의"}], purpose="test")
            assert first.requests and first.requests[0][1]["Authorization"] == f"Bearer {KEY}"
    assert caught.value.status == "redirect"
    assert target.requests == []  # the redirect target never saw a request, let alone the key
    audit = (tmp_path / "audit.jsonl").read_text(encoding="utf-8")
    assert '"status": "redirect"' in audit
    for secret in (KEY, PASSWORD):
        assert secret not in audit and secret not in str(caught.value) and secret not in repr(backend)


def test_a_redirect_to_the_same_server_is_refused_too(tmp_path):
    with Server(lambda h: _answer(h, b"", 302, [("Location", "/v2/chat/completions")])) as server:
        backend = ChatServerBackend(_config(server.port, tmp_path, api_key=KEY))
        with pytest.raises(BackendError) as caught:
            backend.chat([{"role": "user", "content": "문의"}], purpose="test")
    assert caught.value.status == "redirect" and len(server.requests) == 1


def test_user_and_password_in_the_url_become_basic_auth_and_are_never_shown(tmp_path, caplog):
    with Server(lambda h: _answer(h)) as server:
        url = f"http://ops:{PASSWORD}@127.0.0.1:{server.port}/v1"
        config = ServerConfig.from_mapping(
            {"url": url, "model": "m", "audit_path": str(tmp_path / "a.jsonl")}
        )
        assert (
            ChatServerBackend(config).chat([{"role": "user", "content": "hi"}], purpose="test")
            == "안녕하세요."
        )
        sent = server.requests[0][1]["Authorization"]
    assert sent == "Basic " + base64.b64encode(f"ops:{PASSWORD}".encode()).decode()
    assert config.url == f"http://127.0.0.1:{server.port}/v1" and config.server == f"127.0.0.1:{server.port}"
    for shown in (repr(config), config.url, config.endpoint, config.server):
        assert PASSWORD not in shown and "ops" not in shown
    # a dead server: the warning logged by phrase() and the audit record carry no password
    dead = ServerConfig.from_mapping(
        {
            "url": f"http://ops:{PASSWORD}@127.0.0.1:{server.port}/v1",
            "model": "m",
            "audit_path": str(tmp_path / "b.jsonl"),
        }
    )
    with caplog.at_level(logging.WARNING):
        assert phrase(["도로가 파손되었습니다"], backend=ChatServerBackend(dead)) == "도로가 파손되었습니다."
    assert "unreachable" in caplog.text and PASSWORD not in caplog.text
    audit = (tmp_path / "b.jsonl").read_text(encoding="utf-8")
    assert '"status": "unreachable"' in audit and PASSWORD not in audit


def test_a_bad_url_error_shows_no_password():
    with pytest.raises(CivicError) as caught:
        ServerConfig(url=f"http://ops:{PASSWORD}@127.0.0.1:99999/v1", model="m")
    assert PASSWORD not in str(caught.value)
    with pytest.raises(CivicError) as caught:
        ServerConfig(url=f"ftp://ops:{PASSWORD}@host/v1", model="m")
    assert PASSWORD not in str(caught.value) and "'ftp'" in str(caught.value)
    for broken in (
        f"http://ops:{PASSWORD}/x@host/v1",
        f"http://ops:12/{PASSWORD}@host/v1",
    ):  # "/" not encoded
        with pytest.raises(CivicError) as caught:
            ServerConfig(url=broken, model="m")
        assert PASSWORD not in str(caught.value) and "percent-encoded" in str(caught.value)


def test_audit_records_scrub_passwords_in_any_field(tmp_path):
    log = AuditLog(tmp_path / "audit.jsonl")
    log.write(backend="x", status="error", detail=f"could not reach https://ops:{PASSWORD}@10.0.0.5/v1")
    text = (tmp_path / "audit.jsonl").read_text(encoding="utf-8")
    assert PASSWORD not in text and "https://10.0.0.5/v1" in text


def test_proxy_variables_are_ignored(tmp_path, monkeypatch):
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        dead = s.getsockname()[1]
    for name in ("HTTP_PROXY", "http_proxy", "HTTPS_PROXY", "https_proxy", "ALL_PROXY"):
        monkeypatch.setenv(name, f"http://127.0.0.1:{dead}")
    monkeypatch.delenv("NO_PROXY", raising=False)
    monkeypatch.delenv("no_proxy", raising=False)
    with Server(lambda h: _answer(h)) as server:
        backend = ChatServerBackend(_config(server.port, tmp_path, api_key=KEY))
        assert backend.chat([{"role": "user", "content": "hi"}], purpose="test") == "안녕하세요."


def test_an_oversized_answer_is_refused(tmp_path):
    with (
        Server(lambda h: _answer(h, b"x" * 5000)) as server,
        pytest.raises(TransportError, match="more than 1000 bytes") as caught,
    ):
        post(f"http://127.0.0.1:{server.port}/v1", b"{}", {}, timeout_s=5, max_bytes=1000)
    assert caught.value.status == "bad_response"


def test_url_helpers():
    assert safe_url(f"http://ops:{PASSWORD}@[::1]:8000/v1?key={KEY}") == "http://[::1]:8000/v1"
    assert (
        scrub_urls(f"see http://ops:{PASSWORD}@h/v1 and https://a:b@c/") == "see http://h/v1 and https://c/"
    )
