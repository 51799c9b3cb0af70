"""Writes articles.json: the labelled story-grouping set, from templates written for the project.

Each event has a kind (earthquake, fire, strike ...) and its own facts (places, people,
numbers); every outlet covering it words it differently (its own headline and lede template,
numbers that sometimes disagree). Look-alike events ("twins": same kind, same region, other
facts, hours or a week apart) are the hard negatives. Run again to regenerate (seeded).
"""

from __future__ import annotations

import json
import random
from datetime import UTC, datetime, timedelta
from pathlib import Path

OUTLETS = [
    "harbour-gazette",
    "coastal-wire",
    "wrenmouth-echo",
    "daily-ledger",
    "north-star",
    "capital-post",
    "river-times",
    "evening-bulletin",
    "metro-herald",
    "the-correspondent",
]

KINDS: dict[str, tuple[list[str], list[str]]] = {
    "quake": (
        [
            "Magnitude {mag} earthquake shakes {place}",
            "{place} rattled by {mag} quake, {dead} reported dead",
            "Earthquake near {place}: buildings damaged across {region}",
            "Deadly tremor hits {region} town of {place}",
            "Rescuers search rubble after {place} earthquake",
        ],
        [
            "A magnitude {mag} earthquake struck near {place} in {region} early on {day}, "
            "killing at least {dead} people and damaging dozens of homes. {person}, {role}, "
            "said rescue teams were still reaching outlying villages.",
            "At least {dead} people died when a {mag} tremor hit {place} on {day}. The quake's "
            "epicentre was {km} km from the town, according to the {org}. Schools across "
            "{region} were closed.",
            "Emergency crews in {place} worked through the night after {day}'s earthquake, "
            "measured at {mag} by the {org}. The death toll stood at {dead}. "
            '"{quote}," {person} told reporters.',
            "The {org} said the {mag} quake was centred {km} km beneath {place}. Officials in "
            "{region} put the number of dead at {dead}, with more than {injured} injured.",
        ],
    ),
    "fire": (
        [
            "Fire tears through {building} in {place}",
            "{count} firefighters tackle blaze at {place} {building}",
            "Huge fire at {building} on {street}, {place}",
            "{place} {building} destroyed in overnight fire",
        ],
        [
            "More than {count} firefighters were called to a {building} on {street} in {place} "
            "on {day} night. {person}, {role}, said nobody was hurt but the roof had "
            "collapsed.",
            "A fire broke out at the {building} on {street} shortly after {hour}, {org} said. "
            "Residents of {place} were told to keep windows shut because of the smoke.",
            "Crews from the {org} spent {hours} hours fighting a blaze that gutted a "
            '{building} on {street}. "{quote}," said {person}.',
            "Smoke could be seen across {place} as the {building} on {street} burned on {day}. "
            "The {org} said {count} engines attended and the cause is being investigated.",
        ],
    ),
    "strike": (
        [
            "{union} members at {org} vote to strike",
            "{org} workers to walk out over pay, says {union}",
            "Strike ballot: {org} staff back {days}-day stoppage",
            "{org} faces walkout after {pct}% vote for action",
        ],
        [
            "Members of {union} at {org} have voted for a {days}-day strike over pay, with "
            "{pct}% in favour on a turnout of {turnout}%. {person}, {role}, said the company "
            "had left them no choice.",
            "Staff at {org} will walk out from {day} after {union} announced the result of its "
            "ballot. The union said {pct}% backed action. {org} called the decision "
            "disappointing.",
            "{union} says {pct}% of its members at {org} supported strikes in a dispute over "
            'pay and shift patterns. "{quote}," said {person}.',
            "A {days}-day stoppage at {org} looks likely after a ballot by {union}. The "
            "turnout was {turnout}%, above the legal threshold, according to {person}.",
        ],
    ),
    "results": (
        [
            "{org} profit {dir} in {quarter} as sales reach {sales}",
            "{org} reports {quarter} results: revenue {sales}",
            "{org} shares move after {quarter} earnings",
            "{quarter}: {org} beats forecasts with {sales} in sales",
        ],
        [
            "{org} said on {day} that {quarter} revenue reached {sales}, with operating profit "
            "{dir} to {profit}. {person}, {role}, said demand in {region} had been strong.",
            "{org} posted {quarter} sales of {sales}, according to its quarterly report. "
            "Profit came in at {profit}. Shares rose {pct}% in early trading.",
            "Quarterly revenue at {org} was {sales} in {quarter}, the company said. "
            '"{quote}," {person} told analysts on a call on {day}.',
            "In {quarter}, {org} made {profit} in operating profit on revenue of {sales}. "
            "Analysts had expected slightly less, {person} noted.",
        ],
    ),
    "match": (
        [
            "{home} beat {away} {score} in {comp}",
            "{scorer} double sends {home} past {away}",
            "{comp}: {home} {score} {away}",
            "{away} fall to {home} at {venue}",
        ],
        [
            "{home} beat {away} {score} at {venue} on {day}, with {scorer} scoring twice in "
            "the second half. {person}, the {home} manager, praised his side's patience.",
            "{scorer} struck twice as {home} defeated {away} {score} in {comp} in front "
            "of {crowd} fans at {venue}.",
            '{away} were beaten {score} by {home} at {venue}. "{quote}," said '
            "{person2} after the {comp} game on {day}.",
            "A crowd of {crowd} at {venue} saw {home} win {score} against {away}, {scorer} "
            "getting both goals that mattered in {comp}.",
        ],
    ),
    "storm": (
        [
            "Storm {name} brings {wind} mph winds to {region}",
            "Thousands without power as Storm {name} hits {place}",
            "Storm {name}: trees down and trains cancelled in {region}",
            "{region} cleans up after Storm {name}",
        ],
        [
            "Storm {name} brought gusts of up to {wind} mph to {region} on {day}, leaving "
            "{homes} homes without power. {person}, {role}, said crews were working to "
            "reconnect them.",
            "Trees came down across {place} and trains were cancelled as Storm {name} swept "
            "through {region}. The {org} said {homes} properties had lost electricity.",
            "Gusts of {wind} mph were recorded in {place} during Storm {name}, the {org} said. "
            '"{quote}," {person} said.',
            "Clear-up work began in {region} after Storm {name}, which cut power to {homes} "
            "homes and closed roads around {place}.",
        ],
    ),
    "court": (
        [
            "{defendant} found guilty of {crime}",
            "Jury convicts {defendant} over {crime} in {place}",
            "{defendant} convicted after {weeks}-week trial",
            "Verdict in {place} {crime} trial: {defendant} guilty",
        ],
        [
            "A jury at {court} found {defendant} guilty of {crime} on {day} after a "
            "{weeks}-week trial. {person}, the judge, said sentencing would follow next month.",
            "{defendant}, {age}, was convicted of {crime} at {court}. Prosecutors said the "
            "offences took place in {place} between {y1} and {y2}.",
            'Jurors took {hours} hours to convict {defendant} of {crime}. "{quote}," '
            "{person2} said outside {court}.",
            "{defendant} showed no emotion as the guilty verdict was read at {court}. The "
            "{crime} case centred on events in {place}, according to {person2}.",
        ],
    ),
    "rate": (
        [
            "{bank} {move} rates to {rate}%",
            "{bank} {move} interest rates, citing {reason}",
            "Interest rates: {bank} decision explained",
            "{bank} votes {votes} to {move_inf} rates",
        ],
        [
            "The {bank} {move} its main interest rate to {rate}% on {day}, citing {reason}. "
            "Governor {person} said further moves would depend on the data.",
            "Policymakers at the {bank} voted {votes} to {move_inf} rates to {rate}%. "
            '"{quote}," {person} told a press conference.',
            "Borrowing costs {dir} after the {bank} {move} rates to {rate}%, the {ordinal} "
            "change this year. Economists at {org} had expected the decision.",
            "The {bank}'s rate decision on {day}, a {votes} vote to {move_inf} to {rate}%, "
            "reflects {reason}, according to {person}.",
        ],
    ),
}

