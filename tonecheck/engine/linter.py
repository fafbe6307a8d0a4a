"""The linter: rules compiled once per language, run over each message's Docs.

Data flows one way: text -> language segments -> spaCy Doc (with morphology) -> checks ->
hits -> findings (deduplicated, in text order). Pipelines and compiled rules are built on first
use, so creating a Linter is cheap and a run only pays for the languages it meets.
"""

from __future__ import annotations

import threading
from bisect import bisect_left, bisect_right
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, replace
from pathlib import Path

from tonecheck.engine.settings import Settings, SettingsError
from tonecheck.nlp import language as lang_mod
from tonecheck.nlp.lines import as_read, types_apostrophes, with_typed_apostrophes
from tonecheck.results.findings import Finding, Result, line_and_column, severity_rank
from tonecheck.results.fixes import safety_of
from tonecheck.rulebook.lexicons import LexiconStore
from tonecheck.rulebook.rules import Rule, load_rules
from tonecheck.runtime.shipped import builtin_root
from tonecheck.team import suppress
from tonecheck.team.config import did_you_mean


def builtin_rules_dir() -> Path:
    return builtin_root("builtin_rules", "rules")


def builtin_lexicons_dir() -> Path:
    return builtin_root("builtin_lexicons", "lexicons")


@dataclass(frozen=True)
class Plan:
    """What one Settings runs with a linter's rules: the rule ids (None: all) and severities."""

    enabled: frozenset[str] | None
    severity: dict[str, str]


