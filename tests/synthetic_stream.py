"""A deterministic synthetic news stream about one fictional border war, for tests of change detection.

`stream(seed)` returns about 300 wire-style articles (`bot.models.Article`), sorted by publication time,
from six outlets over March 2026, about a war between two invented countries, Veldoria and Kastan
(`CONFLICT`), with Norway mediating. Every figure counts Kastan's people (party "Kastan", group "all"):

- a death toll in eight steps (12 ... 61), an injured figure in four and a displaced figure in four, one of
  them a rise under 5% (40,000 -> 41,000) that the alert rules let pass;
- talks between the foreign ministers, announced for March 14 in Geneva, postponed to March 21, then held;
- a ceasefire: calls for one, agreed, in effect, violated, collapsed.

`TIMELINE` lists each real change with the publication time of the first article that reports it (fixed,
whatever the seed). Every other article re-reports the state current when it is published (often with the
current state of a related series as context), reports an older state late ("lagging": a lower figure,
the meeting's old date, a ceasefire phase already left), is an exact syndicated copy or a near duplicate
(new headline, one background sentence added, dropped or reworded) of a current report, or is noise that
names the conflict and reports nothing. `tag(article)` gives its role and the facts the extractor must
read from it, in the form `facts_of(extraction)` writes them. The seed varies wording, outlets and the
times of all but the first reports.
"""

from __future__ import annotations

import datetime as dt
import random
import re
from collections.abc import Callable
from dataclasses import dataclass
from functools import partial

from bot.config import ConflictConfig
from bot.models import Article, Extraction

CONFLICT = ConflictConfig(
    id="veldoria-kastan",
    name="Veldoria–Kastan border war",
    keywords=["Veldoria", "Veldorian", "Kastan", "Kastani"],
    parties={
        "Veldoria": ["Veldorian", "Marsk", "Veldorian Armed Forces"],
        "Kastan": ["Kastani", "Orlev", "Kastani Defence Forces"],
    },
    mediators={"Norway": ["Norwegian", "Oslo"]},
)
OUTLETS = {  # outlet -> host: two wire services first; the Coastal Herald publishes the lagging reports
    "Meridian Wire": "meridianwire.example",
    "Atlas News Agency": "atlasnews.example",
    "Northgate Post": "northgatepost.example",
    "Coastal Herald": "coastalherald.example",
    "Global Desk": "globaldesk.example",
    "Frontier Times": "frontiertimes.example",
}
ROLES = ("first report", "re-report", "lagging", "syndicated copy", "near duplicate", "noise")


@dataclass(frozen=True)
class Change:
    """A real change in the conflict's state, and when the first article reporting it was published."""

    kind: str  # "casualty" | "meeting" | "ceasefire"
    what: str  # "killed 19", "scheduled 2026-03-14 in Geneva", "postponed to 2026-03-21", "agreed"...
    first: dt.datetime
    # Whether the README's rules post an alert for it at its first report: not for a rise under 5% in the
    # displaced, nor for agreed -> in_effect (one phase); a postponement alerts as a meeting at a new date.
    alerts: bool = True


@dataclass(frozen=True)
class Tag:
    """What an article of a stream is: its role, and the facts it must yield."""

    role: str  # one of ROLES
    change: Change | None  # the change whose state the article mainly reports (None for noise)
    facts: frozenset[str]  # what the extractor must read from the article, as `facts_of` writes them


# Each series' states, in order, with the day and time (UTC) of March 2026 of their first report.
_SCHEDULE = """
killed: 12 @1 14:05, 19 @3 09:40, 27 @7 11:15, 31 @12 08:30, 38 @16 10:20, 46 @18 16:45, 53 @23 12:10, 61 @27 09:00
injured: 30 @2 08:00, 45 @5 13:00, 61 @18 17:30, 88 @24 10:00
displaced: 40000 @2 15:20, 41000 @5 09:10, 55000 @14 11:00, 120000 @20 10:30
meeting: scheduled 2026-03-14 in Geneva @6 10:00, postponed to 2026-03-21 @11 15:00, held 2026-03-21 @21 18:30
ceasefire: negotiating @3 16:00, agreed @9 20:00, in_effect @10 07:00, violated @13 09:30, collapsed @18 11:00
"""
_SILENT = {"displaced 41000", "in_effect"}
_START, _END = dt.datetime(2026, 3, 1, 8, tzinfo=dt.UTC), dt.datetime(2026, 3, 30, 22, tzinfo=dt.UTC)


