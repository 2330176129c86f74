"""The editor's desk's rows (issue 14): the admin reading view of one 5,000-word article quoted
by 100 claims, half direct, half reported. The generated archive's articles are short and the
reading view's cost grows with the body's length and its appearances, so ``parameters()`` adds
that article to the bench database once (found again by its URL) and the row reads it."""

import random

from bench.endpoints import Endpoint, row

URL = "https://bench.example/reading-view/5000-words-100-appearances"
WORDS = 5_000
APPEARANCES = 100
PHRASE = (
    "the minister said that unemployment fell by half last year while critics argued the figures "
    "were revised after the election and the opposition called for an inquiry into the statistics "
    "office which published a report on Friday showing growth in the northern provinces"
)
VOCABULARY = PHRASE.split()


def body(seed: int = 14) -> str:
    rng = random.Random(seed)
    sentences, words = [], 0
    while words < WORDS:
        length = rng.randint(12, 28)
        sentence = " ".join(rng.choice(VOCABULARY) for _ in range(length))
        sentences.append(sentence[0].upper() + sentence[1:] + ".")
        words += length
    paragraphs = [" ".join(sentences[i : i + 5]) for i in range(0, len(sentences), 5)]
    return "\n\n".join(paragraphs)


def parameters(conn, rng) -> dict:
    return {"reading_article": ensure(conn)}


def ensure(conn) -> int:
    """The fixture article's id, creating it and its appearances when missing."""
    found = conn.execute("SELECT id FROM articles_article WHERE url = %s", (URL,)).fetchone()
    if found:
        return found[0]
    text = body()
    with conn.transaction():
        publisher = conn.execute("SELECT min(id) FROM articles_publisher").fetchone()[0]
        article = conn.execute(
            "INSERT INTO articles_article (url, title, publisher_id, byline, published_at, language, body, "
            "created_at, updated_at) VALUES (%s, %s, %s, '', now(), 'en', %s, now(), now()) RETURNING id",
            (URL, "Benchmark: a 5,000-word article quoted 100 times", publisher, text),
        ).fetchone()[0]
        first_claims = conn.execute("SELECT id FROM claims_claim ORDER BY id LIMIT %s", (APPEARANCES,))
        claims = [found[0] for found in first_claims]
        step = len(text) // APPEARANCES
        rows = []
        for n, claim in enumerate(claims):
            start = text.index(" ", n * step) + 1
            end = text.index(" ", start + 60)
            rows.append((claim, article, text[start:end], n % 2 == 0, start, end))
        with conn.cursor() as cursor:
            cursor.executemany(
                'INSERT INTO claims_appearance (claim_id, article_id, quote, is_direct_quote, start, "end", '
                "created_at, updated_at) VALUES (%s, %s, %s, %s, %s, %s, now(), now())",
                rows,
            )
    return article


# The same page's data, hand-written: the article and its appearances with claim and speaker.
SQL = """
SELECT json_build_object(
  'article', (SELECT json_build_object('id', a.id, 'title', a.title, 'body', a.body, 'publisher', p.name)
                FROM articles_article a JOIN articles_publisher p ON p.id = a.publisher_id WHERE a.id = %(article)s),
  'appearances', (SELECT coalesce(json_agg(json_build_object(
        'id', ap.id, 'claim', c.id, 'text', c.text, 'speaker', s.name, 'start', ap.start, 'end', ap."end",
        'direct', ap.is_direct_quote) ORDER BY ap.start, ap.id), '[]')
      FROM claims_appearance ap JOIN claims_claim c ON c.id = ap.claim_id JOIN claims_speaker s ON s.id = c.speaker_id
     WHERE ap.article_id = %(article)s))
"""


@row
def reading_view(p):
    return Endpoint(
        "admin_reading_view",
        "admin reading view, 5,000 words, 100 appearances",
        "admin",  # goal p50 < 300 ms (issue 14)
        [f"/admin/articles/article/{p['reading_article']}/read/"],
        auth="session",
        sql=SQL,
        sql_params=[{"article": p["reading_article"]}],
    )
