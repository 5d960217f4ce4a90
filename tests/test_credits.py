"""Closing credit lines and bylines in the variants seen in real dumps."""

from __future__ import annotations

import polars as pl
import pytest

from ingest.credits import Credit, parse_byline, parse_credit_line


@pytest.mark.parametrize(
    ("line", "expected"),
    [
        (
            "(Reporting by Robin Emmott, Editing by William Maclean)",
            [("reporting", "Robin Emmott", None), ("editing", "William Maclean", None)],
        ),
        (
            "(Additional reporting by Kirsti Knolle, Alexandra Schwarz-Goerlich; Editing by Kevin Liffey)",
            [
                ("additional_reporting", "Kirsti Knolle", None),
                ("additional_reporting", "Alexandra Schwarz-Goerlich", None),
                ("editing", "Kevin Liffey", None),
            ],
        ),
        (
            "(Reporting by A Person in Moscow and B Person in Washington; Writing by C Person; "
            "Editing by D Person and E Person)",
            [
                ("reporting", "A Person", "Moscow"),
                ("reporting", "B Person", "Washington"),
                ("writing", "C Person", None),
                ("editing", "D Person", None),
                ("editing", "E Person", None),
            ],
        ),
        (
            "(Reporting by Dmitry Solovyov; editing by John Stonestreet)",
            [("reporting", "Dmitry Solovyov", None), ("editing", "John Stonestreet", None)],
        ),
        (
            "(Writing by David Dolan Editing by Jeremy Gaunt)",
            [("writing", "David Dolan", None), ("editing", "Jeremy Gaunt", None)],
        ),
        (
            "(Reporting and writing by Lawrence Hurley; Additional reporting by Joan Biskupic)",
            [
                ("reporting", "Lawrence Hurley", None),
                ("writing", "Lawrence Hurley", None),
                ("additional_reporting", "Joan Biskupic", None),
            ],
        ),
        (
            "(Additional reporting by Colleen Jenkins in Winston-Salem, North Carolina and Steve Barnes "
            "in Little Rock, Arkansas; Compiled by Frank McGurty)",
            [
                ("additional_reporting", "Colleen Jenkins", "Winston-Salem, North Carolina"),
                ("additional_reporting", "Steve Barnes", "Little Rock, Arkansas"),
                ("compiling", "Frank McGurty", None),
            ],
        ),
        (
            "(Reporting by Eric Walsh and Mark Hosenball in Washington; Editing by Sandra Maler)",
            [
                ("reporting", "Eric Walsh", "Washington"),
                ("reporting", "Mark Hosenball", "Washington"),
                ("editing", "Sandra Maler", None),
            ],
        ),
        ("(Editing by Pravin Char)", [("editing", "Pravin Char", None)]),
    ],
)
def test_credit_line_variants(line, expected):
    assert list(parse_credit_line(line)) == [Credit(*row) for row in expected]


def test_unknown_roles_are_kept_as_other():
    assert list(parse_credit_line("(Graphics by Ana Lopez)")) == [Credit("other", "Ana Lopez", None)]


@pytest.mark.parametrize(
    ("line", "names"),
    [
        ("By Robin Emmott", ["Robin Emmott"]),
        ("By Francois Murphy and Shadia Nasralla", ["Francois Murphy", "Shadia Nasralla"]),
        ("By Peter  Eisler and Alana Wise", ["Peter Eisler", "Alana Wise"]),
        ("By A One, B Two and C Three", ["A One", "B Two", "C Three"]),
    ],
)
def test_byline_names(line, names):
    assert parse_byline(line) == names


@pytest.mark.parametrize(
    ("line", "names"),
    [
        ("By Chang-Ran Kim , Asia autos correspondent", ["Chang-Ran Kim"]),
        ("By Bill Berkrot and Ransdell Pierson -Analysis", ["Bill Berkrot", "Ransdell Pierson"]),
        ("By Alexandra Schwarz-Goerlich", ["Alexandra Schwarz-Goerlich"]),
    ],
)
def test_byline_job_titles_and_labels_are_not_names(line, names):
    assert parse_byline(line) == names


@pytest.mark.parametrize(
    ("line", "expected"),
    [
        # A header straight after another one: the first has no names.
        ("(Reporting by Writing by Jane Doe)", [("writing", "Jane Doe", None)]),
        # Punctuation, not a space, after "by" and before the next header.
        (
            "(Reporting by(Jane Doe);Editing by John Roe)",
            [("reporting", "Jane Doe", None), ("editing", "John Roe", None)],
        ),
        # A word that merely starts like "by" is not a header.
        ("(Reporting bystanders)", [("other", "Reporting bystanders", None)]),
        # No-break and thin spaces are spaces.
        ("(Reporting by\u00a0Jane\u2009Doe in\u00a0Paris)", [("reporting", "Jane Doe", "Paris")]),
        # Several regions complete one place, for every name that place covers.
        (
            "(Reporting by A Person and B Person in Springfield, Illinois; Editing by C Person)",
            [
                ("reporting", "A Person", "Springfield, Illinois"),
                ("reporting", "B Person", "Springfield, Illinois"),
                ("editing", "C Person", None),
            ],
        ),
        # A name after the last place keeps no place.
        (
            "(Reporting by A Person in Rome and B Person)",
            [("reporting", "A Person", "Rome"), ("reporting", "B Person", None)],
        ),
    ],
)
def test_credit_line_edge_cases(line, expected):
    assert list(parse_credit_line(line)) == [Credit(*row) for row in expected]


def test_credit_lines_holding_the_parser_marker_characters_still_parse():
    """The parser marks headers with Unicode noncharacters; a line that holds one is still read."""
    credits = parse_credit_line("(Reporting by Jane\ufdd0Doe; Editing by John\ufdd1Roe)")
    assert [(c.role, c.person_name) for c in credits] == [
        ("reporting", "Jane\ufffdDoe"),
        ("editing", "John\ufffdRoe"),
    ]


def test_whitespace_set_is_pythons():
    from ingest.credits import WHITESPACE

    assert "".join(chr(c) for c in range(0x110000) if chr(c).isspace()) == WHITESPACE


def test_many_lines_parse_as_each_line_alone():
    """Lines are parsed together in one frame: no line's credits may leak into another's."""
    from ingest.credits import credit_rows

    lines = [
        "(Reporting by A One in Paris; Editing by B Two)",
        "(no credits here)",
        "(Writing by C Three and D Four)",
        "",
        "(Editing Sara Catania)",
    ]
    together = credit_rows(pl.Series(lines, dtype=pl.String))
    for at, line in enumerate(lines):
        alone = [tuple(row) for row in together.filter(pl.col("line") == at).drop("line").rows()]
        assert alone == [tuple(c) for c in parse_credit_line(line)]


@pytest.mark.parametrize(("label_chars", "names"), [(30, ["Jane Doe"]), (31, [])])
def test_a_byline_label_is_a_capital_and_at_most_30_more_characters(label_chars, names):
    """'- Analysis' after the names is a label; a longer tail is not one, and the line is then
    no list of names."""
    assert parse_byline("By Jane Doe - A" + "b" * label_chars) == names