PEOPLE = [
    "Maria Okafor",
    "Jonas Lindqvist",
    "Aisha Rahman",
    "Tomasz Nowak",
    "Helen Price",
    "Daniel Ortega Ruiz",
    "Fatima Zahra Idrissi",
    "Kenji Watanabe",
    "Grace Mensah",
    "Liam Gallagher-Byrne",
    "Sofia Marchetti",
    "Owen Pritchard",
    "Nadia Petrova",
    "Rajesh Iyer",
    "Claire Dubois",
    "Samuel Adeyemi",
    "Elena Castillo",
    "Pieter de Vries",
]
ROLES = [
    "the regional governor",
    "the fire chief",
    "a council spokesperson",
    "the mayor",
    "the chief executive",
    "the general secretary",
    "the interior minister",
]
QUOTES = [
    "We made it too easy",
    "It was a long night for everyone",
    "We are still counting",
    "Nobody expected this",
    "The lads never gave up",
    "We need answers, not excuses",
    "Our thoughts are with the families",
    "This is not over",
    "We did what we came to do",
    "It could have been much worse",
    "People were frightened",
    "We will learn from this",
]
DAYS = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"]


def _events(rng: random.Random) -> list[dict[str, object]]:
    """Facts for each event: one dict of template slots, plus its kind and time."""
    start = datetime(2026, 9, 1, 6, 0, tzinfo=UTC)
    places = [
        ("Malatya", "eastern Anatolia", "Kandilli Observatory"),
        ("Elazig", "eastern Anatolia", "Kandilli Observatory"),
        ("Norcia", "Umbria", "INGV"),
        ("Amatrice", "Lazio", "INGV"),
        ("Kumamoto", "Kyushu", "Japan Meteorological Agency"),
        ("Oita", "Kyushu", "Japan Meteorological Agency"),
    ]
    events: list[dict[str, object]] = []

    def person() -> str:
        return rng.choice(PEOPLE)

    def add(kind: str, when: datetime, twin_of: int | None = None, **slots: object) -> None:
        slots.setdefault("person", person())
        slots.setdefault("person2", person())
        slots.setdefault("role", rng.choice(ROLES))
        slots.setdefault("day", DAYS[when.weekday()])
        slots.setdefault("quote", rng.choice(QUOTES))
        events.append({"kind": kind, "when": when, "slots": slots, "twin_of": twin_of})

    t = start
    # earthquakes: pairs in one region, 2 days (inside the window) or 8 days apart
    for i, (place, region, org) in enumerate(places):
        gap = timedelta(days=2 if i % 2 else 0)
        mag = round(rng.uniform(5.2, 7.1), 1)
        add(
            "quake",
            t + gap,
            twin_of=len(events) - 1 if i % 2 else None,
            place=place,
            region=region,
            org=org,
            mag=mag,
            dead=rng.randint(3, 60),
            km=rng.randint(5, 40),
            injured=rng.randint(40, 400),
        )
        t += timedelta(days=4 if i % 2 else 0)
    fires = [
        ("Wrenmouth", "warehouse", "Dock Road"),
        ("Wrenmouth", "tyre depot", "Mill Lane"),
        ("Leeds", "former mill", "Kirkstall Road"),
        ("Leeds", "car park", "Wellington Street"),
        ("Bristol", "church hall", "Gloucester Road"),
    ]
    for i, (place, building, street) in enumerate(fires):
        add(
            "fire",
            t + timedelta(hours=9 * i),
            twin_of=len(events) - 1 if i in (1, 3) else None,
            place=place,
            building=building,
            street=street,
            count=rng.choice([40, 60, 80, 100]),
            org=f"{place} Fire and Rescue Service",
            hour=f"{rng.randint(1, 11)}pm",
            hours=rng.randint(3, 9),
        )
    t += timedelta(days=3)
    strikes = [
        ("Northern Rail", "RMT"),
        ("Southern Buses", "Unite"),
        ("Northern Rail", "Aslef"),
        ("Port of Wrenmouth", "GMB"),
        ("Hollin University", "UCU"),
    ]
    for i, (org, union) in enumerate(strikes):
        add(
            "strike",
            t + timedelta(hours=20 * i),
            org=org,
            union=union,
            days=rng.choice([2, 3, 5]),
            pct=rng.randint(70, 95),
            turnout=rng.randint(52, 75),
        )
    events[-3]["twin_of"] = len(events) - 5  # the two Northern Rail ballots
    t += timedelta(days=5)
    companies = [
        ("Nordvik Foods", "Scandinavia"),
        ("Calloway Motors", "Europe"),
        ("Brightwave Telecom", "Asia"),
    ]
    for i, (org, region) in enumerate(companies):
        for q, quarter in enumerate(("second-quarter", "third-quarter")):
            sales = f"${rng.randint(2, 40)}.{rng.randint(1, 9)} billion"
            add(
                "results",
                t + timedelta(days=91 * q, hours=7 * i),
                twin_of=len(events) - 1 if q else None,
                org=org,
                region=region,
                quarter=quarter,
                sales=sales,
                profit=f"${rng.randint(100, 900)} million",
                dir=rng.choice(["rises", "falls"]),
                pct=rng.randint(1, 9),
            )
    t += timedelta(days=2)
    teams = [
        ("Wrenmouth Rovers", "Gull Island Athletic", "the Harbour Ground"),
        ("Kirkby Town", "Halden United", "Mill Park"),
        ("Ashford City", "Brookvale FC", "Station Road"),
    ]
    for i, (home, away, venue) in enumerate(teams):
        # each side has its own scorers: a player never scores for both teams
        scorers = rng.sample(
            ["Ben Carver", "Luis Moreno", "Sam Oduya", "Kai Jensen", "Tom Reid"], 2
        )
        for leg, days_later in ((0, 0), (1, 3)):
            h, a = (home, away) if leg == 0 else (away, home)
            add(
                "match",
                t + timedelta(days=days_later, hours=5 * i),
                twin_of=len(events) - 1 if leg else None,
                home=h,
                away=a,
                venue=venue if leg == 0 else f"{away.split()[0]} Stadium",
                score=f"{rng.randint(2, 4)}-{rng.randint(0, 1)}",
                scorer=scorers[leg],
                comp=rng.choice(["League Two", "County Cup"]),
                crowd=f"{rng.randint(4, 28)},{rng.randint(100, 999)}",
            )
    t += timedelta(days=6)
    storms = [
        ("Brannagh", "the south-west", "Wrenmouth"),
        ("Corra", "the south-west", "Falmouth"),
        ("Deirdre", "Northern Ireland", "Belfast"),
    ]
    for i, (name, region, place) in enumerate(storms):
        add(
            "storm",
            t + timedelta(days=2 * i),
            twin_of=len(events) - 1 if i == 1 else None,
            name=name,
            region=region,
            place=place,
            wind=rng.randint(60, 95),
            homes=f"{rng.randint(5, 60)},{rng.randint(100, 999)}",
            org="Met Office",
        )
    t += timedelta(days=6)
    trials = [
        ("Gareth Lyle", "fraud", "Wrenmouth"),
        ("Paula Stroud", "fraud", "Wrenmouth"),
        ("Victor Hale", "manslaughter", "Leeds"),
    ]
    for i, (defendant, crime, place) in enumerate(trials):
        add(
            "court",
            t + timedelta(days=i),
            twin_of=len(events) - 1 if i == 1 else None,
            defendant=defendant,
            crime=crime,
            place=place,
            court=f"{place} Crown Court",
            weeks=rng.randint(2, 9),
            age=rng.randint(31, 66),
            y1=2019,
            y2=2022,
            hours=rng.randint(4, 20),
        )
    t += timedelta(days=4)
    banks = [
        ("Bank of England", "cuts", "cut", "falling inflation", "fall"),
        ("European Central Bank", "holds", "hold", "sticky services prices", "hold"),
        ("Reserve Bank of Australia", "raises", "raise", "a strong jobs market", "rise"),
    ]
    for i, (bank, move, move_inf, reason, direction) in enumerate(banks):
        add(
            "rate",
            t + timedelta(hours=30 * i),
            bank=bank,
            move=move,
            move_inf=move_inf,
            reason=reason,
            dir=direction,
            rate=f"{rng.randint(2, 4)}.{rng.choice([0, 25, 5, 75])}",
            votes=rng.choice(["7-2", "6-3", "5-4", "unanimously"]),
            ordinal="second",
            org=rng.choice(["ING", "Capital Economics"]),
        )
    return events


