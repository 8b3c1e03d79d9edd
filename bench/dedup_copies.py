"""Copies of an article as outlets make them, for the dedup evaluation and tests.

Rewrites (sentences cut, added, reordered, light edits), excerpts, re-headlined copies,
spun copies from a small synonym table, and background paragraphs spliced into different
stories (hard negatives). Every maker takes a seeded `random.Random`, so a run repeats.
"""

from __future__ import annotations

import random
import re

from cleaners.dedup._words import FUNCTION_WORDS

_SENTENCE = re.compile(r"(?:(?<=[.!?])|(?<=[.!?][\"”’)]))\s+(?=[\"“‘(]?[A-Z0-9])")
_WORD = re.compile(r"[A-Za-z]+")

# The test spinner's own table: a few hundred common news words and their synonyms.
SYNONYMS: dict[str, tuple[str, ...]] = {
    "said": ("stated", "mentioned", "noted"),
    "says": ("states", "notes"),
    "told": ("informed", "advised"),
    "big": ("large", "huge"),
    "large": ("big", "sizeable"),
    "small": ("little", "minor"),
    "new": ("fresh", "novel"),
    "old": ("aged", "former"),
    "good": ("fine", "decent"),
    "bad": ("poor", "awful"),
    "important": ("vital", "crucial"),
    "company": ("firm", "business"),
    "companies": ("firms", "businesses"),
    "government": ("administration", "authorities"),
    "people": ("individuals", "persons"),
    "country": ("nation", "state"),
    "city": ("town", "municipality"),
    "war": ("battle", "conflict"),
    "fight": ("combat", "battle"),
    "fighting": ("combat", "battling"),
    "troops": ("soldiers", "forces"),
    "soldiers": ("troopers", "servicemen"),
    "leader": ("chief", "head"),
    "president": ("head", "chief"),
    "official": ("officer", "functionary"),
    "officials": ("officers", "authorities"),
    "year": ("12 months", "annum"),
    "years": ("decades", "seasons"),
    "week": ("seven days", "stretch"),
    "month": ("period", "stretch"),
    "day": ("date", "daytime"),
    "time": ("period", "moment"),
    "world": ("globe", "planet"),
    "market": ("marketplace", "exchange"),
    "price": ("cost", "value"),
    "prices": ("costs", "charges"),
    "money": ("cash", "funds"),
    "plan": ("scheme", "proposal"),
    "plans": ("schemes", "proposals"),
    "help": ("assist", "aid"),
    "show": ("display", "reveal"),
    "shows": ("reveals", "displays"),
    "showed": ("revealed", "demonstrated"),
    "make": ("create", "produce"),
    "made": ("created", "produced"),
    "use": ("employ", "utilise"),
    "used": ("employed", "utilised"),
    "start": ("begin", "commence"),
    "started": ("began", "commenced"),
    "end": ("finish", "conclusion"),
    "ended": ("finished", "concluded"),
    "buy": ("purchase", "acquire"),
    "sell": ("vend", "trade"),
    "work": ("labour", "job"),
    "worked": ("laboured", "toiled"),
    "need": ("require", "want"),
    "needs": ("requires", "wants"),
    "want": ("desire", "wish"),
    "think": ("believe", "reckon"),
    "know": ("realise", "understand"),
    "find": ("discover", "locate"),
    "found": ("discovered", "located"),
    "give": ("provide", "offer"),
    "gave": ("provided", "offered"),
    "take": ("seize", "grab"),
    "took": ("seized", "grabbed"),
    "get": ("obtain", "receive"),
    "got": ("obtained", "received"),
    "keep": ("retain", "preserve"),
    "change": ("alter", "modify"),
    "changes": ("alterations", "modifications"),
    "increase": ("rise", "boost"),
    "decrease": ("decline", "drop"),
    "rise": ("increase", "climb"),
    "fell": ("dropped", "declined"),
    "high": ("excessive", "elevated"),
    "low": ("reduced", "modest"),
    "major": ("main", "key"),
    "main": ("major", "principal"),
    "early": ("initial", "premature"),
    "late": ("belated", "tardy"),
    "recent": ("latest", "current"),
    "likely": ("probable", "possible"),
    "expected": ("anticipated", "predicted"),
    "public": ("community", "civic"),
    "report": ("account", "statement"),
    "reported": ("stated", "announced"),
    "according": ("in accordance",),
    "announced": ("declared", "revealed"),
    "agency": ("company", "bureau"),
    "agencies": ("businesses", "bureaus"),
    "news": ("information", "reports"),
    "meeting": ("assembly", "gathering"),
    "talks": ("discussions", "negotiations"),
    "support": ("backing", "assistance"),
    "attack": ("assault", "strike"),
    "attacks": ("assaults", "strikes"),
    "killed": ("slain", "murdered"),
    "died": ("perished", "passed"),
    "home": ("house", "residence"),
    "house": ("home", "residence"),
    "family": ("household", "kin"),
    "families": ("households", "relatives"),
    "children": ("kids", "youngsters"),
    "women": ("ladies", "females"),
    "men": ("males", "gentlemen"),
    "game": ("match", "contest"),
    "games": ("matches", "contests"),
    "team": ("squad", "side"),
    "player": ("athlete", "participant"),
    "players": ("athletes", "participants"),
    "win": ("victory", "triumph"),
    "won": ("secured", "clinched"),
    "lost": ("misplaced", "forfeited"),
    "problem": ("issue", "difficulty"),
    "problems": ("issues", "difficulties"),
    "issue": ("matter", "concern"),
    "issues": ("matters", "concerns"),
    "way": ("method", "manner"),
    "ways": ("methods", "manners"),
    "part": ("portion", "section"),
    "place": ("location", "spot"),
    "area": ("region", "zone"),
    "region": ("area", "zone"),
    "state": ("nation", "condition"),
    "power": ("energy", "strength"),
    "water": ("liquid", "fluid"),
    "data": ("information", "figures"),
    "study": ("research", "analysis"),
    "research": ("study", "investigation"),
    "system": ("programme", "mechanism"),
    "systems": ("programs", "mechanisms"),
    "program": ("programme", "scheme"),
    "service": ("provision", "facility"),
    "services": ("provisions", "facilities"),
    "business": ("enterprise", "commerce"),
    "industry": ("sector", "trade"),
    "economy": ("financial system", "markets"),
    "economic": ("financial", "fiscal"),
    "military": ("army", "armed"),
    "political": ("governmental", "partisan"),
    "social": ("societal", "communal"),
    "global": ("worldwide", "international"),
    "local": ("native", "regional"),
    "national": ("countrywide", "nationwide"),
    "international": ("worldwide", "global"),
    "foreign": ("overseas", "abroad"),
    "general": ("common", "widespread"),
    "different": ("various", "distinct"),
    "similar": ("comparable", "alike"),
    "possible": ("potential", "feasible"),
    "difficult": ("hard", "tough"),
    "easy": ("simple", "effortless"),
    "strong": ("robust", "powerful"),
    "weak": ("feeble", "frail"),
    "quickly": ("rapidly", "swiftly"),
    "often": ("frequently", "commonly"),
    "really": ("truly", "actually"),
    "already": ("previously", "by now"),
    "still": ("nonetheless", "yet"),
    "never": ("by no means", "not ever"),
    "always": ("constantly", "forever"),
    "including": ("together with", "counting"),
    "despite": ("regardless of", "notwithstanding"),
    "against": ("towards", "versus"),
    "around": ("roughly", "approximately"),
    "about": ("roughly", "approximately"),
    "like": ("resembling", "akin to"),
    "called": ("referred to as", "named"),
    "added": ("included", "introduced"),
    "began": ("commenced", "started"),
    "continue": ("proceed", "carry on"),
    "continued": ("proceeded", "carried on"),
    "set": ("established", "positioned"),
    "deal": ("agreement", "pact"),
    "law": ("regulation", "statute"),
    "court": ("tribunal", "courtroom"),
    "police": ("law enforcement", "officers"),
    "health": ("wellbeing", "well being"),
    "care": ("attention", "treatment"),
    "school": ("faculty", "academy"),
    "students": ("pupils", "learners"),
    "life": ("existence", "lifetime"),
    "lives": ("existences", "lifetimes"),
    "story": ("tale", "account"),
    "stories": ("tales", "accounts"),
    "users": ("customers", "consumers"),
    "customers": ("clients", "consumers"),
    "phone": ("handset", "cellphone"),
    "phones": ("handsets", "cellphones"),
    "device": ("gadget", "machine"),
    "devices": ("gadgets", "machines"),
    "technology": ("expertise", "know-how"),
    "online": ("on-line", "web-based"),
    "internet": ("web", "net"),
    "site": ("web site", "platform"),
    "video": ("clip", "footage"),
    "music": ("songs", "tunes"),
    "film": ("movie", "picture"),
    "book": ("novel", "volume"),
    "car": ("automobile", "vehicle"),
    "cars": ("automobiles", "vehicles"),
    "food": ("meals", "delicacies"),
    "energy": ("power", "vitality"),
    "oil": ("petroleum", "crude"),
    "climate": ("local weather", "weather"),
    "weather": ("climate", "conditions"),
    "rate": ("price", "fee"),
    "rates": ("charges", "fees"),
    "percent": ("per cent", "p.c."),
    "million": ("mn", "mln"),
    "billion": ("bn", "bln"),
}
# Spinners rarely find a synonym for every word; words outside the table are swapped for
# another content word of the table, which is harsher on word shingles than a synonym.
_FALLBACK = tuple(sorted({w for options in SYNONYMS.values() for w in options if " " not in w}))

