"""The Idlib article of 7 September 2018 (a Sputnik wire story republished by Pakistan
Point News) and the claims a fact-checking desk would log from it.

Editorial choices, so nobody has to guess them from the data:

- Publisher is Pakistan Point News, whose site carried the copy; Sputnik, which wrote it
  ("Pakistan Point News / Sputnik" in the dateline), is the byline.
- Speakers are only those the article attributes checkable statements to. Sputnik is one:
  its background paragraphs assert things a checker would check (who is in the National
  Liberation Front, what Hayat Tahrir al-Sham is), and nobody else is quoted for them.
- Quotes are copied from the body character for character; the loader finds their
  offsets and stops if one is missing. Words inside quotation marks are direct quotes;
  the article's paraphrase of a speaker is not.
- ``claimed_at`` is the article's date for every claim. For "Russian officials have
  repeatedly warned" and the government's pledge that is the date they were reported,
  not said; the article gives no earlier one.
- The Syrian government's pledge is logged and ``dismissed``: a promise of future action
  is not a statement of fact a checker can rate.
- Verdicts are demonstration data, not fact-checks anyone published: every summary
  starts with "[Demo]".
"""

import datetime
from dataclasses import dataclass, field

from . import read_text

DEMO_MARK = "[Demo]"


@dataclass(frozen=True)
class DemoAppearance:
    quote: str
    is_direct_quote: bool


@dataclass(frozen=True)
class DemoClaim:
    key: str  # how verdicts below refer to the claim; not stored
    speaker: str  # a speaker's slug
    text: str
    context: str
    appearances: tuple[DemoAppearance, ...]
    status: str = "new"
    claimed_at: datetime.date = datetime.date(2018, 9, 7)


@dataclass(frozen=True)
class DemoEvidence:
    url: str
    title: str
    source: str
    stance: str
    excerpt: str = ""


@dataclass(frozen=True)
class DemoVerdict:
    claim: str  # a DemoClaim.key
    rating: str  # a Rating slug from the default scale
    summary: str
    analysis: str
    publish: bool
    reviewer: str = "Demo desk"
    evidence: tuple[DemoEvidence, ...] = field(default=())


PUBLISHER = {"name": "Pakistan Point News", "domain": "pakistanpoint.com"}

ARTICLE = {
    # The address a stored copy of this page was found under; not re-checked live.
    "url": (
        "https://www.pakistanpoint.com/en/story/427448/opposition-in-syrias-idlib-shows-unwillingness-to-sepa.html"
    ),
    "title": "Opposition In Syria's Idlib Shows Unwillingness To Separate From Nusra - De Mistura",
    "byline": "Sputnik",
    # The page gives a date, not a time; noon UTC keeps it 7 September in almost every zone.
    "published_at": datetime.datetime(2018, 9, 7, 12, 0, tzinfo=datetime.UTC),
    "language": "en",
    "body": read_text("idlib-nusra-2018-09-07.txt"),
}

SPEAKERS = (
    {
        "slug": "staffan-de-mistura",
        "name": "Staffan de Mistura",
        "kind": "person",
        "role": "UN Special Envoy for Syria",
        "affiliation": "United Nations",
        "aliases": ["de Mistura"],
    },
    {
        "slug": "russian-officials",
        "name": "Russian officials",
        "kind": "group",
        "role": "",
        "affiliation": "Government of Russia",
        "aliases": [],
    },
    {
        "slug": "syrian-government",
        "name": "Syrian government",
        "kind": "organization",
        "role": "",
        "affiliation": "",
        "aliases": ["Government of Syria", "Damascus"],
    },
    {
        "slug": "sputnik",
        "name": "Sputnik",
        "kind": "organization",
        "role": "News agency",
        "affiliation": "Rossiya Segodnya",
        "aliases": ["Sputnik News"],
    },
)

UNSC = "UN Security Council meeting"
SPUTNIK_BACKGROUND = "Background in Sputnik's report, not attributed to anyone"

