"""``naming``: the reader's own name, used one way: a title that fits their first name, a title
before the surname, and one form of it throughout ("Dear Ms Petrova, … Anna, could you …")."""

from __future__ import annotations

from difflib import SequenceMatcher

from spacy.tokens import Doc

from tonecheck.engine.context import Context, Hit
from tonecheck.engine.kinds.base import Check
from tonecheck.engine.kinds.opening import replied_opening
from tonecheck.nlp.inflect import Addressee, addressee
from tonecheck.nlp.lemmas import english_parts
from tonecheck.nlp.names import could_be_name, first_name_form
from tonecheck.nlp.speech import in_quotes
from tonecheck.rulebook.lexicons import LexiconError
from tonecheck.rulebook.rules import RuleError

GENDERS = ("masc", "femn")
_OPENING_WORDS = 12  # where a salutation's name stands: "Good afternoon, Dr. Lin", "Hello again, Peter"
# the greeting words a name follows ("Hi Stephen", "Dear Sara")
_GREETING_WORDS = frozenset({"hi", "hello", "hey", "dear", "morning", "afternoon", "evening"})
# what may stand before a name said to the reader ("Hi Anna", ", Anna,", "Thanks, Anna")
_VOCATIVE_BEFORE = _GREETING_WORDS | {"thanks", "thank", "cheers", "and", "so", "oh", "well"}
# lowercase words that may stand between a greeting and the name ("Hi there, my dear Anna", "Hello again, Peter")
# ("и": "Здравствуйте и спасибо, Валерий Степанович!"; "Здравствуйте ещё раз, Ольга Николаевна!")
_BEFORE_NAME = frozenset({"dear", "my", "all", "everyone", "there", "team", "again", "both", "to", "you", "and",
                          "once", "more", "дорогой", "дорогая", "дорогие", "и", "ещё", "еще", "раз"})


# a sentence opening with one of these keeps the comma that closes its first clause
_CLAUSE_OPENERS = frozenset({"if", "when", "as", "because", "since", "once", "after", "before", "while",
                             "although", "though", "unless", "whenever"})


# a word after which a name stands as an aside, its comma kept: "Thank you, Marcus, much appreciated"
_INTERJECTED = _VOCATIVE_BEFORE | {"you", "yes", "no", "ok", "okay", "sorry"}
KNIGHTLY = frozenset({"sir", "dame"})  # titles that go before the first name, not the surname


