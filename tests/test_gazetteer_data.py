"""Consistency checks for the gazetteer reference tables under ingest/data/."""

from __future__ import annotations

import csv
from collections import defaultdict
from pathlib import Path

import pycountry
import pytest

DATA = Path(__file__).resolve().parents[1] / "ingest" / "data"

HEADERS = {
    "countries.csv": ["iso3", "name", "aliases", "demonyms"],
    "organisations.csv": ["name", "type", "country", "aliases", "cameo"],
    "regions.csv": ["name", "type", "country", "aliases"],
}
TYPES = {"organisations.csv": {"ORG"}, "regions.csv": {"GPE", "LOC"}}


def read_rows(filename: str) -> list[dict[str, str]]:
    with (DATA / filename).open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


def split_list(field: str) -> list[str]:
    return [item.strip() for item in field.split("|")] if field.strip() else []


def valid_alpha3(code: str) -> bool:
    return (
        pycountry.countries.get(alpha_3=code) is not None
        or pycountry.historic_countries.get(alpha_3=code) is not None
    )


def surface_forms(filename: str, row: dict[str, str]) -> list[str]:
    """Every string a row claims: its name, its aliases and (countries only) its demonyms."""
    forms = [row["name"].strip(), *split_list(row["aliases"])]
    if filename == "countries.csv":
        forms += split_list(row["demonyms"])
    return forms


@pytest.mark.parametrize("filename", sorted(HEADERS))
def test_header_and_layout(filename: str) -> None:
    text = (DATA / filename).read_text(encoding="utf-8")
    lines = text.split("\n")
    assert lines[-1] == "", "file must end with a newline"
    assert all(line.strip() for line in lines[:-1]), "no blank lines"
    with (DATA / filename).open(encoding="utf-8", newline="") as handle:
        records = list(csv.reader(handle))
    assert records[0] == HEADERS[filename]
    assert all(len(record) == len(HEADERS[filename]) for record in records)


@pytest.mark.parametrize("filename", sorted(HEADERS))
def test_sorted_by_first_column_without_duplicates(filename: str) -> None:
    keys = [row[HEADERS[filename][0]] for row in read_rows(filename)]
    assert keys == sorted(keys, key=lambda key: (key.casefold(), key))
    assert len(keys) == len(set(keys))


@pytest.mark.parametrize("filename", sorted(HEADERS))
def test_list_fields_are_clean(filename: str) -> None:
    for row in read_rows(filename):
        assert row["name"].strip() and row["name"] == row["name"].strip(), row
        for column in ("aliases", "demonyms"):
            if column not in row or not row[column]:
                continue
            items = row[column].split("|")
            assert all(item and item == item.strip() for item in items), (row["name"], column)


@pytest.mark.parametrize("filename", sorted(TYPES))
def test_types_and_country_codes(filename: str) -> None:
    for row in read_rows(filename):
        assert row["type"] in TYPES[filename], row
        assert not row["country"] or valid_alpha3(row["country"]), row


def test_country_codes_cover_pycountry() -> None:
    codes = [row["iso3"] for row in read_rows("countries.csv")]
    assert all(valid_alpha3(code) for code in codes)
    assert {country.alpha_3 for country in pycountry.countries} <= set(codes)


def test_surface_forms_are_unique_across_tables() -> None:
    owners: dict[str, set[tuple[str, str]]] = defaultdict(set)
    for filename in sorted(HEADERS):
        key_column = HEADERS[filename][0]
        for row in read_rows(filename):
            for form in surface_forms(filename, row):
                owners[form].add((filename, row[key_column]))
    clashes = {form: sorted(rows) for form, rows in owners.items() if len(rows) > 1}
    assert not clashes


def test_surface_forms_are_not_repeated_within_a_row() -> None:
    for filename in sorted(HEADERS):
        for row in read_rows(filename):
            forms = surface_forms(filename, row)
            assert len(forms) == len(set(forms)), (filename, row["name"])


def test_most_countries_have_demonyms() -> None:
    rows = read_rows("countries.csv")
    assert sum(1 for row in rows if split_list(row["demonyms"])) >= 180


@pytest.mark.parametrize(
    ("form", "iso3"),
    [
        ("United States", "USA"),
        ("U.S.", "USA"),
        ("America", "USA"),
        ("Americans", "USA"),
        ("Britain", "GBR"),
        ("U.K.", "GBR"),
        ("Britons", "GBR"),
        ("Russia", "RUS"),
        ("Russian Federation", "RUS"),
        ("Russian", "RUS"),
        ("South Korea", "KOR"),
        ("DPRK", "PRK"),
        ("Syria", "SYR"),
        ("Iran", "IRN"),
        ("Burma", "MMR"),
        ("Ivory Coast", "CIV"),
        ("Dutch", "NLD"),
        ("Filipino", "PHL"),
        ("Soviet", "SUN"),
    ],
)
def test_well_known_country_forms(form: str, iso3: str) -> None:
    by_form = {
        form: row["iso3"]
        for row in read_rows("countries.csv")
        for form in surface_forms("countries.csv", row)
    }
    assert by_form.get(form) == iso3


@pytest.mark.parametrize(
    ("filename", "form", "name"),
    [
        ("organisations.csv", "NATO", "North Atlantic Treaty Organization"),
        ("organisations.csv", "U.N.", "United Nations"),
        ("organisations.csv", "EU", "European Union"),
        ("organisations.csv", "Pentagon", "United States Department of Defense"),
        ("organisations.csv", "FBI", "Federal Bureau of Investigation"),
        ("organisations.csv", "ISIL", "Islamic State"),
        ("regions.csv", "Gaza", "Gaza Strip"),
        ("regions.csv", "Donbas", "Donbass"),
        ("regions.csv", "Mideast", "Middle East"),
    ],
)
def test_well_known_aliases(filename: str, form: str, name: str) -> None:
    by_form = {form: row["name"] for row in read_rows(filename) for form in surface_forms(filename, row)}
    assert by_form.get(form) == name


def test_person_titles() -> None:
    text = (DATA / "person_titles.txt").read_text(encoding="utf-8")
    lines = text.split("\n")
    assert lines[-1] == "", "file must end with a newline"
    assert all(line.strip() for line in lines[:-1]), "no blank lines"
    titles = [line for line in lines[:-1] if not line.startswith("#")]
    assert all(title == title.strip() for title in titles)
    assert len(titles) == len(set(titles))
    for title in ("President", "Prime Minister", "Foreign Minister", "Secretary of State", "Sen.", "Gen."):
        assert title in titles
