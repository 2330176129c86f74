"""Synthetic newsroom archive for the benchmark, loaded with ``COPY`` into the tables the
migrations create.

Shapes follow the issue (6) at one million claims: 50,000 speakers, 200,000 articles,
300,000 verdicts (each with evidence), about 1.3 appearances per claim; every count
scales with ``claims``. Speakers are Zipf-distributed (the most quoted person has tens of
thousands of claims, the median speaker a handful), claims are logged in time order and
quoted in articles published the same days, article bodies and analyses have the lengths
of real ones, and every quote with offsets really sits at those offsets in its article.

The data satisfy every constraint the migrations define: a checked claim points at its
latest published verdict, ``start < end``, one appearance per (claim, article, quote).
For speed the load drops the secondary indexes and foreign keys of the seven tables,
disables their search triggers, computes ``search_vector`` per chunk with the same
expression as ``claims_claim_search_document()``, and restores everything afterwards
(restoring the foreign keys validates them). Randomness is seeded: one ``Spec`` always
gives the same rows.

    python -m bench.generate --claims 10000 --database-url postgres://...  (the tables must exist)
"""

from __future__ import annotations

import argparse
import bisect
import datetime as dt
import itertools
import os
import random
import re
import time
from collections.abc import Callable, Iterator
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass

# 2: claim embeddings (synthetic vectors) and their HNSW index, where matching has pgvector.
GENERATOR_VERSION = 2

UTC = dt.UTC
TIMELINE_START = dt.datetime(2014, 1, 1, tzinfo=UTC)
TIMELINE_DAYS = 4200  # to mid-2025


