"""Publication dates from captions, weekdays and dated clues; time expressions to dates."""

from __future__ import annotations

from datetime import date

import pytest

from ingest.dates import infer_publication_date, resolve_time_expression

LEAD = "BRUSSELS (Reuters) – Ministers said on Monday they had evidence of interference."


def test_caption_then_lead_weekday_gives_the_weekday_after_the_caption():
    caption = "Protesters march in Barcelona, Spain, November 11, 2017."  # a Saturday
    found = infer_publication_date("Headline", [caption], [LEAD])
    assert (found.value, found.method) == (date(2017, 11, 13), "weekday+caption")


def test_same_day_caption_and_weekday():
    caption = "The president meets his counterpart in Tehran, Iran November 1, 2017."  # a Wednesday
    lead = "TEHRAN (Reuters) – The president began a visit to Iran on Wednesday."
    assert infer_publication_date("H", [caption], [lead]).value == date(2017, 11, 1)


@pytest.mark.parametrize(
    "caption",
    [
        "FILE PHOTO: The consulate is seen in San Francisco, California, U.S. on September 2, 2017. REUTERS/X/File Photo",
        "FILE PICTURE: A spokesman speaks in Moscow, Russia, September 26, 2016. REUTERS/Y",
    ],
)
def test_archive_pictures_date_nothing(caption):
    assert infer_publication_date("H", [caption], [LEAD]).value is None


def test_caption_older_than_the_story_is_an_archive_picture():
    caption = "Journalists watch the president in Moscow, December 20, 2012."
    paragraphs = [LEAD, "The move follows the 2016 U.S. election."]
    assert infer_publication_date("H", [caption], paragraphs).value is None


def test_explicit_date_with_weekday_fixes_the_year():
    paragraphs = [
        "MOSCOW (Reuters) – Russian troops have returned to their bases, a general said on Saturday.",
        "The last train of troops had left Belarus on Thursday, Sept. 28, after the Zapad 2017 exercises.",
    ]
    found = infer_publication_date("H", [], paragraphs)
    assert (found.value, found.method) == (date(2017, 9, 30), "weekday+explicit_date")


def test_future_dates_are_not_clues():
    paragraphs = [
        "LONDON – The prime minister on Saturday called a referendum.",
        "He said the vote would be held on Thursday June 23 after a campaign in 2016.",
    ]
    assert infer_publication_date("H", [], paragraphs).value is None


def test_no_weekday_in_the_lead_means_no_date():
    caption = "A view of the city of Raqqa, Syria September 16, 2017."
    assert infer_publication_date("H", [caption], ["Russia warned the United States."]).value is None


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("on Friday", date(2017, 11, 10)),
        ("late on Thursday", date(2017, 11, 9)),
        ("on Monday", date(2017, 11, 13)),
        ("yesterday", date(2017, 11, 12)),
        ("Sept. 28", date(2017, 9, 28)),
        ("Dec. 28", date(2016, 12, 28)),
        ("September 2, 2015", date(2015, 9, 2)),
        ("last week", None),
        (None, None),
    ],
)
def test_time_expressions_resolve_against_the_publication_date(text, expected):
    assert resolve_time_expression(text, date(2017, 11, 13)) == expected  # a Monday
