"""Reading donors' spreadsheets as their IT departments send them: encodings, delimiters,
column names in English (Snipe-IT), French and Dutch, values, and every kind of row problem."""

from __future__ import annotations

import pytest

from inventory.devices import importing
from inventory.devices.importing import Defaults, describe, read
from inventory.devices.stock_vocabulary import ImportProblemKind as Kind
from inventory.devices.vocabulary import Category, StorageType
from tests.operations.operation_steps import spreadsheet


def kinds(row: importing.Row) -> list[Kind]:
    return [problem.kind for problem in row.problems]


def test_belgian_excel_file_windows_1252_with_semicolons_and_french_headers() -> None:
    content = spreadsheet(
        [["Ordinateur portable", "Dell", "Latitude 5490", "ABC123", "FIN/2019/1", "Touche é cassée"]]
    )
    parsed = read(content)
    assert (parsed.encoding, parsed.delimiter) == ("windows-1252", ";")
    assert [c.field for c in parsed.columns] == [
        "category",
        "make",
        "model",
        "serial_number",
        "donor_ref",
        "notes",
    ]
    assert parsed.ok
    intake = parsed.rows[0].intake
    assert (intake.category, intake.make, intake.serial_number, intake.donor_ref) == (
        Category.LAPTOP,
        "Dell",
        "ABC123",
        "FIN/2019/1",
    )
    assert intake.notes == "Touche é cassée"


def test_snipe_it_asset_export_utf8_with_bom_and_commas() -> None:
    header = [
        "Asset Tag",
        "Serial Number",
        "Model Name",
        "Manufacturer",
        "Category",
        "Notes",
        "Location",
        "Company",
        "Full Name",
        "Email",
        "Purchase Cost",
    ]
    row = [
        "ADM-0042",
        "5CG1234XYZ",
        "EliteBook 840 G5",
        "HP",
        "Laptops",
        "",
        "Bâtiment North Galaxy, bureau 3.12",
        "SPF Finances",
        "Jan Janssens",
        "jan@example.be",
        "1200",
    ]
    content = b"\xef\xbb\xbf" + spreadsheet([row], header, delimiter=",", encoding="utf-8")
    parsed = read(content)
    assert (parsed.encoding, parsed.delimiter) == ("utf-8", ",")
    mapping = {c.header: c.field for c in parsed.columns}
    assert mapping == {
        "Asset Tag": "donor_ref",
        "Serial Number": "serial_number",
        "Model Name": "model",
        "Manufacturer": "make",
        "Category": "category",
        "Notes": "notes",
        "Location": "location",
        "Company": "donor",
        # Personal data of the donor's staff is never imported.
        "Full Name": None,
        "Email": None,
        "Purchase Cost": None,
    }
    intake = parsed.rows[0].intake
    assert (intake.donor_ref, intake.donor, intake.site, intake.category) == (
        "ADM-0042",
        "SPF Finances",
        None,
        Category.LAPTOP,
    )
    # Where the device stood at the donor's is not one of our sites: it is kept in the notes.
    assert intake.notes == "Location: Bâtiment North Galaxy, bureau 3.12"


def test_a_site_column_names_our_site_and_a_location_column_adds_to_the_notes() -> None:
    header = ["Catégorie", "Marque", "Modèle", "Site", "Emplacement", "Remarques"]
    parsed = read(spreadsheet([["Portable", "Dell", "E7470", "atelier", "Étage 2", "Sans chargeur"]], header))
    intake = parsed.rows[0].intake
    assert intake.site == "atelier"
    assert intake.notes == "Sans chargeur\nEmplacement: Étage 2"


def test_dutch_headers_and_specs_with_units() -> None:
    header = [
        "Soort",
        "Merk",
        "Model",
        "Serienummer",
        "Geheugen (GB)",
        "Opslag",
        "Scherm",
        "Besturingssysteem",
    ]
    content = spreadsheet(
        [["Laptop", "Lenovo", "T480", "PF1", "16 GB", "512 GB NVMe", '14"', "Windows 10"]], header
    )
    intake = read(content).rows[0].intake
    assert intake.specs.ram_gb == 16
    assert intake.specs.storage_gb == 512
    assert intake.specs.storage_type == StorageType.NVME
    assert intake.specs.screen_inches == 14
    assert intake.specs.os == "Windows 10"


@pytest.mark.parametrize(
    ("text", "category"),
    [
        ("laptop", Category.LAPTOP),
        ("Ordinateurs portables", Category.LAPTOP),
        ("PC fixe", Category.DESKTOP),
        ("Tablette", Category.TABLET),
        ("GSM", Category.PHONE),
        ("Smartphones", Category.PHONE),
        ("Écran", Category.MONITOR),
        ("scherm", Category.MONITOR),
        ("Autre", Category.OTHER),
    ],
)
def test_category_names_in_three_languages(text: str, category: Category) -> None:
    assert importing.parse_category(text) == category


@pytest.mark.parametrize(
    ("text", "gigabytes"),
    [("8", 8), ("8 Go", 8), ("8GB", 8), ("7,5 GB", 7.5), ("512 Mo", 0.5), ("1 To", 1000)],
)
def test_sizes_in_gigabytes(text: str, gigabytes: float) -> None:
    assert importing.parse_size_gb(text)[0] == gigabytes


