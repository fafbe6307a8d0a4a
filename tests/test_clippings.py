"""Pasted press text is found where it starts, and a sender's own mention of a date is not."""

import pytest

from tonecheck.inputs.clippings import clipping_start

DIGEST = ("Today's news... Thanks - Jean\n\n\n"
          "Contra Costa Times, May 22, 2001, Tuesday, STATE AND REGIONAL NEWS, K4988,\n"
          "803 words, ISO will give advanced warning of power blackouts, By Mike Taugher\n\n"
          "Copley News Service, May 22, 2001, Tuesday, State and regional, 1066 words,\n"
          "State sends $533.2 million to company\n")
HEADLINES = ("Please see the following articles:\n\n"
             "Sac Bee, Fri, 5/4:  \"Expect prices to shoot up, analysts say\"\n\n"
             "LA Times, Fri, 5/4:  \"GOP Tries to Force Its Energy Plan on Governor\"\n")
WIRE = ("Jeff, interesting piece below.\n\n"
        "SACRAMENTO (AP) - Gov. Gray Davis signed the bill on Tuesday, ending TWO MONTHS OF TALKS.\n")


@pytest.mark.parametrize("text, sender", [
    (DIGEST, "Today's news... Thanks - Jean\n\n\n"),
    (HEADLINES, "Please see the following articles:\n\n"),
    (WIRE, "Jeff, interesting piece below.\n\n"),
    ("BYLINE: By Mike Taugher\n\nThe ISO said on Monday…", ""),
    ("FYI.\n\nUSA: UPDATE 1-Calif. seizes contracts.\n02/02/2001\n(C) Reuters Limited 2001.\n", "FYI.\n\n"),
    ("See below.\n\nSAN FRANCISCO, Feb 2 (Reuters) - California Gov. Gray Davis on Friday blocked it.\n",
     "See below.\n\n"),
])
def test_the_clipping_starts_after_the_senders_words(text, sender):
    assert text[:clipping_start(text)] == sender


@pytest.mark.parametrize("text", [
    "Hi Anna, the contract signed on May 22, 2001 is attached.",
    "The New York Times, 11/10/01 had a good piece on this; worth a read.",  # one dateline: a source named
    "Meeting moved: Tuesday, 5/4 at 10:00. Please confirm.",
    "Three options: (a) wait, (b) sell now, (c) we will meet in 2001 and decide.",
])
def test_a_date_in_the_senders_own_words_is_not_a_clipping(text):
    assert clipping_start(text) is None
