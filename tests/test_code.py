"""Markdown code in a message is pasted text, not the sender's words: it is hidden from the rules
with its offsets kept."""

import pytest

from tonecheck.inputs.code import code_ranges
from tonecheck.inputs.messages import Message, strip

LOG = "Не ставится пакет.\n\n```\nComplete output from command python setup.py:\nERROR\n```\nЧто делать?"


def test_a_fence_and_inline_code_are_found_whole():
    text = LOG + " Замени `foo` на `bar`."
    ranges = code_ranges(text)
    assert [text[a:b] for a, b in ranges] == [
        "```\nComplete output from command python setup.py:\nERROR\n```\n", "`foo`", "`bar`"]


@pytest.mark.parametrize("text", ["Цена 5 ``` штук", "no code here", "a `b\nc` d"])
def test_no_code_where_there_is_none(text):
    assert code_ranges(text) == []


def test_code_is_blanked_in_the_checked_text_with_offsets_kept(linter):
    message = strip(Message("issue", LOG))
    assert len(message.new_text) == len(LOG) and "Complete" not in message.new_text
    assert "Что делать?" in message.new_text
    rules = [f.rule for f in linter.check_messages([message])[0].findings]
    assert "tone.bare-order" not in rules  # "Complete output" of a log is no order
    unfenced = strip(Message("issue", LOG.replace("```", "")))
    assert "tone.bare-order" in [f.rule for f in linter.check_messages([unfenced])[0].findings]