class NamingCheck(Check):
    """The addressee's name against the titles and the names the message uses for them.

    ``titles`` maps ``masc`` / ``femn`` / ``any`` to title words ("mr", "ms", "dr");
    ``first-names`` maps ``masc`` / ``femn`` to word lists that tell a first name's gender;
    ``short-names`` is a list of "short => full" first names ("tom => thomas"). Three slips are
    found, each only when the message is for a known person with a first name and a surname:
    a title whose gender the first name contradicts ("Dear Mr Schmidt" to Laura Schmidt), a
    title before the first name ("Dear Mr Daniel" to Daniel Wright), and a second form of the
    name to the same reader ("Dear Ms Petrova, … Anna, could you …"), which is replaced by the
    form the message opened with. Words in quotation marks are someone else's.
    """

    SETTINGS = ("titles", "first-names", "short-names")

    def __init__(self, rule, spec, nlp, lexicons, pool=None):
        super().__init__(rule, spec, nlp, lexicons, pool)
        titles = self.required("titles")
        if not isinstance(titles, dict) or not set(titles) <= {*GENDERS, "any"}:
            raise RuleError(rule.path, f"{spec.language}.titles", "must map masc, femn and any to lists of titles")
        self.title_gender = {str(t).lower().rstrip("."): g for g, words in titles.items() for t in words}
        names = self.required("first-names")
        if not isinstance(names, dict) or not set(names) <= set(GENDERS):
            raise RuleError(rule.path, f"{spec.language}.first-names", "must map masc and femn to word lists")
        self.name_gender = {n: g for g, lexicon in names.items() for n in self._lexicon(lexicon).phrases}
        short = spec.settings.get("short-names")
        self.short = self._lexicon(short).replacements if short else {}
        self.default_title = {g: str(words[0]) for g, words in titles.items() if g in GENDERS and words}

    def _lexicon(self, name):
        try:
            return self.lexicons.get(name)
        except LexiconError as exc:  # a missing list names the rule and the field
            raise RuleError(self.rule.path, f"{self.spec.language}", str(exc)) from None

    def run(self, ctx: Context) -> list[Hit]:
        reader = ctx.addressee  # given, or the person who signed the quoted message (Linter.check_many)
        if not reader or not reader.first or not reader.surname or reader.surname == reader.first:
            # (a first name alone, "– Omar" under the quoted message, still lets the greeting's form be read)
            if reader is not None and not reader.group and not reader.first:
                return []
            # no name known: the whole name the greeting gives ("Dear Mr. Sarah Collins"), or else
            # the greeting's form of it against later ones; no name after a greeting word, nothing
            opening = _salutation(ctx.doc)
            if opening is None:
                return []
            reader = self._greeted_reader(ctx.doc, opening)
            if reader is None:
                return _switches(ctx.doc, self._greeted_forms(ctx, opening))
        first, surname = reader.first, reader.surname
        gender = self._gender(reader)  # the reader's, the same for every word
        doc, quoted = ctx.doc, in_quotes(ctx.doc)
        signed = ctx.signed
        hits, forms = [], []  # forms: (start_char, end_char, normalised form, text, token range)
        titled = set()  # the words a title stands before ("Mx. Rivera"): read with the title
        for i, token in enumerate(doc):
            if signed is not None and token.idx >= signed:
                break  # the writer's own name
            if i in quoted:
                continue
            title = self.title_gender.get(token.lower_.rstrip("."))
            name = _next_word(doc, i) if title else None
            if name is not None:
                titled.add(name.i)
            if name is not None and name.text == first and _full_name_follows(doc, name.i, surname) \
                    and (title == "any" or gender in (title, None)):
                continue  # "Dear Ms. Anna Petrova,": a fitting title before the whole name, as on an envelope
            if name is not None and name.text == first and token.lower_ in KNIGHTLY:
                continue  # "Dear Sir Michael": a knight or a dame is greeted by title and first name
            if name is not None and name.text == first and (_saluted(doc, i) or _vocative(doc, i, name.i)):
                # "Dear Mr Daniel," to Daniel Wright (not "on behalf of Ms. Oliver from legal" to Oliver Grant);
                # "Dear Mr Anna Petrova" to Anna Petrova: the title that fits her, too
                fits = self.default_title.get(gender) if title in GENDERS else None
                said = fits if fits and title != gender else token.text
                last = doc[name.i + 1] if _full_name_follows(doc, name.i, surname) else name  # not "Ms Petrova Petrova"
                hits.append(Hit(token.idx, last.idx + len(last), f"{said} {surname}", doc[i:last.i + 1].text))
            elif name is not None and name.text == surname and token.lower_ in KNIGHTLY:
                # "Dear Sir Davies": a knight is "Sir Gareth", anyone else "Mr Davies"; the writer knows which
                hits.append(Hit(token.idx, name.idx + len(name), None, doc[i:name.i + 1].text))
            elif name is not None and name.text == surname:
                if title in GENDERS and gender in GENDERS and title != gender and not _vocative(doc, i, name.i):
                    continue  # "Mr Fenwick from Harland Ltd (no relation)" to Alison Fenwick: someone else
                if _someone_else(doc, name.i):
                    continue  # "Dr. Shah from cardiology (your namesake!)" to Priya Shah
                if title in GENDERS and title != gender and gender in self.default_title:
                    hits.append(Hit(token.idx, token.idx + len(token), self._fitting_title(reader, gender), token.text))
                elif not forms and self._not_their_title(token, reader) \
                        and (_greeted(doc, i) or _vocative(doc, i, name.i)):
                    # "Dear Mr. Rivera" to Mx. Alex Rivera, "Dear Dr. Nguyen" to Ms. Linh Nguyen: "to" says how
                    # (said again after the salutation, it is a second form, dropped as such)
                    theirs = f"{reader.title} {surname}"
                    hits.append(Hit(token.idx, name.idx + len(name), theirs, doc[i:name.i + 1].text))
                    continue
                if forms and (_spoken_of(doc, name.i) or _asked_of(doc, i)):
                    # "Good afternoon, Mr. Brown. Mr. Brown is kindly asked to submit his claims":
                    # the reader greeted, then written of in the third person
                    hits.append(Hit(token.idx, name.idx + len(name), None, doc[i:name.i + 1].text))
                    continue
                forms.append((token.idx, name.idx + len(name), f"{_title_key(token.lower_)} {surname}",
                              doc[i:name.i + 1].text, (i, name.i)))
            elif name is not None and name.is_title and _misspelt(name.text, surname) and _vocative(doc, i, name.i):
                # "Dear Ms Kelley," to Siobhan Kelly: the reader's surname, misspelt
                hits.append(Hit(name.idx, name.idx + len(name), surname, name.text))
            elif token.is_title and first_name_form(token.text, first, self.short) and _vocative(doc, i, i) \
                    and not _apposition(doc, i):
                # the first name as said: "Tom" then "Thomas" is two forms of it
                forms.append((token.idx, token.idx + len(token), f"first:{token.lower_}", token.text, (i, i)))
            elif token.text == surname and forms and i not in titled and not _greeted(doc, i) and _vocative(doc, i, i):
                # "Dear Mr. Clark, … Clark, could you…": the surname alone after the title and surname
                forms.append((token.idx, token.idx + len(token), "surname", token.text, (i, i)))
            elif token.text == surname and _greeted(doc, i) and _vocative(doc, i, i):
                # "Dear Kim," to Laura Kim, "Hi Fletcher," to Tom Fletcher: the surname alone, as a roll call
                named = self._salutation_name(doc[i - 1], reader)
                hits.append(Hit(token.idx, token.idx + len(token), named, token.text))
            elif token.is_title and _greeted(doc, i) and _misspelt(token.text, first, 0.75) and _vocative(doc, i, i):
                # "Hi Stephen," to Steven Clarke: the reader's first name, misspelt
                hits.append(Hit(token.idx, token.idx + len(token), first, token.text))
            elif title in GENDERS and (name is None or not name.is_title) and gender in GENDERS \
                    and title != gender and _vocative(doc, i, i):
                # "bring photo ID on arrival, sir, and…" to Laura Harper: a bare title of the other gender
                hits.append(Hit(token.idx, token.idx + len(token), None, token.text))
        hits += _switches(doc, forms)
        return hits

    def _greeted_forms(self, ctx: Context, opening: int) -> list[tuple]:
        """With no name known for the reader, the name the greeting gives them and every later
        form said to the same person: the title with another title or a misspelling of the
        surname ("Dear Dr. Lin, … Thank you, Mrs. Lin"), the surname's title then a first name of
        a fitting gender ("Dear Ms. Patel, … Priya, could you"), a first name then a fitting
        title and surname ("Hi Ben, … if anything changes, Mr. Walsh."). A first name closing
        the message after thanks ("Thanks, John") is the writer's own."""
        doc = ctx.doc
        forms, said = [], None  # said: (gender, surname or None) of the greeting's form
        bare = False  # the greeting gave a title alone ("Dear Madam"): any title of the other gender contradicts it
        titled = set()  # the words a title stands before ("Mx. Taylor"): read with the title
        for token in doc[opening:]:
            i = token.i
            title = self.title_gender.get(token.lower_.rstrip("."))
            # every form of a name is capitalised; a title alone may not be ("printed, sir, and")
            if (not token.is_title and title not in GENDERS) or i in titled:
                continue
            name = _next_word(doc, i) if title else None
            if name is not None:
                titled.add(name.i)
            if name is not None and name.is_title and not _someone_else(doc, name.i):
                form = (token.idx, name.idx + len(name), f"{_title_key(token.lower_)} {name.text}",
                        doc[i:name.i + 1].text, (i, name.i))
                if said is None and _saluted(doc, i):
                    forms, said = [form], (title, name.text)
                elif forms and doc[i - 1].lower_ in ("and", "&") and forms[0][4][1] == i - 2:
                    return []  # "Dear Dr. Chen and Mr. Chen,": two readers greeted, each in their form
                elif said is not None and _vocative(doc, i, name.i) and (
                        _same_person(said, title, name.text) or bare and _other_gender(said[0], title)):
                    forms.append(form)
            elif said is not None and not _vocative(doc, i, i):
                continue  # a later form is said to the reader, set off by commas or a sentence's edges
            elif title in GENDERS:
                # a title alone: "Dear Madam, … Mr. Fox," / "Dear Mrs. Whitfield, … Sir, our designer"
                form = (token.idx, token.idx + len(token), f"title:{title}", token.text, (i, i))
                if said is None and _saluted(doc, i) and not _either(doc, i):
                    forms, said, bare = [form], (title, None), True
                elif said is not None and _other_gender(said[0], title):
                    forms.append(form)
            elif said is not None and said[1] is not None and token.text == said[1] and not _greeted(doc, i):
                # "Dear Mr. Park, … Park, please check…": the surname alone after the title and surname
                forms.append((token.idx, token.idx + len(token), "surname", token.text, (i, i)))
            elif (gender := self._first_name_gender(token)) is not None:
                form = (token.idx, token.idx + len(token), f"first:{token.lower_}", token.text, (i, i))
                if said is None and _saluted(doc, i):
                    forms, said = [form], (gender, None)
                elif said is not None and said[1] is not None and (gender == said[0] or "any" in (gender, said[0])) \
                        and not _apposition(doc, i) and not _signing_off(doc, i):
                    forms.append(form)
        if len(forms) < 2:
            return []
        # the writer's own words are no form said to the reader: the signature, words in quotation marks
        signed, quoted = ctx.signed, in_quotes(doc)
        return [form for form in forms if (signed is None or form[0] < signed) and form[4][0] not in quoted]

    def _first_name_gender(self, token) -> str | None:
        """A first name's gender by the name lists, "any" for a capitalised word no dictionary
        knows ("Ayla", "Chidi": a name of either), None for a word ("Reception", "However"). A
        short form is its full name's ("Mike": Michael's, though "mike" is a word too)."""
        gender = self.name_gender.get(token.lower_) or self.name_gender.get(self.short.get(token.lower_, ""))
        if gender is not None:
            return gender
        unknown = token.is_alpha and len(token) > 2 and not token.is_stop and not english_parts(token.lower_)
        return "any" if unknown and token.lower_ not in self.title_gender else None

    def _greeted_reader(self, doc: Doc, opening: int) -> Addressee | None:
        """The reader the salutation names in full, a title, a known first name and a surname
        ("Dear Mr. Sarah Collins"): with no name given, the greeting says who they are."""
        token = doc[opening]
        name = _next_word(doc, opening) if token.lower_.rstrip(".") in self.title_gender else None
        if name is None or name.lower_ not in self.name_gender or name.i + 1 >= len(doc):
            return None
        surname = doc[name.i + 1]
        if surname.is_title and surname.is_alpha:  # a surname that is a first name too: "Ms. Peter Grant"
            return addressee(f"{token.text} {name.text} {surname.text}")
        return None

    def _fitting_title(self, reader, gender: str) -> str:
        """The title to put instead: the reader's own when it fits ("Mrs." signed), else the first
        of their gender's."""
        own = (reader.title or "").rstrip(".")
        return own if self.title_gender.get(own.lower()) == gender else self.default_title[gender]

    def _not_their_title(self, token, reader) -> bool:
        """Whether a title before the reader's surname is not the one "to" gives them, where either
        tells a gender ("Mr" for Mx., "Dr" for Ms.; "Professor" for Dr. is left alone)."""
        said, theirs = token.lower_.rstrip("."), (reader.title or "").lower().rstrip(".")
        if not theirs or theirs not in self.title_gender or said == theirs:
            return False
        return self.title_gender[said] in GENDERS or self.title_gender[theirs] in GENDERS

    def _gender(self, reader) -> str | None:
        """The reader's gender by their first name, or, for a name worn by both ("Jordan"), by the
        title the "to" field gives them ("Ms. Jordan Ellis")."""
        by_title = self.title_gender.get((reader.title or "").lower().rstrip("."))
        return self.name_gender.get(reader.first.lower()) or by_title

    def _salutation_name(self, greeting, reader) -> str | None:
        """The name a salutation gives the reader: "Dear" takes the title and surname (when the
        first name tells the title), "Hi"/"Hello" the first name."""
        if greeting.lower_ != "dear":
            return reader.first
        title = self.default_title.get(self.name_gender.get(reader.first.lower()))
        return f"{title} {reader.surname}" if title else None