@dataclass(frozen=True)
class Spec:
    """How big the archive is; everything else is derived from ``claims`` in the issue's proportions."""

    claims: int
    seed: int = 6
    zipf_exponent: float = 1.0
    chunk_claims: int = 25_000

    @property
    def speakers(self) -> int:
        return max(5, self.claims // 20)

    @property
    def articles(self) -> int:
        return max(3, self.claims // 5)

    @property
    def publishers(self) -> int:
        return max(3, self.claims // 2000)

    @property
    def checked_claims(self) -> int:
        """Claims with at least one verdict; a tenth of them have a second one."""
        return round(self.claims * 0.3 / 1.1)

    @property
    def rechecked_claims(self) -> int:
        return round(self.claims * 0.3) - self.checked_claims


TABLE_ORDER = (
    "articles_publisher",
    "claims_speaker",
    "articles_article",
    "claims_appearance",
    "claims_verdict",
    "claims_evidence",
    "claims_claim",
)
# Tables whose user triggers (the search_vector ones) are off during the load.
TRIGGER_TABLES = ("claims_claim", "claims_appearance", "claims_speaker")

COLUMNS = {
    "articles_publisher": ("id", "created_at", "updated_at", "name", "slug", "domain"),
    "claims_speaker": ("id", "created_at", "updated_at", "name", "slug", "kind", "role", "affiliation", "aliases"),
    "articles_article": (
        "id",
        "created_at",
        "updated_at",
        "url",
        "title",
        "byline",
        "published_at",
        "language",
        "body",
        "publisher_id",
    ),
    "claims_appearance": (
        "id",
        "created_at",
        "updated_at",
        "quote",
        "is_direct_quote",
        "start",
        '"end"',
        "article_id",
        "claim_id",
    ),
    "claims_verdict": (
        "id",
        "created_at",
        "updated_at",
        "summary",
        "analysis",
        "reviewer",
        "published_at",
        "url",
        "created_by_id",
        "claim_id",
        "rating_id",
    ),
    "claims_evidence": ("id", "created_at", "updated_at", "url", "title", "source", "excerpt", "stance", "verdict_id"),
    # Claims go through a staging table that also carries the claim's quotes, so the
    # search document is computed in the INSERT rather than by a per-row trigger.
    "claims_claim": (
        "id",
        "created_at",
        "updated_at",
        "text",
        "claimed_at",
        "context",
        "status",
        "language",
        "created_by_id",
        "speaker_id",
        "current_verdict_id",
        "current_rating_id",
    ),
}
CLAIM_STAGE = "bench_claim_stage"
SPEAKER_DOC = "bench_speaker_doc"

NULL = "\\N"


def words(text: str) -> tuple[str, ...]:
    return tuple(text.split())


def phrases(text: str) -> tuple[str, ...]:
    return tuple(text.split("|"))


# --------------------------------------------------------------------------- vocabulary

FIRST_NAMES = words(
    "James Mary Robert Patricia John Jennifer Michael Linda David Elizabeth William Barbara Richard Susan Joseph "
    "Jessica Thomas Sarah Charles Karen Daniel Nancy Matthew Lisa Anthony Betty Mark Margaret Donald Sandra Steven "
    "Ashley Paul Kimberly Andrew Emily Joshua Donna Kenneth Michelle Kevin Carol Brian Amanda George Melissa "
    "Timothy Deborah Ronald Stephanie Edward Rebecca Jason Sharon Jeffrey Laura Ryan Cynthia Jacob Kathleen Gary "
    "Amy Nicholas Angela Eric Shirley Jonathan Anna Stephen Brenda Larry Pamela Justin Emma Scott Nicole Brandon "
    "Helen Benjamin Samantha Samuel Katherine Gregory Christine Alexander Debra Frank Rachel Patrick Carolyn "
    "Raymond Janet Jack Catherine Dennis Maria Jerry Heather Tyler Diane Aaron Ruth Jose Julie Adam Olivia Nathan "
    "Joyce Henry Virginia Douglas Victoria Zachary Kelly Peter Lauren Kyle Christina Ethan Joan Walter Evelyn "
    "Noah Judith Jeremy Megan Christian Andrea Keith Cheryl Roger Hannah Terry Jacqueline Gerald Martha Harold "
    "Gloria Sean Teresa Austin Ann Carl Sara Arthur Madison Lawrence Frances Dylan Kathryn Jesse Janice Jordan "
    "Jean Bryan Abigail Billy Alice Bruce Judy Gabriel Sophia Joe Grace Logan Denise Albert Amber Willie Doris "
    "Alan Marilyn Juan Danielle Wayne Beverly Elijah Isabella Randy Theresa Roy Diana Vincent Natalie Ralph "
    "Brittany Eugene Charlotte Russell Marie Bobby Kayla Mason Alexis Philip Lori Staffan Sergei Olga Amina "
    "Chidi Ngozi Hiroshi Yuki Priya Rahul Fatima Omar Layla Tariq Ines Joao Lucia Mateo Sofia Ahmed Leila Dmitri "
    "Ivan Anya Kwame Abena Mei Wei Jun Min-jun Seo-yeon Lars Ingrid Pieter Annelies Giulia Marco Chiara Luca"
)
LAST_NAMES = words(
    "Smith Johnson Williams Brown Jones Garcia Miller Davis Rodriguez Martinez Hernandez Lopez Gonzalez Wilson "
    "Anderson Thomas Taylor Moore Jackson Martin Lee Perez Thompson White Harris Sanchez Clark Ramirez Lewis "
    "Robinson Walker Young Allen King Wright Scott Torres Nguyen Hill Flores Green Adams Nelson Baker Hall Rivera "
    "Campbell Mitchell Carter Roberts Gomez Phillips Evans Turner Diaz Parker Cruz Edwards Collins Reyes Stewart "
    "Morris Morales Murphy Cook Rogers Gutierrez Ortiz Morgan Cooper Peterson Bailey Reed Kelly Howard Ramos Kim "
    "Cox Ward Richardson Watson Brooks Chavez Wood James Bennett Gray Mendoza Ruiz Hughes Price Alvarez Castillo "
    "Sanders Patel Myers Long Ross Foster Jimenez Powell Jenkins Perry Russell Sullivan Bell Coleman Butler "
    "Henderson Barnes Gonzales Fisher Vasquez Simmons Romero Jordan Patterson Alexander Hamilton Graham Reynolds "
    "Griffin Wallace Moreno West Cole Hayes Bryant Herrera Gibson Ellis Tran Medina Aguilar Stevens Murray Ford "
    "Castro Marshall Owens Harrison Fernandez McDonald Woods Washington Kennedy Wells Vargas Henry Chen Freeman "
    "Webb Tucker Guzman Burns Crawford Olson Simpson Porter Hunter Gordon Mendez Silva Shaw Snyder Mason Dixon "
    "Munoz Hunt Hicks Holmes Palmer Wagner Black Robertson Boyd Rose Stone Salazar Fox Warren Mills Meyer Rice "
    "Schmidt Garza Daniels Ferguson Nichols Stephens Soto Weaver Ryan Gardner Payne Grant Dunn Kelley Spencer "
    "Hawkins Arnold Pierce Vazquez Hansen Peters Santos Hart Bradley Knight Elliott Cunningham Duncan Armstrong "
    "Hudson Carroll Lane Riley Andrews Alvarado Ray Delgado Berry Perkins Hoffman Johnston Matthews Pena Richards "
    "Mistura Lavrov Okafor Adeyemi Tanaka Sato Sharma Gupta Haddad Khalil Nasser Rahman Ivanova Petrov Mensah "
    "Boateng Wang Zhang Liu Park Choi Lindqvist Andersson Jansen Bakker Rossi Bianchi Ferrari Moreau Dubois "
    "Kowalski Nowak Novak Horvat Yilmaz Demir Kaya Costa Pereira Oliveira Mwangi Otieno Kamau Abubakar Bello"
)
COUNTRIES = words(
    "Syria Iraq Jordan Lebanon Turkey Egypt Libya Tunisia Morocco Nigeria Ghana Kenya Ethiopia Somalia Sudan "
    "Uganda Tanzania Rwanda Congo Angola Zambia Zimbabwe Mozambique Namibia Botswana Senegal Mali Niger Chad "
    "Cameroon Brazil Argentina Chile Peru Colombia Venezuela Ecuador Bolivia Paraguay Uruguay Mexico Guatemala "
    "Honduras Nicaragua Panama Cuba Haiti Canada Ukraine Poland Germany France Spain Italy Portugal Greece "
    "Romania Hungary Austria Belgium Netherlands Sweden Norway Finland Denmark Ireland Scotland Wales India "
    "Pakistan Bangladesh Nepal Indonesia Malaysia Philippines Vietnam Thailand Myanmar Cambodia Japan Korea "
    "Mongolia Kazakhstan Uzbekistan Afghanistan Iran Yemen Oman Qatar Kuwait Bahrain Australia Zealand Fiji"
)
SYLLABLES = words("ka ro mi lan tor ve su bel dor na shi ga fen ru lo vi tam ber zan ko li ma pe sal ur ob en ith")
NATIONALITIES = words(
    "Russian Syrian Turkish Iranian American British French German Chinese Indian Brazilian Nigerian Kenyan "
    "Ukrainian Polish Israeli Palestinian Egyptian Saudi Mexican Canadian Australian Japanese Korean"
)

TOPICS = {
    "economy": phrases(
        "unemployment|the jobless rate|inflation|the national debt|the budget deficit|average wages|"
        "the minimum wage|manufacturing jobs|household income|fuel prices|food prices|exports|"
        "foreign investment|the trade deficit|small business closures|tax revenue|youth unemployment|"
        "child poverty|pension spending|rents"
    ),
    "health": phrases(
        "vaccine uptake|hospital waiting lists|measles cases|the vaccination rate|maternal deaths|"
        "opioid overdoses|cancer survival rates|nurse numbers|health spending|malaria infections|"
        "obesity rates|life expectancy|COVID-19 deaths|drug prices|ambulance response times"
    ),
    "crime": phrases(
        "violent crime|the murder rate|burglaries|knife crime|police numbers|prison overcrowding|"
        "gun deaths|drug seizures|car thefts|gang violence|kidnappings"
    ),
    "migration": phrases(
        "illegal border crossings|asylum applications|refugee arrivals|deportations|net migration|"
        "visa overstays|migrant deaths at sea|work permits"
    ),
    "climate": phrases(
        "carbon emissions|renewable energy output|coal production|deforestation|air pollution deaths|"
        "sea levels|average temperatures|electric car sales|wildfire damage|plastic waste|"
        "flood defences spending"
    ),
    "conflict": phrases(
        "civilian casualties|airstrikes|ceasefire violations|displaced families|humanitarian convoys|"
        "chemical weapons attacks|armed opposition groups|military spending|troop numbers|"
        "landmine injuries|foreign fighters"
    ),
    "elections": phrases(
        "voter turnout|postal ballots|registered voters|campaign donations|election fraud cases|"
        "polling stations|spoiled ballots"
    ),
    "education": phrases(
        "school funding|teacher salaries|literacy rates|university tuition|class sizes|school dropouts|exam pass rates"
    ),
}
SUBJECTS = tuple(itertools.chain.from_iterable(TOPICS.values()))
CHANGES = (
    ("rose by", "has risen by", "risen by"),
    ("fell by", "has fallen by", "fallen by"),
    ("doubled to", "has doubled to", "doubled to"),
    ("dropped to", "has dropped to", "dropped to"),
    ("climbed to", "has climbed to", "climbed to"),
    ("halved to", "has been halved to", "halved to"),
    ("increased by", "has increased by", "increased by"),
    ("decreased by", "has decreased by", "decreased by"),
    ("reached", "has reached", "reached"),
)
PERIODS = phrases(
    "since {year}|in the last {n} years|over the past {n} months|under the previous government|"
    "since the ceasefire|compared with {year}|in {month} alone|during the pandemic|"
    "since {actor} took office|in a single year"
)
TAILS = (
    "",
    "",
    "",
    " in {place}",
    ", the highest level on record",
    ", the lowest in a generation",
    ", according to official figures",
    " across {place} and {place2}",
    ", more than in any other region",
    ", despite what the opposition claims",
)
ACTORS = ("this government", "the president", "the mayor", "the coalition", "the opposition", "the ministry")
OPENERS = (
    "",
    "",
    "Let me be clear: ",
    "The facts are simple. ",
    "Nobody talks about this, but ",
    "I can tell you that ",
    "Look at the numbers: ",
    "We said it before and we will say it again: ",
)
CLOSERS = (
    "",
    "",
    " And nobody can deny it.",
    " That is a fact.",
    " The previous government never managed that.",
    " That is what we were elected to do.",
    " Those are the official numbers.",
)
MONTHS = words("January February March April May June July August September October November December")
CONTEXTS = (
    "",
    "",
    "",
    "UN Security Council meeting",
    "campaign rally in {place}",
    "press conference",
    "interview with {publisher}",
    "post on social media",
    "televised debate",
    "speech to parliament",
    "budget statement",
    "news briefing in {place}",
    "party conference",
    "radio interview",
)
FILLER = phrases(
    "Officials in {place} did not respond to a request for comment on {subject}.|"
    "The figures on {subject} were published by the statistics office on {month} {day}.|"
    "Critics said the numbers on {subject} left out {place} and {place2}.|"
    "Analysts cautioned that {subject} tends to vary from one quarter to the next.|"
    "The opposition in {place} has accused the government of inflating the figures.|"
    "A spokesperson for the ministry said the report would be reviewed by experts.|"
    "Independent researchers have questioned how {subject} is measured in {place}.|"
    "The debate over {subject} has dominated the campaign in {place} for months.|"
    "Data from {source} show a more mixed picture for {subject} since {year}.|"
    "Residents of {place} told reporters that {subject} was their main concern.|"
    "Lawmakers are expected to vote on the measure before the end of {month}.|"
    "The previous administration made similar promises about {subject} in {year}.|"
    "Humanitarian agencies working in {place} reported a different trend.|"
    "The claim was repeated several times during the {month} session.|"
    "International observers in {place} said they would publish their own count.|"
    "Economists at {source} put the figure for {subject} considerably lower.|"
    "The statement came a day after protests in {place} over {subject}.|"
    "Local authorities in {place} have not released comparable data since {year}.|"
    "Several newspapers in {place2} questioned the timing of the announcement.|"
    "Neither side has provided documents to support its account of {subject}."
)
SOURCES = (
    ("Bureau of Labor Statistics", "bls.gov"),
    ("Office for National Statistics", "ons.gov.uk"),
    ("Eurostat", "ec.europa.eu"),
    ("World Bank", "worldbank.org"),
    ("International Monetary Fund", "imf.org"),
    ("World Health Organization", "who.int"),
    ("UNHCR", "unhcr.org"),
    ("UNICEF", "unicef.org"),
    ("OECD", "oecd.org"),
    ("Reuters", "reuters.com"),
    ("Associated Press", "apnews.com"),
    ("Agence France-Presse", "afp.com"),
    ("Human Rights Watch", "hrw.org"),
    ("Amnesty International", "amnesty.org"),
    ("International Crisis Group", "crisisgroup.org"),
    ("Our World in Data", "ourworldindata.org"),
    ("Pew Research Center", "pewresearch.org"),
    ("Electoral Commission", "electoralcommission.org.uk"),
    ("Central Bank", "centralbank.example"),
    ("Ministry of Finance", "finance.gov.example"),
    ("National Police Statistics", "police-data.example"),
    ("Global Carbon Project", "globalcarbonproject.org"),
    ("Copernicus Climate Service", "climate.copernicus.eu"),
    ("Syrian Observatory for Human Rights", "syriahr.com"),
    ("ACLED", "acleddata.com"),
)
PUBLISHER_FORMS = phrases(
    "{city} Tribune|{city} Times|{city} Post|{city} Herald|Daily {city}|{city} News Agency|"
    "{city} Chronicle|{city} Observer|Radio {city}|{city} Point News|The {city} Mail|{city} Gazette|"
    "{city} Today|{city} Independent|{city} Broadcasting"
)
ROLES = (
    "President of {country}",
    "Prime Minister of {country}",
    "Minister of Finance of {country}",
    "Minister of Health of {country}",
    "Foreign Minister of {country}",
    "Senator for {place}",
    "Mayor of {place}",
    "Governor of {place}",
    "Member of Parliament for {place}",
    "UN Special Envoy for {country}",
    "Spokesperson for the Ministry of Defence of {country}",
    "Candidate for governor of {place}",
    "Leader of the opposition in {country}",
    "Trade union leader",
    "Chief executive of {place} Energy",
    "",
)
PARTIES = phrases("Progressive|Conservative|Liberal|Green|Labour|People's|National|Democratic|Unity")
ORG_FORMS = phrases(
    "Ministry of Health of {country}|Ministry of Defence of {country}|{country} Police Service|"
    "{country} Electoral Commission|{place} City Council|{country} Chamber of Commerce|"
    "National Union of Teachers of {country}|{place} Energy|{country} Army|Central Bank of {country}"
)
GROUP_FORMS = (
    "{nationality} officials",
    "{nationality} military sources",
    "Opposition lawmakers in {place}",
    "Armed groups in {place}",
    "Protest organisers in {place}",
    "{nationality} state media",
)
RATING_WEIGHTS = (
    ("false", 25),
    ("mostly-false", 16),
    ("half-true", 14),
    ("mostly-true", 11),
    ("true", 9),
    ("pants-on-fire", 7),
    ("misleading", 12),
    ("unproven", 6),
)
VERDICT_LINES = {
    "true": "The figures confirm it: {subject} {change} {amount} {period}.",
    "mostly-true": "Broadly right, though {subject} {change} slightly less than {amount}.",
    "half-true": "Partly right: {subject} {change} {amount}, but only in {place}.",
    "mostly-false": "Official data show {subject} changed far less than claimed {period}.",
    "false": "Wrong: {subject} did not change by {amount} {period}.",
    "pants-on-fire": "No data anywhere support the claim that {subject} {change} {amount}.",
    "misleading": "The number is real but leaves out that {subject} {change} {amount} everywhere.",
    "unproven": "We found no reliable figures on {subject} in {place} {period}.",
}
LANGUAGES = ("en",) * 46 + ("fr", "es", "pt-BR", "ar")


def slugify(value: str) -> str:
    """Django's slugify for the ASCII names generated here."""
    value = re.sub(r"[^\w\s-]", "", value.lower())
    return re.sub(r"[-\s]+", "-", value).strip("-_")


def copy_escape(value: str) -> str:
    """Generated text only ever contains newlines among COPY's special characters."""
    return value.replace("\n", "\\n")


def pg_array(values: list[str]) -> str:
    return "{" + ",".join(f'"{v}"' for v in values) + "}"


# --------------------------------------------------------------------------- generator


class Archive:
    """Produces the archive's rows as COPY text, chunk by chunk, in a fixed order."""

    def __init__(self, spec: Spec, rating_ids: dict[str, int]):
        self.spec = spec
        self.rating_ids = rating_ids
        self.rng = random.Random(spec.seed)
        rng = self.rng
        self.places = sorted(
            {
                (rng.choice(SYLLABLES) + rng.choice(SYLLABLES) + rng.choice(SYLLABLES)[:2]).capitalize()
                for _ in range(3000)
            }
        ) + list(COUNTRIES)
        self.filler = [self._fill(rng.choice(FILLER)) for _ in range(6000)]
        self.reviewers = [
            f"{rng.choice(FIRST_NAMES)} {rng.choice(LAST_NAMES)}" for _ in range(max(3, spec.claims // 5000))
        ]
        rating_slugs = [slug for slug, _ in RATING_WEIGHTS if slug in rating_ids]
        weights = [w for slug, w in RATING_WEIGHTS if slug in rating_ids]
        self.rating_cum = list(itertools.accumulate(weights))
        self.rating_slugs = rating_slugs
        self.counts = dict.fromkeys(COLUMNS, 0)

    # small helpers -----------------------------------------------------------------

    def _fill(self, template: str, **extra) -> str:
        rng = self.rng
        values = {
            "place": rng.choice(self.places),
            "place2": rng.choice(self.places),
            "subject": rng.choice(SUBJECTS),
            "month": rng.choice(MONTHS),
            "day": rng.randint(1, 28),
            "year": rng.randint(1995, 2024),
            "source": rng.choice(SOURCES)[0],
            "n": rng.randint(2, 20),
            "actor": rng.choice(ACTORS),
        }
        values.update(extra)
        return template.format(**values)

    def _amount(self) -> str:
        rng = self.rng
        kind = rng.random()
        if kind < 0.45:
            return f"{rng.uniform(0.2, 60):.1f} percent"
        if kind < 0.8:
            return f"{rng.randint(2, 900) * 10 ** rng.randint(1, 4):,}"
        return f"${rng.randint(1, 950)} {rng.choice(('million', 'billion'))}"

    def _sentences(self, mean_chars: float, sigma: float = 0.5) -> list[str]:
        n = max(1, int(self.rng.lognormvariate(0, sigma) * mean_chars / 100))
        return self.rng.choices(self.filler, k=n)

    # entities ----------------------------------------------------------------------

    def publishers(self) -> tuple[str, list[tuple[str, str]]]:
        rng = self.rng
        cities = self.places[:]
        rng.shuffle(cities)
        names = [form.format(city=city) for city in cities for form in PUBLISHER_FORMS]
        rng.shuffle(names)
        lines, self.publisher_info = [], []
        stamp = TIMELINE_START.isoformat(sep=" ")
        for pk in range(1, self.spec.publishers + 1):
            name = names[pk - 1] if pk <= len(names) else f"Publisher {pk}"
            slug = slugify(name)
            domain = slug + ".com"
            self.publisher_info.append((name, domain))
            lines.append(f"{pk}\t{stamp}\t{stamp}\t{name}\t{slug}\t{domain}\n")
        self.counts["articles_publisher"] = self.spec.publishers
        # Big outlets publish most articles: Zipf over publishers too.
        self.publisher_cum = list(itertools.accumulate(1 / r for r in range(1, self.spec.publishers + 1)))
        return "".join(lines)

    def speakers(self) -> str:
        rng = self.rng
        lines, taken = [], set()
        self.speaker_names = [""]
        stamp = TIMELINE_START.isoformat(sep=" ")
        for pk in range(1, self.spec.speakers + 1):
            draw = rng.random()
            aliases: list[str] = []
            role = affiliation = ""
            if draw < 0.82:
                kind = "person"
                first, last = rng.choice(FIRST_NAMES), rng.choice(LAST_NAMES)
                middle = f" {rng.choice('ABCDEFGHJKLMNPRSTW')}." if rng.random() < 0.3 else ""
                name = f"{first}{middle} {last}"
                if rng.random() < 0.5:
                    aliases.append(last)
                if rng.random() < 0.2:
                    aliases.append(f"{first[0]}. {last}")
                role = self._fill(rng.choice(ROLES), country=rng.choice(COUNTRIES))
                affiliation = f"{rng.choice(PARTIES)} Party" if rng.random() < 0.6 else ""
            elif draw < 0.95:
                kind = "organization"
                name = self._fill(rng.choice(ORG_FORMS), country=rng.choice(COUNTRIES))
                if rng.random() < 0.3:
                    aliases.append("".join(w[0] for w in name.split() if w[0].isupper()))
            else:
                kind = "group"
                name = self._fill(rng.choice(GROUP_FORMS), nationality=rng.choice(NATIONALITIES))
            base = slugify(name)
            slug, n = base, 1
            while slug in taken:
                n += 1
                slug = f"{base}-{n}"
            taken.add(slug)
            self.speaker_names.append(name)
            lines.append(
                f"{pk}\t{stamp}\t{stamp}\t{name}\t{slug}\t{kind}\t{role}\t{affiliation}\t{pg_array(aliases)}\n"
            )
        self.counts["claims_speaker"] = self.spec.speakers
        return "".join(lines)

    # the time-ordered pass over claims ---------------------------------------------

    def chunks(self) -> Iterator[dict[str, str]]:
        """The whole archive: publishers and speakers first, then claims in time order with
        their articles, appearances, verdicts and evidence, a chunk at a time."""
        spec, rng = self.spec, self.rng
        yield {"articles_publisher": self.publishers(), "claims_speaker": self.speakers()}

        n_claims, n_articles = spec.claims, spec.articles
        speaker_cum = list(itertools.accumulate(1 / r**spec.zipf_exponent for r in range(1, spec.speakers + 1)))
        speaker_of = rng.choices(range(1, spec.speakers + 1), cum_weights=speaker_cum, k=n_claims)
        # Article boundaries: article a quotes claims [cuts[a], cuts[a + 1]) (one or more each).
        cuts = [0, *sorted(rng.sample(range(1, n_claims), n_articles - 1)), n_claims]
        with_verdict = rng.sample(range(n_claims), spec.checked_claims)
        rechecked = set(with_verdict[: spec.rechecked_claims])
        with_verdict = set(with_verdict)
        # The article a claim is syndicated to: its own article is written with its body,
        # so a second appearance is a paraphrase without offsets, like a re-reported story.
        ids = {"appearance": 0, "verdict": 0, "evidence": 0}
        buffers = {table: [] for table in COLUMNS}
        for article in range(n_articles):
            lo, hi = cuts[article], cuts[article + 1]
            self._article_block(article + 1, range(lo, hi), speaker_of, with_verdict, rechecked, ids, buffers)
            if hi // spec.chunk_claims != lo // spec.chunk_claims or article == n_articles - 1:
                yield {table: "".join(lines) for table, lines in buffers.items() if lines}
                buffers = {table: [] for table in COLUMNS}
        self.counts["claims_appearance"] = ids["appearance"]
        self.counts["claims_verdict"] = ids["verdict"]
        self.counts["claims_evidence"] = ids["evidence"]
        self.counts["claims_claim"] = n_claims
        self.counts["articles_article"] = n_articles

    def _article_block(self, article_id, claim_range, speaker_of, with_verdict, rechecked, ids, buffers):
        spec, rng = self.spec, self.rng
        span = TIMELINE_DAYS / spec.claims
        published = TIMELINE_START + dt.timedelta(days=claim_range[-1] * span, hours=rng.uniform(8, 30))
        published_text = published.isoformat(sep=" ")
        publisher = bisect.bisect_left(self.publisher_cum, rng.random() * self.publisher_cum[-1]) + 1
        body_parts: list[str] = []
        length = 0

        def add(text: str) -> int:
            nonlocal length
            start = length
            body_parts.append(text)
            length += len(text)
            return start

        add(" ".join(self._sentences(700)))
        headline_speaker = ""
        appearance_rows = buffers["claims_appearance"]
        for index in claim_range:
            claim_id = index + 1
            speaker_id = speaker_of[index]
            speaker = self.speaker_names[speaker_id]
            headline_speaker = headline_speaker or speaker
            subject = rng.choice(SUBJECTS)
            change = rng.choice(CHANGES)
            amount = self._amount()
            period = self._fill(rng.choice(PERIODS))
            tail = self._fill(rng.choice(TAILS))
            if rng.random() < 0.5:
                other = rng.choice(CHANGES)
                tail += f", while {rng.choice(SUBJECTS)} {other[0]} {self._amount()}"
            text = f"{subject[0].upper()}{subject[1:]} {change[0]} {amount} {period}{tail}."
            quote = f"{rng.choice(OPENERS)}{subject} {change[1]} {amount} {period}{tail}.{rng.choice(CLOSERS)}"
            quote = quote[0].upper() + quote[1:]
            direct = rng.random() < 0.85
            if not direct:
                quote = f"{subject} had {change[2]} {amount} {period}"
            # The paragraph quoting the claim; the offsets point at the quote inside it.
            add("\n\n")
            if direct:
                add("“")
                start = add(quote)
                where = self._fill(rng.choice(CONTEXTS), publisher="reporters")
                add(f"”, {speaker} said" + (f" at a {where}." if where else "."))
            else:
                add(f"{speaker} said that ")
                start = add(quote)
                add(".")
            add(" " + " ".join(self._sentences(350)))

            ids["appearance"] += 1
            created = published + dt.timedelta(hours=rng.uniform(1, 72))
            created_text = created.isoformat(sep=" ")
            appearance_rows.append(
                f"{ids['appearance']}\t{created_text}\t{created_text}\t{quote}\t{'t' if direct else 'f'}\t"
                f"{start}\t{start + len(quote)}\t{article_id}\t{claim_id}\n"
            )
            quotes = quote
            if rng.random() < 0.3 and spec.articles > 1:
                # Re-reported elsewhere in the following weeks, in the reporter's words.
                other = article_id + rng.randint(1, 40)
                if other > spec.articles:
                    other = max(1, article_id - rng.randint(1, 40))
                if other != article_id:
                    ids["appearance"] += 1
                    second = f"{speaker} claimed {subject} {change[2]} {amount}"
                    appearance_rows.append(
                        f"{ids['appearance']}\t{created_text}\t{created_text}\t{second}\tf\t{NULL}\t{NULL}\t"
                        f"{other}\t{claim_id}\n"
                    )
                    quotes = f"{quote} {second}"

            claimed_at = NULL
            if rng.random() > 0.01:
                claimed_at = (TIMELINE_START + dt.timedelta(days=index * span - rng.uniform(0, 3))).date().isoformat()
            updated = created
            current_verdict = current_rating = NULL
            if index in with_verdict:
                current, rating_id, updated = self._verdicts(
                    claim_id, index in rechecked, created, subject, change, amount, period, ids, buffers
                )
                status = "checked" if current else "in_review"
                current_verdict = str(current) if current else NULL
                current_rating = str(rating_id) if current else NULL
            else:
                draw = rng.random()
                status = "new" if draw < 0.45 else "in_review" if draw < 0.6 else "dismissed"
            context = self._fill(rng.choice(CONTEXTS), publisher=self.publisher_info[publisher - 1][0])
            buffers["claims_claim"].append(
                f"{claim_id}\t{created_text}\t{updated.isoformat(sep=' ')}\t{text}\t{claimed_at}\t{context}\t"
                f"{status}\t{rng.choice(LANGUAGES)}\t{NULL}\t{speaker_id}\t{current_verdict}\t{current_rating}\t{quotes}\n"
            )
        add("\n\n" + " ".join(self._sentences(900)))
        body = "".join(body_parts)
        title = f"{headline_speaker} says {rng.choice(SUBJECTS)} {rng.choice(CHANGES)[0]} {self._amount()}"
        domain = self.publisher_info[publisher - 1][1]
        url = f"https://{domain}/{published:%Y/%m/%d}/{slugify(title)[:70]}-{article_id}"
        byline = f"By {rng.choice(FIRST_NAMES)} {rng.choice(LAST_NAMES)}" if rng.random() < 0.8 else ""
        buffers["articles_article"].append(
            f"{article_id}\t{published_text}\t{published_text}\t{url}\t{title}\t{byline}\t{published_text}\t"
            f"{rng.choice(LANGUAGES)}\t{copy_escape(body)}\t{publisher}\n"
        )

    def _verdicts(self, claim_id, rechecked, created, subject, change, amount, period, ids, buffers):
        """One or two verdicts on a claim; the last may still be a draft. Returns the id of the
        current (latest published) verdict and its rating id, or None twice, and when the claim
        last changed."""
        rng = self.rng
        current, current_rating, last_change = None, None, created
        moment = created
        count = 2 if rechecked else 1
        for position in range(count):
            ids["verdict"] += 1
            verdict_id = ids["verdict"]
            moment = moment + dt.timedelta(days=rng.uniform(0.5, 20))
            draft = position == count - 1 and rng.random() < 0.06
            slug = self.rating_slugs[bisect.bisect_left(self.rating_cum, rng.random() * self.rating_cum[-1])]
            summary = self._fill(VERDICT_LINES[slug], subject=subject, change=change[0], amount=amount, period=period)
            analysis = " ".join(self._sentences(1200, 0.6))
            created_text = moment.isoformat(sep=" ")
            if draft:
                published_text, url = NULL, ""
                updated_text = created_text
            else:
                published_at = moment = moment + dt.timedelta(hours=rng.uniform(1, 96))
                published_text = updated_text = published_at.isoformat(sep=" ")
                url = f"https://factcheck.example.org/{published_at:%Y/%m}/{slugify(summary)[:60]}-{verdict_id}/"
                current, current_rating, last_change = verdict_id, self.rating_ids[slug], published_at
            buffers["claims_verdict"].append(
                f"{verdict_id}\t{created_text}\t{updated_text}\t{summary}\t{analysis}\t{rng.choice(self.reviewers)}\t"
                f"{published_text}\t{url}\t{NULL}\t{claim_id}\t{self.rating_ids[slug]}\n"
            )
            evidence_rows = buffers["claims_evidence"]
            for _ in range(1 + min(6, int(rng.expovariate(1 / 1.2)))):
                ids["evidence"] += 1
                source, domain = rng.choice(SOURCES)
                title = self._fill("{subject} in {place}: {month} {year} figures").capitalize()
                stance = "refutes" if rng.random() < 0.4 else "supports" if rng.random() < 0.45 else "context"
                excerpt = " ".join(self._sentences(280))
                evidence_rows.append(
                    f"{ids['evidence']}\t{created_text}\t{created_text}\thttps://{domain}/data/{slugify(title)[:50]}-"
                    f"{ids['evidence']}\t{title}\t{source}\t{excerpt}\t{stance}\t{verdict_id}\n"
                )
        return current, current_rating, last_change


# --------------------------------------------------------------------------- embeddings

EMBEDDING_TABLE = "matching_claimembedding"
DIMENSIONS = 384
EMBEDDING_CHUNK = 50_000


def has_vector_column(conn) -> bool:
    """Matching's migration added the pgvector column here (the server has pgvector)."""
    return (
        conn.execute(
            "SELECT 1 FROM pg_attribute WHERE attrelid = to_regclass(%s) AND attname = 'embedding' "
            "AND NOT attisdropped",
            (EMBEDDING_TABLE,),
        ).fetchone()
        is not None
    )


def _binary_row_type(views: bool):
    """One ``COPY … (FORMAT BINARY)`` tuple of the embedding table as a numpy record: claim_id,
    text_sha256, checked, updated_at, then the text + summary vector and, for a checked claim,
    the text and summary vectors (pgvector's binary form: dimensions, unused, float4s), else
    two NULLs. Every field is fixed-size, so a chunk is one ``tobytes()``."""
    vector = [("dims", ">i2"), ("unused", ">i2"), ("values", ">f4", DIMENSIONS)]
    fields = [
        ("fields", ">i2"),
        ("id_len", ">i4"),
        ("id", ">i8"),
        ("sha_len", ">i4"),
        ("sha", "S64"),
        ("checked_len", ">i4"),
        ("checked", "u1"),
        ("updated_len", ">i4"),
        ("updated", ">i8"),
        ("both_len", ">i4"),
        ("both", vector),
    ]
    if views:
        fields += [("claim_len", ">i4"), ("claim", vector), ("summary_len", ">i4"), ("summary", vector)]
    else:
        fields += [("claim_len", ">i4"), ("summary_len", ">i4")]
    return fields


def _unit(array):
    import numpy as np

    return (array / np.linalg.norm(array, axis=1, keepdims=True)).astype(np.float32)


def copy_embeddings(conn, seed: int) -> int:
    """Synthetic embeddings for every claim, written with binary ``COPY``: real MiniLM vectors
    of a million generated sentences would take about an hour on 2 cores, and the lookup's
    latency depends on the index's size and shape, not on what the vectors mean. Unit vectors
    around 4,096 random centres (so the HNSW graph has neighbourhoods, as real sentences do);
    checked claims also get their text and summary vectors (near the first), as
    ``matching.services.claims_sync`` stores them. Seeded."""
    import numpy as np

    rng = np.random.default_rng(seed)
    centres = _unit(rng.standard_normal((4096, DIMENSIONS), dtype=np.float32))
    claims = conn.execute("SELECT id, current_verdict_id IS NOT NULL FROM claims_claim ORDER BY id").fetchall()
    ids = np.fromiter((row[0] for row in claims), dtype=np.int64, count=len(claims))
    checked = np.fromiter((row[1] for row in claims), dtype=bool, count=len(claims))
    # timestamptz in binary COPY: microseconds since 2000-01-01 UTC.
    now = int((dt.datetime.now(UTC) - dt.datetime(2000, 1, 1, tzinfo=UTC)).total_seconds() * 1e6)
    columns = "claim_id, text_sha256, checked, updated_at, embedding, claim_embedding, summary_embedding"
    with conn.cursor() as cur, cur.copy(f"COPY {EMBEDDING_TABLE} ({columns}) FROM STDIN (FORMAT BINARY)") as copy:
        copy.write(b"PGCOPY\n\xff\r\n\x00" + (0).to_bytes(4, "big") + (0).to_bytes(4, "big"))
        for start in range(0, len(ids), EMBEDDING_CHUNK):
            chunk_ids, chunk_checked = ids[start : start + EMBEDDING_CHUNK], checked[start : start + EMBEDDING_CHUNK]
            near = centres[rng.integers(0, len(centres), len(chunk_ids))]
            both = _unit(near + 0.8 * rng.standard_normal(near.shape, dtype=np.float32) / np.sqrt(DIMENSIONS))
            for views in (True, False):
                mask = chunk_checked if views else ~chunk_checked
                n = int(mask.sum())
                if not n:
                    continue
                rows = np.zeros(n, dtype=_binary_row_type(views))
                rows["fields"] = 7
                rows["id_len"], rows["id"] = 8, chunk_ids[mask]
                rows["sha_len"], rows["sha"] = 64, b"0" * 64
                rows["checked_len"], rows["checked"] = 1, views
                rows["updated_len"], rows["updated"] = 8, now
                rows["both_len"] = 4 + 4 * DIMENSIONS
                rows["both"]["dims"], rows["both"]["values"] = DIMENSIONS, both[mask]
                if views:
                    for name in ("claim", "summary"):
                        noise = rng.standard_normal((n, DIMENSIONS), dtype=np.float32) / np.sqrt(DIMENSIONS)
                        rows[f"{name}_len"] = 4 + 4 * DIMENSIONS
                        rows[name]["dims"], rows[name]["values"] = DIMENSIONS, _unit(both[mask] + 0.5 * noise)
                else:
                    rows["claim_len"] = rows["summary_len"] = -1
                copy.write(rows.tobytes())
        copy.write((-1).to_bytes(2, "big", signed=True))
    return len(ids)


# --------------------------------------------------------------------------- loading


def _secondary_structures(cur, tables) -> tuple[list, list, list]:
    """Foreign keys, unique constraints and plain indexes of ``tables``, as SQL to recreate them."""
    cur.execute(
        """
        SELECT conrelid::regclass::text, conname, pg_get_constraintdef(oid), contype
          FROM pg_constraint
         WHERE conrelid = ANY(%s::regclass[]) AND contype IN ('f', 'u')
         ORDER BY conrelid::regclass::text, conname
        """,
        (list(tables),),
    )
    constraints = cur.fetchall()
    foreign = [(t, n, d) for t, n, d, kind in constraints if kind == "f"]
    unique = [(t, n, d) for t, n, d, kind in constraints if kind == "u"]
    cur.execute(
        """
        SELECT i.indexrelid::regclass::text, pg_get_indexdef(i.indexrelid)
          FROM pg_index i
         WHERE i.indrelid = ANY(%s::regclass[])
           AND NOT EXISTS (SELECT 1 FROM pg_constraint c
                            WHERE c.conindid = i.indexrelid AND c.conrelid = i.indrelid
                              AND c.contype IN ('p', 'u', 'x'))
         ORDER BY 1
        """,
        (list(tables),),
    )
    return foreign, unique, cur.fetchall()


EMPTY_VALUES = {
    "text": "''",
    "character varying": "''",
    "boolean": "false",
    "smallint": "0",
    "integer": "0",
    "bigint": "0",
    "numeric": "0",
    "double precision": "0",
    "real": "0",
    "ARRAY": "'{}'",
    "jsonb": "'{}'",
    "json": "'{}'",
    "timestamp with time zone": "now()",
    "date": "current_date",
}


def _fill_unknown_columns(cur, tables) -> list[str]:
    """Columns added by later migrations that the generator does not write and that may not
    be NULL get an empty value (a column default for the load's duration), so the
    benchmark keeps working while the schema grows; teach ``Archive`` realistic values."""
    cur.execute(
        """
        SELECT table_name, column_name, data_type FROM information_schema.columns
         WHERE table_schema = current_schema() AND table_name = ANY(%s)
           AND is_nullable = 'NO' AND column_default IS NULL AND is_identity = 'NO'
         ORDER BY table_name, ordinal_position
        """,
        (list(tables),),
    )
    filled = []
    for table, column, data_type in cur.fetchall():
        known = {name.strip('"') for name in COLUMNS[table]}
        if column in known:
            continue
        if data_type not in EMPTY_VALUES:
            raise RuntimeError(f"bench.generate cannot fill {table}.{column} ({data_type}): add it to Archive")
        cur.execute(f'ALTER TABLE {table} ALTER COLUMN "{column}" SET DEFAULT {EMPTY_VALUES[data_type]}')
        filled.append(f"{table}.{column}")
    return filled


def load(conn, spec: Spec, *, pipeline: bool = True, log: Callable[[str], None] = lambda message: None) -> dict:
    """Replace the archive tables' rows with ``spec``'s archive, inside the caller's transaction.

    ``conn`` is a psycopg 3 connection (autocommit off). The caller commits, then should
    ``VACUUM ANALYZE`` (see ``vacuum``). With ``pipeline`` the rows of one chunk are generated
    while the previous chunk is being copied, so Python and PostgreSQL each keep a core busy.
    """
    started = time.perf_counter()
    timings: dict[str, float] = {}
    tables = TABLE_ORDER
    vectors = has_vector_column(conn)
    # The embeddings' foreign key and HNSW index are dropped and restored like the others'.
    structured = tables + ((EMBEDDING_TABLE,) if vectors else ())
    with conn.cursor() as cur:
        cur.execute("SET LOCAL maintenance_work_mem = '512MB'")
        cur.execute("SET LOCAL work_mem = '64MB'")
        cur.execute("SELECT slug, id FROM claims_rating")
        rating_ids = dict(cur.fetchall())
        missing = [slug for slug, _ in RATING_WEIGHTS if slug not in rating_ids]
        if len(missing) == len(RATING_WEIGHTS):
            raise RuntimeError("claims_rating is empty: run the migrations first (they seed the rating scale).")
        cur.execute("TRUNCATE " + ", ".join(tables) + " RESTART IDENTITY CASCADE")
        foreign, unique, indexes = _secondary_structures(cur, structured)
        for table, name, _ in foreign + unique:
            cur.execute(f'ALTER TABLE {table} DROP CONSTRAINT "{name}"')
        for name, _ in indexes:
            cur.execute(f"DROP INDEX {name}")
        for table in TRIGGER_TABLES:
            cur.execute(f"ALTER TABLE {table} DISABLE TRIGGER USER")
        filled = _fill_unknown_columns(cur, tables)
        if filled:
            log(f"columns the generator does not know, filled with empty values: {', '.join(filled)}")
        cur.execute(
            f"CREATE TEMP TABLE {CLAIM_STAGE} (LIKE claims_claim INCLUDING DEFAULTS) ON COMMIT DROP;"
            f"ALTER TABLE {CLAIM_STAGE} DROP COLUMN search_vector, ADD COLUMN quotes text"
        )
    timings["prepare"] = time.perf_counter() - started

    archive = Archive(spec, rating_ids)
    state = {"speaker_docs": False}

    def write(chunk: dict[str, str]) -> None:
        with conn.cursor() as cur:
            for table in TABLE_ORDER:
                data = chunk.get(table)
                if not data:
                    continue
                target = CLAIM_STAGE if table == "claims_claim" else table
                columns = COLUMNS[table] + (("quotes",) if table == "claims_claim" else ())
                with cur.copy(f"COPY {target} ({', '.join(columns)}) FROM STDIN") as copy:
                    for offset in range(0, len(data), 1 << 20):
                        copy.write(data[offset : offset + (1 << 20)])
            if "claims_speaker" in chunk and not state["speaker_docs"]:
                # Weight C of claims_claim_search_document(): the speaker's name and aliases
                # (the caps are migration 0007's; tests/test_bench.py compares with the function).
                cur.execute(
                    f"CREATE TEMP TABLE {SPEAKER_DOC} ON COMMIT DROP AS "
                    "SELECT id, setweight(to_tsvector('english', left(coalesce("
                    "name || ' ' || array_to_string(aliases, ' '), ''), 20000)), 'C') AS doc FROM claims_speaker;"
                    f"ALTER TABLE {SPEAKER_DOC} ADD PRIMARY KEY (id)"
                )
                state["speaker_docs"] = True
            if "claims_claim" in chunk:
                columns = ", ".join(COLUMNS["claims_claim"])
                selected = ", ".join(f"s.{c}" for c in COLUMNS["claims_claim"])
                cur.execute(
                    f"INSERT INTO claims_claim ({columns}, search_vector) "
                    f"SELECT {selected}, setweight(to_tsvector('english', left(coalesce(s.text, ''), 20000)), 'A')"
                    " || setweight(to_tsvector('english', left(coalesce(s.quotes, ''), 200000)), 'B') || d.doc"
                    f" FROM {CLAIM_STAGE} s JOIN {SPEAKER_DOC} d ON d.id = s.speaker_id ORDER BY s.id;"
                    f"TRUNCATE {CLAIM_STAGE}"
                )

    generating = time.perf_counter()
    if pipeline:
        with ThreadPoolExecutor(max_workers=1) as pool:
            pending = None
            for chunk in archive.chunks():
                if pending is not None:
                    pending.result()
                pending = pool.submit(write, chunk)
            if pending is not None:
                pending.result()
    else:
        for chunk in archive.chunks():
            write(chunk)
    timings["generate_and_copy"] = time.perf_counter() - generating
    log(f"rows copied in {timings['generate_and_copy']:.1f}s: {archive.counts}")
    if vectors:
        step = time.perf_counter()
        archive.counts[EMBEDDING_TABLE] = copy_embeddings(conn, spec.seed)
        timings["embeddings"] = time.perf_counter() - step
        log(f"synthetic embeddings copied in {timings['embeddings']:.1f}s")

    restoring = time.perf_counter()
    with conn.cursor() as cur:
        cur.execute(f"DROP TABLE IF EXISTS {CLAIM_STAGE}, {SPEAKER_DOC}")
        # The HNSW build keeps its graph in maintenance_work_mem (much slower once it spills).
        cur.execute("SET LOCAL maintenance_work_mem = '1GB'")
        for name, definition in indexes:
            step = time.perf_counter()
            cur.execute(definition)
            log(f"  index {name}: {time.perf_counter() - step:.1f}s")
        for table, name, definition in unique + foreign:
            step = time.perf_counter()
            cur.execute(f'ALTER TABLE {table} ADD CONSTRAINT "{name}" {definition}')
            log(f"  constraint {name}: {time.perf_counter() - step:.1f}s")
        for table in TRIGGER_TABLES:
            cur.execute(f"ALTER TABLE {table} ENABLE TRIGGER USER")
        for column in filled:
            table, name = column.split(".")
            cur.execute(f'ALTER TABLE {table} ALTER COLUMN "{name}" DROP DEFAULT')
        for table in tables:
            cur.execute(
                f"SELECT setval(pg_get_serial_sequence('{table}', 'id'), coalesce(max(id), 1), max(id) IS NOT NULL)"
                f" FROM {table}"
            )
    timings["restore_indexes_and_constraints"] = time.perf_counter() - restoring
    timings["total"] = time.perf_counter() - started
    return {"counts": archive.counts, "timings": timings, "spec": spec.__dict__ | {"version": GENERATOR_VERSION}}


def vacuum(conn, tables=TABLE_ORDER) -> float:
    """VACUUM ANALYZE the loaded tables (``conn`` in autocommit): statistics for the planner
    and a visibility map for index-only scans, as a long-lived database would have."""
    started = time.perf_counter()
    if has_vector_column(conn):
        tables = (*tables, EMBEDDING_TABLE)
    with conn.cursor() as cur:
        for table in tables:
            cur.execute(f"VACUUM (ANALYZE) {table}")
    return time.perf_counter() - started


def main(argv=None) -> None:
    import psycopg

    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--claims", type=int, default=10_000)
    parser.add_argument("--seed", type=int, default=6)
    parser.add_argument("--database-url", default=os.environ.get("DATABASE_URL"))
    args = parser.parse_args(argv)
    from bench.database import conninfo

    with psycopg.connect(**conninfo(args.database_url)) as conn:
        result = load(conn, Spec(claims=args.claims, seed=args.seed), log=print)
        conn.commit()
        conn.autocommit = True
        result["timings"]["vacuum"] = vacuum(conn)
    print(result)


if __name__ == "__main__":
    main()