@dataclass(frozen=True)
class _State:
    series: str
    change: Change
    key: str  # which sentences state it: "killed", "postponed", "violated"...
    fact: str  # as `facts_of` writes it
    figure: str  # "40,000"; "" for a meeting or a ceasefire


def _states() -> dict[str, list[_State]]:
    """Each series' states, read from _SCHEDULE."""
    out: dict[str, list[_State]] = {}
    for line in _SCHEDULE.strip().splitlines():
        series, _, entries = line.partition(": ")
        for entry in entries.split(", "):
            state, day, time = entry.replace(" @", " ").rsplit(" ", 2)
            kind = series if series in ("meeting", "ceasefire") else "casualty"
            what, key, fact, figure = state, state, f"ceasefire {state}", ""
            if kind == "meeting":
                key, date = state.split()[0], state.split()[1 if "Geneva" in state else -1]
                fact = f"meeting {'held' if key == 'held' else 'scheduled'} {date} Geneva"
            elif kind == "casualty":
                what = fact = f"{series} {state}"
                key, figure = series, f"{int(state):,}"
            first = dt.datetime.fromisoformat(f"2026-03-{int(day):02d}T{time}+00:00")
            change = Change(kind, what, first, what not in _SILENT)
            out.setdefault(series, []).append(_State(series, change, key, fact, figure))
    return out


_SERIES = _states()
TIMELINE: list[Change] = sorted((s.change for v in _SERIES.values() for s in v), key=lambda c: c.first)