def _misspelt(word: str, surname: str, least: float = 0.8) -> bool:
    """Whether a name is the reader's own with a letter or two wrong ("Kelley" for Kelly,
    "Kowalski" for Kowalska, "Stephen" for Steven): close in spelling, same first sound. A first
    name after a greeting word may stray a little further (``least`` 0.75: a letter changed in a
    short name)."""
    a, b = word.lower(), surname.lower()
    same_start = a[:1] == b[:1] or {a[:1], b[:1]} == {"c", "k"}  # "Kathrine" for Catherine sounds the same
    return (a != b and same_start and min(len(a), len(b)) >= 3 and max(len(a), len(b)) >= 4
            and SequenceMatcher(None, a, b).ratio() >= least)


# verbs after a name that make it the subject of a sentence about the reader ("Mr. Brown is asked")
_THIRD_PERSON = frozenset({"is", "was", "has", "may", "could", "should", "will", "would", "must", "can",
                           "needs", "requires", "shall"})


def _spoken_of(doc: Doc, last: int) -> bool:
    """Whether the name ending at ``last`` is followed by a verb of its own ("Mr. Brown is…",
    "Dr. Singh may…"): the reader spoken of, not to."""
    return last + 1 < len(doc) and doc[last + 1].lower_ in _THIRD_PERSON


