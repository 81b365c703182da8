"""Reading a donor's device spreadsheet (CSV): encodings, delimiters, column names and values.

Pure: no database. It turns the bytes of a file into rows that are either a `DeviceIntake`
or a list of problems; the checks that need the database (serials already registered,
unknown sites, a file imported before) are added by the import service.
"""

from __future__ import annotations

import csv
import dataclasses
import io
import re
import unicodedata
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass

import msgspec

from inventory import text
from inventory.devices.schemas import DeviceIntake, Specs
from inventory.devices.stock_vocabulary import ImportProblemKind as Kind
from inventory.devices.vocabulary import Category, StorageType
from inventory.errors import Nn_
from inventory.i18n import gettext, told

MAX_ROWS = 50_000
MAX_FILE_BYTES = 20 * 1024 * 1024
REQUIRED = ("category", "make", "model")


def _max_lengths(struct: type) -> dict[str, int]:
    """Each text field's maximum length, as the intake's types (and so the columns) set it."""
    lengths = {}
    info_of_struct = msgspec.inspect.type_info(struct)
    if not isinstance(info_of_struct, msgspec.inspect.StructType):
        raise TypeError(f"{struct} is not a msgspec Struct")
    for field in info_of_struct.fields:
        info = field.type
        if isinstance(info, msgspec.inspect.UnionType):
            info = next((t for t in info.types if isinstance(t, msgspec.inspect.StrType)), info)
        if isinstance(info, msgspec.inspect.StrType) and info.max_length is not None:
            lengths[field.name] = info.max_length
    return lengths


# One home for the limits: the intake's types, themselves read from the columns.
LENGTHS = {
    name: limit
    for name, limit in {**_max_lengths(DeviceIntake), **_max_lengths(Specs)}.items()
    if name != "voucher_code"
}
# Cells of these fields may hold several lines; any other cell is one line of text.
MULTI_LINE_FIELDS = frozenset({"notes"})
SPEC_FIELDS = ("cpu", "ram_gb", "storage_gb", "storage_type", "screen_inches", "os")


def fold(text: str) -> str:
    """Lower-case ASCII words: how column names and category values are compared.

    "Numéro de série" -> "numero de serie", "RAM (GB)" -> "ram gb", "S/N" -> "s n".
    """
    decomposed = unicodedata.normalize("NFKD", text.replace("\ufeff", ""))
    ascii_text = decomposed.encode("ascii", "ignore").decode().lower()
    return " ".join(re.sub(r"[^a-z0-9]+", " ", ascii_text).split())


