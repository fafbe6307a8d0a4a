"""`tonecheck fix` on e-mail: the HTML alternative, decoded diffs, untouched lines, undeclared koi8-r."""

import difflib
import email
import json
import quopri
from email import policy
from email.message import EmailMessage

import pytest
from click.testing import CliRunner

from tonecheck.cli.main import main
from tonecheck.inputs.mail import rewrite_html, russian_charset

BLAME = "Вы не указали номер договора в заявке."
FIXED = "Укажите, пожалуйста, номер договора в заявке."


def fix(*args):
    return CliRunner().invoke(main, ["fix", "--isolated", *args])


def parsed(path):
    return email.message_from_bytes(path.read_bytes(), policy=policy.default)


def alternative(plain: str, html: str, cte: str = "8bit") -> bytes:
    """A multipart/alternative mail as a mail client writes it."""
    msg = EmailMessage()
    msg["From"], msg["To"], msg["Subject"] = "Иван <ivan@example.ru>", "Анна Петрова <anna@example.ru>", "Заявка"
    msg.set_content(plain, cte=cte)
    msg.add_alternative(html, subtype="html", cte=cte)
    return msg.as_bytes()


# --- the HTML alternative -------------------------------------------------------------------

@pytest.mark.parametrize("cte", ["8bit", "quoted-printable", "base64"])
def test_fix_rewrites_the_html_alternative_too(tmp_path, cte):
    path = tmp_path / "mail.eml"
    original = alternative(f"Добрый день, Анна!\n\n{BLAME}\n",
                           f"<html><body><p>Добрый день, Анна!</p>\n<p>{BLAME}</p></body></html>\n", cte=cte)
    path.write_bytes(original)
    res = fix("--in-place", str(path))
    assert res.exit_code == 0, res.output
    msg = parsed(path)
    assert msg.get_body(("plain",)).get_content() == f"Добрый день, Анна!\n\n{FIXED}\n"
    assert msg.get_body(("html",)).get_content() == (
        f"<html><body><p>Добрый день, Анна!</p>\n<p>{FIXED}</p></body></html>\n")
    assert (tmp_path / "mail.eml.orig").read_bytes() == original
    assert res.stderr == f"fixed {path} (backup: {path}.orig)\n"


def test_only_the_rewritten_words_change_in_the_html(tmp_path):
    path = tmp_path / "mail.eml"
    html = f'<div style="color:#333">Добрый день, Анна!<br>\n{BLAME} A&amp;B&nbsp;— <b>важно</b>.</div>\n'
    path.write_bytes(alternative(f"Добрый день, Анна!\n{BLAME} A&B — важно.\n", html))
    assert fix("-i", "--no-backup", str(path)).exit_code == 0
    assert parsed(path).get_body(("html",)).get_content() == html.replace(BLAME, FIXED)


def test_a_rewrite_that_crosses_a_tag_in_the_html_is_refused(tmp_path):
    path = tmp_path / "mail.eml"
    original = alternative(f"Добрый день, Анна!\n\n{BLAME}\n", "<p>Добрый день, Анна!</p><p>Вы <b>не</b> указали номер "
                                                           "договора в заявке.</p>")
    path.write_bytes(original)
    res = fix("--in-place", str(path))
    assert res.exit_code == 2
    assert res.stderr == (f"tonecheck: error: {path}: the HTML part could not be rewritten like the text part; "
                          "nothing was written\n")
    assert path.read_bytes() == original and not (tmp_path / "mail.eml.orig").exists()


