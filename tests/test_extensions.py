"""The browser extension in a real headless Chromium against `tonecheck serve` on loopback, on
pages built like a Gmail compose, a Jira comment and a Redmine form; the shared client and the
Thunderbird add-on in node's test runner; the packages through `web-ext lint`."""

import functools
import hashlib
import http.server
import json
import math
import os
import shutil
import subprocess
import sys
import threading
import time
import urllib.request
from pathlib import Path

import pytest

pytest.importorskip("fastapi", reason="the service is an optional extra: pip install 'tonecheck[server]'")

ROOT = Path(__file__).resolve().parent.parent
EXTENSIONS = ROOT / "extensions"
PAGES = ROOT / "tests" / "fixtures" / "extension-pages"
TOKEN = "ext-s3cret"
BLAME = "Вы опять не приложили счёт к заявке."
FIXED = "Приложите, пожалуйста, счёт к заявке."
QUOTED = "Вы опять не приложили акт к заявке. Когда будет счёт?"  # in gmail.html's blockquote
NODE = shutil.which("node")


def free_port() -> int:
    from test_server import free_port as port

    return port()


def start_server(port: int) -> subprocess.Popen:
    proc = subprocess.Popen([sys.executable, "-m", "tonecheck", "serve", "--isolated", "--port", str(port),
                             "--token", TOKEN], stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                            env={**os.environ, "NO_COLOR": "1"})
    deadline = time.time() + 60
    while time.time() < deadline:
        try:
            urllib.request.urlopen(f"http://127.0.0.1:{port}/healthz", timeout=1)
            return proc
        except OSError:
            time.sleep(0.3)
    proc.kill()
    pytest.fail("tonecheck serve did not start: " + proc.stdout.read().decode(errors="replace"))


@pytest.fixture(scope="module")
def service():
    port = free_port()
    proc = start_server(port)
    yield {"url": f"http://127.0.0.1:{port}", "proc": proc}
    if proc.poll() is None:
        proc.terminate()
        proc.wait(timeout=10)


@pytest.fixture(scope="module")
def pages():
    handler = functools.partial(QuietHandler, directory=str(PAGES))
    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=httpd.serve_forever, daemon=True).start()
    yield f"http://127.0.0.1:{httpd.server_address[1]}"
    httpd.shutdown()


class QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args):
        pass


def build(target: str) -> Path:
    if not NODE:
        pytest.skip("node is not installed (apt-get install nodejs npm); the extensions were not built")
    subprocess.run([NODE, str(EXTENSIONS / "build.js"), target, "--no-zip"], check=True, capture_output=True,
                   cwd=EXTENSIONS)
    return EXTENSIONS / "build" / target


def unpacked_id(path: Path) -> str:
    """Chromium's id for an unpacked extension: its folder's path, hashed, in the letters a–p."""
    digest = hashlib.sha256(str(path.resolve()).encode()).hexdigest()[:32]
    return "".join(chr(ord("a") + int(c, 16)) for c in digest)


@pytest.fixture(scope="module")
def browser(service):
    """One Chromium for the module, the unpacked extension loaded, its options set as a user would."""
    from selenium.webdriver.common.by import By
    from selenium.webdriver.support.ui import WebDriverWait
    from test_batch import _browser

    extension = build("chromium")
    driver = _browser(f"--load-extension={extension}", f"--disable-extensions-except={extension}")
    driver.tonecheck_id = unpacked_id(extension)
    try:
        driver.get(f"chrome-extension://{driver.tonecheck_id}/options.html")
        WebDriverWait(driver, 10).until(lambda d: d.find_element(By.ID, "server").get_attribute("value"))
        for field, value in (("server", service["url"]), ("token", TOKEN), ("sites", "127.0.0.1")):
            box = driver.find_element(By.ID, field)
            box.clear()
            box.send_keys(value)
        driver.find_element(By.CSS_SELECTOR, "button[type=submit]").click()
        status = WebDriverWait(driver, 20).until(lambda d: d.find_element(By.ID, "status").text)
        assert status.startswith("Saved. The server answers"), status
        yield driver
    finally:
        driver.quit()


BADGE = """
const done = arguments[arguments.length - 1];
chrome.tabs.query({url: arguments[0]})
  .then((tabs) => Promise.all(tabs.map((tab) => chrome.action.getBadgeText({tabId: tab.id})))).then(done);
"""


