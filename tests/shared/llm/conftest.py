"""A real chat-completions HTTP server on 127.0.0.1 for the LLM layer's end-to-end tests.

The server speaks the OpenAI-compatible protocol (POST /v1/chat/completions), records every request
body it receives, and answers according to ``server.mode``: a function of the request, or one of
"garbage", "http500", "slow" (sleeps past the client's timeout, bounded) and "no-choices".
"""

from __future__ import annotations

import contextlib
import json
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest


class ChatServer:
    """Controller of the loopback server: set ``mode``, read ``requests``."""

    def __init__(self) -> None:
        self.requests: list[dict] = []
        self.headers: list[dict] = []
        self.mode = lambda request: "ok"
        self.slow_seconds = 2.0
        handler = self._handler()
        self.httpd = ThreadingHTTPServer(("127.0.0.1", 0), handler)
        self.httpd.daemon_threads = True
        self.thread = threading.Thread(
            target=self.httpd.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True
        )

    @property
    def url(self) -> str:
        host, port = self.httpd.server_address[:2]
        return f"http://{host}:{port}/v1"

    def prompts(self) -> str:
        """Everything the server was sent, as one string (to search for leaked identifiers)."""
        return "\n".join(json.dumps(r, ensure_ascii=False) for r in self.requests)

    def _handler(self):
        server = self

        class Handler(BaseHTTPRequestHandler):
            def log_message(self, *args):  # keep test output quiet
                pass

            def do_POST(self):
                length = int(self.headers.get("Content-Length", 0))
                body = json.loads(self.rfile.read(length).decode("utf-8"))
                server.requests.append(body)
                server.headers.append(dict(self.headers))
                if self.path != "/v1/chat/completions":
                    self.send_response(404)
                    self.end_headers()
                    return
                mode = server.mode
                if mode == "http500":
                    self.send_response(500)
                    self.end_headers()
                    self.wfile.write(b"internal error")
                    return
                if mode == "slow":
                    time.sleep(server.slow_seconds)
                    mode = lambda request: "too late"  # noqa: E731
                if mode == "garbage":
                    payload = b"<html>this is not a chat completion</html>"
                elif mode == "no-choices":
                    payload = json.dumps({"id": "x", "object": "chat.completion", "choices": []}).encode()
                else:
                    content = mode(body)
                    payload = json.dumps(
                        {
                            "id": "chatcmpl-test",
                            "object": "chat.completion",
                            "model": body.get("model"),
                            "choices": [
                                {
                                    "index": 0,
                                    "message": {"role": "assistant", "content": content},
                                    "finish_reason": "stop",
                                }
                            ],
                        },
                        ensure_ascii=False,
                    ).encode("utf-8")
                self.send_response(200)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(payload)))
                self.end_headers()
                with contextlib.suppress(
                    BrokenPipeError, ConnectionResetError
                ):  # client gave up (timeout test)
                    self.wfile.write(payload)

        return Handler


@pytest.fixture
def chat_server():
    server = ChatServer()
    server.thread.start()
    try:
        yield server
    finally:
        server.httpd.shutdown()
        server.httpd.server_close()
        server.thread.join(timeout=5)


@pytest.fixture
def server_config(chat_server, tmp_path):
    from shared.llm import ServerConfig

    return ServerConfig(
        url=chat_server.url,
        model="test-model",
        api_key="test-key",
        timeout_s=1.0,
        audit_path=str(tmp_path / "audit.jsonl"),
    )