def _vary(slots: dict[str, object], rng: random.Random) -> dict[str, object]:
    """Outlets disagree a little: tolls and counts drift between reports."""
    out = dict(slots)
    for key in ("dead", "injured", "count"):
        value = out.get(key)
        if isinstance(value, int) and rng.random() < 0.35:
            out[key] = value + rng.randint(1, 4)
    return out


def build(seed: int = 7) -> list[dict[str, object]]:
    rng = random.Random(seed)
    articles: list[dict[str, object]] = []
    for n, event in enumerate(_events(rng)):
        kind = str(event["kind"])
        titles, ledes = KINDS[kind]
        outlets = rng.sample(OUTLETS, rng.randint(3, 7) if n % 7 else 1)
        when = event["when"]
        assert isinstance(when, datetime)
        story = f"{kind}-{n:02d}"
        slots = event["slots"]
        assert isinstance(slots, dict)
        for k, outlet in enumerate(outlets):
            facts = _vary(slots, rng) if k else slots
            title = rng.choice(titles).format(**facts)
            lede = rng.choice(ledes).format(**facts)
            published = when + timedelta(
                minutes=rng.randint(0, (12 if kind == "match" else 30) * 60)
            )
            articles.append(
                {
                    "id": f"{outlet}/{story}",
                    "feed_id": outlet,
                    "title": title,
                    "lede": lede,
                    "published": published.isoformat().replace("+00:00", "Z"),
                    "story": story,
                    "twin_of": None if event["twin_of"] is None else f"{events_kind(event, n)}",
                }
            )
    return articles


def events_kind(event: dict[str, object], _n: int) -> str:
    return f"{event['kind']}-{int(str(event['twin_of'])):02d}"


def main() -> None:
    articles = build()
    # wire copy: one story syndicated word for word to three more outlets
    wire = next(a for a in articles if str(a["story"]).startswith("storm-"))
    for outlet in ("evening-bulletin", "metro-herald", "river-times"):
        if outlet != wire["feed_id"]:
            articles.append({**wire, "id": f"{outlet}/wire-{wire['story']}", "feed_id": outlet})
    articles.sort(key=lambda a: (str(a["published"]), str(a["id"])))
    path = Path(__file__).with_name("articles.json")
    path.write_text(json.dumps(articles, indent=1, ensure_ascii=False) + "\n", encoding="utf-8")
    stories = {str(a["story"]) for a in articles}
    multi = [s for s in stories if len({a["feed_id"] for a in articles if a["story"] == s}) > 1]
    twins = {(a["story"], a["twin_of"]) for a in articles if a["twin_of"]}
    print(
        f"{len(articles)} articles, {len(stories)} stories, {len(multi)} multi-outlet, "
        f"{len(twins)} look-alike pairs -> {path}"
    )


if __name__ == "__main__":
    main()