def badge(driver, url: str) -> list[str]:
    """The toolbar badge of each tab showing `url`, read from one of the extension's own pages."""
    page = driver.current_window_handle
    driver.switch_to.new_window("tab")
    try:
        driver.get(f"chrome-extension://{driver.tonecheck_id}/rule.html")
        return driver.execute_async_script(BADGE, url)
    finally:
        driver.close()
        driver.switch_to.window(page)


OVERLAY = "const root = document.querySelector('tonecheck-overlay'); return root ? root.shadowRoot : null;"


def overlay(driver):
    return driver.execute_script(OVERLAY)


def pill(driver) -> str:
    """The pill's text, read in one step: it is drawn anew with every check."""
    return driver.execute_script("const root = document.querySelector('tonecheck-overlay');"
                                 "const el = root && root.shadowRoot.querySelector('.pill');"
                                 "return el ? el.textContent : '';")


def underline(driver, rule: str, timeout: float = 10):
    from selenium.webdriver.support.ui import WebDriverWait

    return WebDriverWait(driver, timeout).until(
        lambda d: (overlay(d) or None) and overlay(d).find_elements("css selector", f'.underline[data-rule="{rule}"]'))


def apply_from_card(driver, rule: str):
    from selenium.webdriver.support.ui import WebDriverWait

    underline(driver, rule)[0].click()
    card = WebDriverWait(driver, 5).until(lambda d: overlay(d).find_elements("css selector", ".card"))[0]
    finding = card.find_element("css selector", f'.finding[data-rule="{rule}"]')
    texts = {cls: finding.find_element("css selector", "." + cls).text for cls in ("message", "before", "after")}
    link = finding.find_element("css selector", "a.why").get_attribute("href")
    finding.find_element("css selector", "button.apply").click()
    return texts, link


def test_gmail_like_compose_underlines_applies_and_keeps_the_quote(browser, pages):
    from selenium.webdriver.support.ui import WebDriverWait

    browser.get(pages + "/gmail.html")
    editor = browser.find_element("id", "compose")
    editor.click()
    browser.execute_script("const r = document.createRange(); r.setStart(arguments[0].firstElementChild, 0);"
                           "getSelection().removeAllRanges(); getSelection().addRange(r);", editor)
    editor.send_keys("Добрый день! " + BLAME)
    lines = underline(browser, "blame.not-done")
    # one underline: the same words in the quoted message are the colleague's, not checked as the user's
    quote = browser.find_element("css selector", "blockquote").rect
    assert len(lines) == 1 and lines[0].rect["y"] < quote["y"]
    texts, link = apply_from_card(browser, "blame.not-done")
    assert texts["before"] == BLAME
    assert texts["after"] == "→ " + FIXED
    assert "Вы опять не приложили" in texts["message"]
    assert "/rule.html?id=blame.not-done&lang=ru" in link
    first_line = "Добрый день! " + FIXED
    WebDriverWait(browser, 5).until(lambda d: d.find_element("id", "compose").text.startswith(first_line))
    assert browser.find_element("css selector", "blockquote").text == QUOTED
    WebDriverWait(browser, 10).until(lambda d: "no issues" in pill(d))
    browser.get(link)  # the rule's explanation, from the server with the token, in the message's language
    doc = WebDriverWait(browser, 10).until(lambda d: d.find_element("id", "doc").text)
    assert doc.startswith("# blame.not-done") and "## Что проверяет" in doc


def warmth(service, text: str) -> int:
    """The score the service gives the text, rounded as the badge shows it."""
    request = urllib.request.Request(service["url"] + "/v1/check", method="POST",
                                     data=json.dumps({"text": text}).encode(),
                                     headers={"Content-Type": "application/json", "Authorization": f"Bearer {TOKEN}"})
    with urllib.request.urlopen(request, timeout=30) as response:
        return math.floor(json.loads(response.read())["warmth"]["score"] + 0.5)  # JavaScript's Math.round