# The copy: 'key | sentence | ...'. Leads state their key's fact ({n}: the figure; {i}: the injured figure
# current when published, stated too), as may headlines ('head'); no other line states a fact.
_COPY = """
killed | Kastan's Health Ministry said {n} people had been killed in Veldorian shelling of border towns since the fighting began.
killed | The death toll in Kastan has risen to {n}, according to the country's Health Ministry.
killed | At least {n} people have been killed in Kastan since clashes erupted along the border, officials in Orlev said.
killed | Veldorian artillery fire has killed {n} people on the Kastani side of the border, Kastani officials said.
killed | Officials in Orlev put the number of dead at {n}, most of them farmers and their families in the Rhen valley.
killed | The Kastani government says {n} people have died in the fighting, a figure that could not be independently verified.
killed | The shelling has killed at least {n} people in Kastan and wounded {i} others, according to Kastani health officials.
killed | Kastani officials say {n} people have died and {i} have been wounded since Veldorian forces began shelling the Rhen valley.
injured | The number of injured in Kastan has climbed to {n}, the Health Ministry said.
injured | Hospitals in Kastan's border provinces are treating {n} wounded people, health officials said.
injured | Kastan's Health Ministry said {n} people had been wounded in the shelling.
displaced | More than {n} people have fled their homes in Kastan's border provinces, the UN refugee agency said.
displaced | The fighting has displaced about {n} people in Kastan, according to aid agencies.
displaced | Some {n} Kastani villagers have been displaced by the shelling, aid groups said.
displaced | Aid agencies say {n} people in Kastan have been forced from their homes.
scheduled | The foreign ministers of Veldoria and Kastan will meet in Geneva on March 14 for talks mediated by Norway, the Norwegian foreign ministry said.
scheduled | Veldorian Foreign Minister Anton Reyk and his Kastani counterpart Selim Davar are due to hold talks in Geneva on March 14, with Norway acting as mediator.
scheduled | Norway will host talks between the foreign ministers of Veldoria and Kastan in Geneva on March 14.
postponed | Talks between the foreign ministers of Veldoria and Kastan in Geneva have been postponed to March 21, Norwegian mediators said.
postponed | The Norwegian-mediated meeting between Veldoria and Kastan in Geneva, originally set for March 14, has been pushed back to March 21.
postponed | Norway said that talks between Veldorian and Kastani foreign ministers planned for March 14 in Geneva had been postponed to March 21.
postponed | The talks between the two countries' foreign ministers in Geneva have been rescheduled for March 21, Norwegian officials said.
held | The foreign ministers of Veldoria and Kastan met in Geneva on March 21 for Norwegian-mediated talks.
held | Veldorian Foreign Minister Anton Reyk and his Kastani counterpart Selim Davar held talks in Geneva on March 21 under Norwegian mediation, officials said.
held | The foreign ministers of Veldoria and Kastan held Norwegian-brokered talks in Geneva on March 21, their first since the border war began.
negotiating | Norway is leading efforts to secure a ceasefire between Veldoria and Kastan.
negotiating | The UN Security Council called for an immediate ceasefire between Veldoria and Kastan.
negotiating | Norwegian diplomats are working to broker a truce between Marsk and Orlev, officials said.
negotiating | Norway and the United Nations have been urging both sides to agree a ceasefire.
agreed | Veldoria and Kastan agreed on Monday to a ceasefire that takes effect at midnight, the Norwegian foreign ministry said.
agreed | Military commanders from Veldoria and Kastan signed a ceasefire agreement on Monday evening after Norwegian mediation.
agreed | The Norwegian-brokered truce between Veldoria and Kastan is due to take effect at midnight.
in_effect | A ceasefire between Veldoria and Kastan took effect at midnight on Tuesday, March 10.
in_effect | The truce between Veldoria and Kastan appeared to be holding, with no reports of shelling along the border overnight.
in_effect | The ceasefire between Veldoria and Kastan has largely held since it came into force on March 10, residents of border towns said.
violated | Veldoria and Kastan accused each other of violating the ceasefire.
violated | Kastan accused Veldorian forces of breaching the truce with artillery fire near the town of Tiralo.
violated | The fragile ceasefire between Veldoria and Kastan came under strain as both sides reported shelling along the border.
collapsed | The ceasefire between Veldoria and Kastan has collapsed, with fighting resumed along the border.
collapsed | Fighting resumed along the Veldoria–Kastan border, ending an eight-day truce.
collapsed | The Norwegian-brokered truce is no longer being observed, Kastani officials said.
head killed | Death toll in Kastan rises to {n} as border fighting rages | Kastan says {n} killed in Veldorian shelling | Shelling pounds Kastani border towns
head injured | Kastan says {n} wounded as shelling continues | Hospitals in Kastan's border provinces fill up
head displaced | {n} displaced by fighting in Kastan, UN says | Aid groups scramble as Kastani families leave the border
head scheduled | Veldoria and Kastan to hold talks in Geneva on March 14 | Foreign ministers of Veldoria and Kastan to meet in Geneva
head postponed | Veldoria–Kastan talks in Geneva postponed to March 21 | Veldoria–Kastan talks pushed back a week
head held | Veldorian and Kastani foreign ministers meet in Geneva | Veldoria and Kastan hold first talks in Geneva
head negotiating | Calls for Veldoria–Kastan ceasefire grow | Norway steps up push for truce between Veldoria and Kastan
head agreed | Veldoria and Kastan agree ceasefire | Norway brokers Veldoria–Kastan truce
head in_effect | Veldoria–Kastan ceasefire takes hold | Calm returns to Veldoria–Kastan border as truce holds
head violated | Veldoria and Kastan trade accusations of ceasefire breaches | Fragile truce strained on Veldoria–Kastan border
head collapsed | Veldoria–Kastan ceasefire collapses as fighting resumes | Truce in tatters as Veldoria and Kastan resume fighting
detail killed | Funerals took place in the town of Beren under heavy security.
detail injured | Doctors in Beren said they were running short of blood and surgical supplies.
detail displaced | Schools and sports halls in Orlev have been turned into temporary shelters.
detail scheduled | It would be the first face-to-face contact between senior officials of the two governments since the fighting began.
detail postponed | Neither side gave a reason for the delay. | Diplomats said the extra week would give the two sides time to narrow their differences.
detail held | No joint statement was issued afterwards. | Norway's special envoy, Ingrid Halvorsen, described the atmosphere as businesslike but tense.
detail negotiating | Diplomats said both governments had so far shown little sign of flexibility.
detail agreed | Under its terms, both armies are to pull back heavy weapons from the Rhen valley.
detail in_effect | Shops reopened in Beren and some families went back to check on their homes.
detail violated | Each side blamed the other for starting the exchanges of fire.
detail collapsed | Residents of Beren said artillery fire could be heard through the night.
filler | The two countries have disputed the Rhen valley, a fertile strip of farmland along their shared border, for decades.
filler | Veldoria says its forces are responding to cross-border raids by Kastani militias, a charge Orlev rejects.
filler | Independent verification of figures from the border area has not been possible.
filler | Foreign journalists have been barred from the frontline districts since the start of the month.
filler | The main highway between Orlev and the coast remains closed to civilian traffic.
filler | Aid agencies have warned of shortages of food, water and medicine in the border provinces.
filler | Marsk has not published figures for its own military losses.
filler | Satellite images reviewed by independent analysts show damage to dozens of buildings in the frontier town of Tiralo.
filler | Schools in the three Kastani border provinces have been closed until further notice.
filler | Both governments have recalled their ambassadors and closed their border crossings.
filler | The Veldorian Armed Forces said their operations were aimed only at military targets.
filler | Power and mobile phone networks have been cut in much of the Rhen valley.
quote | "We are doing everything we can to protect our citizens," a government spokesperson in Orlev said.
quote | "Veldoria did not choose this confrontation," President Ilka Varen told lawmakers in Marsk.
quote | "The situation along the border is extremely volatile," said Marta Lind, an analyst at the Baltic Institute for Conflict Studies.
quote | "Every family here has someone at the front," said a shopkeeper in the Kastani town of Beren.
quote | "The humanitarian situation is getting worse by the day," a Red Cross official said.
noise 1 | Veldorian marka slides as border tensions weigh on investors
noise 1 | The Veldorian marka fell to a record low against the euro on Tuesday. | Bond yields in Marsk rose for a fifth straight day. | Analysts said investors were pricing in a prolonged standoff with Kastan.
noise 2 | Airlines reroute flights away from Veldoria–Kastan border
noise 2 | Several European carriers said they would avoid Kastani and Veldorian airspace until further notice. | Flight times between Orlev and the coast have lengthened by up to an hour. | Insurers have raised premiums for aircraft operating in the region.
noise 3 | Explainer: why Veldoria and Kastan are fighting over the Rhen valley
noise 3 | The valley has been claimed by both countries since they became independent in the 1960s. | A commission set up in 1974 drew a provisional line that neither government ever ratified. | Nationalist parties on both sides have made the valley a rallying cry.
noise 4 | Kastani diaspora rallies in European capitals
noise 4 | Thousands of Kastanis marched through central Oslo on Sunday, waving flags and banners. | Organisers said similar rallies took place in Berlin, Vienna and Stockholm. | Veldorian community groups staged a smaller counter-demonstration.
noise 5 | Grain prices climb as Kastan's river ports close
noise 5 | Wheat futures rose after Kastani river ports near the Veldorian border stopped loading barges. | Kastan is one of the region's main exporters of wheat and barley. | Traders said buyers were turning to suppliers further north.
noise 6 | Veldorian president rallies lawmakers behind border campaign
noise 6 | President Ilka Varen said Veldoria would defend every metre of its territory. | Opposition parties in Marsk voted for an emergency defence budget. | Kastan's foreign ministry dismissed the speech as provocative.
noise 7 | Veldoria–Kastan football qualifier moved to neutral venue
noise 7 | The match between Veldoria and Kastan will be played in Vienna instead of Orlev. | The regional football federation cited security concerns. | Fans of both teams will be seated in separate stands.
"""
_LINES: dict[str, list[str]] = {}
for _key, _, _items in (row.partition(" | ") for row in _COPY.strip().splitlines()):
    _LINES.setdefault(_key, []).extend(_items.split(" | "))
