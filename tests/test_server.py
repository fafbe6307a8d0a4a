"""The HTTP service through the real HTTP stack, the CLI's --server path, and the page in Chromium."""

import json
import os
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest

pytest.importorskip("fastapi", reason="the service is an optional extra: pip install 'tonecheck[server]'")
from conftest import BUILTIN_RULES
from fastapi.testclient import TestClient  # noqa: E402

from tonecheck.service.server import ServerSettings, create_app  # noqa: E402

ROOT = Path(__file__).resolve().parent.parent
BLAME = "Вы опять не приложили счёт."


@pytest.fixture(scope="module")
def client(linter):
    with TestClient(create_app(ServerSettings(max_body=2000), linter=linter)) as c:
        yield c


def test_check_returns_the_finding_contract(client):
    res = client.post("/v1/check", json={"text": BLAME})
    assert res.status_code == 200
    body = res.json()
    assert body["language"] == "ru"
    f = body["findings"][0]
    assert (f["rule"], f["start"], f["end"], f["line"], f["column"], f["suggestion"]) == (
        "blame.not-done", 0, 21, 1, 1, "Приложите, пожалуйста,")


def test_check_settings_override(client):
    res = client.post("/v1/check", json={"text": "Скинь отчёт до пятницы, пожалуйста.", "formality": "informal",
                                         "addressee": "Иванов Пётр", "select": ["greeting"]})
    (f,) = res.json()["findings"]
    assert (f["rule"], f["suggestion"]) == ("greeting.missing", "Привет, Пётр! Скинь")
    res = client.post("/v1/check", json={"text": BLAME, "severity": {"blame.not-done": "error"},
                                         "ignore": ["greeting"]})
    assert [(f["rule"], f["severity"]) for f in res.json()["findings"]] == [("blame.not-done", "error")]


def test_a_ticket_comment_that_goes_on_with_an_exchange_owes_no_greeting(client):
    """A ticket tool says when a comment follows the writer's own earlier one (``reply``), or
    passes the comment it answers (``quoted``): a quick turn is not asked for a greeting."""
    text = "Смена пароля не помогла, ошибка та же."

    def rules(**extra):
        return [f["rule"] for f in client.post("/v1/check", json={"text": text, **extra}).json()["findings"]]

    assert rules() == ["greeting.missing"]
    assert rules(reply=True) == []
    assert rules(quoted="Попробуйте сменить пароль и зайти снова.") == []
    assert rules(quoted="Добрый день! Попробуйте сменить пароль и зайти снова.") == ["greeting.missing"]


def test_a_record_is_not_asked_for_a_greeting_but_still_for_fair_words(client):
    """A pull request's description records a change: no reader to greet or answer, yet blame
    in it is still blame."""
    def rules(text, **extra):
        return [f["rule"] for f in client.post("/v1/check", json={"text": text, **extra}).json()["findings"]]

    change = "Исправил опечатки в разделе установки и обновил ссылки."
    assert rules(change) == ["greeting.missing"]
    assert rules(change, record=True) == []
    assert "blame.not-done" in rules("Вы опять не обновили ссылки в разделе установки.", record=True)


@pytest.mark.parametrize("text, greets", [
    ("После обновления приложение вылетает при запуске.", False),   # a report asks nobody
    ("Нужно, чтобы при обновлении страницы данные оставались в полях.", False),
    ("The app crashes on start after the update.", False),
    ("Добавьте, пожалуйста, тёмную тему.", True),                    # a request to the team
    ("Где скачать последнюю версию для Windows?", True),
    ("Add a dark theme to the settings page.", True),
])
def test_a_ticket_that_asks_nobody_is_a_record(client, text, greets):
    """An issue opened in a tracker (``ticket``) owes a greeting only when it turns to the team:
    a question, a request, an imperative, "вы"/"you"."""
    def rules(**extra):
        return [f["rule"] for f in client.post("/v1/check", json={"text": text, **extra}).json()["findings"]]

    assert "greeting.missing" in rules()
    assert ("greeting.missing" in rules(ticket=True)) is greets