def _asked_of(doc: Doc, first: int) -> bool:
    """Whether a question's verb stands before the name starting at ``first`` ("Could Ms. Park
    please sign…"): the reader asked about in the third person."""
    return first > 0 and doc[first - 1].lower_ in _ASKING and doc[first - 1].is_sent_start


_ASKING = frozenset({"could", "would", "can", "will", "may", "might", "should", "does", "did", "is", "has"})


def _greeted(doc: Doc, i: int) -> bool:
    """Whether the word follows a greeting word ("Hi Stephen", "Dear Sara"): a first name that
    only looks like the reader's elsewhere may be someone else's."""
    return i > 0 and doc[i - 1].lower_ in _GREETING_WORDS


def _salutation(doc: Doc) -> int | None:
    """Where the name a salutation gives starts, among the message's first words ("Dear Ms Lin",
    "Good afternoon, Mr. Okafor", "Hi Ben"), or None."""
    return next((i for i in range(min(len(doc), _OPENING_WORDS)) if doc[i].is_title and _saluted(doc, i)), None)


def _saluted(doc: Doc, i: int) -> bool:
    """Whether the word is the name a salutation gives, right after the greeting word or its
    comma ("Dear Ms Lin", "Good afternoon, Mr. Okafor")."""
    return _greeted(doc, i) or (i > 1 and doc[i - 1].text == "," and doc[i - 2].lower_ in _GREETING_WORDS)


