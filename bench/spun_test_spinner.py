"""A phrase-swapping spinner for the evaluation only, with its own hand-written thesaurus.

The table below was written for the test as thesaurus groups (original: replacements), the way
a cheap "article rewriter" picks synonyms, without copying the product lexicon
(cleaners/spun/lexicon.tsv); bench/spun_eval.py measures and prints how far the two overlap.
The product never imports this module.
"""

from __future__ import annotations

import random
import re
from dataclasses import dataclass
from itertools import pairwise

TABLE = """
said: stated, mentioned, declared, remarked
says: states, mentions, declares
also: additionally, moreover, likewise
but: however, nonetheless
people: individuals, folks, persons
country: nation, land
countries: nations, international locations
government: authorities, administration
year: 12 months, yr
last year: final 12 months, previous yr
last week: final week, previous week
last month: final month, previous month
news agency: information company, information bureau
agency: company, bureau
agencies: businesses, companies
including: together with, comprising
thousands: 1000's, hundreds
hundreds: lots of, tons of
millions: hundreds of thousands, tens of millions
published: printed, revealed
recent: current, latest
strong: sturdy, robust
gains: beneficial properties, positive aspects
attempts: makes an attempt, efforts
attempt: try, endeavor
end: finish, conclusion
avoid: keep away from, evade
help: assist, aid
leader: chief, head
leaders: leaders, chiefs
troops: troopers, forces
soldiers: troopers, squaddies
war: battle, warfare
against: towards, in opposition to
meeting: assembly, gathering
families: households
family: household
without: with out
power: energy, facility
concert: live performance
sent: despatched, dispatched
more than: greater than, over
systems: programs, methods
system: system, system
fighting: combating, preventing
attacks: assaults, strikes
increasingly: more and more, progressively
close: shut, near
both: each
according to: in accordance with, in line with
in the future: sooner or later, in future
region: area, space
relatives: relations, kin
big: large, huge
small: little, tiny
important: necessary, vital, essential
major: main, important
old: outdated, previous
started: began, commenced
showed: confirmed, revealed
shows: exhibits, reveals
got: received, acquired
buy: purchase
sell: promote
price: worth, value
prices: costs
money: cash
company: firm, agency
companies: corporations, firms
business: enterprise
economy: financial system, economic system
economic: financial
bank: financial institution
stock market: inventory market
interest rates: rates of interest
growth: development, progress
increase: enhance, improve
expected: anticipated, predicted
announced: introduced, declared
statement: assertion
told: advised, informed
asked: requested
explained: defined
warned: cautioned
called for: known as for
because: as a result of
before: earlier than
ago: in the past
around: round
nearly: practically, almost
several: a number of
often: typically, usually
however: nonetheless, nevertheless
while: whereas
during: throughout, all through
until: till
through: via, by means of
under: beneath, underneath
toward: in direction of
next: subsequent
recently: not too long ago, lately
soon: quickly, shortly
today: at the moment, right now
again: once more
only: solely
just: simply
children: kids, youngsters
women: ladies
men: males
person: particular person
city: metropolis
building: constructing
car: automobile, automotive
website: web site
online: on-line
team: workforce, group
player: participant
players: gamers
game: sport, recreation
won: gained, received
points: factors
percent: p.c.
number: quantity
data: information, knowledge
research: analysis
experts: consultants, specialists
results: outcomes
changes: modifications, adjustments
climate change: local weather change
health: well being
doctors: medical doctors
patients: sufferers
treatment: remedy
dead: useless
death: loss of life, dying
shooting: capturing
security: safety
defence: protection
defense: protection
foreign: overseas, international
policy: coverage
local: native
national: nationwide
community: neighborhood
comments: feedback
documents: paperwork
details: particulars
found: discovered
understand: perceive
continue: proceed
allow: permit
include: embody
despite: regardless of
in order to: with a purpose to
at least: not less than, a minimum of
each other: one another
suddenly: all of a sudden, abruptly
finally: lastly
together: collectively
outside: exterior, outdoors
top: prime, high
concerns: considerations, issues
worried: apprehensive, frightened
happy: completely satisfied, glad
different: totally different, completely different
likely: doubtless, seemingly
possible: attainable, potential
difficult: troublesome, tough
hard: exhausting, onerous
popular: widespread, well-liked
long: lengthy
lost: misplaced
join: be a part of
become: turn out to be, change into
became: grew to become, turned
came: got here
feel: really feel
played: performed
history: historical past
times: occasions, instances
thing: factor
sales: gross sales
dog: canine
trees: bushes
body: physique
heart: coronary heart
friend: good friend, buddy
clothes: garments
coffee: espresso
store: retailer
privacy: privateness
artificial intelligence: synthetic intelligence
tools: instruments
electric: electrical
camera: digital camera
update: replace
available: obtainable, accessible
access: entry
based: primarily based
partner: companion, accomplice
criminal: legal, felony
victim: sufferer
injuries: accidents
situation: scenario, state of affairs
caused: brought on, prompted
affect: have an effect on
population: inhabitants
levels: ranges
summer: summer season
tourists: vacationers
traffic: site visitors
cabinet: cupboard
hearing: listening to
weapons: weapons, arms
military: army
agreement: settlement
images: pictures, photographs
photos: pictures, photographs
global: world
international: worldwide
private: non-public, personal
lawyers: attorneys, legal professionals
law: regulation, legislation
rules: guidelines
issue: difficulty, subject
problem: downside, drawback
problems: issues
question: query
decision: determination, choice
move: transfer
action: motion
events: occasions
conference: convention
visit: go to
home: residence
homes: houses, properties
parents: mother and father, dad and mom
students: college students
school: faculty
teachers: lecturers, academics
education: schooling, training
workers: employees, staff
office: workplace
industry: trade, business
products: merchandise
customers: clients, prospects
services: providers, companies
technology: know-how, expertise
phone: cellphone, telephone
computer: pc, laptop
software: software program
internet: web
energy: vitality, power
food: meals
fire: hearth
party: get together, occasion
court: courtroom, court docket
judge: decide, choose
charges: costs, fees
officials: officers
"""