def test_fix(client):
    res = client.post("/v1/fix", json={"text": "Вы опять не приложили счёт к заявке."})
    body = res.json()
    assert body["text"] == "Здравствуйте! Приложите, пожалуйста, счёт к заявке."
    assert [f["rule"] for f in body["applied"]] == ["blame.not-done", "greeting.missing"]
    assert body["findings"] == []


def test_rules_and_rule_docs(client):
    rules = client.get("/v1/rules").json()
    assert sorted(r["id"] for r in rules) == BUILTIN_RULES
    assert {"id", "severity", "languages", "summary"} <= set(rules[0])
    doc = client.get("/v1/rules/blame.again", params={"lang": "ru"}).json()
    assert doc["id"] == "blame.again" and "## Почему это важно" in doc["markdown"]
    missing = client.get("/v1/rules/blame.agian")
    assert (missing.status_code, missing.json()) == (404, {"error": "unknown rule 'blame.agian'"})


def test_healthz_and_openapi(client):
    assert client.get("/healthz").json() == {"status": "ok", "version": "0.1.0", "rules": len(BUILTIN_RULES),
                                             "auth": False}
    schema = client.get("/openapi.json").json()
    assert {"/v1/check", "/v1/fix", "/v1/rules", "/v1/rules/{rule_id}", "/healthz"} <= set(schema["paths"])


@pytest.mark.parametrize("body, status, error", [
    (b"{not json", 400, "the body is not valid JSON"),
    (json.dumps({"txt": "x"}).encode(), 422, "invalid request"),
    (json.dumps({"text": "x", "formality": "casual"}).encode(), 422, "invalid request"),
    (json.dumps({"text": "x", "select": ["blam"]}).encode(), 422,
     "unknown rule or family 'blam' (did you mean 'blame'?)"),
    (json.dumps({"text": "я" * 3000}).encode(), 413, "request body over 2000 bytes"),
])
def test_errors_are_json_with_a_proper_status(client, body, status, error):
    res = client.post("/v1/check", content=body, headers={"Content-Type": "application/json"})
    assert res.status_code == status
    assert res.json()["error"] == error


def test_invalid_fields_are_named(client):
    res = client.post("/v1/check", json={"txt": "x"})
    assert {"field": "text", "problem": "Field required"} in res.json()["details"]


def test_token_and_cors(linter):
    settings = ServerSettings(token="s3cret", cors_origins=["https://tickets.example.com"])
    with TestClient(create_app(settings, linter=linter)) as c:
        assert c.post("/v1/check", json={"text": "x"}).status_code == 401
        assert c.post("/v1/check", json={"text": "x"}, headers={"Authorization": "Bearer nope"}).status_code == 401
        ok = c.post("/v1/check", json={"text": "Нет."}, headers={"Authorization": "Bearer s3cret",
                                                                 "Origin": "https://tickets.example.com"})
        assert ok.status_code == 200 and ok.headers["access-control-allow-origin"] == "https://tickets.example.com"
        assert c.get("/healthz").json()["auth"] is True
    with TestClient(create_app(ServerSettings(), linter=linter)) as c:
        res = c.post("/v1/check", json={"text": "Нет."}, headers={"Origin": "https://evil.example.com"})
        assert "access-control-allow-origin" not in res.headers


def test_page_is_served_without_external_assets(client):
    page = client.get("/").text
    assert "<textarea id=\"message\"" in page and "/v1/check" in page
    for external in ("src=", "<link", "http://", "https://"):
        assert external not in page


# --- a real server on a loopback port -------------------------------------------------------------

def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture(scope="module")
def live_server():
    port = free_port()
    env = {**os.environ, "NO_COLOR": "1"}
    proc = subprocess.Popen([sys.executable, "-m", "tonecheck", "serve", "--isolated", "--port", str(port)],
                            stdout=subprocess.PIPE, stderr=subprocess.STDOUT, env=env)
    url = f"http://127.0.0.1:{port}"
    deadline = time.time() + 60
    while time.time() < deadline:
        try:
            urllib.request.urlopen(url + "/healthz", timeout=1)
            break
        except OSError:
            time.sleep(0.3)
    else:
        proc.kill()
        pytest.fail("tonecheck serve did not start: " + proc.stdout.read().decode(errors="replace"))
    yield url
    proc.terminate()
    proc.wait(timeout=10)