def _titled(doc: Doc, i: int) -> bool:
    """Whether a name follows at ``i`` ("Dear Sir Michael"): the formula is a title there."""
    return i < len(doc) and doc[i].is_title and doc[i].is_alpha and not doc[i].is_stop


# one title written two ways: "Dear Professor Marković, … Prof. Marković, your exams…" is one form
_TITLE_SPELLINGS = {"prof": "professor", "mister": "mr", "cllr": "councillor"}
_DETERMINERS = frozenset({"our", "the", "my", "your", "his", "her", "their", "a", "an", "наш", "ваш"})


def _title_key(word: str) -> str:
    word = word.rstrip(".")
    return _TITLE_SPELLINGS.get(word, word)


def _apposition(doc: Doc, i: int) -> bool:
    """Whether the name stands beside the role that opens the sentence as another person's: "Our
    technician, Daniel, will come by" to Daniel Kim names a colleague of the same name (not "If
    you have a minute, Anna, could you…", said to the reader)."""
    return i >= 3 and doc[i - 1].text == "," and doc[i - 2].is_lower and doc[i - 2].is_alpha \
        and doc[i - 3].lower_ in _DETERMINERS and doc[i - 3].is_sent_start


def _someone_else(doc: Doc, last: int) -> bool:
    """Whether the name ending at ``last`` is placed as another person's ("Dr. Shah from cardiology")."""
    return last + 1 < len(doc) and doc[last + 1].lower_ in ("from", "at", "of", "in")


def _full_name_follows(doc: Doc, i: int, surname: str) -> bool:
    """Whether the reader's surname follows their first name at ``i`` ("Ms. Anna Petrova")."""
    return i + 1 < len(doc) and doc[i + 1].text == surname


def _next_word(doc: Doc, i: int):
    """The word after a title, past its full stop ("Mr. Lee")."""
    j = i + 1
    if j < len(doc) and doc[j].text == ".":
        j += 1
    return doc[j] if j < len(doc) and doc[j].is_alpha else None


def _vocative(doc: Doc, i: int, last: int) -> bool:
    """Whether the name on tokens ``i``..``last`` is said to the reader, not of them: it stands
    at a sentence start, after a greeting word or a comma, or as a title and name after a colon
    ("about the refund: Mr. Barker, it was issued"; not "Deadline: Thursday."), and a comma, "!"
    or a sentence end follows it."""
    before = doc[i - 1] if i > 0 else None
    after = doc[last + 1] if last + 1 < len(doc) else None
    opens = before is None or doc[i].is_sent_start or before.text in (",", "\n") or before.is_space \
        or (before.text == ":" and last > i) \
        or before.lower_ in _VOCATIVE_BEFORE
    closes = after is None or after.text in (",", "!", ".", "?", ":", "—", "-") or after.is_space
    return opens and closes


