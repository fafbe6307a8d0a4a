"""Hostile batch inputs: every record that cannot be read is counted and named with its line,
and the records around it are still checked (no row lost silently, no mojibake, no traceback)."""

import json

from click.testing import CliRunner

from tonecheck.batch.run import Columns, records
from tonecheck.cli.main import main

GOOD_RU = "Вы опять не приложили счёт."


def invoke(*args, input=None):
    return CliRunner().invoke(main, ["batch", "-q", "--isolated", "-j", "1", *args], input=input)


def jsonl_lines(n: int) -> list[bytes]:
    return [json.dumps({"id": i, "text": f"{GOOD_RU} Номер {i}."}, ensure_ascii=False).encode() + b"\n"
            for i in range(1, n + 1)]


def test_one_invalid_utf8_jsonl_line_costs_only_that_line(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    lines = jsonl_lines(100)
    lines[49] = '{"text": "Счёт"}\n'.encode("cp1251")  # line 50
    (tmp_path / "in.jsonl").write_bytes(b"".join(lines))
    res = invoke("in.jsonl")
    assert res.exit_code == 2
    assert res.stdout.startswith("Messages checked: 99, unreadable: 1\n")
    assert res.stderr == "tonecheck: error: in.jsonl:50: not valid UTF-8 (byte 10); not checked\n"


def test_lone_surrogate_and_deep_nesting_are_unreadable_records(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    lines = jsonl_lines(300)
    lines.insert(150, b'{"text": "bad \\ud800 text"}\n')      # line 151
    lines.append(b"[" * 100_000 + b"]" * 100_000 + b"\n")     # line 302
    (tmp_path / "in.jsonl").write_bytes(b"".join(lines))
    res = invoke("in.jsonl", "-o", "out.jsonl")
    assert res.exit_code == 2, res.output
    assert res.stdout.startswith("Messages checked: 300, unreadable: 2\n")
    assert res.stderr.splitlines() == [
        "tonecheck: error: in.jsonl:151: the text holds a lone surrogate (U+D800) at character 4, "
        "not Unicode text; not checked",
        "tonecheck: error: in.jsonl:302: nested too deep to read; not checked"]
    written = (tmp_path / "out.jsonl").read_text(encoding="utf-8").splitlines()
    assert len(written) == 302


def test_stdin_jsonl_reads_past_a_bad_line():
    data = b"".join([*jsonl_lines(2), b'{"text": "\xff"}\n', *jsonl_lines(1)])
    res = CliRunner().invoke(main, ["batch", "-q", "--isolated", "-j", "1", "-"], input=data)
    assert res.exit_code == 2
    assert res.stdout.startswith("Messages checked: 3, unreadable: 1\n")
    assert res.stderr == "tonecheck: error: <stdin>:3: not valid UTF-8 (byte 10); not checked\n"


def _csv_rows(n: int, start: int = 1) -> list[str]:
    return [f'{i},Автор,"{GOOD_RU} Номер {i}."\r\n' for i in range(start, start + n)]


def test_a_cp1251_row_after_64_kb_of_utf8_is_read_as_cp1251(tmp_path):
    rows = _csv_rows(1200)
    body = b"id,author,text\r\n" + "".join(rows).encode("utf-8")
    assert len(body) > 1 << 16
    late = "1201,Автор,Вы опять не приложили акт.\r\n".encode("cp1251")
    (tmp_path / "c.csv").write_bytes(body + late + "".join(_csv_rows(5, 1202)).encode("utf-8"))
    got = list(records([str(tmp_path / "c.csv")], Columns(id="id"), [], [], strip=False))
    assert len(got) == 1206 and all(r.error is None for r in got)
    assert got[1200].text == "Вы опять не приложили акт."
    assert got[-1].text == f"{GOOD_RU} Номер 1206."


def test_a_cp1251_row_among_utf8_rows_leaves_them_utf8(tmp_path):
    data = ("id,text\r\n1," + GOOD_RU + "\r\n").encode() + "2,Вы опять не приложили акт.\r\n".encode("cp1251") + \
        ("3," + GOOD_RU + "\r\n").encode()
    (tmp_path / "c.csv").write_bytes(data)
    got = [r.text for r in records([str(tmp_path / "c.csv")], Columns(), [], [], strip=False)]
    assert got == [GOOD_RU, "Вы опять не приложили акт.", GOOD_RU]


def test_an_undecodable_csv_row_is_named_with_its_line(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    (tmp_path / "c.csv").write_bytes(("id,text\n1," + GOOD_RU + "\n").encode() + b"2,\x81\x98\x81\x98 caf\xe9\n" +
                                     ("3," + GOOD_RU + "\n").encode())
    res = invoke("c.csv")
    assert res.exit_code == 2
    assert res.stdout.startswith("Messages checked: 2, unreadable: 1\n")
    assert res.stderr == ("tonecheck: error: c.csv:3: not valid UTF-8 and not Russian cp1251 or koi8-r text; "
                          "not checked\n")


def test_an_unclosed_quote_costs_one_row_not_the_rest(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    rows = _csv_rows(10)
    rows[3] = '4,Автор,"Нет.\r\n'  # line 5: the quote never closes
    (tmp_path / "c.csv").write_text("id,author,text\r\n" + "".join(rows), encoding="utf-8", newline="")
    res = invoke("c.csv", "--id-column", "id")
    assert res.exit_code == 2
    assert res.stdout.startswith("Messages checked: 9, unreadable: 1\n")
    assert res.stderr == "tonecheck: error: c.csv:5: unclosed quote or stray '\"' in this row; not checked\n"


def test_a_multiline_quoted_field_keeps_its_first_lines_number(tmp_path):
    (tmp_path / "c.csv").write_text('id,text\n1,"Нет.\nСовсем нет."\n2,"Ок"x\n3,Да\n', encoding="utf-8")
    got = [(r.id, r.error) for r in records([str(tmp_path / "c.csv")], Columns(), [], [], strip=False)]
    assert got == [(f"{tmp_path / 'c.csv'}:2", None),
                   (f"{tmp_path / 'c.csv'}:4", "unclosed quote or stray '\"' in this row"),
                   (f"{tmp_path / 'c.csv'}:5", None)]


def test_unreadable_records_exit_two_after_everything_is_written(tmp_path, monkeypatch):
    """2, not 0, but only once every readable record is checked and the summary, --output and
    --report name the unreadable one with its line; --allow-unreadable keeps 0 and says warning."""
    monkeypatch.chdir(tmp_path)
    lines = jsonl_lines(20)
    lines[6] = b'{"text": "\xff"}\n'  # line 7
    (tmp_path / "in.jsonl").write_bytes(b"".join(lines))
    res = invoke("in.jsonl", "-o", "out.jsonl", "--report", "r.html")
    assert res.exit_code == 2
    assert res.stdout.startswith("Messages checked: 19, unreadable: 1\n") and "in.jsonl:7" in res.stdout
    assert res.stderr == "tonecheck: error: in.jsonl:7: not valid UTF-8 (byte 10); not checked\n"
    written = [json.loads(line) for line in (tmp_path / "out.jsonl").read_text(encoding="utf-8").splitlines()]
    assert len(written) == 20 and [r["id"] for r in written if r.get("error")] == ["in.jsonl:7"]
    assert "in.jsonl:7" in (tmp_path / "r.html").read_text(encoding="utf-8")
    allowed = invoke("in.jsonl", "-o", "out.jsonl", "--report", "r.html", "--allow-unreadable")
    assert allowed.exit_code == 0 and allowed.stdout == res.stdout
    assert allowed.stderr == res.stderr.replace("error:", "warning:")
    assert invoke("in.jsonl", "missing.csv", "--allow-unreadable").exit_code == 2  # a whole input still counts


def test_batch_help_gives_the_exit_status_precedence():
    out = CliRunner().invoke(main, ["batch", "--help"]).stdout
    assert "Exit status, the first that applies:" in out and "--allow-unreadable" in out
    assert out.index("  128+N  ") < out.index("  2      usage") < out.index("  0      every record")