CLAIMS = (
    DemoClaim(
        key="nlf-absorbed-opposition",
        speaker="staffan-de-mistura",
        text=(
            "Since early August 2018 almost every armed opposition group in Idlib has come "
            "under the banner of the National Liberation Front."
        ),
        context=UNSC,
        appearances=(
            DemoAppearance(
                "Since early August almost every single armed opposition group in Idlib has "
                "now come under the banner of what is called the National Liberation Front.",
                is_direct_quote=True,
            ),
        ),
    ),
    DemoClaim(
        key="nlf-includes-former-nusra-allies",
        speaker="staffan-de-mistura",
        text=(
            "The National Liberation Front includes groups that operated under the same "
            "banner as the Nusra Front in the past."
        ),
        context=UNSC,
        appearances=(
            DemoAppearance(
                "This includes various groups operating under the same banner with Nusra in the past",
                is_direct_quote=True,
            ),
        ),
    ),
    DemoClaim(
        key="opposition-unwilling-to-separate",
        speaker="staffan-de-mistura",
        text="Armed opposition groups in Idlib are unwilling to separate from the Nusra Front.",
        context=UNSC,
        # He made it conditional ("If this is confirmed"); the lead reports it as fact.
        appearances=(
            DemoAppearance(
                "If this is confirmed, and we are looking into it, this can be taken as a sign "
                "of the unwillingness to separate from Nusra.",
                is_direct_quote=True,
            ),
            DemoAppearance(
                "Armed opposition groups in the Syrian province of Idlib have demonstrated "
                "unwillingness to separate themselves from the Nusra Front terrorist group",
                is_direct_quote=False,
            ),
        ),
    ),
    DemoClaim(
        key="opposition-preparing-for-battle",
        speaker="staffan-de-mistura",
        text=(
            "All armed opposition groups in Idlib are preparing for a major battle: fortifying "
            "their positions, digging tunnels and blowing up bridges."
        ),
        context=UNSC,
        appearances=(
            DemoAppearance(
                "all armed opposition groups in Idlib were preparing for a major battle, "
                "fortifying their positions, digging tunnels and detonating bridges",
                is_direct_quote=False,
            ),
        ),
    ),
    DemoClaim(
        key="hts-is-nusra",
        speaker="staffan-de-mistura",
        text="Hayat Tahrir al-Sham is essentially the Nusra Front.",
        context=UNSC,
        appearances=(DemoAppearance("Hayat Tahrir al-Sham, which is basically Al-Nusra", is_direct_quote=True),),
    ),
    DemoClaim(
        key="hts-leader-signalled-fight",
        speaker="staffan-de-mistura",
        text="The leader of Hayat Tahrir al-Sham has signalled that the group intends to fight.",
        context=UNSC,
        appearances=(
            DemoAppearance(
                "the leader of Hayat Tahrir al-Sham, which is basically Al-Nusra - let's call "
                "them by name - has signaled the group's intention to fight",
                is_direct_quote=True,
            ),
        ),
    ),
    DemoClaim(
        key="hts-leader-drones",
        speaker="staffan-de-mistura",
        text=("The leader of Hayat Tahrir al-Sham has recently posed in pictures alongside weaponised drones."),
        context=UNSC,
        appearances=(
            DemoAppearance("has recently posed in pictures alongside weaponized drones", is_direct_quote=False),
        ),
    ),
    DemoClaim(
        key="false-flag-chemical-attack",
        speaker="russian-officials",
        text=(
            "Hayat Tahrir al-Sham is planning a false-flag chemical weapons attack in Idlib to "
            "provoke Western retaliation against the Syrian government."
        ),
        context="Repeated warnings by Russian officials, as reported by Sputnik",
        status="in_review",
        appearances=(
            DemoAppearance(
                "HTS terrorists are planning a false-flag chemical weapons attack in Idlib in a "
                "bid to provoke Western retaliation against the Syrian government",
                is_direct_quote=False,
            ),
        ),
    ),
    DemoClaim(
        key="government-pledge",
        speaker="syrian-government",
        text="The Syrian government will drive the remaining terrorists out of Idlib.",
        context="Government pledge, as reported by Sputnik",
        status="dismissed",
        appearances=(
            DemoAppearance(
                "The Syrian government has pledged to drive the remaining terrorists out of Idlib",
                is_direct_quote=False,
            ),
        ),
    ),
    DemoClaim(
        key="nlf-members",
        speaker="sputnik",
        text=(
            "The National Liberation Front includes radical Islamist factions such as Ahrar "
            "al-Sham and the Nour al-Din al-Zinki Brigades, and groups that once belonged to "
            "or allied with the Nusra Front."
        ),
        context=SPUTNIK_BACKGROUND,
        appearances=(
            DemoAppearance(
                "The rebel National Liberation Front includes several radical Islamist factions "
                "such as Ahrar al-Sham and Nour al Din al-Zinki Brigades, as well as other groups "
                "that have previously belonged to or formed alliances with the Nusra terror group",
                is_direct_quote=False,
            ),
        ),
    ),
    DemoClaim(
        key="nusra-backbone-of-hts",
        speaker="sputnik",
        text=(
            "The Nusra Front is the backbone of Hayat Tahrir al-Sham, an alliance of five "
            "radical Islamist factions and the dominant force in Idlib province."
        ),
        context=SPUTNIK_BACKGROUND,
        appearances=(
            DemoAppearance(
                "The Nusra Front terror organization is the backbone of a terrorist alliance "
                "called Hayat Tahrir al-Sham (HTS), which groups five radical Islamist factions "
                "and is widely regarded as the dominant force on the ground in the province",
                is_direct_quote=False,
            ),
        ),
    ),
    DemoClaim(
        key="government-preparing-operation",
        speaker="sputnik",
        text=("The Syrian government has begun taking steps toward a full-scale military operation in Idlib."),
        context=SPUTNIK_BACKGROUND,
        appearances=(
            DemoAppearance(
                "has begun taking steps toward full-scale military operations in the territory",
                is_direct_quote=False,
            ),
        ),
    ),
)