def _other_gender(gender: str | None, title: str | None) -> bool:
    """Whether a title names the other gender than the one the reader was greeted as."""
    return gender in GENDERS and title in GENDERS and title != gender


def _either(doc: Doc, i: int) -> bool:
    """Whether a title alone offers both ("Dear Sir or Madam", "Dear Sir/Madam"): no gender said."""
    return i + 1 < len(doc) and doc[i + 1].lower_ in ("or", "/")


def _same_person(said: tuple, title: str, surname: str) -> bool:
    """Whether a title and surname said later fit the greeting's form: the same surname or a
    misspelling of it after a title ("Dr. Lin" … "Mrs. Lin"), or a title of the gender of the
    first name greeted ("Hi Ben" … "Mr. Walsh")."""
    gender, greeted_surname = said
    if greeted_surname is not None:
        return surname == greeted_surname or _misspelt(surname, greeted_surname)
    return "any" in (gender, title) or title == gender


_SIGN_OFF = frozenset({"thanks", "thank", "cheers", "regards", "best", "yours", "sincerely", "later"})


def _signing_off(doc: Doc, i: int) -> bool:
    """Whether the first name at ``i`` closes the message after thanks or a sign-off ("Thanks,
    John"): the writer signing, not the reader called."""
    rest = doc[i + 1:]
    if any(not t.is_punct and not t.is_space for t in rest):
        return False
    j = i - 1
    while j >= 0 and (doc[j].is_punct or doc[j].is_space):
        j -= 1
    return j >= 0 and doc[j].lower_ in _SIGN_OFF


def _switches(doc: Doc, forms: list[tuple]) -> list[Hit]:
    """Every use of the name in another form than the first one. Said to the reader, it becomes
    the first form; opening a sentence after a salutation that already named the reader, it
    goes ("Dear Dr Patel, … Raj, could you" → "Could you": a second "Dr Patel" reads stiff);
    spoken of in the third person ("Could Ms Lindgren share…" to Ingrid), only the writer can
    turn it into "you", so it is a hint; so is a name after a bare "Dear Sir" that cannot simply
    go (which of the two is right, only the writer knows)."""
    if len({form[2] for form in forms}) < 2:
        return []
    opening_text, salutation = forms[0][3], "\n" not in doc.text[:forms[0][0]].strip()
    hits = []
    for start, end, form, text, (i, last) in forms[1:]:
        if form == forms[0][2]:
            continue
        if not _vocative(doc, i, last):
            hits.append(Hit(start, end, None, text))
        elif salutation and (rest := _dropped_lead(doc, i, last)) is not None:
            hits.append(Hit(start, rest.idx + len(rest), rest.text[:1].upper() + rest.text[1:], text))
        elif salutation and (greeted := _greeted_again(doc, i, last)) is not None:
            hey, rest = greeted  # "… review. Hey Sofia, if you could…" -> "… review. If you could…"
            hits.append(Hit(hey.idx, rest.idx + len(rest), rest.text[:1].upper() + rest.text[1:], text))
        elif salutation and (dropped := _dropped_inside(doc, i, last)) is not None:
            hits.append(Hit(*dropped, "", text))  # "let me know, Mr Chen, once…" -> "let me know once…"
        elif forms[0][2].startswith("title:"):
            hits.append(Hit(start, end, None, text))  # "Dear Sir, … regarding: Ms. Kowalski, we…": which is right?
        elif salutation and doc[i - 1].text == ":" and (rest := _after_comma(doc, last)) is not None:
            hits.append(Hit(start, rest.idx, "", text))  # "shipment: Mr. Reid, could you" -> "shipment: could you"
        else:
            hits.append(Hit(start, end, opening_text, text))
    return hits


