"""Hostile HTTP clients: the service answers every error as JSON, checks the token before it
reads a body, caps a body while it streams in, and keeps answering while a check runs."""

import json
import socket
import threading
import time
import urllib.error
import urllib.request

import pytest

pytest.importorskip("fastapi", reason="the service is an optional extra: pip install 'tonecheck[server]'")
from fastapi.testclient import TestClient  # noqa: E402

from tonecheck.service.server import ServerSettings, create_app  # noqa: E402


class Gated:
    """The real linter, except that a check of the text "wait" waits until ``release`` is set
    (standing in for a slow check, without timing anything)."""

    def __init__(self, linter):
        self.linter, self.release, self.entered = linter, threading.Event(), threading.Event()

    def __getattr__(self, name):
        return getattr(self.linter, name)

    def check_messages(self, messages, *args, **kwargs):
        if messages[0].text == "wait":
            self.entered.set()
            self.release.wait(30)
        return self.linter.check_messages(messages, *args, **kwargs)


@pytest.fixture(scope="module")
def client(linter):
    with TestClient(create_app(ServerSettings(max_body=2000, token="s3cret"), linter=linter),
                    raise_server_exceptions=False) as c:
        c.headers["Authorization"] = "Bearer s3cret"
        yield c


def test_a_lone_surrogate_is_a_422_naming_the_field(client):
    res = client.post("/v1/check", content=b'{"text": "bad \\ud800 text"}',
                      headers={"Content-Type": "application/json"})
    assert res.status_code == 422
    assert res.json()["details"] == [{"field": "text", "problem": "Value error, holds a lone surrogate (U+D800) at "
                                                                  "character 4, not Unicode text"}]


def test_unknown_routes_methods_and_crashes_answer_json(client, linter, monkeypatch):
    assert (client.get("/nowhere").status_code, client.get("/nowhere").json()) == (404, {"error": "Not Found"})
    res = client.get("/v1/check")
    assert (res.status_code, res.json()) == (405, {"error": "Method Not Allowed"})

    def broken(*args, **kwargs):
        raise RuntimeError("boom")
    monkeypatch.setattr(linter, "check_messages", broken)
    res = client.post("/v1/check", json={"text": "Нет."})
    assert (res.status_code, res.json()) == (500, {"error": "internal error"})


def test_the_token_is_checked_before_the_body_is_read(client):
    def body():
        yield b'{"text": "'
        raise AssertionError("the body was read before the token was checked")
    res = client.post("/v1/check", content=body(), headers={"Authorization": "Bearer nope"})
    assert (res.status_code, res.json()) == (401, {"error": "missing or wrong bearer token"})


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture()
def serve(linter):
    """start(settings) -> (url, the Gated linter): a uvicorn server in a thread."""
    import uvicorn

    servers = []

    def start(settings):
        gated = Gated(linter)
        port = _free_port()
        server = uvicorn.Server(uvicorn.Config(create_app(settings, linter=gated), port=port, log_level="warning"))
        thread = threading.Thread(target=server.run, daemon=True)
        thread.start()
        servers.append((server, thread, gated))
        deadline = time.time() + 60
        while not server.started and time.time() < deadline:
            time.sleep(0.05)
        return f"http://127.0.0.1:{port}", gated
    yield start
    for server, thread, gated in servers:
        gated.release.set()
        server.should_exit = True
        thread.join(timeout=10)


def _post(url: str, text: str, timeout: float = 30):
    request = urllib.request.Request(url + "/v1/check", data=json.dumps({"text": text}).encode(),
                                     headers={"Content-Type": "application/json"}, method="POST")
    try:
        with urllib.request.urlopen(request, timeout=timeout) as response:
            return response.status, json.loads(response.read())
    except urllib.error.HTTPError as exc:
        return exc.code, json.loads(exc.read())


def test_healthz_answers_while_a_check_runs(serve):
    url, gated = serve(ServerSettings())
    waiting = threading.Thread(target=_post, args=(url, "wait"), daemon=True)
    waiting.start()
    assert gated.entered.wait(30)
    with urllib.request.urlopen(url + "/healthz", timeout=20) as response:  # would hang on a blocked loop
        assert json.loads(response.read())["status"] == "ok"
    gated.release.set()
    waiting.join(30)


def test_a_check_over_the_time_limit_is_a_503(serve):
    url, gated = serve(ServerSettings(timeout=0.5))
    status, body = _post(url, "wait")
    assert (status, body) == (503, {"error": "the check took longer than 0.5 s"})
    gated.release.set()
    assert _post(url, "Нет.")[0] == 200


def test_a_chunked_body_is_refused_as_soon_as_it_is_over_the_cap(serve):
    """Three chunks past a 2,000-byte cap and the body never ended: the answer comes anyway (a
    service that read the whole body first would wait for the rest until the socket timed out)."""
    url, _ = serve(ServerSettings(max_body=2000))
    host, port = url.removeprefix("http://").split(":")
    with socket.create_connection((host, int(port)), timeout=20) as conn:
        conn.sendall(b"POST /v1/check HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n"
                     b"Transfer-Encoding: chunked\r\n\r\n")
        for _ in range(3):
            conn.sendall(b"3e8\r\n" + b"x" * 1000 + b"\r\n")
        head, _, body = conn.recv(65536).partition(b"\r\n\r\n")
    assert head.startswith(b"HTTP/1.1 413 ")
    assert json.loads(body) == {"error": "request body over 2000 bytes"}