class Linter:
    """Loads rules once and checks any number of texts, from any number of threads.

    ``settings`` (or the ``formality`` and ``language`` shortcuts) are the defaults of every
    check; each call may pass other Settings or change single settings by keyword
    (``check(text, formality="informal")``). ``select`` keeps only these rules loaded at all.
    """

    def __init__(self, formality: str = "auto", language: str = "auto",
                 rule_dirs: list[Path] | None = None, lexicon_dirs: list[Path] | None = None,
                 select: Iterable[str] | None = None, settings: Settings | None = None):
        from tonecheck.engine.kinds import KINDS

        self.settings = settings or Settings(language=language, formality=formality)
        self.rules: list[Rule] = load_rules([builtin_rules_dir(), *(rule_dirs or [])], KINDS)
        if not self.rules:
            raise FileNotFoundError(f"no rule files found under {builtin_rules_dir()}: reinstall tonecheck")
        if select:
            keep = self.expand(select)
            self.rules = [r for r in self.rules if r.id in keep]
        self.lexicons = LexiconStore([builtin_lexicons_dir(), *(lexicon_dirs or [])])
        self._compiled: dict[str, list] = {}
        self._pools: dict[str, object] = {}
        self._strategies: dict[str, object] = {}  # language -> its StrategyFinder (the warmth score's)
        # the strategies to look for (None: those the score weighs); read when a language is first compiled
        self.strategies: set[str] | None = None
        self._compiling = threading.Lock()  # two threads meeting a language first compile it once
        self._plans: dict[Settings, Plan] = {}

    @property
    def formality(self) -> str:
        """The default register of this linter's checks (its settings')."""
        return self.settings.formality

    @property
    def language(self) -> str:
        """The default language of this linter's checks (its settings')."""
        return self.settings.language

    def plan(self, settings: Settings) -> Plan:
        """What the settings run here, worked out once per Settings; a rule id or family they
        name that no rule has is a SettingsError (with a did-you-mean)."""
        found = self._plans.get(settings)
        if found is None:
            known = self.known_names()
            unknown = sorted(settings.named() - known)
            if unknown:
                raise SettingsError(f"unknown rule or family {unknown[0]!r}" + did_you_mean(unknown[0], known))
            enabled = frozenset(self.enabled(settings.select, settings.ignore))
            if enabled == {r.id for r in self.rules}:
                enabled = None  # every rule: no look-up per rule
            found = self._plans[settings] = Plan(enabled, settings.severities)
        return found

    def settings_for(self, settings: Settings | None = None, **changes) -> Settings:
        """The settings of one call: the given ones (else the linter's) with ``changes`` made."""
        base = settings or self.settings
        return base.updated(**changes) if any(v is not None for v in changes.values()) else base

    def expand(self, names: Iterable[str]) -> set[str]:
        """Rule ids named by ids or families ("blame" -> every blame.* rule)."""
        wanted = set(names)
        return {r.id for r in self.rules if r.id in wanted or r.family in wanted}

    def enabled(self, select: Iterable[str] | None, ignore: Iterable[str] | None) -> set[str]:
        """The rule ids a selection runs: the selected ones (else every rule that is on by
        default) less the ignored ones."""
        selected = self.expand(select) if select else {r.id for r in self.rules if r.default == "on"}
        return selected - self.expand(ignore or [])

    def with_rules(self, names: Iterable[str]) -> list[str]:
        """The rules on by default and these (ids or families): a selection that also runs
        rules that are off by default, as a team's ``select`` would."""
        return sorted(self.enabled(None, None) | self.expand(names))

    def known_names(self) -> set[str]:
        """Every rule id and family name, for validating what a team's settings name."""
        return {r.id for r in self.rules} | {r.family for r in self.rules}

    def checks(self, language: str) -> list:
        """The compiled checks for a language (compiled on first use, then cached)."""
        found = self._compiled.get(language)
        if found is None:
            with self._compiling:
                found = self._compiled.get(language)
                if found is None:
                    found = self._compiled[language] = self._compile(language)
        return found

    def _compile(self, language: str) -> list:
        from tonecheck.engine.kinds import KINDS
        from tonecheck.engine.strategies import StrategyFinder
        from tonecheck.match.pool import MatcherPool, phrase_tokens
        from tonecheck.nlp import pipeline
        from tonecheck.results.warmth import weighed_strategies
        from tonecheck.rulebook.strategies import builtin_strategies

        nlp = pipeline.get(language)
        pool = self._pools[language] = MatcherPool(nlp)  # every rule's patterns: one pass per Doc
        try:
            checks = [(rule, KINDS[rule.kind](rule, rule.languages[language], nlp, self.lexicons, pool))
                      for rule in self.rules if language in rule.languages]
            wanted = self.strategies if self.strategies is not None else weighed_strategies()
            self._strategies[language] = StrategyFinder([s for s in builtin_strategies() if s.name in wanted],
                                                        language, nlp, self.lexicons, pool)
            return checks
        finally:  # the phrases' tokens worked out so far are kept, even when a rule is refused
            phrase_tokens(nlp).save()

    def compile_all(self) -> None:
        """Compile every rule for every language now: surfaces a broken rule file early."""
        for language in lang_mod.LANGUAGES:
            self.checks(language)

    def check(self, text: str, settings: Settings | None = None, *, quoted: str | None = None,
              reply: bool = False, record: bool = False, ticket: bool = False, comment: bool = False,
              **changes) -> Result:
        """Check one message and return its Result (``quoted``: the message it replies to;
        ``reply``: it answers or goes on with an exchange even if ``quoted`` is not given;
        ``record``: a change description or a task, not a letter; ``ticket``: it opens an issue
        in a tracker, a record unless it asks the team something; ``comment``: a comment in a
        tracker's thread, a reaction when short and asking nothing).

        ``changes`` are settings to change for this call: language, formality, select, ignore,
        severity, addressee.
        """
        return self.check_many([text], settings, quoted=[quoted], replies=[reply], records=[record],
                               tickets=[ticket], comments=[comment], **changes)[0]

    def check_many(self, texts: Iterable[str], settings: Settings | None = None, *,
                   addressee: str | list[str | None] | None = None, quoted: list[str | None] | None = None,
                   letters: list[bool] | None = None, replies: list[bool] | None = None,
                   records: list[bool] | None = None, tickets: list[bool] | None = None,
                   comments: list[bool] | None = None, settle: bool = True, read: bool = False,
                   **changes) -> list[Result]:
        """Check many messages, running each language's pipeline over them with ``nlp.pipe``.

        ``addressee`` is one name for all texts or a list with one (or None) per text (default:
        the settings' addressee). ``quoted`` gives, per text, the message it replies to (or
        None): coverage and options rules read it. ``letters`` says, per text, whether it is written
        to someone (default: yes): a note filed to nobody has no reader, and is not checked.
        ``replies`` says, per text, whether it answers another message or goes on with an exchange
        the sender is in, even when that message is not quoted (a mail's "Re:" subject, a ticket
        comment after the sender's own): the greeting rule cannot tell a quick turn there.
        ``records`` says, per text, whether it is a record rather than a letter (a pull request's
        description, a task, a commit message): rules that need a reader (``needs-reader``:
        greeting, answer, thanks, coverage) are not run on it; blame and tone still are.
        ``tickets`` says, per text, whether it opens an issue in a tracker: one that only reports
        or proposes is a record, one that asks the team something (a question, a request, "вы")
        is a letter (``nlp.speech.asks_reader``). ``comments`` says, per text, whether it is a
        comment in a tracker's thread: a short one that asks nothing ("+1", "У меня то же самое",
        "ну неплохо, так держать") is a reaction, read as a record (``nlp.speech.reaction``).
        With ``settle`` the safe rewrites of each text are applied to a copy and re-checked, and
        those that would make it worse are marked as needing the writer (``engine.recheck``).
        ``read`` says the texts are already the new parts of mail read as such (``check_messages``):
        no quote or forward is left to set apart. Otherwise, with the settings' ``strip``, quoted
        and forwarded text still in a text is not taken for the sender's.
        """
        from tonecheck.engine.context import Context
        from tonecheck.match.pool import release_scans
        from tonecheck.nlp import pipeline
        from tonecheck.nlp.inflect import addressee as parse_addressee
        from tonecheck.nlp.names import signed_name
        from tonecheck.nlp.speech import asks_reader, reaction

        texts = list(texts)
        _refuse_non_unicode(texts, quoted)
        settings = self.settings_for(settings, **changes)
        plan, formality = self.plan(settings), settings.formality
        names = addressee if isinstance(addressee, list) else [addressee or settings.addressee] * len(texts)
        quoted = quoted or [None] * len(texts)
        # no name given: a reply goes to whoever signed the message it quotes ("… Regards, Erik Lund")
        people = [parse_addressee(name) or (parse_addressee(signed_name(quote)) if quote else None)
                  for name, quote in zip(names, quoted, strict=True)]
        replies = replies or [False] * len(texts)
        records = records or [False] * len(texts)
        tickets = tickets or [False] * len(texts)
        comments = comments or [False] * len(texts)
        # wrapped lines are read as the paragraph they are, "’" inside a word as "'"; offsets stay
        segmented = [lang_mod.segment(as_read(t), settings.language) for t in texts]
        checked = letters or [True] * len(texts)  # a note filed to nobody has no reader: not checked
        # One nlp.pipe stream per language, read in message order as the checks go: each Doc is
        # freed once its message is checked (holding every Doc of a call until the end cost 10 of
        # ~160 µs a message, and made the collector's full passes come twice as often).
        streams = {}
        for lang in lang_mod.LANGUAGES:
            parts = [seg.text for segs, read in zip(segmented, checked, strict=True) if read
                     for seg in segs if seg.language == lang]
            if parts:
                streams[lang] = iter(pipeline.get(lang).pipe(parts))
        enabled = plan.enabled
        running = {lang: [(rule, check) for rule, check in self.checks(lang)
                          if rule.applies_to(formality) and (enabled is None or rule.id in enabled)]
                   for lang in streams}
        results = []
        for i, (text, segs) in enumerate(zip(texts, segmented, strict=True)):
            findings, strategies = [], []
            for j, seg in enumerate(segs if checked[i] else ()):
                ctx = Context(next(streams[seg.language]), seg.language, formality, people[i],
                              first_segment=(j == 0), whole_message=len(segs) == 1, text=seg.text,
                              quoted=quoted[i], reply=replies[i] or bool(quoted[i]),
                              unread=settings.strip and not read)
                rules = running[seg.language]
                if formality == "auto":
                    rules = self._held_to(ctx, rules)
                if records[i] or (tickets[i] and not asks_reader(ctx.doc)) or (comments[i] and reaction(ctx.doc)):
                    rules = [(rule, check) for rule, check in rules if not rule.needs_reader]
                try:
                    findings.extend(self._run(ctx, seg, text, rules, plan.severity))
                    strategies.extend(self._strategies[seg.language].find(ctx, seg.start))
                finally:
                    release_scans(ctx.doc)
                    release_scans(ctx.quoted_doc_made)
            languages = list(dict.fromkeys(s.language for s in segs))
            results.append(Result(text, lang_mod.dominant(segs), _dedupe(findings), languages,
                                  strategies=strategies))
        if settle:
            from tonecheck.engine.recheck import settle_many

            def recheck(indices: list[int], rewritten: list[str]) -> list[list[Finding]]:
                def of(values):
                    return [values[i] for i in indices]
                again = self.check_many(rewritten, settings, addressee=of(names), quoted=of(quoted),
                                        letters=of(checked), replies=of(replies), records=of(records),
                                        tickets=of(tickets), comments=of(comments), settle=False, read=read)
                return [r.findings for r in again]

            settled = settle_many([r.text for r in results], [r.findings for r in results], recheck)
            for result, findings in zip(results, settled, strict=True):
                result.findings = findings
        return results

    def fix(self, text: str, settings: Settings | None = None, **changes) -> tuple[str, list[Finding]]:
        """Apply safe suggestions until the text stops changing: (fixed text, findings applied)."""
        from tonecheck.results.fixes import fix_until_stable

        settings = self.settings_for(settings, **changes)
        return fix_until_stable(lambda t: self.check(t, settings).findings, text)

    def check_messages(self, messages: list, settings: Settings | None = None, *, report_unused: bool = False,
                       **changes) -> list[Result]:
        """Check the new part of each Message: the one way every entry point checks (the command
        line, the service, batch), so inline ``tonecheck:`` directives, settings and results
        are the same whoever asks. Findings point into each message's full text and file.

        The settings' addressee (from the command line) wins over the one a message names
        itself. Directive lines are blanked before the check and silence findings after it;
        with ``report_unused`` a directive that silenced nothing becomes a finding of its own.
        """
        settings = self.settings_for(settings, **changes)
        screened = [suppress.screen(m) for m in messages]
        results = self.check_many([masked.new_text for masked, _ in screened], settings,
                                  addressee=[settings.addressee or m.addressee for m in messages],
                                  quoted=[m.quote for m in messages], letters=[m.letter for m in messages],
                                  replies=[m.reply for m in messages], records=[m.record for m in messages],
                                  tickets=[m.ticket for m in messages], comments=[m.comment for m in messages],
                                  read=settings.strip)
        return [suppress.settle(place(result, message), directives, report_unused, message.line_offset)
                for result, message, (_, directives) in zip(results, messages, screened, strict=True)]

    def _held_to(self, ctx, rules: list) -> list:
        """Read the message's register from its thread (formality auto) into ``ctx``, and keep
        the rules that apply to it: only those for every team when nothing shows a register,
        and none that wait for a team to state its register (``declared``)."""
        from tonecheck.engine import register
        from tonecheck.nlp import pipeline

        found = register.read(ctx.doc, ctx.quoted_doc(pipeline.get(ctx.language)) if ctx.quoted else None,
                              ctx.language, self.lexicons)
        ctx.formality = found.formality
        kept = ("any",) if found.assumed else ("any", found.formality)
        return [(rule, check) for rule, check in rules if rule.formality in kept and not rule.declared]

    def _run(self, ctx, seg, text: str, running: list, severity: Mapping[str, str]) -> list[Finding]:
        """The findings of the running checks on one segment; a check whose trigger the Doc
        cannot match is not called."""
        findings = []
        possible = self._pools[seg.language].possible(ctx.doc)
        typed = with_typed_apostrophes if types_apostrophes(text) else (lambda words: words)
        for rule, check in running:
            if check.trigger is not None and check.trigger not in possible:
                continue
            message_template = rule.languages[seg.language].message
            for hit in check.run(ctx):
                if ctx.in_reported(hit.start, hit.end):
                    continue  # someone else's words, quoted: not the sender's
                start, end = seg.start + hit.start, seg.start + hit.end
                line, column = line_and_column(text, start)
                findings.append(Finding(
                    rule=rule.id, severity=severity.get(rule.id, rule.severity),
                    message=message_template.format(text=typed(hit.words.strip(" \n\t,;:"))),
                    start=start, end=end, text=text[start:end],
                    suggestion=typed(hit.suggestion),
                    line=line, column=column, language=seg.language,
                    safety=safety_of(hit.suggestion, hit.finished)))
        return _without_moot(findings, running, ctx.doc, seg.start)