def _dropped_inside(doc: Doc, i: int, last: int) -> tuple[int, int] | None:
    """The characters to drop for a name said to the reader inside a sentence ("know, Mr Chen,
    once" -> "know once", "Thanks Ali, shout" -> "Thanks, shout", "know, Mr Chen." -> "know."),
    or None where the name does not stand so."""
    before = doc[i - 1] if i > 0 else None
    after = doc[last + 1] if last + 1 < len(doc) else None
    name_end = doc[last].idx + len(doc[last])
    if before is None or after is None:
        return None
    if before.text == "," and after.text == ",":
        opener = next((t for t in doc[doc[i].sent.start:i] if t.is_alpha), None)
        said = doc[before.i - 1] if before.i > 0 else None  # "Thank you, Marcus, much appreciated"
        thanks_for = after.i + 1 < len(doc) and doc[after.i + 1].lower_ == "for"  # "Thank you, Ms Lin, for…"
        # "Thanks again, Simran, I look forward…": an interjection opening the sentence keeps its comma
        interjected = (said is not None and said.lower_ in _INTERJECTED) or (opener is not None
                                                                               and opener.lower_ in _VOCATIVE_BEFORE)
        if (opener is not None and opener.lower_ in _CLAUSE_OPENERS) or (interjected and not thanks_for):
            return before.idx, name_end  # "If you have a minute, Anna, could you": one comma stays
        return before.idx, after.idx + 1
    if before.text == "," and after.text in (".", "!", "?"):
        return before.idx, name_end
    if before.lower_ in _VOCATIVE_BEFORE and after.text in (",", "!", "."):
        return before.idx + len(before), name_end
    return None


def _greeted_again(doc: Doc, i: int, last: int):
    """The greeting word and the word the sentence goes on with, where a sentence opens by
    greeting the reader again under a salutation ("Hey Sofia, if you could…"): both greeting
    and name go, or a bare "Hey," is left behind."""
    if not _greeted(doc, i) or not doc[i - 1].is_sent_start:
        return None
    if last + 2 >= len(doc) or doc[last + 1].text != "," or not doc[last + 2].is_alpha:
        return None
    return doc[i - 1], doc[last + 2]


def _after_comma(doc: Doc, last: int):
    """The word after the comma that closes a name ending at ``last``, or None."""
    if last + 2 >= len(doc) or doc[last + 1].text != "," or not doc[last + 2].is_alpha:
        return None
    return doc[last + 2]


def _dropped_lead(doc: Doc, i: int, last: int):
    """The word a sentence goes on with after a name that opens it with a comma ("Raj, could you
    …" → "could"), or None when the name does not open its sentence that way."""
    return _after_comma(doc, last) if doc[i].is_sent_start else None


def _calls_reader(doc: Doc, i: int, own: set, first: str) -> bool:
    """Whether the sentence from ``i`` calls the reader by name, set off by commas ("Ольга
    Викторовна, отчёт…", "Отчёт во вложении, Ольга Викторовна.", "Anna, could you…"): the
    greeting before it needs no name of its own."""
    while i < len(doc) and doc[i].is_space:
        i += 1
    if i >= len(doc) or doc[i].is_punct:
        return False
    sent = doc[i].sent
    for token in doc[i:sent.end]:
        if not (token.text in own or (token.is_title and first_name_form(token.text, first))):
            continue
        j, k = token.i, token.i
        while j > i and doc[j - 1].text in own:
            j -= 1
        while k + 1 < sent.end and doc[k + 1].text in own:
            k += 1
        before_ok = j == i or doc[j - 1].text == ","
        after_ok = k + 1 >= len(doc) or doc[k + 1].text in (",", ".", "!", "?")
        if before_ok and after_ok:
            return True
    return False