def test_html_rewrite_escapes_the_new_words_and_may_span_character_references():
    old = "Добрый день, Анна!\nВы не указали номер."
    new = "Добрый день, Анна!\nA & B <c> номер."
    assert rewrite_html("<p>Добрый день, Анна!</p><p>Вы&nbsp;не указали номер.</p>", old, new) == (
        "<p>Добрый день, Анна!</p><p>A &amp; B &lt;c&gt; номер.</p>")
    assert rewrite_html("<p>Добрый день, Анна!</p><p>Вы <b>не</b> указали номер.</p>", old,
                        "Добрый день, Анна!\nУкажите номер.") is None
    assert rewrite_html("<p>Добрый день, Анна!</p><p>Вы не указали <i>номер</i>.</p>", old,
                        "Добрый день, Анна!\nВы не указали номер!") == (
        "<p>Добрый день, Анна!</p><p>Вы не указали <i>номер</i>!</p>")
    assert rewrite_html("<p>Добрый день, Анна!</p><p>Вы не указали номер.</p>", old, "Здравствуйте! " + old) == (
        "<p>Здравствуйте! Добрый день, Анна!</p><p>Вы не указали номер.</p>")
    assert rewrite_html("<p><![foo[x]]>Вы не указали номер.</p>", old, new) is None  # html.parser gives up
    hidden = "<head><title>Вы не указали номер.</title></head>"  # not shown, so not the text's words
    assert rewrite_html(hidden + "<p>Вы не указали номер.</p>", "Вы не указали номер.", "Укажите номер.") == (
        hidden + "<p>Укажите номер.</p>")


# --- decoded diffs and untouched lines ------------------------------------------------------

QUOTED = ("> " + "Анна, пришлите, пожалуйста, номер договора и счёт к заявке, " * 3 + "конец строки.\n"
          + ">\n> " + "Second quoted line, long enough for any encoder to wrap it somewhere: " * 3 + "end.\n")
LONG = (f"Добрый день, Анна!\n\n{BLAME}\n\nС уважением,\nИван\n\n12.11.2026 10:15, Анна Петрова пишет:\n{QUOTED}")


def plain_mail(body: str, cte: str) -> bytes:
    msg = EmailMessage()
    msg["From"], msg["To"], msg["Subject"] = "Иван <ivan@example.ru>", "Анна Петрова <anna@example.ru>", "Заявка"
    msg.set_content(body, cte=cte)
    return msg.as_bytes()


@pytest.mark.parametrize("cte", ["quoted-printable", "base64"])
def test_diff_of_an_encoded_mail_shows_the_text_as_it_reads(tmp_path, cte):
    path = tmp_path / "mail.eml"
    path.write_bytes(plain_mail(LONG, cte))
    res = fix("--diff", str(path))
    assert res.exit_code == 0
    assert res.stdout == (f"--- {path}\n+++ {path}\n@@ -1,6 +1,6 @@\n Добрый день, Анна!\n \n-{BLAME}\n+{FIXED}\n \n"
                          " С уважением,\n Иван\n")


def changed_raw_lines(before: bytes, after: bytes) -> list[bytes]:
    """The lines of ``before`` that are not in ``after`` (in a line-by-line diff)."""
    a, b = before.splitlines(keepends=True), after.splitlines(keepends=True)
    ops = difflib.SequenceMatcher(None, a, b, autojunk=False).get_opcodes()
    return [line for tag, i1, i2, _, _ in ops if tag != "equal" for line in a[i1:i2]]


@pytest.mark.parametrize("cte", ["8bit", "quoted-printable", "base64"])
def test_lines_fix_did_not_change_stay_as_they_were(tmp_path, cte):
    path = tmp_path / "mail.eml"
    original = plain_mail(LONG, cte)
    path.write_bytes(original)
    assert fix("-i", str(path)).exit_code == 0
    fixed = path.read_bytes()
    body = parsed(path).get_body(("plain",)).get_content()
    assert body.splitlines() == LONG.replace(BLAME, FIXED).splitlines()
    if cte != "base64":  # base64 has no lines of its own: there the decoded lines are what stays
        changed = b"".join(changed_raw_lines(original, fixed))  # the encoded lines of the rewritten one
        decoded = quopri.decodestring(changed) if cte == "quoted-printable" else changed
        assert decoded.decode("utf-8") == BLAME + "\n"
    assert fixed.split(b"\n\n", 1)[0] == original.split(b"\n\n", 1)[0]


# --- text in koi8-r without a declared charset ----------------------------------------------

DRAFT = f"Добрый день, Анна!\n\n{BLAME} Остальное в заявке в порядке.\n"
SHOUT = "Добрый день, Анна!\n\nСРОЧНО ПРИШЛИТЕ СЧЁТ ДО ПЯТНИЦЫ.\n"


