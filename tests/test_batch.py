"""Batch checking for trainers: inputs, order, workers, Dask, outputs, scores, the HTML report."""

import csv
import json
import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner

from tonecheck.batch.run import Columns, Job, Record, parse_labels, records, run
from tonecheck.batch.scoring import score
from tonecheck.cli.main import main

ROOT = Path(__file__).resolve().parent.parent
COLLECTION = ROOT / "examples" / "trainers" / "collection.csv"
JOB = Job()
ROWS = [("m1", "Анна", "Вы опять не приложили счёт.", "blame;greeting"),
        ("m2", "Борис", "Здравствуйте! Счёт получил, спасибо.", ""),
        ("m3", "Анна", "Нет.", "answer")]


def invoke(*args, input=None):
    return CliRunner().invoke(main, ["batch", "-q", "--isolated", *args], input=input)


def write_csv(path, rows, encoding="utf-8", delimiter=","):
    with path.open("w", encoding=encoding, newline="") as handle:
        writer = csv.writer(handle, delimiter=delimiter)
        writer.writerow(["id", "author", "text", "labels"])
        writer.writerows(rows)
    return path


def test_excel_cp1251_semicolon_csv_is_read(tmp_path):
    path = write_csv(tmp_path / "excel.csv", ROWS, encoding="cp1251", delimiter=";")
    items = list(records([str(path)], Columns("text", "id", "author", "labels"), [], []))
    assert [(r.id, r.author, r.text, r.labels) for r in items] == [
        ("m1", "Анна", "Вы опять не приложили счёт.", frozenset({"blame", "greeting"})),
        ("m2", "Борис", "Здравствуйте! Счёт получил, спасибо.", frozenset()),
        ("m3", "Анна", "Нет.", frozenset({"answer"}))]


def test_tsv_jsonl_folder_and_globs(tmp_path):
    folder = tmp_path / "box"
    (folder / "sub").mkdir(parents=True)
    write_csv(folder / "a.tsv", ROWS[:1], delimiter="\t")
    (folder / "sub" / "b.jsonl").write_text(json.dumps({"text": "Нет."}, ensure_ascii=False) + "\n", encoding="utf-8")
    (folder / "sub" / "c.txt").write_text("Это не ко мне.", encoding="utf-8")
    (folder / "skip.txt").write_text("Ок", encoding="utf-8")
    items = list(records([str(folder)], Columns(), ["*.tsv", "*.jsonl", "sub/*"], ["skip.txt"]))
    assert [(Path(r.id.split(":")[0]).name, r.text) for r in items] == [
        ("a.tsv", "Вы опять не приложили счёт."), ("b.jsonl", "Нет."), ("c.txt", "Это не ко мне.")]


def test_unreadable_items_are_reported_and_the_batch_goes_on(tmp_path):
    path = tmp_path / "in.jsonl"
    path.write_text('{"text": "Нет."}\nnot json\n{"body": "x"}\n[1]\n{"text": "Ок"}\n', encoding="utf-8")
    res = invoke(str(path), "-j", "1")
    assert res.exit_code == 2  # after the summary: the records that were read are all reported
    assert res.stdout.startswith("Messages checked: 2, unreadable: 3\n")
    assert f"  {path}:2: invalid JSON (Expecting value)" in res.stdout
    assert f"  {path}:3: no text in 'text'" in res.stdout
    assert f"  {path}:4: a line must be a JSON object" in res.stdout


def test_missing_csv_column_is_one_error(tmp_path):
    path = write_csv(tmp_path / "c.csv", ROWS)
    res = invoke(str(path), "--text-column", "body", "-j", "1")
    assert (res.exit_code, res.stdout) == (2, "")
    assert res.stderr == (f"tonecheck: error: {path}: no column 'body' (columns: id, author, text, labels); "
                          "use --text-column\n")


def test_stdin_jsonl(tmp_path):
    data = "\n".join(json.dumps({"id": i, "text": t}, ensure_ascii=False) for i, t in enumerate(["Нет.", "Ок"]))
    out = tmp_path / "r.jsonl"
    res = invoke("-", "--id-field", "id", "-o", str(out), "-j", "1", input=data)
    assert res.exit_code == 0
    assert [json.loads(line)["id"] for line in out.read_text(encoding="utf-8").splitlines()] == ["0", "1"]


def test_workers_give_the_same_results_in_input_order():
    items = [Record(str(i), t) for i, t in enumerate(
        [r[2] for r in ROWS] * 60 + ["Hi, you forgot to attach the file again."] * 30)]
    one = [(r.id, r.language, r.findings) for r in run((Record(r.id, r.text) for r in items), JOB, jobs=1)]
    two = [(r.id, r.language, r.findings) for r in run((Record(r.id, r.text) for r in items), JOB, jobs=2)]
    assert one == two and [i for i, _, _ in one] == [str(i) for i in range(len(items))]
    assert [f["rule"] for f in one[0][2]] == ["blame.not-done", "greeting.missing"]