class UnnamedCheck(Check):
    """A greeting that opens a message to a known person without their name ("Добрый день!" to
    Елена Воронова, "Hi," to Ingrid): the name goes in after the greeting words.

    ``match`` is the greeting (found among the first words); ``groups`` a spec for a group
    greeted instead ("коллеги", "team"), which is left alone; ``impersonal`` a spec for formulas
    that greet nobody ("To whom it may concern", "Dear Sir"): to a known reader they leave the
    name out too, flagged without a rewrite (a name after one makes no greeting: "To whom it
    may concern Nadia,"); ``stand-ins`` words that stand where a name would ("there" of "Hi
    there"), replaced by it; ``template`` the greeting with the
    name, ``{greeting}`` and ``{name}`` (the reader's formal name in a formal team, the first name
    otherwise). Any name after the greeting counts: a short form ("Дим") is not told from the
    reader's name, and a greeting to someone else is not this rule's business.
    """

    SETTINGS = ("match", "groups", "impersonal", "template", "stand-ins")
    WINDOW = 4  # words after the greeting where the name stands

    def __init__(self, rule, spec, nlp, lexicons, pool=None):
        super().__init__(rule, spec, nlp, lexicons, pool)
        self.match = self.matchable("match", self.required("match"))
        self.trigger = self.match.key
        self.groups = self.optional("groups")
        self.impersonal = self.optional("impersonal")
        self.template = str(self.required("template"))
        # words that stand where the name would ("Hi there"): the name takes their place
        self.stand_ins = {str(w).lower() for w in spec.settings.get("stand-ins") or ()}
        if "{greeting}" not in self.template or "{name}" not in self.template:
            raise RuleError(rule.path, f"{spec.language}.template", "must hold {greeting} and {name}")
        # "{greeting}, {name}" sets the name off with a comma; a stand-in is taken only where the
        # text sets it off alike ("Доброе утро, коллега", not "Уважаемый коллега")
        self.comma_before_name = "," in self.template.split("{name}")[0]

    def run(self, ctx: Context) -> list[Hit]:
        reader, doc, words = ctx.addressee, ctx.doc, ctx.words
        if not reader or not reader.first or not ctx.first_segment or not words:
            return []
        opening = [s for s in self.match.find(doc) if s.start == words[0]]
        if not opening:
            return []
        greeting = max(opening, key=len)
        formula = [s for s in self.impersonal.find(doc) if s.start == greeting.start] if self.impersonal else []
        formula = [s for s in formula if not _titled(doc, s.end)]  # "Dear Sir Michael": a knight's title
        if formula:  # "Dear Sir," to a known reader: no name to add to it, the writer rewrites it
            span = max(formula, key=len)
            return [Hit(span.start_char, span.end_char, None, span.text)]
        if self._quick_turn(ctx) or self._named(doc, greeting, ctx):
            return []
        end = greeting.end_char
        comma = greeting.end + 1 < len(doc) and doc[greeting.end].text == ","
        after = greeting.end + comma
        if after < len(doc) and doc[after].lower_ in self.stand_ins:
            if comma != self.comma_before_name:
                return []  # "Уважаемый коллега": a formula the template's "{greeting}, {name}" cannot mend
            # "Hi there" -> "Hi Priyanka", "Доброе утро, коллега" -> "Доброе утро, Ирина Павловна"
            end = doc[after].idx + len(doc[after])
        name = reader.formal() if ctx.formality == "formal" else reader.informal()
        text = self.template.format(greeting=greeting.text, name=name)
        return [Hit(greeting.start_char, end, text, doc.text[greeting.start_char:end])]

    def _quick_turn(self, ctx: Context) -> bool:
        """Whether the message answers one that did not greet in an informal exchange ("Лёш, ты
        не знаешь…?" → "Привет! Не знаю."): a turn where no greeting is owed asks no name of the
        one given."""
        opening = replied_opening(self.nlp, ctx.quoted)
        if ctx.formality == "formal" or opening is None or len(opening[1]) < 4:
            return False  # a formal request answered ("Прошу предоставить доступ…") is answered by name
        quoted, words = opening
        return not any(s.start <= words[min(self.WINDOW, len(words) - 1)] for s in self.match.find(quoted))

    def _named(self, doc: Doc, greeting, ctx: Context) -> bool:
        """Whether a name, a title or a group follows the greeting within a few words, or the
        greeting itself greets a group ("Всем привет")."""
        grouped = {s.start for s in self.groups.find(doc)} if self.groups else set()
        if any(greeting.start <= i < greeting.end for i in grouped):
            return True
        after = greeting.end
        reader = ctx.addressee
        own = {reader.first, reader.surname, reader.patronymic, *reader.full.split()}
        seen = 0
        for token in doc[after:]:
            if token.is_space or token.is_punct:
                if "\n" in token.text or token.text in ".!?":
                    # the greeting's line or sentence ended: named only if the next one calls the
                    # reader ("Привет! Ольга Викторовна, отчёт…")
                    return _calls_reader(doc, token.i + 1, own, reader.first)
                continue
            if token.is_lower and token.is_stop and token.lower_ not in _BEFORE_NAME:
                return False  # "Hi, the pallet for Leeds…": the message has begun, "Leeds" is no name said to anyone
            if (token.is_title or token.is_upper) and first_name_form(token.text, reader.first):
                return True  # "Hi Will," to William Hart: his name cut short, a stop word though it is; "HI GEMMA,"
            if token.i in grouped or token.text in own or could_be_name(token) \
                    or (token.is_title and not token.is_stop):  # "Привет, Дим!": a vocative
                return True
            if token.is_title and _vocative(doc, token.i, token.i):
                return True  # "Привет, Коль!": a name cut short that is also a word ("коль")
            seen += 1
            if seen >= self.WINDOW:
                return False
        return False
