"""articles.quotes: where a quote is printed in a body, tolerating how people paste it (issue 13)."""

import unicodedata

import pytest

from articles.quotes import Span, locate_quote, near_match, not_found_message, quote_at

BODY = (
    "The mayor said the city's budget\u00a0was balanced.\n"
    'Critics called it "a fiction" \u2014 a word the mayor rejected.\n'
    "In the caf\u00e9,  nobody\n  agreed."
)


@pytest.mark.parametrize(
    ("quote", "printed"),
    [
        ("the city\u2019s budget was balanced", "the city's budget\u00a0was balanced"),  # curly apostrophe, NBSP
        ("called it \u201ca fiction\u201d - a word", 'called it "a fiction" \u2014 a word'),  # curly quotes, dash
        ("called it \u201ca fiction\u201d \u2013 a word", 'called it "a fiction" \u2014 a word'),  # en dash
        ("balanced. Critics called", "balanced.\nCritics called"),  # a line break where a space was pasted
        ("nobody agreed", "nobody\n  agreed"),  # a whitespace run
        (unicodedata.normalize("NFD", "In the caf\u00e9"), "In the caf\u00e9"),  # decomposed accent
        ("The may\u00ador said", None),  # a soft hyphen in the paste is not text
    ],
)
def test_a_quote_is_found_despite_how_it_was_pasted(quote, printed):
    span = locate_quote(BODY, quote)

    assert span is not None
    # offsets into the body's own characters; the stored text is the body's
    assert BODY[span.start : span.end] == span.text
    if printed is not None:
        assert span.text == printed
    else:
        assert span.text == "The mayor said"


def test_an_exact_quote_is_its_own_span():
    start = BODY.index("Critics")
    assert locate_quote(BODY, "  Critics called it ") == Span(start, start + 17, "Critics called it")


@pytest.mark.parametrize("quote", ["the city budget", "THE MAYOR SAID", "rejected it", ""])
def test_other_words_or_case_are_not_the_quote(quote):
    assert locate_quote(BODY, quote) is None


def test_nothing_is_found_in_an_empty_body():
    assert locate_quote("", "anything") is None


def test_explicit_offsets_are_checked_tolerantly():
    start = BODY.index("city's")
    end = start + len("city's budget")
    assert quote_at(BODY, "city\u2019s budget", start, end) == Span(start, end, "city's budget")
    assert quote_at(BODY, "city\u2019s budget", start + 1, end) is None
    assert quote_at(BODY, "city\u2019s budget", start, end + 4) is None
    assert quote_at(BODY, "city\u2019s budget", start, len(BODY) + 1) is None


def test_a_near_match_is_the_body_text_the_user_probably_meant():
    near = near_match(BODY, "The city\u2019s budget is balanced")

    assert near is not None
    assert BODY[near.start : near.end] == near.text
    assert "city's budget" in near.text and "balanced" in near.text


def test_no_near_match_for_unrelated_words():
    assert near_match(BODY, "Quantum chromodynamics explains confinement") is None
    assert "closest" not in not_found_message(BODY, "Quantum chromodynamics explains confinement")


def test_the_message_shows_the_near_match():
    message = not_found_message(BODY, "the mayor said the citys budget")
    assert "not in the article body" in message
    assert "The mayor said the city's budget" in message