# Column names per field, best first: when two columns name the same field, the one whose
# name comes first here is used and the other is ignored. English includes the columns of
# Snipe-IT's asset import ("Asset Tag" is the donor's own inventory number for us: our asset
# tags are given at intake).
COLUMN_NAMES: Mapping[str, tuple[str, ...]] = {
    "category": (
        "category",
        "categorie",
        "category name",
        "device type",
        "type d appareil",
        "type appareil",
        "type",
        "soort",
        "type toestel",
    ),
    "make": (
        "manufacturer",
        "make",
        "brand",
        "marque",
        "fabricant",
        "constructeur",
        "merk",
        "fabrikant",
        "producent",
    ),
    "model": (
        "model name",
        "model",
        "modele",
        "nom du modele",
        "modelnaam",
        "model number",
        "numero de modele",
        "modelnummer",
    ),
    "serial_number": (
        "serial number",
        "serial",
        "serial no",
        "serial nr",
        "sn",
        "s n",
        "numero de serie",
        "n de serie",
        "no de serie",
        "num de serie",
        "num serie",
        "serie",
        "serienummer",
        "serienr",
    ),
    "donor_ref": (
        "donor ref",
        "donor reference",
        "reference donateur",
        "ref donateur",
        "asset tag",
        "inventory number",
        "inventory no",
        "inventory",
        "numero d inventaire",
        "n d inventaire",
        "no d inventaire",
        "inventaire",
        "inventarisnummer",
        "inventaris nummer",
        "inventaris nr",
        "asset number",
        "asset id",
    ),
    "donor": (
        "donor",
        "donateur",
        "donneur",
        "donor name",
        "schenker",
        "company",
        "societe",
        "entreprise",
        "administration",
        "bedrijf",
    ),
    "batch": ("batch", "intake batch", "lot", "livraison", "partij", "levering"),
    "site": ("site", "site code", "code site", "site relais", "relais site"),
    # Where the device stood at the donor's (Snipe-IT's "Location"): not one of our sites, so
    # it is kept in the device's notes rather than refusing the row.
    "location": (
        "location",
        "location name",
        "lieu",
        "emplacement",
        "localisation",
        "locatie",
        "plaats",
        "ligging",
    ),
    "notes": (
        "notes",
        "note",
        "remarques",
        "remarque",
        "commentaires",
        "commentaire",
        "comments",
        "comment",
        "opmerkingen",
        "opmerking",
    ),
    "cpu": ("cpu", "processor", "processeur", "processor type"),
    "ram_gb": ("ram", "ram gb", "ram go", "memory", "memoire", "memoire vive", "geheugen", "ram size"),
    "storage_gb": (
        "storage",
        "storage gb",
        "storage go",
        "storage size",
        "disk",
        "disk size",
        "hard drive",
        "stockage",
        "stockage go",
        "disque",
        "disque dur",
        "capacite",
        "opslag",
        "schijf",
    ),
    "storage_type": (
        "storage type",
        "disk type",
        "type de stockage",
        "type de disque",
        "opslagtype",
        "type opslag",
    ),
    "screen_inches": (
        "screen",
        "screen size",
        "screen inches",
        "ecran",
        "taille d ecran",
        "taille ecran",
        "scherm",
        "schermgrootte",
        "diagonale",
    ),
    "os": (
        "os",
        "operating system",
        "systeme d exploitation",
        "systeme",
        "besturingssysteem",
    ),
}

_CATEGORY_WORDS: Mapping[Category, tuple[str, ...]] = {
    Category.LAPTOP: (
        "laptop",
        "notebook",
        "portable",
        "ordinateur portable",
        "pc portable",
        "draagbare computer",
        "ultrabook",
        "chromebook",
        "netbook",
    ),
    Category.DESKTOP: (
        "desktop",
        "desktop computer",
        "desktop pc",
        "pc",
        "ordinateur",
        "ordinateur fixe",
        "pc fixe",
        "unite centrale",
        "tour",
        "tower",
        "workstation",
        "station de travail",
        "vaste computer",
        "all in one",
        "mini pc",
    ),
    Category.TABLET: ("tablet", "tablette", "ipad", "tabletten"),
    Category.PHONE: (
        "phone",
        "smartphone",
        "telephone",
        "telephone portable",
        "gsm",
        "mobile",
        "mobile phone",
        "telefoon",
        "mobiele telefoon",
    ),
    Category.MONITOR: ("monitor", "ecran", "moniteur", "scherm", "display", "screen", "beeldscherm"),
    Category.OTHER: ("other", "autre", "divers", "ander", "andere", "overig", "overige"),
}
CATEGORY_OF: Mapping[str, Category] = {
    word: category for category, words in _CATEGORY_WORDS.items() for word in words
}

_NUMBER = re.compile(r"^(\d+(?:[.,]\d+)?)\s*(.*)$")
_SIZE_UNITS = {
    "": 1.0,
    "gb": 1.0,
    "go": 1.0,
    "g": 1.0,
    "gib": 1.0,
    "mb": 1 / 1024,
    "mo": 1 / 1024,
    "tb": 1000.0,
    "to": 1000.0,
    "t": 1000.0,
    "tib": 1024.0,
}
_INCH_WORDS = {"", "inch", "inches", "in", "pouces", "pouce", "duim", "zoll"}


@dataclass(frozen=True)
class Problem:
    """Something wrong with a row (or the whole file when `row` is None)."""

    kind: Kind
    field: str | None = None
    values: Mapping[str, object] = dataclasses.field(default_factory=dict)