def rules(path) -> list[str]:
    res = CliRunner().invoke(main, ["--isolated", "--format", "json", str(path)])
    assert res.exit_code in (0, 1), res.output
    return [f["rule"] for f in json.loads(res.stdout)["files"][0]["findings"]]


def undeclared_mail(body: bytes) -> bytes:
    """A mail whose text part says nothing of its charset, as old mailers send it."""
    return (b"From: Ivan <ivan@example.ru>\nTo: Anna Petrova <anna@example.ru>\nSubject: x\nMIME-Version: 1.0\n"
            b"Content-Type: text/plain\nContent-Transfer-Encoding: 8bit\n\n" + body)


@pytest.mark.parametrize("charset", ["koi8-r", "cp1251", "utf-8"])
def test_an_undeclared_russian_draft_is_read_in_its_charset(tmp_path, charset):
    path = tmp_path / "draft.txt"
    path.write_bytes(DRAFT.encode(charset))
    assert rules(path) == ["blame.not-done"]  # read as cp1251, koi8-r was all capitals: tone.shouting
    path.write_bytes(SHOUT.encode(charset))
    assert rules(path) == ["tone.shouting"]  # real capitals still are


def test_fix_writes_a_koi8r_draft_back_in_koi8r(tmp_path):
    path = tmp_path / "draft.txt"
    path.write_bytes(DRAFT.encode("koi8-r"))
    assert fix("-i", str(path)).exit_code == 0
    assert path.read_bytes() == DRAFT.replace(BLAME, FIXED).encode("koi8-r")
    assert (tmp_path / "draft.txt.orig").read_bytes() == DRAFT.encode("koi8-r")


def test_a_mail_part_without_charset_in_koi8r_is_checked_and_fixed_in_koi8r(tmp_path):
    path = tmp_path / "mail.eml"
    original = undeclared_mail(DRAFT.encode("koi8-r"))
    path.write_bytes(original)
    assert rules(path) == ["blame.not-done"]
    assert fix("-i", str(path)).exit_code == 0
    assert path.read_bytes() == undeclared_mail(DRAFT.replace(BLAME, FIXED).encode("koi8-r"))


@pytest.mark.parametrize("text", [DRAFT, SHOUT, "Счёт №45 — «срочно».", "Отчёт получил, спасибо!", "Да, ЖДУ."])
@pytest.mark.parametrize("charset", ["cp1251", "koi8-r"])
def test_russian_charset_tells_cp1251_from_koi8r(text, charset):
    koi8_has_none = str.maketrans({"«": '"', "»": '"', "№": "N", "—": "-"})
    data = (text if charset == "cp1251" else text.translate(koi8_has_none)).encode(charset)
    assert russian_charset(data) == charset
    assert russian_charset("Café, déjà vu à Paris.".encode("cp1252")) is None  # not Russian in either


def test_a_file_that_cannot_be_written_is_one_error_line_and_stays_as_it_was(tmp_path, monkeypatch):
    """fix --in-place on a read-only file system: one line naming the file, exit 2, the file and
    its backup as they were, and the next file still fixed."""
    import errno
    from pathlib import Path

    from click.testing import CliRunner

    from tonecheck.cli.main import main

    stuck, fine = tmp_path / "stuck.txt", tmp_path / "fine.txt"
    for draft in (stuck, fine):
        draft.write_text("Вы опять не приложили счёт.", encoding="utf-8")
    opened = Path.open

    def read_only(path, mode="r", *args, **kwargs):
        if path == stuck and any(c in mode for c in "wa+"):
            raise OSError(errno.EROFS, "Read-only file system")
        return opened(path, mode, *args, **kwargs)

    monkeypatch.setattr(Path, "open", read_only)
    res = CliRunner().invoke(main, ["fix", "--isolated", "--in-place", str(stuck), str(fine)])
    assert res.exit_code == 2
    assert f"tonecheck: error: {stuck}: cannot write: Read-only file system\n" in res.stderr
    assert stuck.read_text(encoding="utf-8") == "Вы опять не приложили счёт."
    assert fine.read_text(encoding="utf-8") != "Вы опять не приложили счёт."