def test_a_comma_inside_quotes_does_not_fool_the_delimiter_guess() -> None:
    assert importing.guess_delimiter('"Marque, fabricant";Modèle;Catégorie\n') == ";"
    assert importing.guess_delimiter("Make,Model,Category\n") == ","
    assert importing.guess_delimiter("Make\tModel\tCategory\n") == "\t"


def test_row_numbers_are_those_a_spreadsheet_shows() -> None:
    content = spreadsheet(
        [["Portable", "Dell", "A", "1", "", ""], ["", "", "", "", "", ""], ["Portable", "", "B", "2", "", ""]]
    )
    parsed = read(content)
    # The blank line 3 is skipped but still counted, as Excel numbers it.
    assert [row.number for row in parsed.rows] == [2, 4]
    assert kinds(parsed.rows[1]) == [Kind.EMPTY_REQUIRED]


def test_each_row_problem_kind_is_reported_with_a_readable_message() -> None:
    rows = [
        ["Portable", "Dell", "Latitude", "SN1", "", ""],  # row 2: fine
        ["Portable", "", "Latitude", "SN2", "", ""],  # 3: empty make
        ["Imprimante", "HP", "LaserJet", "SN3", "", ""],  # 4: unknown category
        ["Portable", "dell ", "Other model", "sn1", "", ""],  # 5: same make and serial as row 2
        ["Portable", "Dell", "M" * 201, "SN5", "", ""],  # 6: too long
        ["Portable", "Dell", "Latitude", "SN6", "", "", "surplus"],  # 7: more cells than columns
    ]
    header = [*spreadsheet([]).decode("cp1252").splitlines()[0].split(";")]
    parsed = read(spreadsheet(rows, header))
    assert [kinds(row) for row in parsed.rows] == [
        [],
        [Kind.EMPTY_REQUIRED],
        [Kind.UNKNOWN_CATEGORY],
        [Kind.DUPLICATE_IN_FILE],
        [Kind.TOO_LONG],
        [Kind.EXTRA_CELLS],
    ]
    messages = [describe(row.problems[0], "fr") for row in parsed.rows[1:]]
    assert messages == [
        "Marque est vide\u202f; ce champ est obligatoire",
        "catégorie inconnue « Imprimante »\u202f; utilisez laptop, desktop, tablet, phone, monitor ou other "
        "(ou\u202f: portable, ordinateur fixe, tablette, téléphone, écran, autre)",
        "même marque et même numéro de série qu'à la ligne 2",
        "Modèle dépasse 200 caractères",
        "la ligne a plus de cellules que l'en-tête (cellules\u202f: 7, colonnes\u202f: 6)",
    ]
    assert describe(parsed.rows[3].problems[0], "en") == "same make and serial number as row 2"
    assert describe(parsed.rows[3].problems[0], "nl") == "zelfde merk en serienummer als rij 2"
    assert not parsed.ok and len(parsed.valid_rows) == 1


def test_an_unreadable_value_names_its_field() -> None:
    header = ["Category", "Make", "Model", "RAM"]
    parsed = read(spreadsheet([["laptop", "Dell", "X", "beaucoup"]], header, delimiter=","))
    [problem] = parsed.rows[0].problems
    assert (problem.kind, problem.field) == (Kind.INVALID_VALUE, "ram_gb")
    assert describe(problem, "en") == "Memory (GB): 'beaucoup' is not a valid value"


def test_a_missing_required_column_is_one_problem_of_the_file_not_of_every_row() -> None:
    parsed = read(spreadsheet([["Dell", "Latitude"], ["HP", "ProBook"]], ["Marque", "Modèle"]))
    assert [p.kind for p in parsed.problems] == [Kind.MISSING_COLUMN]
    assert describe(parsed.problems[0], "fr").startswith("aucune colonne pour Catégorie (par exemple\u202f:")
    assert all(not row.problems for row in parsed.rows)
    assert not parsed.ok


def test_defaults_fill_a_missing_column_and_empty_cells() -> None:
    content = spreadsheet(
        [["Dell", "Latitude", ""], ["HP", "ProBook", "Région"]], ["Marque", "Modèle", "Donateur"]
    )
    parsed = read(content, Defaults(category=Category.LAPTOP, donor="SPF Finances", batch="P3"))
    assert parsed.ok
    assert [(r.intake.category, r.intake.donor, r.intake.batch) for r in parsed.rows] == [
        (Category.LAPTOP, "SPF Finances", "P3"),
        (Category.LAPTOP, "Région", "P3"),
    ]


@pytest.mark.parametrize(
    ("content", "reason"),
    [
        (b"PK\x03\x04rest-of-an-xlsx", "it is an Excel workbook or another archive; save it as CSV"),
        (
            "Make,Model\n".encode("utf-16"),
            "it is not a text file (UTF-16 or binary); save it as CSV in UTF-8",
        ),
        (b"Make,Model,Category\n\x81\x8d,x,laptop\n", "it is neither UTF-8 nor Windows-1252"),
    ],
)
def test_files_that_are_not_csv_text_are_refused_saying_why(content: bytes, reason: str) -> None:
    parsed = read(content)
    [problem] = parsed.problems
    assert problem.kind == Kind.UNREADABLE
    assert describe(problem, "en") == f"the file cannot be read: {reason}"


def test_an_empty_file_has_no_rows() -> None:
    assert [p.kind for p in read(b"").problems] == [Kind.NO_ROWS]
    assert [p.kind for p in read("Marque;Modèle;Catégorie\r\n".encode()).problems] == [Kind.NO_ROWS]