# What a user reads for each kind of problem (English msgids; fr and nl in the catalogues).
MESSAGES: Mapping[Kind, str] = {
    Kind.EMPTY_REQUIRED: "%(field)s is empty; it is required",
    Kind.UNKNOWN_CATEGORY: (
        "unknown category '%(value)s'; use laptop, desktop, tablet, phone, monitor or other"
    ),
    Kind.DUPLICATE_IN_FILE: "same make and serial number as row %(first_row)s",
    Kind.DUPLICATE_IN_DATABASE: (
        "a device with this make and serial number is already registered as %(asset_tag)s"
    ),
    Kind.UNKNOWN_SITE: "unknown site '%(value)s'",
    Kind.INVALID_VALUE: "%(field)s: '%(value)s' is not a valid value",
    Kind.TOO_LONG: Nn_(
        "%(field)s is longer than %(limit)s character",
        "%(field)s is longer than %(limit)s characters",
        "limit",
    ),
    Kind.EXTRA_CELLS: "the row has more cells than the header (cells: %(cells)s, columns: %(columns)s)",
    Kind.JOINED_LINES: "%(field)s held several lines; they were joined into one",
    Kind.UNREADABLE: "the file cannot be read: %(reason)s",
    Kind.NO_ROWS: "the file has no device rows",
    Kind.MISSING_COLUMN: "no column for %(field)s (for example: %(examples)s)",
    Kind.TOO_MANY_ROWS: Nn_(
        "the file has more than %(limit)s row; split it",
        "the file has more than %(limit)s rows; split it",
        "limit",
    ),
    Kind.ALREADY_IMPORTED: "this file was already imported on %(date)s (import %(import_id)s)",
}


# How fields are named to a person (API answers keep the field's own name).
FIELD_LABELS: Mapping[str, str] = {
    "category": "Category",
    "make": "Make",
    "model": "Model",
    "serial_number": "Serial number",
    "donor": "Donor",
    "donor_ref": "Donor reference",
    "batch": "Intake batch",
    "site": "Site",
    "location": "Location at the donor (kept in the notes)",
    "notes": "Notes",
    "cpu": "Processor",
    "ram_gb": "Memory (GB)",
    "storage_gb": "Storage (GB)",
    "storage_type": "Storage type",
    "screen_inches": "Screen (inches)",
    "os": "Operating system",
}
UNREADABLE_REASONS = (
    "it is an Excel workbook or another archive; save it as CSV",
    "it is not a text file (UTF-16 or binary); save it as CSV in UTF-8",
    "it is neither UTF-8 nor Windows-1252",
    "it is larger than %(limit)s MB",
    "its CSV structure is broken (%(error)s)",
)


def describe(problem: Problem, locale: str) -> str:
    """The problem in the user's language."""
    values = dict(problem.values)
    if problem.field:
        values["field"] = gettext(locale, FIELD_LABELS.get(problem.field, problem.field))
    if "reason" in values:
        values["reason"] = gettext(locale, str(values["reason"]), **values)
    return told(locale, MESSAGES[problem.kind], **values)


@dataclass(frozen=True)
class Defaults:
    """Values for cells that are empty or columns that are absent (a pallet from one donor)."""

    category: Category | None = None
    donor: str = ""
    batch: str = ""
    site: str | None = None


@dataclass
class Row:
    number: int  # as a spreadsheet shows it: the header is row 1
    cells: dict[str, str]
    intake: DeviceIntake | None = None
    problems: list[Problem] = dataclasses.field(default_factory=list)
    # What was changed in the row's cells to import it (never a reason to refuse it).
    notices: list[Problem] = dataclasses.field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.problems


@dataclass
class Column:
    header: str
    field: str | None


@dataclass
class ParsedFile:
    encoding: str = ""
    delimiter: str = ","
    columns: list[Column] = dataclasses.field(default_factory=list)
    rows: list[Row] = dataclasses.field(default_factory=list)
    problems: list[Problem] = dataclasses.field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.problems and all(row.ok for row in self.rows)

    @property
    def valid_rows(self) -> list[Row]:
        return [row for row in self.rows if row.ok]


class Unreadable(Exception):
    """The bytes are not a CSV text this importer can read; the message says why."""


