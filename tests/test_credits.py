"""Closing credit lines and bylines in the variants seen in real dumps."""

from __future__ import annotations

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
