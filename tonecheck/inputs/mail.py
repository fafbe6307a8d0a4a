"""E-mail input: .eml and .mbox through the standard ``email`` package (policy=default).

The text/plain part is preferred; a text/html part is turned into text with BeautifulSoup, after
removing the quoted reply and signature blocks mail clients mark in HTML (Gmail's gmail_quote,
Thunderbird's cite blockquote and moz-signature, Outlook's divRplyFwdMsg). The declared charset
and transfer encoding are decoded by the email package. When the body sits in the file as it is
(7bit/8bit), findings get the file's own line numbers.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from tonecheck.inputs.messages import Message, quoted_sender

if TYPE_CHECKING:
    from email.message import EmailMessage

# The email package is imported where mail is parsed: a plain-text draft never pays for it.

PLAIN_ENCODINGS = ("7bit", "8bit", "binary")
_HTML_QUOTES = [
    {"class_": "gmail_quote"}, {"class_": "gmail_signature"}, {"class_": "moz-cite-prefix"},
    {"class_": "moz-signature"}, {"id": "divRplyFwdMsg"}, {"id": "appendonsend"},
    {"class_": "yahoo_quoted"}, {"id": "Signature"},
]
_BLOCKS = ("p", "div", "li", "tr", "h1", "h2", "h3", "h4", "h5", "h6", "table", "ul", "ol", "pre")


class MailError(ValueError):
    """A message that cannot be read as mail; str() is the reason."""


def looks_like_mail(data: bytes) -> bool:
    """Whether bytes start with RFC 822 headers (for standard input and the hook)."""
    head = data[:4096].replace(b"\r\n", b"\n").split(b"\n\n", 1)[0].lower()
    lines = head.split(b"\n")
    known = (b"from:", b"to:", b"subject:", b"date:", b"message-id:", b"mime-version:", b"content-type:")
    return len(head) < 4096 and sum(line.startswith(known) for line in lines) >= 2


def parse_bytes(data: bytes, name: str) -> Message:
    """One RFC 822 message -> the Message to check (body text, addressee, file positions)."""
    import email
    from email import policy

    msg = email.message_from_bytes(data, policy=policy.default)
    if msg.defects and not msg.keys():
        raise MailError(f"not an e-mail message ({type(msg.defects[0]).__name__})")
    part = msg.get_body(preferencelist=("plain", "html"))
    if part is None:
        raise MailError("no text/plain or text/html part to check")
    try:
        content = part.get_content()
    except (LookupError, UnicodeError) as exc:
        raise MailError(f"cannot decode the {part.get_content_type()} part ({exc})") from None
    if not isinstance(content, str):
        raise MailError(f"the {part.get_content_type()} part is not text")
    html = part.get_content_type() == "text/html"
    quoted = ""
    if html:
        text, quoted = html_to_text(content)
    else:
        text = content.replace("\r\n", "\n")
    offset, exact = (0, False) if html else _body_position(data, part)
    addressee = _addressee(msg) or (quoted_sender(quoted) if quoted else None)
    message = Message(name=name, text=text, addressee=addressee, line_offset=offset, exact=exact, mail=True,
                      quote=quoted or None)
    if html:
        message.notes.append("HTML body: positions refer to its text")
    return message


def html_to_text(html: str) -> tuple[str, str]:
    """Visible text of an HTML body (one line per block) and the text of the quote blocks removed."""
    from bs4 import BeautifulSoup

    soup = BeautifulSoup(html, "html.parser")
    for tag in soup(["script", "style", "head", "title"]):
        tag.decompose()
    for br in soup.find_all("br"):
        br.replace_with("\n")
    for tag in soup.find_all(_BLOCKS):
        tag.append("\n")
    removed = []
    for tag in [t for attrs in _HTML_QUOTES for t in soup.find_all(True, **attrs)] + soup.find_all(
            "blockquote", attrs={"type": "cite"}):
        if not tag.decomposed:
            removed.append(tag.get_text())
            tag.decompose()
    return _tidy(soup.get_text()), "\n".join(removed)


def _tidy(text: str) -> str:
    lines = [" ".join(line.split()) for line in text.splitlines()]
    text = "\n".join(lines)
    while "\n\n\n" in text:
        text = text.replace("\n\n\n", "\n\n")
    return text.strip() + "\n"


def _addressee(msg: EmailMessage) -> str | None:
    """The display name of the one person in To:, if there is exactly one."""
    header = msg.get("To")
    try:
        addresses = header.addresses if header is not None else ()
    except (AttributeError, IndexError, ValueError):
        return None
    if len(addresses) != 1:
        return None
    return addresses[0].display_name or None


def _body_position(data: bytes, part: EmailMessage) -> tuple[int, bool]:
    """Lines before the part's body in the file, when its text sits there unencoded."""
    cte = (part.get("Content-Transfer-Encoding") or "7bit").strip().lower()
    if cte not in PLAIN_ENCODINGS:
        return 0, False
    raw = part.get_payload(decode=True) or b""
    head = raw[:200]
    pos = data.find(head) if head else -1
    if pos < 0:
        return 0, False
    return data.count(b"\n", 0, pos), True


def replace_body(data: bytes, new_text: str) -> bytes:
    """The same message with only its checked text part replaced by ``new_text``.

    Headers, other parts and MIME boundaries are written back as they were; the part keeps its
    charset and transfer encoding. HTML bodies are not rewritten (their text is a rendering).
    """
    import base64
    import email
    import quopri
    from email import policy
    from email.generator import BytesGenerator
    from io import BytesIO

    crlf = b"\r\n" in data[:2048]
    pol = policy.default.clone(refold_source="none", linesep="\r\n" if crlf else "\n")
    msg = email.message_from_bytes(data, policy=pol)
    part = msg.get_body(preferencelist=("plain", "html"))
    if part is None or part.get_content_type() != "text/plain":
        raise MailError("only text/plain bodies can be rewritten")
    charset = part.get_content_charset() or "us-ascii"
    cte = (part.get("Content-Transfer-Encoding") or "7bit").strip().lower()
    try:
        raw = new_text.replace("\r\n", "\n").replace("\n", "\r\n" if crlf else "\n").encode(charset)
    except (LookupError, UnicodeEncodeError) as exc:
        raise MailError(f"the rewrite cannot be encoded in the part's charset {charset} ({exc})") from None
    if cte == "base64":
        payload = base64.encodebytes(raw).decode("ascii")
    elif cte == "quoted-printable":
        payload = quopri.encodestring(raw).decode("ascii")
    elif cte in PLAIN_ENCODINGS:
        payload = raw.decode("ascii", "surrogateescape")
    else:
        raise MailError(f"unknown transfer encoding {cte!r}")
    part.set_payload(payload)
    out = BytesIO()
    BytesGenerator(out, mangle_from_=False, policy=pol).flatten(msg)
    return out.getvalue()