def _without_moot(findings: list[Finding], running: list, doc, offset: int) -> list[Finding]:
    """Drop the findings of a rule that ``yields-to`` a family or rule with a finding in the same
    sentence: "Здравствуйте!" prepended to "ты крыса" mends nothing, the attack is what to mend."""
    yields = {rule.id: rule.yields_to for rule, _ in running if rule.yields_to}
    if not yields or not findings:
        return findings
    starts = [sent.start_char + offset for sent in doc.sents]

    def sentence(at: int) -> int:
        return bisect_right(starts, at)

    held = {(name, sentence(f.start)) for f in findings for name in (f.family, f.rule)}
    return [f for f in findings
            if not any((name, sentence(f.start)) in held for name in yields.get(f.rule, ()))]


def _refuse_non_unicode(texts: list[str], quoted: list[str | None] | None) -> None:
    """A TextError for the first text (or quoted message) that is not Unicode text: spaCy would
    fail on it with a UnicodeEncodeError from deep inside its tokenizer."""
    from tonecheck.inputs.messages import TextError, unicode_problem

    for kind, items in (("text", texts), ("quoted message", quoted or ())):
        for i, text in enumerate(items):
            problem = text is not None and unicode_problem(text)
            if problem:
                raise TextError(f"{kind} {i} {problem}" if len(texts) > 1 else f"the {kind} {problem}")