FILLERS = (
    "The company did not immediately respond to a request for comment.",
    "Officials declined to comment further on Tuesday.",
    "This story has been updated with additional reporting.",
    "Additional reporting by staff writers; editing by the news desk.",
    "It was not immediately clear how many people were affected.",
    "Representatives could not be reached for comment outside regular business hours.",
)


def sentences(text: str) -> list[str]:
    """The text's sentences in order (paragraph breaks become sentence breaks)."""
    return [s.strip() for block in text.split("\n") for s in _SENTENCE.split(block) if s.strip()]


def _match_case(word: str, like: str) -> str:
    if like.isupper() and len(like) > 1:
        return word.upper()
    if like[0].isupper():
        return word[0].upper() + word[1:]
    return word


def _swap(word: str, rng: random.Random) -> str:
    options = SYNONYMS.get(word.lower())
    choice = rng.choice(options) if options else rng.choice(_FALLBACK)
    return _match_case(choice, word)


def spin(text: str, rng: random.Random, share: float) -> str:
    """Swap `share` of the content words for synonyms; names, numbers, function words stay."""
    out: list[str] = []
    last = 0
    for match in _WORD.finditer(text):
        word = match.group()
        before = text[max(0, match.start() - 2) : match.start()]
        sentence_start = match.start() == 0 or bool(re.search(r"[.!?\n]\s*$", before))
        is_name = word[0].isupper() and not sentence_start
        content = word.lower() not in FUNCTION_WORDS and len(word) > 2 and not is_name
        out.append(text[last : match.start()])
        out.append(_swap(word, rng) if content and rng.random() < share else word)
        last = match.end()
    out.append(text[last:])
    return "".join(out)


