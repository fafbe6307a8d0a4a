"""The closed set of rule kinds. Each compiles its YAML settings once and runs over a Doc.

  pattern      words or token patterns, with guards (``unless`` / ``only-if``) that keep
               reassurance, conditionals, questions and the like from being flagged; guards
               may also read the quoted message a reply answers
  whole        the whole message is one bare phrase ("Ок", "Нет.", "Dunno")
  opening      the message must open with one of the phrases (a greeting)
  consistency  two sides that must not mix in one message (ты-forms vs вы-forms); the
               minority side, or in a formal team the informal side, is flagged and rewritten
  agreement    word pairs whose gender or number must agree ("Уважаемый Анна", "Вы сказал")
  coverage     a reply must answer or defer every question of the message it quotes
  naming       the reader's own name used one way: a fitting title, before the surname, one
               form throughout
  unnamed      a greeting to a known reader without their name
"""

from tonecheck.engine.kinds.agreement import AgreementCheck
from tonecheck.engine.kinds.consistency import ConsistencyCheck
from tonecheck.engine.kinds.coverage import CoverageCheck
from tonecheck.engine.kinds.naming import NamingCheck, UnnamedCheck
from tonecheck.engine.kinds.opening import OpeningCheck
from tonecheck.engine.kinds.pattern import PatternCheck
from tonecheck.engine.kinds.whole import WholeCheck

KINDS = {
    "pattern": PatternCheck,
    "whole": WholeCheck,
    "opening": OpeningCheck,
    "consistency": ConsistencyCheck,
    "agreement": AgreementCheck,
    "coverage": CoverageCheck,
    "naming": NamingCheck,
    "unnamed": UnnamedCheck,
}