def place(result: Result, message) -> Result:
    """Move a result on a message's new part to positions in its full text and its file."""
    findings = []
    for f in result.findings:
        start, end = f.start + message.start, f.end + message.start
        line, column = line_and_column(message.text, start)
        findings.append(replace(f, start=start, end=end, line=line + message.line_offset, column=column))
    end = message.end if message.end is not None else len(message.text)
    strategies = [replace(s, start=s.start + message.start, end=s.end + message.start) for s in result.strategies]
    return Result(message.text, result.language, findings, result.languages, message.name,
                  checked=(message.start, end), addressee=message.addressee, strategies=strategies)


def _inside_longer(findings: list[Finding]) -> set[int]:
    """The findings (by id) that lie inside a longer one of their family at least as severe: one
    sweep in text order, keeping per family and severity the furthest end met so far."""
    inside: set[int] = set()
    furthest: dict[str, dict[int, tuple[int, int]]] = {}  # family -> severity -> (end, its start)
    for f in sorted(findings, key=lambda f: (f.start, -f.end)):
        rank, by_rank = severity_rank(f.severity), furthest.setdefault(f.family, {})
        if any(other >= rank and (end > f.end or (end == f.end and start < f.start))
               for other, (end, start) in by_rank.items()):
            inside.add(id(f))
        if rank not in by_rank or f.end > by_rank[rank][0]:
            by_rank[rank] = (f.end, f.start)
    return inside