def decode(content: bytes) -> tuple[str, str]:
    """The text of a file in UTF-8 (with or without BOM) or Windows-1252 (Excel's "CSV")."""
    if content.startswith(b"PK\x03\x04"):
        raise Unreadable(UNREADABLE_REASONS[0])
    if b"\x00" in content[:4096]:
        raise Unreadable(UNREADABLE_REASONS[1])
    if content.startswith(b"\xef\xbb\xbf"):
        content = content[3:]
    try:
        return content.decode("utf-8"), "utf-8"
    except UnicodeDecodeError:
        pass
    try:
        return content.decode("cp1252"), "windows-1252"
    except UnicodeDecodeError as error:
        raise Unreadable(UNREADABLE_REASONS[2]) from error


def guess_delimiter(text: str) -> str:
    """Semicolon (Belgian and French Excel), comma or tab: whichever the header line uses most."""
    header = next((line for line in text.splitlines() if line.strip()), "")
    counts = {";": 0, ",": 0, "\t": 0}
    quoted = False
    for character in header:
        if character == '"':
            quoted = not quoted
        elif not quoted and character in counts:
            counts[character] += 1
    best = max(counts, key=lambda d: (counts[d], d == ","))
    return best if counts[best] else ","


def map_columns(headers: Sequence[str]) -> list[Column]:
    """Which field each column fills; unknown columns, and the weaker of two columns naming
    the same field, map to None (ignored)."""
    candidates: dict[str, tuple[int, int]] = {}  # field -> (rank of its name, column index)
    for index, header in enumerate(headers):
        key = fold(header)
        for name, aliases in COLUMN_NAMES.items():
            rank = _alias_rank(key, aliases)
            if rank is not None and (name not in candidates or rank < candidates[name][0]):
                candidates[name] = (rank, index)
    chosen = {index: name for name, (_, index) in candidates.items()}
    return [Column(header=header.strip(), field=chosen.get(i)) for i, header in enumerate(headers)]


def _alias_rank(key: str, aliases: Sequence[str]) -> int | None:
    if key in aliases:
        return aliases.index(key)
    # "Mémoire (Go)", "Screen (inch)": a unit after a known name.
    words = key.split()
    if len(words) > 1 and words[-1] in {"gb", "go", "tb", "to", "mb", "mo", "inch", "inches", "pouces"}:
        stem = " ".join(words[:-1])
        if stem in aliases:
            return aliases.index(stem)
    return None


def parse_category(text: str) -> Category | None:
    key = fold(text)
    if key in CATEGORY_OF:
        return CATEGORY_OF[key]
    if key.endswith("s") and key[:-1] in CATEGORY_OF:  # plurals: "Laptops", "Tablettes"
        return CATEGORY_OF[key[:-1]]
    # "ordinateurs portables": every word plural
    singular = " ".join(word[:-1] if word.endswith("s") else word for word in key.split())
    return CATEGORY_OF.get(singular)


def parse_size_gb(text: str) -> tuple[float, str]:
    """ "8", "8 GB", "8Go", "512 Mo", "1 TB" -> gigabytes, and what follows ("256 GB SSD" -> "ssd")."""
    match = _NUMBER.match(text.strip().lower())
    if not match:
        raise ValueError(text)
    number = float(match.group(1).replace(",", "."))
    rest = match.group(2).strip()
    unit, _, after = rest.partition(" ")
    if unit in _SIZE_UNITS:
        return round(number * _SIZE_UNITS[unit], 3), after.strip()
    return number, rest


def parse_inches(text: str) -> float:
    cleaned = text.strip().lower().replace("”", '"').replace("''", '"').rstrip('"').strip()
    match = _NUMBER.match(cleaned)
    if not match or match.group(2).strip() not in _INCH_WORDS:
        raise ValueError(text)
    return float(match.group(1).replace(",", "."))


def parse_storage_type(text: str) -> StorageType:
    key = fold(text)
    if "nvme" in key:
        return StorageType.NVME
    if "ssd" in key:
        return StorageType.SSD
    if "emmc" in key:
        return StorageType.EMMC
    if "hdd" in key or "disque dur" in key or "hard" in key or "harde schijf" in key:
        return StorageType.HDD
    if "flash" in key:
        return StorageType.FLASH
    if key in {"none", "aucun", "aucune", "geen", "sans", "zonder"}:
        return StorageType.NONE
    raise ValueError(text)


