"""Reading what the user asked to check: files, folders, standard input.

Every failure becomes an InputError with one line naming the input, so the command can report
it, carry on with the other inputs, and exit 2 at the end. Text is never modified here.
"""

from __future__ import annotations

import sys
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from tonecheck.runtime import heap

TEXT_SUFFIXES = (".txt", ".md", ".text")
MAIL_SUFFIXES = (".eml", ".mbox")


class InputError(Exception):
    """An input that cannot be checked; str() is the one line "name: reason"."""

    def __init__(self, name: str, reason: str):
        super().__init__(f"{name}: {reason}")
        self.name, self.reason = name, reason


@dataclass(frozen=True)
class Source:
    name: str      # what the user typed ("-" shown as "<stdin>")
    path: Path | None
    data: bytes | None = None   # bytes already read (standard input can be read only once)


def expand(names: list[str], recursive: bool) -> list[Source | InputError]:
    """Turn command-line names into sources; a folder needs --recursive (then *.txt, *.md)."""
    out: list[Source | InputError] = []
    for name in names:
        if name == "-":
            out.append(Source("<stdin>", None))
            continue
        path = Path(name)
        if path.is_dir():
            if not recursive:
                out.append(InputError(name, "is a directory (use --recursive to check the messages in it)"))
                continue
            suffixes = TEXT_SUFFIXES + MAIL_SUFFIXES
            files = sorted(p for p in path.rglob("*") if p.is_file() and p.name.lower().endswith(suffixes))
            if not files:
                out.append(InputError(name, "no message files (*.txt, *.md, *.eml, *.mbox) in this directory"))
            out.extend(Source(str(p), p) for p in files)
        else:
            out.append(Source(name, path))
    return out


def decode(data: bytes, name: str) -> str:
    """Bytes to text: UTF-8 (with or without BOM), else cp1251 or koi8-r, whichever reads as Russian."""
    return data.decode(encoding_of(data, name))


SURE_MARGIN = 5.0   # how much better (in nats) one Cyrillic reading must be for a file to be rewritten


def encoding_of(data: bytes, name: str, sure: bool = False) -> str:
    """The encoding a text file is read (and written back) in: utf-8-sig, utf-8, cp1251 or koi8-r.

    Russian mail and Excel exports still arrive in cp1251, old Unix mail in koi8-r. Any byte
    string decodes in both, so the one whose letters read as Russian is taken (koi8-r read as
    cp1251 comes out in capitals: a false "shouting"), and neither unless most letters are Cyrillic.
    ``sure`` (for writing back): an InputError unless one reading is clearly the better, since a
    rewrite encoded in the wrong one of the two is garbage in the file.
    """
    from tonecheck.inputs.mail import russian_charset  # the same guess as for a mail part without a charset

    if b"\x00" in data:
        raise InputError(name, "looks like a binary file, not a text message")
    try:
        data.decode("utf-8")
        return "utf-8-sig" if data.startswith(b"\xef\xbb\xbf") else "utf-8"
    except UnicodeDecodeError as exc:
        utf8_error = exc
    charset = russian_charset(data)
    if charset is None:
        raise InputError(name, f"not valid UTF-8 (byte {utf8_error.start}) and not Russian cp1251 or koi8-r text")
    if sure and russian_charset(data, SURE_MARGIN) is None:
        raise InputError(name, "reads as Russian in both cp1251 and koi8-r; not rewritten (save it as UTF-8)")
    return charset


def load(source: Source, strip: bool = True) -> list:
    """The Messages in one source (an .mbox holds many), or InputErrors naming what failed.

    E-mail (.eml, .mbox, or headers on standard input) is parsed with the email package; other
    files are text drafts. With ``strip``, quoted replies and the signature are cut off. The
    garbage collector runs meanwhile even in a paused start (parsed mail leaves cycles).
    """
    return list(messages(source, strip))


def messages(source: Source, strip: bool = True) -> Iterator:
    """What ``load`` gives, one at a time: an .mbox's messages are each read when asked for, so
    a caller that checks and reports each before the next holds one message, not the mailbox.
    A source that cannot be read at all raises InputError before anything is given. The
    collector runs while each message is read (``heap.collecting``), not while it is checked."""
    if source.path is not None and source.path.suffix.lower() == ".mbox":
        yield from _mbox(source, strip)
        return
    with heap.collecting():
        message = _one(source, strip)
    yield message


def _one(source: Source, strip: bool):
    from tonecheck.inputs import mail
    from tonecheck.inputs.messages import Message
    from tonecheck.inputs.messages import strip as strip_message

    data = read_bytes(source)
    is_mail = (source.path is not None and source.path.suffix.lower() == ".eml") or (
        (source.path is None or source.path.suffix.lower() not in TEXT_SUFFIXES) and mail.looks_like_mail(data))
    if is_mail:
        try:
            message = mail.parse_bytes(data, source.name)
        except mail.MailError as exc:
            raise InputError(source.name, str(exc)) from None
    else:
        message = Message(source.name, decode(data, source.name))
    message.source = source.path
    return strip_message(message) if strip else message


def _mbox(source: Source, strip: bool) -> Iterator:
    import mailbox

    try:
        with heap.collecting():
            box = mailbox.mbox(str(source.path), create=False)
            keys = box.keys()  # the offsets of its messages, found in one pass
    except FileNotFoundError:
        raise InputError(source.name, "no such file") from None
    except (OSError, mailbox.Error) as exc:
        raise InputError(source.name, f"cannot read mailbox ({exc})") from None
    if not keys:
        box.close()
        raise InputError(source.name, "mailbox holds no messages")
    try:
        for i, key in enumerate(keys, 1):
            with heap.collecting():
                message = _mbox_message(box, key, f"{source.name}#{i}", source.path, strip)
            yield message
    finally:
        box.close()


def _mbox_message(box, key, name: str, path: Path, strip: bool):
    """One message of a mailbox, or the InputError naming it (``box.mbox#3``)."""
    from tonecheck.inputs import mail
    from tonecheck.inputs.messages import strip as strip_message

    try:
        message = mail.parse_bytes(box.get_bytes(key), name)
    except mail.MailError as exc:
        return InputError(name, str(exc))
    message.source = path
    return strip_message(message) if strip else message


def read_bytes(source: Source) -> bytes:
    """The raw bytes of one source, or InputError naming it."""
    if source.data is not None:
        return source.data
    try:
        data = sys.stdin.buffer.read() if source.path is None else source.path.read_bytes()
    except FileNotFoundError:
        raise InputError(source.name, "no such file") from None
    except IsADirectoryError:
        raise InputError(source.name, "is a directory (use --recursive)") from None
    except PermissionError:
        raise InputError(source.name, "permission denied") from None
    except OSError as exc:
        raise InputError(source.name, f"cannot read ({exc.strerror or exc})") from None
    return data