def _dedupe(findings: list[Finding]) -> list[Finding]:
    """Keep one finding where findings of the same family overlap, and return them in text order.

    "Вы опять не приложили счёт" raises both blame.again ("опять") and blame.not-done (the
    whole reproach, whose rewrite already drops "опять"): the user should see one, and two
    rewrites of the same words could not both be applied. The one kept is the most severe, then
    the one with a rewrite, then the longest, then the earliest. A finding inside a longer one
    of its family gives way to it even with a rewrite: when the whole reproach is left to the
    writer ("Вы опять не приложили счёт. Приложите его до пятницы" asks already), dropping its
    "опять" alone would leave the reproach standing.
    """
    def priority(f: Finding):
        return (-severity_rank(f.severity), f.suggestion is None, -(f.end - f.start), f.start, f.rule)

    inside = _inside_longer(findings)
    findings = [f for f in findings if id(f) not in inside]

    kept: list[Finding] = []
    taken: dict[str, list[tuple[int, int]]] = {}  # per family, kept spans sorted by start
    for f in sorted(findings, key=priority):
        spans = taken.setdefault(f.family, [])
        i = bisect_left(spans, (f.start, f.end))
        if (i > 0 and spans[i - 1][1] > f.start) or (i < len(spans) and spans[i][0] < f.end):
            continue
        spans.insert(i, (f.start, f.end))
        kept.append(f)
    return sorted(kept, key=lambda f: (f.start, -(f.end - f.start), f.rule))
