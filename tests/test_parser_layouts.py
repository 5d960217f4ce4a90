"""Layouts seen in real dumps, one small synthetic dump each."""

from __future__ import annotations

import polars as pl
import pytest

from ingest.parser import parse_dump
from tests.dumps import Story, render, story


def parse_text(text: str, encoding: str = "utf-8"):
    return parse_dump(text.encode(encoding))


def only_article(text: str) -> dict:
    parsed = parse_text(text)
    assert parsed.articles.height == 1, parsed.articles["title"].to_list()
    return parsed.articles.to_dicts()[0]


@pytest.mark.parametrize("dash", ["-", "–", "—", "--"])
def test_any_dash_after_the_agency(dash):
    article = only_article(render([story(lead=f"BRUSSELS (Reuters) {dash} ")]))
    assert (article["dateline"], article["source"]) == ("BRUSSELS", "Reuters")


@pytest.mark.parametrize(
    ("lead", "dateline", "source"),
    [
        ("SACRAMENTO, Calif. (Reuters) - ", "SACRAMENTO, Calif.", "Reuters"),
        ("WEST PALM BEACH, Fla./WASHINGTON (Reuters) - ", "WEST PALM BEACH, Fla./WASHINGTON", "Reuters"),
        ("(Reuters) - ", None, "Reuters"),
        ("BEIJING ", "BEIJING", None),
        ("TURNBERRY, Scotland ", "TURNBERRY, Scotland", None),
        ("WASHINGTON/HAVANA ", "WASHINGTON/HAVANA", None),
        ("NEW YORK ", "NEW YORK", None),
        ("WASHINGTON U.S. ", "WASHINGTON", None),
    ],
)
def test_dateline_forms(lead, dateline, source):
    article = only_article(render([story(lead=lead)]))
    assert (article["dateline"], article["source"]) == (dateline, source)


def test_dateline_lead_is_excluded_from_story_text_offset():
    parsed = parse_text(render([story(lead="TURNBERRY, Scotland ")]))
    first = parsed.paragraphs.filter(pl.col("paragraph_index") == 0).row(0, named=True)
    assert first["text"][first["dateline_chars"] :].startswith("The government said")


def test_inline_note_and_byline_before_the_dateline():
    lead = "(This version of the story corrects a name in paragraph 3) By Jane Ross HAVANA (Reuters) - "
    parsed = parse_text(render([story(lead=lead, paragraphs=PARAGRAPH_ONE)]))
    article = parsed.articles.row(0, named=True)
    assert article["dateline"] == "HAVANA"
    assert article["byline"] == ["Jane Ross"]
    assert article["notes"] == ["This version of the story corrects a name in paragraph 3"]
    assert parsed.credits["role"].to_list() == ["byline"]


PARAGRAPH_ONE = [
    "A peace activist who laughed during a confirmation hearing will no longer face charges, "
    "prosecutors said on Friday, ending a case that drew wide attention."
]


def test_one_paragraph_stories_without_datelines_or_credits():
    stories = [
        story(title=f"Story number {n} about a court case in the capital", lead="", paragraphs=PARAGRAPH_ONE)
        for n in range(3)
    ]
    parsed = parse_text(render(stories))
    assert parsed.articles["title"].to_list() == [s.title for s in stories]
    assert parsed.articles["paragraph_count"].to_list() == [1, 1, 1]
    assert parsed.parse_issues.is_empty()


def test_repeated_title_caption_byline_subhead_and_credits():
    s = story(
        repeat_title=True,
        captions=[
            "FILE PHOTO: A man walks past the ministry in Moscow, Russia, May 3, 2017. REUTERS/Some One"
        ],
        byline="By Anna Smith and Bob Jones",
        subheads={2: "TALKS STALL"},
        closing=[
            "(This story has been refiled to fix a typo in paragraph 2)",
            "(Additional reporting by Carl Day in Kiev; editing by Dana Eve)",
        ],
    )
    parsed = parse_text(render([s, story(title="Second story follows the first one")]))
    assert parsed.articles["title"].to_list() == [s.title, "Second story follows the first one"]
    article = parsed.articles.row(0, named=True)
    assert article["title_repeated"] is True
    assert article["byline"] == ["Anna Smith", "Bob Jones"]
    assert article["captions"] == s.captions
    assert [d.isoformat() for d in article["caption_dates"]] == ["2017-05-03"]
    assert article["subheads"] == ["TALKS STALL"]
    assert article["notes"] == ["This story has been refiled to fix a typo in paragraph 2"]
    assert article["paragraph_count"] == len(s.paragraphs)