def test_dask_local_cluster_equals_single_process():
    pytest.importorskip("dask.distributed", reason="dask is an optional extra: pip install 'tonecheck[dask]'")
    texts = [r[2] for r in ROWS] * 10
    local = [(r.language, r.findings) for r in run((Record(str(i), t) for i, t in enumerate(texts)), JOB)]
    dask = [(r.language, r.findings) for r in
            run((Record(str(i), t) for i, t in enumerate(texts)), JOB, jobs=1, engine="dask")]
    assert dask == local


def test_outputs_summary_and_scores(tmp_path):
    path = write_csv(tmp_path / "c.csv", ROWS)
    out_csv, out_jsonl = tmp_path / "r.csv", tmp_path / "r.jsonl"
    args = [str(path), "--id-column", "id", "--author-column", "author", "--label-column", "labels", "-j", "1"]
    res = invoke(*args, "--score", "--show-disagreements", "-o", str(out_csv))
    lines = res.stdout.splitlines()
    assert lines[0] == "Messages checked: 3"
    assert "  blame             1   33.3%" in lines and "  answer            1   33.3%" in lines
    assert lines[2] == "Mean warmth: 5.6/10"  # (2.8 + 9.1 + 5.0) / 3
    assert ["Анна", "2", "1.50", "3.9", "50%", "0%", "50%", "0%", "50%"] in [line.split() for line in lines]
    assert "  greeting        1    0    0       1.00    1.00  1.00" in lines
    rows = list(csv.DictReader(out_csv.open(encoding="utf-8")))
    assert [(r["id"], r["rules"], r["labels"]) for r in rows] == [
        ("m1", "blame.not-done;greeting.missing", "blame;greeting"), ("m2", "", ""), ("m3", "answer.bare", "answer")]
    # 8 - 4 (blame) - 1 (greeting) - 0.2 ("Вы опять не"); 8 + 0.3 (greeting) + 0.8 (thanks); 8 - 3 (answer)
    assert [r["warmth"] for r in rows] == ["2.8", "9.1", "5.0"]
    invoke(*args, "-o", str(out_jsonl))
    first = json.loads(out_jsonl.read_text(encoding="utf-8").splitlines()[0])
    assert (first["id"], first["author"], first["language"], first["labels"]) == (
        "m1", "Анна", "ru", ["blame", "greeting"])


def test_scores_on_the_collection_match_the_scoring_module(linter):
    # the collection's labels assume a team on вы, as the scoring module's items do by default
    res = invoke(str(COLLECTION), "--id-column", "id", "--author-column", "author", "--label-column", "labels",
                 "--formality", "formal", "--score", "-j", "1")
    items = []
    for row in csv.DictReader(COLLECTION.open(encoding="utf-8")):
        items.append({"text": row["text"], "expect": sorted(parse_labels(row["labels"]))})
    expected = score(linter, items)
    for family, s in expected.items():
        line = f"  {family:<12}{s.tp:>5}{s.fp:>5}{s.fn:>5}{s.precision:>11.2f}{s.recall:>8.2f}"
        assert line in res.stdout, line
    assert len(items) >= 200


def test_html_report_is_self_contained(tmp_path):
    path = write_csv(tmp_path / "c.csv", ROWS)
    report = tmp_path / "r.html"
    invoke(str(path), "--author-column", "author", "--label-column", "labels", "--score", "--report", str(report),
           "-j", "1")
    page = report.read_text(encoding="utf-8")
    assert page.count("<svg") == 4
    for external in ("src=", "<link", "url(http", "@import"):  # nothing to fetch: it opens offline
        assert external not in page
    assert '<mark class="blame" title="blame.not-done: ' in page and "<table id='scores'>" in page
    # each rewrite as the whole sentence before and after; a skeleton is marked for the writer
    assert "<br><small>Вы опять не приложили счёт.</small><br>→ <code>Приложите, пожалуйста, счёт.</code>" in page
    assert ("<br><small>Нет.</small><br>→ <code class=by-hand>Нет, к сожалению: … (причина). Вместо этого могу "
            "предложить ….</code> <small>(to finish by hand)</small>") in page


def _browser(*extra: str):
    chromium = shutil.which("chromium") or shutil.which("chromium-browser")
    driver = shutil.which("chromedriver")
    if not (chromium and driver):
        pytest.skip("headless Chromium is not installed (apt-get install chromium chromium-driver); "
                    "the HTML report was not checked in a browser")
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service

    options = webdriver.ChromeOptions()
    options.binary_location = chromium
    for arg in ("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
                "--disable-component-update", "--disable-sync", "--no-first-run", "--window-size=1280,2000", *extra):
        options.add_argument(arg)
    return webdriver.Chrome(service=Service(driver), options=options)


