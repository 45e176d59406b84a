"""A loopback OpenAI-compatible server whose next answers the test scripts (status, body, delay)."""

from __future__ import annotations

import json
import select
import socket
import threading
import time
from collections import deque
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any


@dataclass
class Scripted:
    status: int = 200
    body: str | dict[str, Any] = ""
    delay_s: float = 0.0
    headers: dict[str, str] = field(default_factory=dict)


def completion(content: str) -> dict[str, Any]:
    return {
        "id": "chatcmpl-test", "object": "chat.completion", "created": 0, "model": "fake-model",
        "choices": [{"index": 0, "message": {"role": "assistant", "content": content}, "finish_reason": "stop"}],
        "usage": {"prompt_tokens": 1, "completion_tokens": 1, "total_tokens": 2},
    }


class FakeOpenAI:
    def __init__(self) -> None:
        self.script: deque[Scripted] = deque()
        self.requests: list[dict[str, Any]] = []
        self.default = Scripted(200, completion("默认回答 [#17]"))
        self.abandoned = 0

    def handler(self) -> type[BaseHTTPRequestHandler]:
        fake = self

        class Handler(BaseHTTPRequestHandler):
            def log_message(self, *args: Any) -> None:
                pass

            def do_POST(self) -> None:
                length = int(self.headers.get("Content-Length", 0))
                request = json.loads(self.rfile.read(length) or b"{}")
                fake.requests.append(request)
                step = fake.script.popleft() if fake.script else fake.default
                if step.delay_s and not self._wait(step.delay_s):
                    fake.abandoned += 1  # the client closed the connection while the "model" was working
                    return
                payload = step.body if isinstance(step.body, str) else json.dumps(step.body)
                if request.get("stream") and step.status == 200 and isinstance(step.body, dict):
                    payload, content_type = as_stream(step.body), "text/event-stream"
                else:
                    content_type = "application/json"
                try:
                    self.send_response(step.status)
                    self.send_header("Content-Type", content_type)
                    for name, value in step.headers.items():
                        self.send_header(name, value)
                    self.send_header("Content-Length", str(len(payload.encode())))
                    self.end_headers()
                    self.wfile.write(payload.encode())
                except (BrokenPipeError, ConnectionResetError):
                    pass  # the client gave up (timeout): that is the point of the test

            def _wait(self, seconds: float) -> bool:
                """Sleep like a slow model; False as soon as the client hangs up."""
                deadline = time.monotonic() + seconds
                while (left := deadline - time.monotonic()) > 0:
                    readable, _, _ = select.select([self.connection], [], [], min(left, 0.05))
                    if readable and not self.connection.recv(1, socket.MSG_PEEK):
                        return False
                return True

        return Handler


def as_stream(body: dict[str, Any]) -> str:
    """A completion as server-sent events, as the server answers `"stream": true`."""
    content = body["choices"][0]["message"]["content"]
    chunks = [content[i:i + 8] for i in range(0, len(content), 8)] or [""]
    events = [{"id": body["id"], "object": "chat.completion.chunk", "created": 0, "model": body["model"],
               "choices": [{"index": 0, "delta": {"content": c}, "finish_reason": None}]} for c in chunks]
    events.append({"id": body["id"], "object": "chat.completion.chunk", "created": 0, "model": body["model"],
                   "choices": [{"index": 0, "delta": {}, "finish_reason": "stop"}]})
    return "".join(f"data: {json.dumps(e)}\n\n" for e in events) + "data: [DONE]\n\n"


@contextmanager
def fake_openai_server() -> Iterator[tuple[FakeOpenAI, str]]:
    fake = FakeOpenAI()
    server = ThreadingHTTPServer(("127.0.0.1", 0), fake.handler())
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield fake, f"http://127.0.0.1:{server.server_address[1]}/v1"
    finally:
        server.shutdown()
        server.server_close()
        thread.join(timeout=5)