@pytest.mark.parametrize("blank", ["", " ", "\u00a0", "\u00a0\u00a0 \t"])
@pytest.mark.parametrize("newline", ["\n", "\r\n"])
def test_blank_lines_with_spaces_and_crlf(blank, newline):
    stories = [story(title="First headline about the talks"), story(title="Second headline about the vote")]
    parsed = parse_text(render(stories, blank=blank, newline=newline))
    assert parsed.articles["title"].to_list() == [
        "First headline about the talks",
        "Second headline about the vote",
    ]
    assert parsed.articles["paragraph_count"].to_list() == [4, 4]
    assert not any("\r" in t for t in parsed.paragraphs["text"].to_list())


def test_byte_order_mark_belongs_to_the_first_story():
    data = "\ufeff".encode() + render([story()]).encode("utf-8")
    parsed = parse_dump(data)
    assert parsed.articles["byte_start"].to_list() == [0]
    assert parsed.articles["title"][0] == story().title
    assert parsed.parse_issues.is_empty()


def test_straight_and_curly_quotes_give_the_same_article_id():
    curly = render([story()])
    straight = curly.replace("“", '"').replace("”", '"').replace("’", "'")
    assert parse_text(curly).articles["article_id"][0] == parse_text(straight).articles["article_id"][0]


def test_paragraph_broken_by_stray_line_break_counts_once():
    paragraphs = [
        PARAGRAPHS_BROKEN[0],
        "Footage aired repeatedly on state television showed",
        "what the broadcaster said were officials breaking locks on the compound.",
        PARAGRAPHS_BROKEN[1],
    ]
    article = only_article(render([story(paragraphs=paragraphs)]))
    assert article["paragraph_count"] == 3


PARAGRAPHS_BROKEN = [
    "The ministry said officials had entered the residences on Monday.",
    "The ministry said it reserved the right to respond in kind.",
]


def test_text_before_the_first_headline_is_a_parse_issue():
    text = "stray words left over from a truncated story.\n\n" + render([story()])
    parsed = parse_text(text)
    assert parsed.articles.height == 1
    issue = parsed.parse_issues.row(0, named=True)
    assert (issue["severity"], issue["byte_start"]) == ("error", 0)
    assert issue["byte_end"] == parsed.articles["byte_start"][0]
    assert "before the first headline" in issue["reason"]


def test_invalid_utf8_is_replaced_and_reported():
    good = render([story()]).encode("utf-8")
    at = good.index(b"review the agreement")
    data = good[:at] + b"\xff\xfe\xc3" + good[at:]
    parsed = parse_dump(data)
    assert parsed.articles.height == 1
    warnings = parsed.parse_issues.filter(pl.col("severity") == "warning")
    assert warnings.height == 1
    assert (warnings["byte_start"][0], warnings["byte_end"][0]) == (at, at + 3)
    assert "invalid UTF-8" in warnings["reason"][0]
    assert "\ufffd" in parsed.paragraphs["text"][0]


@pytest.mark.parametrize(
    ("data", "reason"),
    [
        (b"", "empty file"),
        (b"\n \n\t\n", "only whitespace"),
        (b"just one line of text without any story layout", "no headline"),
    ],
)
def test_dumps_without_stories_are_one_error_issue(data, reason):
    parsed = parse_dump(data)
    assert parsed.articles.is_empty()
    assert parsed.parse_issues.height == 1
    issue = parsed.parse_issues.row(0, named=True)
    assert (issue["severity"], issue["byte_start"], issue["byte_end"]) == ("error", 0, len(data))
    assert reason in issue["reason"]