def test_report_renders_in_headless_chromium(tmp_path):
    report = tmp_path / "report.html"
    invoke(str(COLLECTION), "--id-column", "id", "--author-column", "author", "--label-column", "labels",
           "--score", "--report", str(report), "-j", "1")
    browser = _browser()
    try:
        from selenium.webdriver.common.by import By

        browser.get(report.as_uri())
        assert browser.find_element(By.TAG_NAME, "h1").text.startswith("tonecheck report")
        charts = browser.find_elements(By.CSS_SELECTOR, "figure svg")
        assert len(charts) == 4 and all(c.size["width"] > 200 for c in charts)
        rows = browser.find_elements(By.CSS_SELECTOR, "#messages tbody tr")
        assert len(rows) == 263
        assert browser.find_elements(By.CSS_SELECTOR, "#messages mark.blame")
        assert len(browser.find_elements(By.CSS_SELECTOR, "#authors tbody tr")) == 6
        browser.find_element(By.ID, "search").send_keys("refusal.no-alternative")
        visible = [r for r in rows if r.is_displayed()]
        assert 0 < len(visible) < 263
        assert browser.find_element(By.ID, "shown").text == str(len(visible))
        artifacts = ROOT / "tests" / "artifacts"
        artifacts.mkdir(exist_ok=True)
        assert browser.save_screenshot(str(artifacts / "report.png"))
    finally:
        browser.quit()


def test_a_family_no_label_names_is_not_scored(tmp_path):
    # the collection was labelled for the core; thanks.for-help still finds a receipt without thanks
    rows = [("m1", "Анна", "Добрый день! Отчёт получил, посмотрю вечером.", ""),
            ("m2", "Анна", "Вы опять не приложили счёт.", "blame;greeting")]
    path = write_csv(tmp_path / "c.csv", rows)
    res = invoke(str(path), "--id-column", "id", "--label-column", "labels", "--score", "-j", "1")
    lines = res.stdout.splitlines()
    assert "  thanks            1   50.0%" in lines  # counted among the findings ...
    table = lines[lines.index("Scores against the labels (2 labelled messages):") + 2:]
    assert [line.split()[0] for line in table[:table.index("")]] == [
        "greeting", "address", "answer", "refusal", "blame"]


# --- inputs that cannot be read at all --------------------------------------------------------

def test_csv_without_the_text_column_exits_two_naming_it(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    (tmp_path / "data.csv").write_text("id,body\n1,Нет.\n", encoding="utf-8")
    res = invoke("data.csv", "-j", "1")
    assert (res.exit_code, res.stdout) == (2, "")
    assert res.stderr == "tonecheck: error: data.csv: no column 'text' (columns: id, body); use --text-column\n"
    res = invoke("data.csv", "--text-column", "body", "--author-column", "who", "-j", "1")
    assert res.stderr == "tonecheck: error: data.csv: no column 'who' (columns: id, body); use --author-column\n"


def test_jsonl_without_the_text_field_exits_two_naming_it(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    (tmp_path / "data.jsonl").write_text('{"id": 1, "body": "Нет."}\n{"id": 2, "body": "Ок"}\n', encoding="utf-8")
    res = invoke("data.jsonl", "-j", "1")
    assert (res.exit_code, res.stdout) == (2, "")
    assert res.stderr == "tonecheck: error: data.jsonl: no field 'text' (fields: id, body); use --text-field\n"
    res = invoke("-", "-j", "1", input='{"body": "Нет."}\n')
    assert (res.exit_code, res.stderr) == (2, "tonecheck: error: <stdin>: no field 'text' (fields: body); "
                                              "use --text-field\n")


def test_unreadable_files_exit_two_naming_them(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    (tmp_path / "latin.jsonl").write_bytes('{"text": "caf\xe9"}\n'.encode("latin-1"))
    (tmp_path / "draft.txt").write_bytes(b"\x00\x01\x02binary\x00")
    res = invoke("latin.jsonl", "missing.csv", "-j", "1")
    assert res.exit_code == 2 and res.stdout.startswith("Messages checked: 0, unreadable: 1\n")
    assert res.stderr.splitlines() == ["tonecheck: error: latin.jsonl:1: not valid UTF-8 (byte 13); not checked",
                                       "tonecheck: error: missing.csv: no such file"]
    res = invoke("draft.txt", "-j", "1")
    assert res.exit_code == 2 and res.stderr.startswith("tonecheck: error: draft.txt: ")
    assert len(res.stderr.splitlines()) == 1 and "Traceback" not in res.stderr


def test_readable_inputs_are_still_reported_when_another_fails(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    write_csv(tmp_path / "good.csv", ROWS)
    (tmp_path / "data.csv").write_text("id,body\n1,Нет.\n", encoding="utf-8")
    res = invoke("data.csv", "good.csv", "missing.jsonl", "-j", "1")
    assert res.exit_code == 2
    assert res.stdout.startswith("Messages checked: 3\n")
    assert res.stderr.splitlines() == [
        "tonecheck: error: data.csv: no column 'text' (columns: id, body); use --text-column",
        "tonecheck: error: missing.jsonl: no such file"]
