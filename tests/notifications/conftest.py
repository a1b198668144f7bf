"""A local HTTP receiver standing in for the SMS gateway and the chat robots, and a
message to send: no real gateway is ever contacted."""

import json
import threading
from collections.abc import Iterator
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest
from django.core.cache import cache

from wenming.notifications.events import Message
from wenming.notifications.kinds import Kind


@pytest.fixture(autouse=True)
def _no_cached_counts() -> Iterator[None]:
    """Counts are cached by user id, and ids come back in the next test's database."""
    cache.clear()
    yield
    cache.clear()


@dataclass
class Receiver:
    """What the receiver was sent, and what it answers (status, JSON body)."""

    url: str
    requests: list[dict] = field(default_factory=list)
    answer: tuple[int, dict] = (200, {"errcode": 0, "errmsg": "ok"})


@pytest.fixture
def receiver() -> Iterator[Receiver]:
    state = Receiver(url="")

    class Handler(BaseHTTPRequestHandler):
        def do_POST(self) -> None:
            length = int(self.headers.get("Content-Length", 0))
            state.requests.append(
                {
                    "path": self.path,
                    "headers": dict(self.headers),
                    "json": json.loads(self.rfile.read(length) or b"null"),
                }
            )
            status, body = state.answer
            payload = json.dumps(body).encode()
            self.send_response(status)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(payload)))
            self.end_headers()
            self.wfile.write(payload)

        def log_message(self, *args: object) -> None:
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    state.url = f"http://127.0.0.1:{server.server_address[1]}/hook"
    yield state
    server.shutdown()
    server.server_close()


def returned_message(*user_ids: int, region_path: str = "") -> Message:
    return Message(
        kind=Kind.APPLICATION_RETURNED,
        recipients=frozenset(user_ids),
        object="East Unit · 市级文明单位",
        url="/campaigns/applications/1/",
        region_path=region_path,
        detail="补充佐证材料",
    )