def test_a_bare_blockquote_is_sent_as_the_quote(browser, pages):
    """Without a "… wrote:" line the service could not tell the quote from the reply: the blaming
    words in the blockquote are the colleague's only because the extension sends them as `quoted`."""
    from selenium.webdriver.support.ui import WebDriverWait

    browser.get(pages + "/gmail.html")
    editor = browser.find_element("id", "reply-bare")
    editor.click()
    browser.execute_script("const r = document.createRange(); r.setStart(arguments[0].firstElementChild, 0);"
                           "getSelection().removeAllRanges(); getSelection().addRange(r);", editor)
    editor.send_keys("Добрый день! Акт приложу завтра.")
    WebDriverWait(browser, 10).until(lambda d: pill(d).startswith("warmth"))
    assert not overlay(browser).find_elements("css selector", ".underline")


def test_jira_like_textarea(browser, pages, service):
    from selenium.webdriver.support.ui import WebDriverWait

    browser.get(pages + "/jira.html")
    box = browser.find_element("id", "comment")
    box.send_keys("Здравствуйте, Анна! " + BLAME)
    texts, _ = apply_from_card(browser, "blame.not-done")
    assert (texts["before"], texts["after"]) == (BLAME, "→ " + FIXED)
    WebDriverWait(browser, 5).until(lambda d: d.find_element("id", "comment").get_attribute("value")
                                    == "Здравствуйте, Анна! " + FIXED)
    assert browser.execute_script("return state.comment") == "Здравствуйте, Анна! " + FIXED  # the page saw it
    shown = WebDriverWait(browser, 10).until(lambda d: "no issues" in pill(d) and pill(d))
    score = warmth(service, "Здравствуйте, Анна! " + FIXED)
    assert shown == f"warmth {score}/10 · no issues"
    assert badge(browser, pages + "/jira.html") == [str(score)]


def test_redmine_like_form_submits_the_applied_text(browser, pages):
    from selenium.webdriver.support.ui import WebDriverWait

    browser.get(pages + "/redmine.html")
    notes = browser.find_element("id", "issue_notes")
    notes.send_keys("Добрый день!\n\n" + BLAME + "\nКак я уже писал, без него оплаты не будет.")
    texts, _ = apply_from_card(browser, "blame.as-i-said")
    assert texts["after"] == "→ Без него оплаты не будет."
    WebDriverWait(browser, 5).until(lambda d: "Как я уже писал" not in notes.get_attribute("value"))
    apply_from_card(browser, "blame.not-done")
    expected = "Добрый день!\n\n" + FIXED + "\nБез него оплаты не будет."
    WebDriverWait(browser, 5).until(lambda d: notes.get_attribute("value") == expected)
    browser.find_element("css selector", "input[type=submit]").click()
    WebDriverWait(browser, 5).until(lambda d: "/submitted" in d.current_url)
    from urllib.parse import parse_qs, urlparse

    assert parse_qs(urlparse(browser.current_url).query)["notes"] == [expected.replace("\n", "\r\n")]


def test_a_site_not_listed_is_left_alone(browser, pages):
    """localhost is the same server, but only 127.0.0.1 is listed: no script, no overlay, no request."""
    browser.get(pages.replace("127.0.0.1", "localhost") + "/jira.html")
    browser.find_element("id", "comment").send_keys(BLAME)
    time.sleep(1.5)  # elsewhere the underline is there after about 0.25 s
    assert browser.execute_script("return document.querySelector('tonecheck-overlay')") is None


HUNDRED_WORDS = (
    "Добрый день, коллеги! Пишу по поводу заявки на оплату счёта от поставщика канцелярских товаров. "
    "Вы опять не приложили акт сверки, поэтому бухгалтерия вернула документы на доработку. "
    "Пожалуйста, посмотрите список документов в карточке заявки и добавьте недостающие файлы до четверга. "
    "Если акт ещё не подписан поставщиком, напишите мне, и я договорюсь с ними о сроках. "
    "Также прошу проверить сумму в счёте: она отличается от суммы в договоре на двести рублей. "
    "Возможно, поставщик учёл доставку, тогда нужно дополнительное соглашение. "
    "Документы можно загрузить прямо в карточку или прислать мне на почту, как вам удобнее. "
    "Спасибо за помощь, надеюсь закрыть заявку на этой неделе."
)

LATENCY = """
const [box, done] = [arguments[0], arguments[arguments.length - 1]];
const root = document.querySelector('tonecheck-overlay').shadowRoot;
box.focus(); box.select();
const seen = () => root.querySelector('.underline[data-rule^="blame."]');
const started = performance.now();
document.execCommand('insertText', false, arguments[1]);   // one input event: the pause starts now
const poll = () => seen() ? done(performance.now() - started) : setTimeout(poll, 2);
setTimeout(poll, 2);
"""