def _light_edits(sentence: str, rng: random.Random, share: float) -> str:
    words = sentence.split(" ")
    for i, word in enumerate(words):
        bare = word.strip(",.;:!?\"'“”")
        if bare.lower() in SYNONYMS and rng.random() < share:
            words[i] = word.replace(bare, _match_case(rng.choice(SYNONYMS[bare.lower()]), bare))
    return " ".join(words)


def rewrite(text: str, rng: random.Random) -> str:
    """An outlet's rewrite: a few sentences cut, one or two added, some swapped, light edits."""
    parts = sentences(text)
    cut = rng.uniform(0.05, 0.2)
    kept = [s for s in parts if rng.random() >= cut] or parts[:1]
    for _ in range(rng.randint(1, 2)):
        kept.insert(rng.randint(0, len(kept)), rng.choice(FILLERS))
    for _ in range(rng.randint(0, 2)):
        if len(kept) > 2:
            i = rng.randrange(len(kept) - 1)
            kept[i], kept[i + 1] = kept[i + 1], kept[i]
    edited = [_light_edits(s, rng, 0.15) for s in kept]
    return _paragraphs(edited, rng)


def excerpt(text: str, rng: random.Random) -> str:
    """The first 30-60% of the article."""
    parts = sentences(text)
    count = max(1, round(len(parts) * rng.uniform(0.3, 0.6)))
    return _paragraphs(parts[:count], rng)


def reheadline(text: str, title: str, rng: random.Random) -> tuple[str, str]:
    """The same report under a new headline and standfirst, with a sign-off line added."""
    standfirst = rng.choice(
        (
            "What we know so far.",
            "Here is the latest on the story.",
            "The details, as they emerged on the day.",
        )
    )
    body = f"{standfirst}\n\n{text}\n\n{rng.choice(FILLERS)}"
    return body, f"{rng.choice(('Explained:', 'Update:', 'Read:'))} {title}"


def splice(text: str, paragraph: str, rng: random.Random) -> str:
    """The article with a background paragraph from elsewhere put between two sentences."""
    parts = sentences(text)
    parts.insert(rng.randint(1, max(1, len(parts) - 1)), paragraph)
    return _paragraphs(parts, rng)


