"""Provides speaker detection for quotes: who said the quoted words in a news sentence.

Rule based, for the claims board: `find_speaker(sentence, before, after)` reads the words outside
the quotation marks for an attribution ("…," said X / X said / X told reporters / according to
X / X, the mayor, said), resolves "he"/"she"/"they" to the nearest earlier named person, and
follows a quote that runs over two sentences to its attribution. It returns None rather than
guess: a wrong name on a claim is worse than no name.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

VERBS = (
    "said|says|say|told|tells|added|adds|explained|warned|insisted|argued|noted|stated|wrote|"
    "asked|replied|claimed|announced|confirmed|admitted|declared|continued|recalled|"
    "acknowledged|conceded|stressed|urged|predicted|cautioned|complained|joked|tweeted|posted"
)
TITLES = (
    "Mr|Mrs|Ms|Mx|Dr|Prof|Sir|Dame|Lord|Lady|Sen|Rep|Gov|Gen|Col|Capt|Insp|Supt|Det|Rev|Cllr|"
    "President|Prime Minister|Minister|Secretary|Chancellor|Mayor|Governor|Judge|Justice|"
    "Inspector|Superintendent|Professor|Councillor|Coach|Chief|Senator|Commissioner|"
    "Deputy|Sergeant|Officer|Captain|General|Father|Sister|Rabbi|Imam|Bishop"
)
# capitalised words that open sentences or clauses but are not names
NOT_NAMES = frozenset(
    """
    The A An It This That These Those He She They We I You His Her Their Our Its There Here
    But And Or So Yet If When While After Before As Since Because Although Though Then Now
    Meanwhile However Still Later Earlier Asked Speaking Officials Police Critics Residents
    Witnesses Experts Analysts Neighbours Neighbors Others Some Many Most Both All Each One
    Monday Tuesday Wednesday Thursday Friday Saturday Sunday In On At By For From With Of To
    """.split()
)
# job words that open a sentence capitalised: "Treasurer Anwen Pryce said" -> Anwen Pryce
ROLES = frozenset(
    """
    Treasurer Deckhand Manager Chair Chairman Chairwoman Spokesperson Spokesman Spokeswoman
    Skipper Farmer Resident Director Editor Teacher Organiser Organizer Coordinator Founder
    Owner Landlord Driver Nurse Doctor Lawyer Analyst Economist Historian Volunteer Witness
    Campaigner Activist Headteacher Leader Secretary Helm Stallholder Trader
    """.split()
)
_PARTICLES = r"(?:de|da|del|della|van|von|der|den|ter|bin|bint|al|el|le|la|di|du|dos|y|of|for)"
_WORD = r"[A-Z][\w'’.-]*[\w]"
_NAME = (  # at most six words, so a run of capitalised words cannot blow up the matching
    rf"(?:(?:{TITLES})\.?\s+){{0,3}}{_WORD}(?:\s+(?:{_PARTICLES}\s+)?(?:{_WORD}|[A-Z]\.)){{0,5}}"
)
MAX_SENTENCE = 600  # characters looked at per sentence
_APPOSITIVE = r"(?:,\s+[^,\"“”]{1,90},)?"  # X, the mayor, said / X, 45, said

_AFTER_VERB = re.compile(rf"\b(?:{VERBS})\s+(?P<name>{_NAME})")
# "…," said farmer Sam Oduya / said the company's water manager, Rosa Kellow
_ROLE = r"(?:[A-Z][\w'’]*\s+){0,3}(?:(?!that\b|on\b|in\b|at\b|to\b|of\b)[a-z][\w-]*\s*){1,3},?\s+"
_AFTER_QUOTE_ROLE = re.compile(rf"¶\s*,?\s*(?:{VERBS})\s+(?:the\s+|a\s+)?{_ROLE}(?P<name>{_NAME})")
_BEFORE_VERB = re.compile(
    rf"(?P<name>{_NAME}){_APPOSITIVE},?\s+(?:has\s+|had\s+|also\s+|later\s+|then\s+)?"
    rf"(?:{VERBS})\b"
)
_ACCORDING = re.compile(rf"\b[Aa]ccording to\s+(?:the\s+)?(?P<name>{_NAME})")
_PRONOUN = re.compile(
    rf"\b(?:(?P<pre>he|she|they)\s+(?:also\s+|later\s+|then\s+)?(?:{VERBS})\b"
    rf"|(?:{VERBS})\s+(?P<post>he|she|they)\b)",
    re.IGNORECASE,
)
_ANY_NAME = re.compile(_NAME)
_QUOTED = re.compile(r"“[^”]*”?|\"[^\"]*\"?|‘[^’]{8,}’?")
_OPENERS = '“"'
_TITLE_ONLY = re.compile(rf"^(?:{TITLES})$")


def find_speaker(
    sentence: str, before: Sequence[str] = (), after: Sequence[str] = ()
) -> str | None:
    """The name of whoever is quoted in `sentence`, given the sentences around it, or None."""
    sentence = sentence[:MAX_SENTENCE]
    before = [b[:MAX_SENTENCE] for b in before[-3:]]
    after = [a[:MAX_SENTENCE] for a in after[:1]]
    own = _attribution(sentence, before)
    if own is not None:
        return own
    if _opens_unclosed(sentence) and after:  # "First part. Second part," she said.
        follow = _attribution(after[0], [*before, sentence])
        if follow is not None:
            return follow
    if before and _QUOTED.search(before[-1]):
        text = sentence.strip()
        # a quote running on from the sentence before, or a second quoted sentence right after
        # an attributed one: “…,” Mr Jago said. “But this is where the storm ends up.”
        if _continues_quote(text) or (text[:1] in _OPENERS and not _outside(text).strip(" ¶.")):
            return _attribution(before[-1], before[:-1])
    return None


def _attribution(sentence: str, before: Sequence[str]) -> str | None:
    outside = _outside(sentence)
    for pattern in (_AFTER_QUOTE_ROLE, _AFTER_VERB, _BEFORE_VERB, _ACCORDING):
        for match in pattern.finditer(outside):
            name = _clean(match.group("name"))
            if name and _plural_group(name, outside, match.end()):
                continue  # "Shopkeepers say ...": a group, not a person
            if name:
                return _expand(name, before, sentence)
    pronoun = _PRONOUN.search(outside)
    if pronoun:
        return _nearest_person(outside[: pronoun.start()], before)
    return None


def _outside(sentence: str) -> str:
    """The words around the quotes, each quote replaced by a marker."""
    if _continues_quote(sentence):  # the sentence opens inside a quote: cut up to its end
        ends = [i for i in (sentence.find("”"), sentence.find('"')) if i >= 0]
        if ends:
            sentence = "“¶”" + sentence[min(ends) + 1 :]
    return _QUOTED.sub(" ¶ ", sentence)


def _plural_group(name: str, text: str, end: int) -> bool:
    return " " not in name and bool(re.match(r"\s*,?\s*say\b", text[end - 3 : end + 6]))


def _clean(raw: str) -> str | None:
    words = raw.strip().rstrip(".").split()
    while words and (words[0] in NOT_NAMES or (words[0] in ROLES and len(words) > 2)):
        words = words[1:]
    while words and words[-1] in NOT_NAMES:
        words = words[:-1]
    if not words or _TITLE_ONLY.match(" ".join(words)):
        return None
    name = " ".join(words)
    return name if name[0].isupper() else None


def _expand(name: str, before: Sequence[str], sentence: str) -> str:
    """A bare surname ("Okafor said", "Ms Okafor said") becomes the full name used earlier."""
    words = name.split()
    if len(words) == 2 and _TITLE_ONLY.match(words[0]):
        bare = _expand(words[1], before, sentence)
        return bare if bare != words[1] else name
    if len(words) > 1:
        return name
    for text in (sentence, *reversed(before)):
        for match in _ANY_NAME.finditer(text):
            full = _clean(match.group())
            given = full.split()[:-1] if full else []  # what comes before the surname
            if (
                full
                and full.split()[-1] == name
                and given
                and not all(_TITLE_ONLY.match(w) for w in given)
            ):
                return full
    return name


def _nearest_person(prefix: str, before: Sequence[str]) -> str | None:
    """The last named person before a pronoun: first in this sentence, then earlier ones."""
    for text in (prefix, *reversed(before)):
        stated = None
        for pattern in (_BEFORE_VERB, _AFTER_VERB, _ACCORDING):
            found = [_clean(m.group("name")) for m in pattern.finditer(_outside(text))]
            found = [f for f in found if f and " " in f]
            if found:
                stated = found[-1]
                break
        if stated:
            return stated
        people = [_clean(m.group()) for m in _ANY_NAME.finditer(_outside(text))]
        people = [p for p in people if p and " " in p]
        if people:
            return people[0]  # the subject of the sentence, usually
    return None


def _opens_unclosed(sentence: str) -> bool:
    straight = sentence.count('"')
    return (
        sentence.count("“") > sentence.count("”")
        or straight % 2 == 1
        and (sentence.lstrip()[:1] in _OPENERS)
    )


def _continues_quote(sentence: str) -> bool:
    """A sentence that opens inside a running quote: its first mark closes a quote."""
    text = sentence.strip()
    if not text or text[0] in _OPENERS:
        return False
    close, opening = text.find("”"), text.find("“")
    if close >= 0 and (opening < 0 or close < opening):
        return True
    if text.count('"') % 2 == 1:
        mark = text.find('"')
        return mark > 0 and not text[mark - 1].isspace()  # a closing mark hugs the word before
    return False
