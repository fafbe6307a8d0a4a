"""tonecheck on real mail nobody here wrote: how often it speaks, and whether it reads the right text.

    python eval/mail.py DIR [--part dev|test|all] [--findings OUT.jsonl]

DIR holds .eml files (the Enron sample: ../shared/data/enron-mail-en); eval/enron-split.txt
names the dev part (tuned and judged on) and the test part (scored once). Each mail is read as
the command line reads it (quotes, forwards and signature set apart) and checked with default
settings. Printed:

  mails with a finding, and with a finding outside the greeting family (a linter that speaks
  on most real mail is switched off);
  mails whose checked text still holds a forwarded or quoted header line (From:/Sent:/To:,
  "-----Original Message-----", "Forwarded by", "… wrote:", Lotus "Name@ORG" blocks): other
  people's words read as the sender's;
  findings per rule.

``--findings`` writes every finding with its mail and sentence, for judging (docs/judging.md).
"""

from __future__ import annotations

import argparse
import hashlib
import json
import re
import sys
from collections import Counter
from pathlib import Path

from tonecheck.cli.session import Session
from tonecheck.inputs.messages import Message, strip
from tonecheck.inputs.sources import InputError, Source, load

ROOT = Path(__file__).resolve().parent.parent
HEADER_LINE = re.compile(
    r"(?im)^[ \t>]*(?:-{2,}\s*(?:Original Message|Forwarded by|Forwarded message|Пересылаемое сообщение"
    r"|Исходное сообщение)"
    r"|(?:From|Sent|To|Subject|Cc|От|Отправлено|Кому|Тема)[ \t]*:[ \t]*\S.*$(?=\n[ \t>]*(?:From|Sent|To|Subject|Cc|Date"
    r"|От|Отправлено|Кому|Тема|Дата)[ \t]*:)"
    r"|.{1,80}\bwrote:[ \t]*$"
    r"|[\w .'-]{2,40}@[A-Z][\w-]*(?:/[\w-]+)*[ \t]*$\n[ \t]*\d{1,2}/\d{1,2}/\d{2,4} \d{1,2}:\d\d)")


def in_part(name: str, part: str) -> bool:
    """The dev/test split of a JSON-lines set: by the parity of sha1(id)."""
    even = int(hashlib.sha1(name.encode("utf-8")).hexdigest(), 16) % 2 == 0
    return part == "all" or (part == "dev") == even


def jsonl_messages(path: Path, part: str, context: bool = True) -> list:
    """(name, Message) for the messages of a JSON-lines set in the part, stripped as the CLI does.

    A tracker comment is checked as a ticket tool's pre-send hook would pass it: with the turn
    just before it in its thread as the message it answers (``previous``, in the record or in
    ``context.jsonl`` next to the set), or as going on with an exchange when its author wrote in
    the thread before (``author_wrote_before``: the service's ``reply``), and a pull request's
    description or an issue its repository's owner opened as a record (the service's ``record``),
    and any other issue's description as opening a ticket (the service's ``ticket``).
    ``context=False`` checks every text on its own."""
    turns = _thread_context(path.with_name("context.jsonl")) if context else {}
    out = []
    for line in path.read_text(encoding="utf-8").splitlines():
        if line.strip():
            item = json.loads(line)
            if in_part(item["id"], part):
                where = {**turns.get(item["id"], {}), **item} if context else {}
                # a comment by someone already in the thread goes on with their exchange
                going_on = bool(where.get("author_wrote_before"))
                # a pull request's description records a change, and an issue the tracker's owner
                # opens in their own tracker is a task note: a ticket tool knows both
                record = where.get("role") == "description" and (
                    item.get("kind") == "developer thread" or _own_tracker(item["id"]))
                # any other issue's description opens a ticket: a report that asks nobody is a record
                ticket = where.get("role") == "description" and not record
                # a tracker item whose place in the thread was not found is a description or a
                # comment: read as a comment, the reading of the two that exempts the least
                comment = where.get("role") == "comment" or (
                    where.get("role") in (None, "unknown") and item["id"].startswith("gh:") and context)
                message = Message(item["id"], item["text"], quote=None if going_on else where.get("previous") or None,
                                  reply=going_on, record=record, ticket=ticket, comment=comment)
                out.append((item["id"], strip(message)))
    return out