_WORD = re.compile(r"\w+(?:['’]\w+)*")


def parse_table(text: str = TABLE) -> dict[tuple[str, ...], tuple[str, ...]]:
    """original word tuple -> replacements (a replacement equal to the original is dropped)."""
    table: dict[tuple[str, ...], tuple[str, ...]] = {}
    for line in text.strip().splitlines():
        original, _, options = line.partition(":")
        choices = tuple(o.strip() for o in options.split(",") if o.strip() != original.strip())
        if choices:
            table[tuple(original.split())] = choices
    return table


@dataclass(frozen=True)
class Swap:
    """One swap the test spinner made: where it stands in each text and the two wordings."""

    spun_start: int
    spun_end: int
    original_start: int
    original_end: int
    spun: str
    original: str


def _case_like(replacement: str, found: str) -> str:
    if found[:1].isupper():
        return replacement[:1].upper() + replacement[1:]
    return replacement


def spin(
    text: str,
    rng: random.Random,
    rate: float,
    table: dict[tuple[str, ...], tuple[str, ...]] | None = None,
) -> tuple[str, list[Swap]]:
    """Swap phrases of the table (longest first) with probability `rate`; return text and swaps."""
    table = table or parse_table()
    longest = max(len(k) for k in table)
    words = list(_WORD.finditer(text))
    out: list[str] = []
    swaps: list[Swap] = []
    position = 0
    i = 0
    while i < len(words):
        for length in range(min(longest, len(words) - i), 0, -1):
            group = words[i : i + length]
            gaps = (text[a.end() : b.start()] for a, b in pairwise(group))
            key = tuple(w.group().lower() for w in group)
            if key in table and all(g == " " for g in gaps) and not group[0].group().isupper():
                break
        else:
            i += 1
            continue
        if rng.random() >= rate:
            i += length
            continue
        start, end = group[0].start(), group[-1].end()
        found = text[start:end]
        replacement = _case_like(rng.choice(table[key]), found)
        out.append(text[position:start])
        spun_start = sum(len(p) for p in out)
        out.append(replacement)
        spun_end = spun_start + len(replacement)
        swaps.append(Swap(spun_start, spun_end, start, end, replacement, found))
        position = end
        i += length
    out.append(text[position:])
    return "".join(out), swaps