# Evidence titles describe the pages; excerpts are copied from them as published.
VERDICTS = (
    DemoVerdict(
        claim="hts-is-nusra",
        rating="mostly-true",
        summary=(
            f"{DEMO_MARK} HTS grew out of the Nusra Front, which still leads it; the US lists HTS as an alias of Nusra."
        ),
        analysis=(
            "Demonstration data for trying the tracker, not a published fact-check.\n\n"
            "Hayat Tahrir al-Sham was created in January 2017 when Jabhat Fateh al-Sham, the "
            "Nusra Front under its 2016 name, merged with smaller factions. On 31 May 2018 the "
            "US State Department amended the Nusra Front's terrorist designation to add HTS as "
            "an alias, saying the Nusra Front had created HTS as a vehicle and kept operating "
            'through it. "Basically" leaves room for the other factions that joined, some of '
            "which later left, hence mostly true rather than true."
        ),
        publish=True,
        evidence=(
            DemoEvidence(
                url="https://www.sharjah24.ae/en/arabic/323827-u-s-designates-hay-at-tahrir-al-sham",
                title="U.S. designates Hay'at Tahrir al-Sham",
                source="Sharjah24, reporting a US State Department statement of 31 May 2018",
                stance="supports",
                excerpt=(
                    "In January 2017, al-Nusrah Front launched the creation of HTS as a vehicle "
                    "to advance its position in the Syrian uprising and to further its own goals "
                    "as an al-Qa\u2019ida affiliate."
                ),
            ),
            DemoEvidence(
                url=("https://sputniknews.com/middleeast/201805311064983950-us-nusra-terrorists-sanctions/"),
                title="US amends Nusra Front designation to include Hay'at Tahrir al-Sham",
                source="Sputnik, 31 May 2018",
                stance="supports",
                excerpt=(
                    "The Department of State has amended the designation of al-Nusra Front \u2014 "
                    "an al-Qaeda affiliate in Syria \u2014 to include Hay\u2019at Tahrir al-Sham "
                    "(HTS) and other aliases"
                ),
            ),
            DemoEvidence(
                url="https://en.wikipedia.org/wiki/Hay%27at_Tahrir_al-Sham",
                title="Hay'at Tahrir al-Sham",
                source="Wikipedia",
                stance="context",
            ),
        ),
    ),
    DemoVerdict(
        claim="false-flag-chemical-attack",
        rating="unproven",
        summary=(f"{DEMO_MARK} Draft: no evidence of an HTS plan to stage a chemical attack has been made public."),
        analysis="Demonstration draft: only the desk sees it until it is published.",
        publish=False,
    ),
)
