"""Pasted press text: where a mail stops being the sender's words and becomes a news clipping.

People paste articles and news digests into mail ("Today's news… Thanks - Jean", then twenty
articles with their datelines). Headlines in capitals, quotes of politicians and reporters'
phrasing are not the sender's voice, any more than a forwarded message is. A clipping starts
at the paragraph of its first press line:

  strong   "BYLINE:", "LENGTH: 803 words", "SECTION:", "Copyright 2001", "(c) 2001 …",
           "(C) Reuters Limited 2001", "All rights reserved", a wire dateline "SACRAMENTO (AP) -" /
           "SAN FRANCISCO, Feb 2 (Reuters) -"
  dateline a publication's name, a date and often the length: "Contra Costa Times, May 22,
           2001, Tuesday, …, 803 words", "The New York Times, 11/10/01", "Sac Bee, Fri, 5/4:"

One strong line, or two datelines, make a clipping; one dateline alone may be the sender
naming a source. Lines are read one at a time with anchored, linear patterns.
"""

from __future__ import annotations

import re

_MONTH = r"(?:jan|feb|mar|apr|may|jun|jul|aug|sep|sept|oct|nov|dec)[a-z]*\.?"
_DAY = r"(?:mon|tue|tues|wed|thu|thur|thurs|fri|sat|sun)[a-z]*\.?"
_STRONG = re.compile(
    r"^[ \t?]*(?:byline|section|length|dateline|load-date|publication-type)[ \t]*:"
    r"|(?:\bcopyright|\(c\))[ \t]+(?:\d{4}|©|(?-i:[A-Z][\w&.'-]*(?:[ \t]+[A-Z][\w&.'-]*){0,3})[ \t]+\d{4}\b)"
    r"|\ball rights reserved\b"
    r"|^[ \t?]*[A-Z][A-Za-z0-9 .,'-]{1,40}\((?:AP|Reuters|Bloomberg|Dow Jones|UPI|AFP)\)[ \t]*[-–—]",
    re.IGNORECASE | re.MULTILINE)
_DATELINE = re.compile(
    r"^[ \t?]*(?:the[ \t]+)?[A-Z][\w&.'-]*(?:[ \t]+[A-Z(][\w&.'()-]*){0,5}[ \t]*,[ \t]*"
    rf"(?:{_MONTH}[ \t]+\d{{1,2}},?[ \t]+\d{{4}}|{_DAY},?[ \t]+\d{{1,2}}/\d{{1,2}}|\d{{1,2}}/\d{{1,2}}/\d{{2,4}}"
    rf"|{_DAY},?[ \t]+{_MONTH}[ \t]+\d{{1,2}})",
    re.IGNORECASE | re.MULTILINE)


def clipping_start(text: str) -> int | None:
    """Where pasted press text begins (the start of its first paragraph), or None."""
    strong = _STRONG.search(text)
    datelines = [m.start() for m in _DATELINE.finditer(text)]
    starts = [strong.start()] if strong else []
    if len(datelines) >= 2:
        starts.append(datelines[0])
    if not starts:
        return None
    first = min(starts)
    paragraph = text.rfind("\n\n", 0, first)
    return 0 if paragraph < 0 else paragraph + 2