_NOISE = [_LINES[key] for key in _LINES if key.startswith("noise")]  # a headline, then body sentences
_SWAPS = [("border", "frontier"), ("said", "told reporters"), ("have", "had"), ("main", "principal")]
_DATELINES = {"casualty": "ORLEV, Kastan", "meeting": "GENEVA", "ceasefire": "MARSK, Veldoria"}
_CONTEXT = {"killed": ["injured", "displaced"], "injured": ["killed", "displaced"], "displaced": ["killed"]}
_CONTEXT |= {"meeting": ["ceasefire", "killed"], "ceasefire": ["killed", "meeting"]}
_TAGS: dict[str, Tag] = {}


def tag(article: Article) -> Tag:
    """The role of an article of a stream, and the facts it must yield."""
    return _TAGS[article.url or ""]


def kind_of(article: Article) -> str:
    """The role of an article of a stream: one of ROLES."""
    return tag(article).role


def facts_of(extraction: Extraction) -> frozenset[str]:
    """An extraction's facts as Tag.facts writes them, with anything unexpected spelled out: a figure not
    current or not Kastan's people, a meeting without both parties or with others than Norway."""
    out = set()
    for f in extraction.facts:
        if f.kind == "casualty":
            usual = (f.party, f.group, f.current) == ("Kastan", "all", True)
            out.add(f"{f.metric} {f.count}" + ("" if usual else f" ({f.party}, {f.group}, {f.current})"))
        elif f.kind == "meeting":
            usual = {"Veldoria", "Kastan"} <= set(f.parties) <= {"Veldoria", "Kastan", "Norway"}
            odd = "" if usual else f" ({', '.join(f.parties)})"
            out.add(f"meeting {f.status} {f.date} {f.place}{odd}")
        else:
            out.add(f"ceasefire {f.status}")
    return frozenset(out)


