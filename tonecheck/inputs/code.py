"""Code in a message: Markdown fences and inline code spans, which hold logs, commands, error
texts and identifiers — pasted words, not the sender's (a pip log's "Complete output" is no
order, an error's "Проверьте имя" no request)."""

from __future__ import annotations

import re

# a ``` or ~~~ fence at the start of a line, to its closing fence (or the end of the text)
_FENCE = re.compile(r"(?m)^[ \t]{0,3}(`{3,}|~{3,})[^\n]*\n(?:.*\n)*?(?:[ \t]{0,3}\1[ \t]*(?:\n|\Z)|\Z)")
# `inline code` within one line
_INLINE = re.compile(r"(?<!`)`[^`\n]{1,200}`(?!`)")


def code_ranges(text: str, start: int = 0, end: int | None = None) -> list[tuple[int, int]]:
    """The (start, end) character ranges of fenced blocks and inline code spans in text[start:end]."""
    end = len(text) if end is None else end
    if "`" not in text[start:end] and "~~~" not in text[start:end]:
        return []
    fences = [(m.start(), m.end()) for m in _FENCE.finditer(text, start, end)]
    inline = [(m.start(), m.end()) for m in _INLINE.finditer(text, start, end)
              if not any(a <= m.start() < b for a, b in fences)]
    return sorted(fences + inline)