def _own_tracker(name: str) -> bool:
    """Whether the message's author owns the repository ("gh:anna/tool#3:anna:2024-01-02")."""
    owner, _, rest = name.removeprefix("gh:").partition("/")
    return rest.count(":") >= 2 and rest.split(":")[1].lower() == owner.lower()


def _thread_context(path: Path) -> dict[str, dict]:
    """id -> where the message stands in its thread (the turn before it, whether its author
    wrote there before), from a context file next to the set (if there is one)."""
    if not path.exists():
        return {}
    rows = (json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip())
    return {row["id"]: row for row in rows}


def mail_messages(folder: Path, part: str) -> tuple[list, int]:
    """(name, Message) for the .eml files of the part, read as the CLI reads them; and how many
    could not be read."""
    wanted = split_names(part)
    out, unreadable = [], 0
    for path in sorted(p for p in folder.glob("*.eml") if wanted is None or p.name in wanted):
        try:
            (message,) = load(Source(str(path), path))
        except (InputError, ValueError):
            unreadable += 1
            continue
        out.append((path.name, message))
    return out, unreadable


def split_names(part: str) -> set[str] | None:
    """The mail file names of a part of eval/enron-split.txt (None: every mail)."""
    if part == "all":
        return None
    lines = (ROOT / "eval" / "enron-split.txt").read_text(encoding="utf-8").splitlines()
    return {line.split()[1] for line in lines if line and not line.startswith("#") and line.split()[0] == part}


def sentence_of(text: str, start: int, end: int) -> str:
    """The line(s) around a finding, for a judge to read it in context."""
    left = text.rfind("\n\n", 0, start)
    right = text.find("\n\n", end)
    return text[left + 1 if left >= 0 else 0: right if right >= 0 else len(text)].strip()[:600]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("source", type=Path, help="a folder of .eml files, or a .jsonl file of messages")
    parser.add_argument("--part", choices=("dev", "test", "all"), default="dev")
    parser.add_argument("--findings", type=Path, help="write every finding here (JSON lines), for judging")
    parser.add_argument("--no-context", action="store_true",
                        help="JSON lines: check each text alone, without the turn before it in its thread")
    args = parser.parse_args()
    if args.source.is_dir():
        messages, unreadable = mail_messages(args.source, args.part)
    else:
        messages, unreadable = jsonl_messages(args.source, args.part, not args.no_context), 0
    session = Session({"language": None, "formality": None, "select": None, "ignore": None, "fail-on": None},
                      isolated=True)
    rules, spoke, beyond_greeting, headers = Counter(), 0, 0, []
    out = args.findings.open("w", encoding="utf-8") if args.findings else None
    for name, message in messages:
        ((result, _),) = session.check([message])
        checked = message.new_text
        if HEADER_LINE.search(checked):
            headers.append(name)
        spoke += bool(result.findings)
        beyond_greeting += any(f.family != "greeting" for f in result.findings)
        for f in result.findings:
            rules[f.rule] += 1
            if out:
                out.write(json.dumps({"mail": name, "rule": f.rule, "severity": f.severity, "text": f.text,
                                      "suggestion": f.suggestion, "message": f.message,
                                      "context": sentence_of(message.text, f.start, f.end),
                                      "checked": checked.strip()[:2000], "to": message.addressee,
                                      "quoted": (message.quote or "")[:2000] or None},
                                     ensure_ascii=False) + "\n")
    if out:
        out.close()
    n = len(messages)
    print(f"mails: {n} ({args.part}){f', {unreadable} unreadable' if unreadable else ''}")
    print(f"with a finding: {spoke} ({spoke / n:.1%})")
    print(f"with a finding outside greeting: {beyond_greeting} ({beyond_greeting / n:.1%})")
    print(f"checked text holds a forwarded/quoted header line: {len(headers)} ({len(headers) / n:.1%})")
    print("findings per rule: " + ", ".join(f"{rule} {count}" for rule, count in rules.most_common()))
    return 0


if __name__ == "__main__":
    sys.exit(main())