@dataclass
class _Draft:
    title: str
    lines: list[tuple[str, bool]]  # (sentence, whether it states a fact), one paragraph each
    dateline: str
    published: dt.datetime
    outlet: str  # who publishes it
    credit: str  # whose copy it is, named in the dateline
    tag: Tag

    def text(self) -> str:
        paragraphs = [s for s, _ in self.lines]
        if self.dateline:
            paragraphs[0] = f"{self.dateline} ({self.credit}) — {paragraphs[0]}"
        return "\n\n".join(paragraphs)


def _current(series: str, at: dt.datetime) -> _State | None:
    states = [s for s in _SERIES[series] if s.change.first <= at]
    return states[-1] if states else None


def _until(state: _State) -> dt.datetime:
    """The last time an article may report `state` as current: just before the next change of its series."""
    later = [s.change.first for s in _SERIES[state.series] if s.change.first > state.change.first]
    return min(later, default=_END + dt.timedelta(minutes=10)) - dt.timedelta(minutes=10)


def _between(rng: random.Random, start: dt.datetime, end: dt.datetime) -> dt.datetime:
    return start + dt.timedelta(minutes=rng.randint(1, max(1, int((end - start).total_seconds() // 60))))


def _sentence(state: _State, at: dt.datetime, rng: random.Random, lagging: bool) -> tuple[str, set[str]]:
    """A sentence stating `state` (and the injured figure current at `at`, in some wordings)."""
    injured = None if lagging else _current("injured", at)
    template = rng.choice([t for t in _LINES[state.key] if "{i}" not in t or injured is not None])
    facts = {state.fact} | ({injured.fact} if injured and "{i}" in template else set())
    return template.format(n=state.figure, i=injured.figure if injured else ""), facts


def _article(state: _State, at: dt.datetime, role: str, outlet: str, rng: random.Random) -> _Draft:
    """An article reporting `state` (as current, or late when lagging), in a random wording."""
    lagging = role == "lagging"
    lead, facts = _sentence(state, at, rng, lagging)
    lines = [(lead, True)]
    other = rng.choice(_CONTEXT[state.series])
    context = None if lagging or other in {f.split()[0] for f in facts} else _current(other, at)
    if state.change.kind == "casualty" and rng.random() < 0.3:
        context = state  # the figure stated again in other words
    if context is not None and rng.random() < 0.6:
        sentence, more = _sentence(context, at, rng, lagging)
        if sentence != lead:
            lines.append((sentence, True))
            facts |= more
    background = rng.sample(_LINES["filler"], rng.randint(2, 3)) + rng.sample(
        _LINES["quote"], rng.randint(0, 1)
    )
    background += rng.sample(_LINES["detail " + state.key], rng.randint(0, 1))
    for sentence in background:
        lines.insert(rng.randint(1, len(lines)), (sentence, False))
    title = rng.choice(_LINES["head " + state.key]).format(n=state.figure)
    dateline = _DATELINES[state.change.kind] if rng.random() < 0.5 else ""
    return _Draft(title, lines, dateline, at, outlet, outlet, Tag(role, state.change, frozenset(facts)))


def _near_duplicate(draft: _Draft, at: dt.datetime, outlet: str, rng: random.Random) -> _Draft:
    """The same story under a new headline, with one background sentence added, dropped or reworded."""
    lines = list(draft.lines)
    background = [i for i, (_, fact) in enumerate(lines) if not fact]
    swaps = [(i, a, b) for i in background for a, b in _SWAPS if re.search(rf"\b{a}\b", lines[i][0])]
    move = rng.choice(["add", *(["drop"] if len(background) > 2 else []), *(["swap"] if swaps else [])])
    if move == "drop":
        del lines[rng.choice(background)]
    elif move == "add":
        extra = [f for f in _LINES["filler"] if (f, False) not in lines]
        lines.insert(rng.randint(1, len(lines)), (rng.choice(extra), False))
    else:
        i, a, b = rng.choice(swaps)
        lines[i] = (re.sub(rf"\b{a}\b", b, lines[i][0], count=1), False)
    state = next(s for states in _SERIES.values() for s in states if s.change == draft.tag.change)
    heads = [h.format(n=state.figure) for h in _LINES["head " + state.key]]
    title = rng.choice([h for h in heads if h != draft.title] or heads)
    tag_ = Tag("near duplicate", draft.tag.change, draft.tag.facts)
    return _Draft(title, lines, draft.dateline, at, outlet, outlet, tag_)


def _noise(rng: random.Random) -> _Draft:
    """An article that names the conflict and reports nothing."""
    title, *body = rng.choice(_NOISE)
    sentences = rng.sample(body, rng.randint(2, 3)) + rng.sample(_LINES["filler"], rng.randint(1, 2))
    at, outlet = _between(rng, _START, _END), rng.choice(list(OUTLETS))
    return _Draft(
        title, [(s, False) for s in sentences], "", at, outlet, outlet, Tag("noise", None, frozenset())
    )


def stream(seed: int = 0) -> list[Article]:
    """The synthetic stream, sorted by publication time (then URL); the same for the same seed."""
    rng = random.Random(seed)
    drafts: list[_Draft] = []
    texts: set[str] = set()

    def add(make: Callable[[], _Draft]) -> None:
        """Add the first draft `make` returns whose text no article of the stream has yet."""
        while (draft := make()).text() in texts:
            pass
        texts.add(draft.text())
        drafts.append(draft)

    for series, states in _SERIES.items():
        for index, state in enumerate(states):
            first = state.change.first
            add(partial(_article, state, first, "first report", rng.choice(list(OUTLETS)[:2]), rng))
            for _ in range({"killed": 6, "injured": 3, "displaced": 4}.get(series, 7)):
                at = _between(rng, first + dt.timedelta(minutes=20), _until(state))
                add(partial(_article, state, at, "re-report", rng.choice(list(OUTLETS)), rng))
            if index + 1 < len(states) and (series == "killed" or index in (0, 2)):
                late = states[index + 1].change.first + dt.timedelta(hours=1)
                at = _between(rng, late, min(late + dt.timedelta(days=2), _until(states[index + 1])))
                add(partial(_article, state, at, "lagging", "Coastal Herald", rng))
    for _ in range(30):
        add(partial(_noise, rng))
    current = [d for d in drafts if d.tag.role in ("first report", "re-report")]
    for n in range(100):  # half near duplicates, half syndicated copies, shortly after their original
        orig = rng.choice(current)
        changes = [s.change.first for fact in orig.tag.facts for s in _SERIES[fact.split()[0]]]
        limit = min(t for t in [*changes, orig.published + dt.timedelta(hours=6)] if t > orig.published)
        at = _between(rng, orig.published, limit - dt.timedelta(minutes=5))
        outlet = rng.choice([o for o in OUTLETS if o != orig.outlet])
        if n % 2:
            add(partial(_near_duplicate, orig, at, outlet, rng))
        else:
            tag_ = Tag("syndicated copy", orig.tag.change, orig.tag.facts)
            drafts.append(_Draft(orig.title, orig.lines, orig.dateline, at, outlet, orig.credit, tag_))
    articles = []
    for n, d in enumerate(drafts):
        slug = re.sub(r"[^a-z0-9]+", "-", d.title.lower()).strip("-")[:60]
        url = f"https://{OUTLETS[d.outlet]}/world/2026/03/{d.published.day:02d}/{slug}-{seed}-{n:03d}"
        _TAGS[url] = d.tag
        articles.append(
            Article(title=d.title, text=d.text(), published=d.published, url=url, outlet=d.outlet)
        )
    return sorted(articles, key=lambda a: (a.published_at, a.url or ""))