def test_underline_latency_for_a_hundred_word_message(browser, pages):
    """From the last keystroke to the underline: the 200 ms pause, the check, the drawing. Measured
    and printed (docs/extensions.md records it); only a generous bound is asserted."""
    assert len(HUNDRED_WORDS.split()) == 100
    browser.get(pages + "/jira.html")
    box = browser.find_element("id", "comment")
    box.send_keys("Здравствуйте!")
    underline_free = "return document.querySelector('tonecheck-overlay') !== null"
    from selenium.webdriver.support.ui import WebDriverWait

    WebDriverWait(browser, 10).until(lambda d: d.execute_script(underline_free))
    times = []
    for i in range(5):
        times.append(browser.execute_async_script(LATENCY, box, HUNDRED_WORDS + " " * i))
    print(f"\nunderline after a pause, 100 words: {', '.join(f'{t:.0f}' for t in times)} ms")
    assert max(times) < 2000


def npm_tools() -> Path:
    if not NODE:
        pytest.skip("node is not installed (apt-get install nodejs npm); the extensions were not tested")
    bin_dir = EXTENSIONS / "node_modules" / ".bin"
    if not (bin_dir / "web-ext").exists():
        pytest.skip("the extensions' npm packages are not installed (cd extensions && npm ci)")
    return bin_dir


def test_client_and_thunderbird_add_on_in_node(service):
    """node --test: the shared client, and the check before Send with a fake `messenger` and this
    module's real service."""
    npm_tools()
    env = {**os.environ, "TONECHECK_SERVER": service["url"], "TONECHECK_TOKEN": TOKEN}
    done = subprocess.run([NODE, "--test", "test/"], cwd=EXTENSIONS, capture_output=True, text=True, env=env,
                          timeout=120)
    summary = dict(line[2:].split(" ", 1) for line in done.stdout.splitlines()
                   if line.startswith("# ") and line[2:].split(" ", 1)[0] in ("pass", "fail", "skipped"))
    assert done.returncode == 0, done.stdout[-4000:]
    assert summary["fail"] == "0" and summary["skipped"] == "0" and int(summary["pass"]) >= 21, summary


def lint(bin_dir: Path, target: str) -> dict:
    done = subprocess.run([str(bin_dir / "web-ext"), "lint", "--source-dir", str(build(target)), "--self-hosted",
                           "--output", "json"], capture_output=True, text=True, timeout=120)
    return json.loads(done.stdout)


def test_web_ext_lint_passes():
    """Firefox: no errors, no warnings. Thunderbird: no errors; the linter knows Firefox, so it calls
    Thunderbird's `compose` permission invalid and applies Firefox for Android's versions."""
    bin_dir = npm_tools()
    firefox = lint(bin_dir, "firefox")
    assert (firefox["errors"], firefox["warnings"]) == ([], []), firefox
    thunderbird = lint(bin_dir, "thunderbird")
    assert thunderbird["errors"] == []
    assert sorted(w["code"] for w in thunderbird["warnings"]) == [
        "KEY_FIREFOX_ANDROID_UNSUPPORTED_BY_MIN_VERSION", "MANIFEST_PERMISSIONS"]
    assert 'Invalid permissions "compose"' in next(w["message"] for w in thunderbird["warnings"]
                                                  if w["code"] == "MANIFEST_PERMISSIONS")


def test_server_down_shows_unreachable_and_never_blocks_typing(browser, pages, service):
    from selenium.webdriver.support.ui import WebDriverWait

    service["proc"].terminate()
    service["proc"].wait(timeout=10)
    browser.get(pages + "/jira.html")
    box = browser.find_element("id", "comment")
    typed = "Вы опять не приложили счёт. Жду до пятницы."
    box.send_keys(typed)
    assert box.get_attribute("value") == typed
    shown = WebDriverWait(browser, 10).until(lambda d: "unreachable" in pill(d) and pill(d))
    assert shown == "tonecheck: server unreachable"
    assert badge(browser, pages + "/jira.html") == ["!"]
    assert not overlay(browser).find_elements("css selector", ".underline")
    box.send_keys(" Спасибо!")
    assert box.get_attribute("value") == typed + " Спасибо!"