def background(text: str, rng: random.Random, words: int = 90) -> str:
    """A run of whole sentences of about `words` words, to splice into other stories."""
    parts = sentences(text)
    start = rng.randrange(max(1, len(parts) - 3))
    chosen: list[str] = []
    for sentence in parts[start:]:
        chosen.append(sentence)
        if sum(len(s.split()) for s in chosen) >= words:
            break
    return " ".join(chosen)


def _paragraphs(parts: list[str], rng: random.Random) -> str:
    out: list[str] = []
    line: list[str] = []
    for sentence in parts:
        line.append(sentence)
        if rng.random() < 0.35:
            out.append(" ".join(line))
            line = []
    if line:
        out.append(" ".join(line))
    return "\n\n".join(out)


# Wire furniture a republication adds around the body: a dateline before the first
# sentence, a byline line, a credit line and a block of related links after it.
_DATELINES = ("WASHINGTON", "LONDON", "BERLIN", "NEW DELHI", "NAIROBI", "SYDNEY", "PARIS")
_AGENCIES = ("Reuters", "AP", "AFP", "dpa")
_NAMES = ("Anna Weber", "David Brunnstrom", "Priya Nair", "Tom Hals", "Maria Silva", "Jun Ito")


def syndicate(text: str, rng: random.Random, related: list[str]) -> str:
    """A wire republication: dateline and byline before the body, one sentence edited, a
    "Reporting by" line and a related-links block (`related`: other stories' headlines) after."""
    parts = sentences(text)
    edited = rng.randrange(len(parts))
    parts[edited] = _light_edits(parts[edited], rng, 0.5)
    dateline = f"{rng.choice(_DATELINES)} ({rng.choice(_AGENCIES)}) - "
    parts[0] = dateline + parts[0]
    names = rng.sample(_NAMES, 2)
    lines = [
        f"By {names[0]}",
        _paragraphs(parts, rng),
        f"Reporting by {names[0]}; Editing by {names[1]}",
    ]
    if related:
        lines.append("Related coverage:\n" + "\n".join(f"- {title}" for title in related))
    return "\n\n".join(lines)


def heavy_edit(text: str, rng: random.Random) -> str:
    """A heavy rewrite: a third of the sentences dropped, paragraphs reordered, a new lead."""
    parts = sentences(text)
    kept = [s for s in parts if rng.random() >= 1 / 3] or parts[:1]
    blocks = _paragraphs(kept, rng).split("\n\n")
    head, rest = blocks[:1], blocks[1:]
    rng.shuffle(rest)
    lead = rng.choice((*FILLERS[:2], "Here is what happened, and what comes next."))
    return "\n\n".join([lead, *head, *rest])


# Characters OCR takes for one another.
_OCR_CONFUSIONS = {
    "e": "c", "c": "e", "l": "1", "i": "l", "o": "0", "O": "0", "m": "rn", "h": "b",
    "u": "v", "a": "o", "s": "5", "S": "5", "n": "ri", "t": "f", "I": "l", "B": "8",
}  # fmt: skip


def ocr_noise(text: str, rng: random.Random, swaps: float = 0.03, lost: float = 0.04) -> str:
    """The text as OCR reads a scanned page: `swaps` of the letters misread, `lost` of the
    spaces dropped, lines wrapped at about 60 characters with words hyphenated across them."""
    out: list[str] = []
    for char in text:
        if char == " " and rng.random() < lost:
            continue
        if char.isalpha() and rng.random() < swaps:
            char = _OCR_CONFUSIONS.get(char, rng.choice("aeinorst"))
        out.append(char)
    lines: list[str] = []
    for paragraph in "".join(out).split("\n"):
        line = ""
        for word in paragraph.split(" "):
            if len(line) + len(word) > 60 and line:
                if len(word) > 5 and rng.random() < 0.5:
                    cut = rng.randint(2, len(word) - 3)
                    lines.append(f"{line} {word[:cut]}-")
                    word = word[cut:]
                else:
                    lines.append(line)
                line = word
            else:
                line = f"{line} {word}" if line else word
        lines.append(line)
    return "\n".join(lines)


def follow_up(text: str, paragraph: str, rng: random.Random) -> str:
    """A different story that repeats one background paragraph of an earlier one."""
    parts = sentences(text)
    parts.insert(rng.randint(max(1, len(parts) // 2), len(parts)), paragraph)
    return _paragraphs(parts, rng)
