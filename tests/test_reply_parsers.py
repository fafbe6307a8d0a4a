"""Other reply parsers' test suites: does tonecheck check exactly the reply their tests state?

tests/fixtures/reply-parsers/<project>/cases.yaml lists each message (copied from the project's
tests or fixtures, see NOTICE) with the reply its test expects. A message is read as tonecheck
reads it (a plain text, an .eml, or an HTML body in a mail) and the text it would check, the new
parts with the quotes between them blanked, is compared with that reply, white space
normalised. A difference in a sign-off or signature ("Regards, Roman", "-- \\nJohn", "Sent from
my iPhone") counts as equal: parsers disagree on where a signature starts, and it holds no tone.

Goals: equal in 95 % of the messages or more; in 2 % or fewer tonecheck loses a line of the
reply or checks a line of someone else's message. The rates are printed after the run.
"""

from __future__ import annotations

import re
from collections import Counter
from email.message import EmailMessage
from functools import cache
from pathlib import Path

import yaml

from tonecheck.inputs.mail import parse_bytes
from tonecheck.inputs.messages import Message, strip

ROOT = Path(__file__).parent / "fixtures" / "reply-parsers"
PROJECTS = ("talon", "email_reply_parser", "zapier", "quotequail")

# A line that closes a message rather than says something: a sign-off, a signature delimiter, a
# client's "Sent from", a phone number; the lines after it go with it.
CLOSING = re.compile(r"(?:--(?!-)|-[A-Z]\w*(?:\s[A-Z]\w*)?$|(?:thanks|thank you|many thanks|regards|kind regards|best"
                     r"|cheers|sincerely|с уважением|спасибо)\b[\w\s]{0,20}[,.!]?$|sent (?:from|with)\b"
                     r"|\+?\d[\d\s().-]{7,}\d$)", re.IGNORECASE)


def cases() -> list[tuple[str, dict]]:
    return [(project, case) for project in PROJECTS
            for case in yaml.safe_load((ROOT / project / "cases.yaml").read_text(encoding="utf-8"))]


def checked_text(project: str, case: dict) -> str:
    """The text tonecheck checks in the case's message."""
    data = (ROOT / project / case["file"]).read_bytes() if "file" in case else case["text"].encode("utf-8")
    if case["format"] == "eml":
        message = parse_bytes(data, case["name"])
    elif case["format"] == "html":
        message = parse_bytes(html_mail(data.decode("utf-8")), case["name"])
    else:
        message = Message(case["name"], data.decode("utf-8"))
    return strip(message).new_text


def html_mail(html: str) -> bytes:
    """An e-mail whose only body is the HTML, as a mail client sends it."""
    mail = EmailMessage()
    mail["From"], mail["To"], mail["Subject"] = "a@example.com", "b@example.com", "Re: test"
    mail.set_content(html, subtype="html")
    return bytes(mail)


def flat(text: str) -> str:
    return " ".join(text.split())


def unsigned(text: str) -> str:
    """The text before its first closing line, white space normalised."""
    kept = []
    for line in text.splitlines():
        if CLOSING.match(line.strip()):
            break
        kept.append(line)
    return flat("\n".join(kept))


def compare(expected: str, got: str) -> str:
    """"equal" (but for a sign-off or signature); else "lost" when a line of the reply (three
    words or more) is not checked, "quoted" when such a line that is not the reply is, both, or
    "differs" (a few words apart)."""
    want, have = flat(expected), flat(got)
    if want == have or unsigned(expected) == unsigned(got):
        return "equal"
    missing = [flat(line) for line in expected.splitlines() if flat(line) and flat(line) not in have]
    extra = [flat(line) for line in got.splitlines() if flat(line) and flat(line) not in want]
    lost = any(len(line.split()) >= 3 for line in missing) or bool(want and not have)
    quoted = any(len(line.split()) >= 3 for line in extra)
    return "+".join(kind for kind, found in (("lost", lost), ("quoted", quoted)) if found) or "differs"


@cache
def verdicts() -> tuple[tuple[str, str, str, str], ...]:
    """(project, case, verdict, verdict against the project's own reply) for every case. The
    verdict compares what tonecheck checks with the reply it means to check: the project's,
    or ``tonecheck`` where it reads a message differently on purpose (``policy`` says why)."""
    found = []
    for project, case in cases():
        got = checked_text(project, case)
        own = compare(case["reply"], got)
        found.append((project, case["name"], compare(case["tonecheck"], got) if "tonecheck" in case else own, own))
    return tuple(found)


class Summary:
    """Prints the agreement per project, and the cases that differ, after the run."""

    def __init__(self, found):
        self.found = found

    def pytest_terminal_summary(self, terminalreporter):
        write, found = terminalreporter.write_line, self.found
        equal = Counter(project for project, _, verdict, _ in found if verdict == "equal")
        total = Counter(project for project, *_ in found)
        write("reply parsers' fixtures where tonecheck checks the reply: "
              + ", ".join(f"{p} {equal[p]}/{total[p]}" for p in PROJECTS)
              + f"; all {sum(equal.values())}/{len(found)}"
              + f" ({sum(own == 'equal' for *_, own in found)} by the projects' own replies)")
        for project, name, verdict, _ in found:
            if verdict != "equal":
                write(f"  {verdict}: {project} {name}")


def test_every_fixture_is_read():
    """Each project gives cases, and each case's message is read without an error."""
    assert {project for project, _ in cases()} == set(PROJECTS)
    assert all(name for _, name, *_ in verdicts())


def test_agreement_with_the_reply_parsers_meets_the_goal(request):
    """Equal in 95 % of the messages or more; a line lost or quoted text checked in 2 % or fewer."""
    found = verdicts()
    request.config.pluginmanager.register(Summary(found), "reply-parsers-summary")
    equal = sum(v == "equal" for _, _, v, _ in found) / len(found)
    wrong = sum(v not in ("equal", "differs") for _, _, v, _ in found) / len(found)
    assert equal >= 0.95, f"equal in {equal:.1%}"
    assert wrong <= 0.02, f"lost or quoted text in {wrong:.1%}"
