"""A realistic ClaimReview document for the import row (issue 12, finding 7): ``reviews``
schema.org ClaimReview objects in a DataFeed, about 500 bytes each, so 2,000 reviews are
about 1 MiB (the API's body limit).

Drawn from ``bench.generate``'s vocabulary, as other fact-checkers publish it: a score of
fact-checking organisations (``author`` with a ``url``, sometimes a Person with the outlet as
``publisher``), claimants who are people (some of them already in the archive, the names
being drawn the same way), organisations and groups, a claim date and usually a review date,
textual ratings in the publishers' words (mostly mapped by the seeded Rating labels, a few
unmapped), and one or two appearances (as a URL string or a CreativeWork with headline and
date) in outlets new to the archive. Some claims are reviewed twice (by two publishers, or one
review page covering two claims). ``seed`` makes each document new: its review URLs and
articles are its own, so importing another seed creates everything again.

    python -m bench.claimreview_document --reviews 2000 --seed 1 > reviews.jsonld
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import random
import sys

from bench.generate import (
    CHANGES,
    COUNTRIES,
    FIRST_NAMES,
    GROUP_FORMS,
    LAST_NAMES,
    NATIONALITIES,
    ORG_FORMS,
    PUBLISHER_FORMS,
    ROLES,
    SUBJECTS,
    SYLLABLES,
    slugify,
)

FACT_CHECKERS = (
    ("PolitiFact", "https://www.politifact.com/"),
    ("FactCheck.org", "https://www.factcheck.org/"),
    ("Full Fact", "https://fullfact.org/"),
    ("AFP Fact Check", "https://factcheck.afp.com/"),
    ("Reuters Fact Check", "https://www.reuters.com/fact-check/"),
    ("Snopes", "https://www.snopes.com/"),
    ("Africa Check", "https://africacheck.org/"),
    ("Chequeado", "https://chequeado.com/"),
    ("Maldita", "https://maldita.es/"),
    ("Les Décodeurs", "https://www.lemonde.fr/les-decodeurs/"),
    ("Correctiv", "https://correctiv.org/"),
    ("Misbar", "https://misbar.com/"),
    ("Boom Live", "https://www.boomlive.in/"),
    ("Teyit", "https://teyit.org/"),
    ("Lupa", "https://lupa.uol.com.br/"),
    ("StopFake", "https://www.stopfake.org/"),
    ("Verificat", "https://www.verificat.cat/"),
    ("Fatabyyano", "https://fatabyyano.net/"),
    ("Logically Facts", "https://www.logicallyfacts.com/"),
    ("Newtral", "https://www.newtral.es/"),
)
# Textual ratings as published, with how often; most are mapped by the seeded Rating labels.
RATINGS = (
    ("False", 30),
    ("Mostly False", 12),
    ("Half True", 10),
    ("Mostly True", 8),
    ("True", 6),
    ("Pants on Fire!", 5),
    ("Misleading", 12),
    ("Missing context", 5),
    ("Partly false", 6),
    ("Unproven", 3),
    ("Exaggerated", 2),
    ("Cherry-picked", 1),  # not among the seeded labels: reported as unmapped
    ("Spin", 1),
)
LANGUAGES = ("en",) * 40 + ("fr", "es", "pt-BR", "ar", "de")


def claimreview_document(reviews: int = 2000, *, seed: int = 1) -> dict:
    """A DataFeed of ``reviews`` ClaimReview objects; the same ``seed`` gives the same document."""
    rng = random.Random(f"claimreview-{seed}")
    places = [
        (rng.choice(SYLLABLES) + rng.choice(SYLLABLES) + rng.choice(SYLLABLES)[:2]).capitalize() for _ in range(400)
    ]
    outlets = [rng.choice(PUBLISHER_FORMS).format(city=rng.choice(places)) for _ in range(60)]
    labels = [label for label, _ in RATINGS]
    weights = [weight for _, weight in RATINGS]
    elements = []
    position = 0
    while position < reviews:
        claimant = _claimant(rng, places)
        claim_text = _claim_text(rng, places)
        claimed = dt.date(2016, 1, 1) + dt.timedelta(days=rng.randrange(3300))
        appearances = [
            _appearance(rng, outlets, claimed, seed, position, n) for n in range(rng.choice((1,) * 9 + (2,)))
        ]
        checkers = rng.sample(FACT_CHECKERS, 2 if rng.random() < 0.08 else 1)  # some claims are checked twice
        language = rng.choice(LANGUAGES)
        for name, site in checkers:
            if position >= reviews:
                break
            slug = slugify(claim_text)[:16].strip("-")
            review = {
                "@type": "ClaimReview",
                "url": f"{site}{seed}-{position}-{slug}",
                "claimReviewed": claim_text,
                "author": {"@type": "Organization", "name": name},
                "itemReviewed": {
                    "@type": "Claim",
                    "author": claimant,
                    "datePublished": claimed.isoformat(),
                    "appearance": appearances,
                },
                "reviewRating": {"@type": "Rating", "alternateName": rng.choices(labels, weights)[0]},
            }
            if rng.random() < 0.1:
                review["name"] = f"Fact check: {claim_text[:50]}"
            if rng.random() < 0.9:  # Fact Check Tools often has no review date
                review["datePublished"] = (claimed + dt.timedelta(days=rng.randrange(1, 40))).isoformat()
            if rng.random() < 0.1:
                review["author"] = {"@type": "Person", "name": f"{rng.choice(FIRST_NAMES)} {rng.choice(LAST_NAMES)}"}
                review["publisher"] = {"@type": "Organization", "name": name}
            if language != "en":
                review["itemReviewed"]["inLanguage"] = language
            elements.append(review)
            position += 1
    return {"@context": "https://schema.org", "@type": "DataFeed", "dataFeedElement": elements}


def _claimant(rng: random.Random, places: list[str]) -> dict:
    draw = rng.random()
    if draw < 0.8:
        role = rng.choice(ROLES).format(country=rng.choice(COUNTRIES), place=rng.choice(places))
        person = {"@type": "Person", "name": f"{rng.choice(FIRST_NAMES)} {rng.choice(LAST_NAMES)}"}
        if role and rng.random() < 0.2:
            person["jobTitle"] = role
        return person
    if draw < 0.93:
        name = rng.choice(ORG_FORMS).format(country=rng.choice(COUNTRIES), place=rng.choice(places))
        return {"@type": "Organization", "name": name}
    return {
        "@type": "Organization",
        "name": rng.choice(GROUP_FORMS).format(nationality=rng.choice(NATIONALITIES), place=rng.choice(places)),
    }


def _claim_text(rng: random.Random, places: list[str]) -> str:
    subject = rng.choice(SUBJECTS)
    change = rng.choice(CHANGES)[1]
    amount = f"{rng.uniform(0.5, 60):.1f} percent" if rng.random() < 0.5 else f"{rng.randint(2, 900) * 1000:,}"
    period = rng.choice(("since 2019", "in five years", "under this government", "in a single year"))
    text = f"{subject[0].upper()}{subject[1:]} {change} {amount} {period}"
    if rng.random() < 0.2:
        text += f" in {rng.choice(places)}"
    return text


def _appearance(rng, outlets, claimed: dt.date, seed: int, position: int, n: int):
    outlet = rng.choice(outlets)
    url = f"https://{slugify(outlet)}.example/{seed}-{position}-{n}"
    if rng.random() < 0.8:
        return url
    return {"@type": "CreativeWork", "url": url, "headline": outlet, "datePublished": claimed.isoformat()}


def main(argv=None) -> None:
    parser = argparse.ArgumentParser(prog="python -m bench.claimreview_document", description=__doc__.split("\n\n")[0])
    parser.add_argument("--reviews", type=int, default=2000)
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args(argv)
    json.dump(claimreview_document(args.reviews, seed=args.seed), sys.stdout, ensure_ascii=False, separators=(",", ":"))


if __name__ == "__main__":
    main()