def test_utf16_dump_is_decoded():
    parsed = parse_text("\ufeff" + render([story()]), encoding="utf-16-le")
    assert parsed.articles["title"].to_list() == [story().title]
    assert parsed.articles["byte_end"][0] == len(("\ufeff" + render([story()])).encode("utf-16-le"))


def test_credit_lines_are_not_paragraphs_and_notes_are_kept():
    s = Story(
        title="Headline for a story with closing lines",
        paragraphs=list(PARAGRAPHS_BROKEN),
        closing=["(Reporting by Ann Lee; Writing by Bo Kim; Editing by Cy Dee)", "($1 = 0.8909 euros)"],
    )
    parsed = parse_text(render([s]))
    assert parsed.articles["paragraph_count"][0] == 2
    assert parsed.articles["notes"][0].to_list() == ["$1 = 0.8909 euros"]
    assert parsed.credits["role"].to_list() == ["reporting", "writing", "editing"]


@pytest.mark.parametrize(
    ("lead", "dateline", "source", "story_start"),
    [
        ("WASHINGTON - ", "WASHINGTON", None, "The government"),
        ("WASHINGTON, March 17 ", "WASHINGTON", None, "The government"),
        ("BOSTON, Mass ", "BOSTON, Mass", None, "The government"),
        ("ALBANY, NEW YORK ", "ALBANY, NEW YORK", None, "The government"),
        ("THE HAGUE ", "THE HAGUE", None, "The government"),
        (
            "NEW YORK (Thomson Reuters Foundation) - ",
            "NEW YORK",
            "Thomson Reuters Foundation",
            "The government",
        ),
        ("WASHINGTON () - ", "WASHINGTON", None, "The government"),
    ],
)
def test_dateline_variants_and_where_the_story_starts(lead, dateline, source, story_start):
    parsed = parse_text(render([story(lead=lead)]))
    article = parsed.articles.row(0, named=True)
    assert (article["dateline"], article["source"]) == (dateline, source)
    first = parsed.paragraphs.row(0, named=True)
    assert first["text"][first["dateline_chars"] :].startswith(story_start)


@pytest.mark.parametrize(
    ("line", "furniture"),
    [
        ("Reuters Twitter ID: @newsdesk", True),
        ("T ID: x", True),  # two characters before "ID:", the least
        ("Thirty letters and spaces abc ID: x", True),  # thirty, the most
        ("Thirty letters and spaces abcd ID: x", False),  # thirty-one
        ("TwitterID: @newsdesk", False),  # "ID" glued to the word before
        ("The company's ID: x", False),  # only letters and spaces may lead
    ],
)
def test_id_labels_are_page_furniture(line, furniture):
    from ingest.layout import line_features

    blocks = pl.DataFrame(
        {"line_no": [0], "text": [line], "n_chars": [len(line)]}, schema_overrides={"n_chars": pl.UInt32}
    )
    assert line_features(blocks)["is_furniture"].to_list() == [furniture]


def test_a_headline_shaped_paragraph_before_a_long_one_stays_in_the_story():
    """A quote line of headline length (over 130 characters, no full stop) before a long line
    without a dateline: its headline test once came out null, and the paragraph was lost."""
    paragraphs = [
        "Voters went to the polls on Thursday in a referendum on membership of the bloc, a decision with "
        "consequences for the economy.",
        "The prime minister voted early and said on Twitter: \"Today's the day you can vote for a stronger "
        'future - with more jobs, lower prices and a stronger voice"',
        "His main rival, a former mayor of the capital who is the favourite with bookmakers to succeed him, "
        "voted in the morning as well.",
    ]
    parsed = parse_dump(render([story(paragraphs=paragraphs), story()]).encode())
    first = parsed.paragraphs.filter(pl.col("ordinal") == parsed.articles["ordinal"][0])
    assert parsed.articles["paragraph_count"].to_list() == [3, 4]
    assert first["text"].to_list()[1:] == paragraphs[1:]