def run_cli(args, data: bytes, env_extra: dict):
    env = {**os.environ, "NO_COLOR": "1", **env_extra}
    return subprocess.run([sys.executable, "-m", "tonecheck", *args], input=data, capture_output=True, env=env)


def test_hook_uses_the_server(live_server):
    done = run_cli(["hook", "--isolated", "--format", "json"], BLAME.encode(), {"TONECHECK_SERVER": live_server})
    assert done.returncode == 1
    findings = json.loads(done.stdout)["files"][0]["findings"]
    assert [f["rule"] for f in findings] == ["blame.not-done", "greeting.missing"]


def test_hook_falls_back_to_local_checking_when_the_server_is_down():
    dead = f"http://127.0.0.1:{free_port()}"
    done = run_cli(["hook", "--isolated", "--format", "json"], BLAME.encode(), {"TONECHECK_SERVER": dead})
    assert done.returncode == 1
    findings = json.loads(done.stdout)["files"][0]["findings"]
    assert [f["rule"] for f in findings] == ["blame.not-done", "greeting.missing"]


def test_check_through_the_server_keeps_file_positions(live_server, tmp_path):
    path = tmp_path / "d.txt"
    path.write_text("Здравствуйте!\n\nВы не указали номер.\n\n12.11.2026 10:15, Анна Петрова пишет:\n> Где номер?\n",
                    encoding="utf-8")
    done = run_cli(["check", "--isolated", "--server", live_server, "--format", "json", "--select", "blame,coverage",
                    str(path)], b"", {})
    coverage, blame = json.loads(done.stdout)["files"][0]["findings"]  # same start: the longer first
    assert (blame["rule"], blame["line"], blame["column"], blame["text"]) == ("blame.not-done", 3, 1, "Вы не указали")
    # the quote went to the service too: "Где номер?" is not answered by "Вы не указали номер."
    assert (coverage["rule"], coverage["line"]) == ("coverage.unanswered", 3)


def test_page_in_headless_chromium(live_server):
    from selenium.webdriver.common.by import By
    from selenium.webdriver.support import expected_conditions as EC
    from selenium.webdriver.support.ui import WebDriverWait
    from test_batch import _browser

    browser = _browser()
    try:
        browser.get(live_server + "/")
        box = browser.find_element(By.ID, "message")
        box.send_keys("Вы опять не приложили счёт к заявке.")
        wait = WebDriverWait(browser, 20)
        mark = wait.until(EC.presence_of_element_located((By.CSS_SELECTOR, "#preview mark.blame")))
        assert mark.text == "Вы опять не приложили"
        item = browser.find_element(By.CSS_SELECTOR, "#findings li.warning")
        assert "blame.not-done" in item.text
        # the whole sentence, as written and as Apply rewrites it
        assert item.find_element(By.CSS_SELECTOR, ".before").text == "Вы опять не приложили счёт к заявке."
        assert item.find_element(By.CSS_SELECTOR, ".suggestion").text == "→ Приложите, пожалуйста, счёт к заявке."
        # 8 less blame.not-done (4 points), greeting.missing (1) and "Вы опять не" (0.2): the page shows it
        assert browser.find_element(By.ID, "status").text.endswith("· warmth 2.8/10")
        artifacts = ROOT / "tests" / "artifacts"
        artifacts.mkdir(exist_ok=True)
        browser.save_screenshot(str(artifacts / "page-before.png"))
        item.find_element(By.CSS_SELECTOR, "button.apply").click()
        wait.until(lambda b: b.find_element(By.ID, "message").get_attribute("value")
                   == "Приложите, пожалуйста, счёт к заявке.")
        wait.until(lambda b: not b.find_elements(By.CSS_SELECTOR, "#preview mark.blame"))
        browser.save_screenshot(str(artifacts / "page-after.png"))
    finally:
        browser.quit()


