"""Compare quote/signature strippers on tonecheck's mail fixtures (plain-text bodies).

    pip install -e '.[bench]' && python bench/quote_libraries.py

For each library, counts the fixtures whose new part (the text before the signature and the
quoted reply) comes out exactly as the hand-written expectation, Russian and English apart.
"""

from __future__ import annotations

import sys
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parent.parent
FIXTURES = ROOT / "tests" / "fixtures" / "mail"


def stock_mail_parser_reply(text: str) -> str:
    from mailparser_reply import EmailReplyParser

    return EmailReplyParser(languages=["en"]).read(text).replies[0].body


def quotequail_(text: str) -> str:
    import quotequail

    shown = []
    for show, chunk in quotequail.quote(text):
        if not show:
            break
        shown.append(chunk)
    return "".join(shown)


def email_reply_parser(text: str) -> str:
    from email_reply_parser import EmailReplyParser

    return EmailReplyParser.parse_reply(text)


def tonecheck_(text: str) -> str:
    from tonecheck.inputs.quotes import new_part

    return text[: new_part(text).end]


QUOTED = {"ru": "Где счёт к заявке?", "en": "Where is the invoice?"}  # a line of every quoted message

LIBRARIES = {
    "mail-parser-reply (as shipped)": stock_mail_parser_reply,
    "quotequail": quotequail_,
    "email-reply-parser": email_reply_parser,
    "tonecheck (mail-parser-reply + ru/en profiles)": tonecheck_,
}


def main() -> int:
    from tonecheck.inputs.mail import parse_bytes

    expected = yaml.safe_load((FIXTURES / "expected.yaml").read_text(encoding="utf-8"))
    cases = [(name, e) for name, e in sorted(expected.items()) if not e.get("error") and not e.get("html")]
    print("| library | ru exact | en exact | quote left out (ru+en) |")
    print("|---|---:|---:|---:|")
    for label, strip in LIBRARIES.items():
        counts = {"ru": [0, 0], "en": [0, 0]}
        quote_cut = 0
        for name, e in cases:
            text = parse_bytes((FIXTURES / f"{name}.eml").read_bytes(), name).text
            lang = name[:2]
            counts[lang][1] += 1
            try:
                got = strip(text)
            except ImportError:
                counts[lang][0] = None
                continue
            except Exception:  # a library that crashes on a message counts as a miss
                got = None
            if counts[lang][0] is not None and got is not None and got.strip() == e["new"].strip():
                counts[lang][0] += 1
            if got is not None and QUOTED[lang] not in got:
                quote_cut += 1
        cells = [f"{c[0]}/{c[1]}" if c[0] is not None else "not installed" for c in counts.values()]
        print(f"| {label} | {cells[0]} | {cells[1]} | {quote_cut}/{len(cases)} |")
    return 0


if __name__ == "__main__":
    sys.exit(main())