def read(content: bytes, defaults: Defaults = Defaults()) -> ParsedFile:
    """Parse and check a whole file: every row becomes an intake or a list of problems."""
    parsed = ParsedFile()
    if len(content) > MAX_FILE_BYTES:
        parsed.problems.append(
            Problem(
                Kind.UNREADABLE,
                values={"reason": UNREADABLE_REASONS[3], "limit": MAX_FILE_BYTES // 1_048_576},
            )
        )
        return parsed
    try:
        text, parsed.encoding = decode(content)
    except Unreadable as error:
        parsed.problems.append(Problem(Kind.UNREADABLE, values={"reason": str(error)}))
        return parsed
    parsed.delimiter = guess_delimiter(text)
    records = csv.reader(io.StringIO(text, newline=""), delimiter=parsed.delimiter)
    try:
        header = next((record for record in records if any(cell.strip() for cell in record)), None)
        if header is None:
            parsed.problems.append(Problem(Kind.NO_ROWS))
            return parsed
        parsed.columns = map_columns(header)
        parsed.problems.extend(_missing_columns(parsed.columns, defaults))
        header_row = records.line_num
        parsed.rows = _rows(records, parsed.columns, defaults, first_number=header_row + 1)
    except csv.Error as error:
        parsed.problems.append(
            Problem(Kind.UNREADABLE, values={"reason": UNREADABLE_REASONS[4], "error": str(error)})
        )
        return parsed
    if len(parsed.rows) > MAX_ROWS:
        parsed.problems.append(Problem(Kind.TOO_MANY_ROWS, values={"limit": MAX_ROWS}))
        parsed.rows = []
        return parsed
    if not parsed.rows:
        parsed.problems.append(Problem(Kind.NO_ROWS))
    mark_duplicates(parsed.rows)
    return parsed


def _missing_columns(columns: Sequence[Column], defaults: Defaults) -> list[Problem]:
    present = {column.field for column in columns}
    problems = []
    for name in REQUIRED:
        if name not in present and not getattr(defaults, name, None):
            examples = ", ".join(f"“{alias.title()}”" for alias in COLUMN_NAMES[name][:3])
            problems.append(Problem(Kind.MISSING_COLUMN, field=name, values={"examples": examples}))
    return problems


def _rows(
    records: Iterable[list[str]], columns: Sequence[Column], defaults: Defaults, first_number: int
) -> list[Row]:
    rows: list[Row] = []
    # Spreadsheet row numbers count records, and csv.reader yields [] for a blank line, so a
    # plain count keeps them aligned with what Excel shows (quoted line breaks included).
    for number, record in enumerate(records, start=first_number):
        if not any(cell.strip() for cell in record):
            continue
        if len(rows) >= MAX_ROWS:
            rows.append(Row(number=number, cells={}))
            break
        rows.append(check_row(number, record, columns, defaults))
    return rows


def check_row(number: int, record: Sequence[str], columns: Sequence[Column], defaults: Defaults) -> Row:
    cells = {
        column.field: record[i].strip()
        for i, column in enumerate(columns)
        if column.field and i < len(record)
    }
    location = cells.pop("location", "")
    if location:
        header = next(column.header for column in columns if column.field == "location")
        cells["notes"] = "\n".join(filter(None, (cells.get("notes", ""), f"{header}: {location}")))
    for name in ("donor", "batch", "site"):
        if not cells.get(name) and getattr(defaults, name):
            cells[name] = str(getattr(defaults, name))
    if not cells.get("category") and defaults.category:
        cells["category"] = defaults.category.value
    row = Row(number=number, cells=cells)
    _join_lines(row)
    extra = [cell for cell in record[len(columns) :] if cell.strip()]
    if extra:
        row.problems.append(Problem(Kind.EXTRA_CELLS, values={"cells": len(record), "columns": len(columns)}))
    present = {column.field for column in columns}
    for name in REQUIRED:
        if not cells.get(name) and (name in present or getattr(defaults, name, None)):
            row.problems.append(Problem(Kind.EMPTY_REQUIRED, field=name))
    for name, limit in LENGTHS.items():
        if len(cells.get(name, "")) > limit:
            row.problems.append(Problem(Kind.TOO_LONG, field=name, values={"limit": limit}))
    fields = _typed_fields(cells, row.problems)
    # A required column missing from the whole file is one problem of the file, not of each row.
    if not row.problems and all(cells.get(name) for name in REQUIRED):
        try:
            row.intake = msgspec.convert(fields, DeviceIntake)
        except msgspec.ValidationError as error:
            field_name = _error_field(str(error))
            value = cells.get(field_name or "", "")
            row.problems.append(Problem(Kind.INVALID_VALUE, field=field_name, values={"value": value}))
    return row


def _join_lines(row: Row) -> None:
    """A spreadsheet cell may hold line breaks (Alt+Enter in Excel): in a single-line field
    they become spaces, with a notice; NUL and other control characters are dropped the same
    way (a field with nothing else left is then empty, which the checks report)."""
    for name, value in list(row.cells.items()):
        if name in MULTI_LINE_FIELDS:
            cleaned = text.without_control_characters(value)
        elif text.is_single_line(value):
            continue
        else:
            cleaned = " ".join(text.as_single_line(value).split())
        if cleaned != value:
            row.cells[name] = cleaned
            if name not in MULTI_LINE_FIELDS:
                row.notices.append(Problem(Kind.JOINED_LINES, field=name))


def _typed_fields(cells: Mapping[str, str], problems: list[Problem]) -> dict[str, object]:
    """The intake fields of a row's cells, converted; each bad value becomes a problem."""
    fields: dict[str, object] = {}
    if cells.get("category"):
        category = parse_category(cells["category"])
        if category is None:
            problems.append(
                Problem(Kind.UNKNOWN_CATEGORY, field="category", values={"value": cells["category"]})
            )
        fields["category"] = category
    for name in ("make", "model", "donor", "batch", "notes"):
        if cells.get(name):
            fields[name] = cells[name]
    for name in ("serial_number", "donor_ref", "site"):
        if cells.get(name):
            fields[name] = cells[name]
    specs = _specs(cells, problems)
    if specs:
        fields["specs"] = specs
    return fields


def _specs(cells: Mapping[str, str], problems: list[Problem]) -> dict[str, object]:
    specs: dict[str, object] = {}
    storage_hint = ""
    for name, parse in (("ram_gb", parse_size_gb), ("storage_gb", parse_size_gb)):
        if cells.get(name):
            try:
                specs[name], rest = parse(cells[name])
            except ValueError:
                problems.append(Problem(Kind.INVALID_VALUE, field=name, values={"value": cells[name]}))
                continue
            if name == "storage_gb":
                storage_hint = rest
    if cells.get("screen_inches"):
        try:
            specs["screen_inches"] = parse_inches(cells["screen_inches"])
        except ValueError:
            problems.append(
                Problem(Kind.INVALID_VALUE, field="screen_inches", values={"value": cells["screen_inches"]})
            )
    type_text = cells.get("storage_type") or storage_hint
    if type_text:
        try:
            specs["storage_type"] = parse_storage_type(type_text)
        except ValueError:
            if cells.get("storage_type"):  # a hint after a size ("256 GB Samsung") may be anything
                problems.append(
                    Problem(Kind.INVALID_VALUE, field="storage_type", values={"value": type_text})
                )
    for name in ("cpu", "os"):
        if cells.get(name):
            specs[name] = cells[name]
    return specs


def _error_field(message: str) -> str | None:
    """The field of a msgspec error ("... - at `$.specs.ram_gb`" -> "ram_gb")."""
    match = re.search(r"\$\.([a-z_]+)(?:\.([a-z_]+))?", message)
    if not match:
        return None
    return match.group(2) or match.group(1)


def duplicate_key(make: str, serial_number: str | None) -> tuple[str, str] | None:
    """Devices are unique by make and serial number, compared as the device register does."""
    if not serial_number or not serial_number.strip():
        return None
    return make.strip().upper(), serial_number.strip().upper()


def mark_duplicates(rows: Sequence[Row]) -> None:
    """A later row with the make and serial of an earlier one is refused, naming the first."""
    first_row: dict[tuple[str, str], int] = {}
    for row in rows:
        key = duplicate_key(row.cells.get("make", ""), row.cells.get("serial_number"))
        if key is None:
            continue
        if key in first_row:
            row.problems.append(
                Problem(Kind.DUPLICATE_IN_FILE, field="serial_number", values={"first_row": first_row[key]})
            )
        else:
            first_row[key] = row.number