def test_check_reads_the_quoted_message(client):
    body = {"text": "Добрый день! Отчёт будет в пятницу.", "select": ["coverage"],  # off by default
            "quoted": "Когда будет готов отчёт? И где лежит шаблон договора?"}
    findings = client.post("/v1/check", json=body).json()["findings"]
    assert [(f["rule"], f["message"]) for f in findings] == [
        ("coverage.unanswered", "Без ответа остался вопрос: «И где лежит шаблон договора?»")]
    body["text"] = "Добрый день! Отчёт будет в пятницу, шаблон договора — в общей папке."
    assert client.post("/v1/check", json=body).json()["findings"] == []


def _post(url: str, path: str, text: str) -> dict:
    request = urllib.request.Request(url + path, data=json.dumps({"text": text}).encode(),
                                     headers={"Content-Type": "application/json"}, method="POST")
    with urllib.request.urlopen(request, timeout=60) as response:
        return json.loads(response.read())


@pytest.fixture()
def fresh_server():
    """A service in this process (uvicorn in a thread) with a Linter of its own, its caches
    empty, so the test can make threads switch often and races show."""
    import threading

    import uvicorn

    port = free_port()
    server = uvicorn.Server(uvicorn.Config(create_app(ServerSettings()), port=port, log_level="warning"))
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    deadline = time.time() + 60
    while not server.started and time.time() < deadline:
        time.sleep(0.1)
    assert server.started, "the service did not start"
    yield f"http://127.0.0.1:{port}"
    server.should_exit = True
    thread.join(timeout=10)


def test_concurrent_checks_and_fixes_answer_as_one_at_a_time(fresh_server):
    """/v1/check runs on the event loop while /v1/fix runs in a thread pool, on one Linter: the
    service answers many of both at once as it answers them in turn."""
    from concurrent.futures import ThreadPoolExecutor

    import yaml

    texts = []
    for path in sorted((ROOT / "tests" / "devset").glob("*.yaml")):
        texts += [case["text"] for case in yaml.safe_load(path.read_text("utf-8"))]
    calls = [(path, text) for text in texts for path in ("/v1/fix", "/v1/check")]
    interval = sys.getswitchinterval()
    sys.setswitchinterval(1e-6)  # threads switch every few bytecodes: races show up
    try:
        with ThreadPoolExecutor(max_workers=16) as pool:
            together = list(pool.map(lambda call: _post(fresh_server, *call), calls))
    finally:
        sys.setswitchinterval(interval)
    in_turn = [_post(fresh_server, *call) for call in calls]
    differ = [call for call, a, b in zip(calls, together, in_turn, strict=True) if a != b]
    assert differ == []
    assert sum(len(answer["findings"]) for answer in in_turn) > 200


def test_cors_for_browser_extensions_keeps_the_token(linter):
    """An extension's origin carries its id; the preflight has no token and must not get a 401, and
    a 401 itself must carry the CORS headers, or the extension could not tell a wrong token."""
    settings = ServerSettings(token="s3cret", cors_origins=["chrome-extension://*", "moz-extension://*"])
    firefox = "moz-extension://0b6d1d3e-6c11-4d2b-9a4e-8a5cf1f0a7a2"
    with TestClient(create_app(settings, linter=linter)) as c:
        preflight = c.options("/v1/check", headers={"Origin": firefox, "Access-Control-Request-Method": "POST",
                                                    "Access-Control-Request-Headers": "authorization,content-type"})
        assert preflight.status_code == 200 and preflight.headers["access-control-allow-origin"] == firefox
        refused = c.post("/v1/check", json={"text": "x"}, headers={"Origin": firefox})
        assert refused.status_code == 401 and refused.headers["access-control-allow-origin"] == firefox
        chrome = "chrome-extension://abcdefghijklmnopabcdefghijklmnop"
        ok = c.post("/v1/check", json={"text": BLAME}, headers={"Origin": chrome, "Authorization": "Bearer s3cret"})
        assert ok.status_code == 200 and ok.headers["access-control-allow-origin"] == chrome
        assert ok.json()["findings"][0]["rule"] == "blame.not-done"
        for other in ("https://chrome-extension.evil.example", "chrome-extension://x/../evil", "http://localhost"):
            res = c.post("/v1/check", json={"text": "x"}, headers={"Origin": other, "Authorization": "Bearer s3cret"})
            assert "access-control-allow-origin" not in res.headers, other
