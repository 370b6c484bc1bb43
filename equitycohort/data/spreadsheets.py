"""Tables as spreadsheets really save them: text files in any of the encodings
Excel writes, with commas, semicolons or tabs, and .xlsx workbooks.

``read_table`` turns a file's bytes into numbered rows of text cells and says
how it read them (the character set, the delimiter, the sheet). Nothing here
knows what a roster is; ``equitycohort.data.roster`` gives the meaning.

Which character set a text file is in cannot be known for sure, least of all
for a short file, so it is decided in this order:

1. a byte-order mark (UTF-8, UTF-16 LE or BE as Excel's "Unicode Text"
   writes it, UTF-32);
2. bytes that decode as UTF-8 without error are UTF-8 (other encodings
   almost never form valid UTF-8 by chance);
3. otherwise the file is one of the two 8-bit sets Excel saves "CSV" in:
   Windows-1252 (Excel for Windows) or Mac Roman (older Excel for Mac). A
   set that cannot decode the bytes is out. Between the two, the reading
   whose words look like words wins (letters that change case mid-word,
   punctuation glued between letters or math symbols in a name are signs
   of the wrong set); when that does not separate them, charset-normalizer
   decides among the two; and when it cannot either, Windows-1252, by far
   the more common.

charset-normalizer alone is not enough here: on "José Ñúñez" saved as Mac
Roman it rates the Windows-1252 reading "JosŽ „œ–ez" as flawless.
"""

from __future__ import annotations

import codecs
import csv
import datetime as dt
import io
import re
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass, field

from equitycohort.formats import number
from equitycohort.i18n import N_, _

#: a roster is a spreadsheet, not a database dump
MAX_BYTES = 5_000_000
MAX_UNPACKED = 100_000_000
MAX_COLUMNS = 60
#: how far down a sheet its header row may be (under a title or a date)
HEADER_SEARCH = 10
DELIMITERS = (",", ";", "\t")
DELIMITER_NAMES = {",": N_("commas"), ";": N_("semicolons"), "\t": N_("tabs")}


class TableError(ValueError):
    """The file cannot be read as a table; the message says why and what to do."""


@dataclass(frozen=True)
class Charset:
    codec: str  # Python's name for it
    label: str  # what a user knows it as
    #: an 8-bit set that cannot carry most of the world's letters
    lossy: bool = False

    def can_carry(self, char: str) -> bool:
        if not self.lossy:
            return True
        try:
            char.encode(self.codec)
        except UnicodeEncodeError:
            return False
        return True


# the labels are shown through _() (the ones naming only the set are the same in every language)
UTF8 = Charset("utf-8", "UTF-8")
UTF8_BOM = Charset("utf-8-sig", N_("UTF-8 with a byte-order mark"))
UTF16_LE = Charset("utf-16-le", N_("UTF-16 (little-endian)"))
UTF16_BE = Charset("utf-16-be", N_("UTF-16 (big-endian)"))
UTF32_LE = Charset("utf-32-le", N_("UTF-32 (little-endian)"))
UTF32_BE = Charset("utf-32-be", N_("UTF-32 (big-endian)"))
WINDOWS_1252 = Charset("cp1252", "Windows-1252", lossy=True)
MAC_ROMAN = Charset("mac_roman", "Mac Roman", lossy=True)

_BOMS = (  # longest first: the UTF-32 LE mark begins with the UTF-16 LE one
    (codecs.BOM_UTF32_LE, UTF32_LE),
    (codecs.BOM_UTF32_BE, UTF32_BE),
    (codecs.BOM_UTF8, UTF8_BOM),
    (codecs.BOM_UTF16_LE, UTF16_LE),
    (codecs.BOM_UTF16_BE, UTF16_BE),
)


@dataclass
class Table:
    """The rows of a file: (line or row number, cells), blank rows left out."""

    rows: list[tuple[int, list[str]]]
    #: "line" for text files (a cell may span lines), "row" for workbooks
    unit: str
    kind: str  # "text" or "workbook"
    charset: Charset | None = None
    delimiter: str | None = None
    sheet: str | None = None
    notes: list[str] = field(default_factory=list)


# --- character sets ------------------------------------------------------------

def decode_text(data: bytes) -> tuple[str, Charset]:
    """The text of a file and the character set it was read in; TableError if it is not text."""
    for bom, charset in _BOMS:
        if data.startswith(bom):
            try:
                return data[len(bom):].decode("utf-8" if charset is UTF8_BOM else charset.codec), charset
            except UnicodeDecodeError as exc:
                raise TableError(_(
                    "The file starts with the mark of {charset} text, but byte {byte} is not {charset}; the "
                    "file may be damaged. Save it again from the spreadsheet as “CSV UTF-8” and import "
                    "that.").format(charset=_(charset.label), byte=number(exc.start + len(bom)))) from exc
    if b"\x00" in data:
        wide = _utf16_without_bom(data)
        if wide is None:
            raise TableError(_("This is not a text file or a spreadsheet that can be read "
                               "(save the roster as .xlsx or as “CSV UTF-8”)."))
        try:
            return data.decode(wide.codec), wide
        except UnicodeDecodeError as exc:
            raise TableError(_("The file looks like {charset} text but is damaged at byte {byte}. Save it again "
                               "as “CSV UTF-8” and import that.").format(charset=_(wide.label),
                                                                        byte=number(exc.start))) from exc
    try:
        return data.decode("utf-8"), UTF8
    except UnicodeDecodeError:
        pass
    return _eight_bit(data)


def _utf16_without_bom(data: bytes) -> Charset | None:
    """UTF-16 without its mark: mostly Latin text leaves every other byte zero."""
    if len(data) < 4 or len(data) % 2:
        return None
    even = data[0::2].count(0)
    odd = data[1::2].count(0)
    pairs = len(data) // 2
    if odd > 0.4 * pairs and even < 0.05 * pairs:
        return UTF16_LE
    if even > 0.4 * pairs and odd < 0.05 * pairs:
        return UTF16_BE
    return None


def _eight_bit(data: bytes) -> tuple[str, Charset]:
    readings: dict[Charset, str] = {}
    for charset in (WINDOWS_1252, MAC_ROMAN):
        try:
            readings[charset] = data.decode(charset.codec)
        except UnicodeDecodeError:
            continue
    if len(readings) == 1:
        charset, text = next(iter(readings.items()))
        return text, charset
    odd = {charset: oddities(text) for charset, text in readings.items()}
    fewest = min(odd.values())
    candidates = [c for c in readings if odd[c] == fewest]
    if len(candidates) > 1:
        best = _charset_normalizer_choice(data, candidates)
        if best is not None:
            candidates = [best]
    charset = candidates[0]  # Windows-1252 comes first
    return readings[charset], charset


def _charset_normalizer_choice(data: bytes, candidates: list[Charset]) -> Charset | None:
    """The candidate charset-normalizer finds less chaotic, if it finds one so.

    Only its "chaos" (mess) measure counts: its "coherence" (letter
    frequencies by language) is noise on a roster's few accented letters
    (it rates "Childrenís" above "Children’s").
    """
    from charset_normalizer import from_bytes

    by_name = {codecs.lookup(c.codec).name: c for c in candidates}
    chaos = {by_name[codecs.lookup(m.encoding).name]: m.chaos
             for m in from_bytes(data, cp_isolation=[c.codec for c in candidates])
             if codecs.lookup(m.encoding).name in by_name}
    if not chaos:
        return None
    least = min(chaos.values())
    calm = [c for c in candidates if chaos.get(c, 1.0) == least]
    return calm[0] if len(calm) == 1 else None


_LETTER_RUN = re.compile(r"[^\W\d_]+")
#: non-ASCII punctuation that stands between letters in real text
_GLUED_OK = set("’‘·‐‑ʼ")


def oddities(text: str) -> int:
    """How many places in ``text`` look like letters read in the wrong character set.

    A word of letters that is neither all lower case, all capitals nor
    capitalized ("JosŽ", "MÈxico"), or a lone accented letter ("Smith ñ
    Jones"); punctuation or a symbol between two letters ("œ–ez"); a
    spacing accent, a math symbol or a private-use character ("M¸ller").
    Only places with a non-ASCII character count: the ASCII letters read
    the same in every set.
    """
    count = 0
    for match in _LETTER_RUN.finditer(text):
        run = match.group()
        if run.isascii():
            continue
        if len(run) == 1 or not (run.islower() or run.isupper() or (run[0].isupper() and run[1:].islower())):
            count += 1
    for i, char in enumerate(text):
        if char.isascii() or char == LOST:  # a lost letter is another matter
            continue
        category = unicodedata.category(char)
        if category in ("Sm", "Sk", "Co", "Cn", "Cc"):
            count += 1
        elif category[0] in "PS":
            before = text[i - 1] if i else " "
            after = text[i + 1] if i + 1 < len(text) else " "
            if char in "¡¿":
                count += before.isalnum() or not after.isalpha()
            elif before.isalpha() and after.isalpha():
                if char not in _GLUED_OK or char == "’" and _odd_apostrophe(text, i):
                    count += 1
    return count


_CONTRACTIONS = {"s", "t", "d", "m", "ll", "re", "ve"}


_VOWELS = set("aeiouAEIOU")


def _odd_apostrophe(text: str, i: int) -> bool:
    """’ inside a word where no name has one: "Garc’a" is García read in the wrong set.

    Not as in O’Neil, D’Angelo, Ta’Nisha, Children’s, don’t, or Hawai’i
    (an ʻokina stands between vowels).
    """
    before = _LETTER_RUN.search(text[max(0, i - 40):i][::-1])
    after = _LETTER_RUN.match(text, i + 1)
    if before is None or after is None or before.start() != 0 or len(before.group()) < 2:
        return False
    following = after.group()
    if following[0].isupper() or following.casefold() in _CONTRACTIONS:
        return False
    return not (text[i - 1] in _VOWELS and following[0] in _VOWELS)


# --- text files ------------------------------------------------------------------

def _sniff_delimiter(text: str, score: Callable[[list[str]], int]) -> str:
    """The delimiter that splits the header into the most known column names."""
    first = next((line for line in text.splitlines() if line.strip()), "")
    best, best_key = ",", (-1, -1)
    for delimiter in DELIMITERS:
        try:
            cells = next(csv.reader([first], delimiter=delimiter), [])
        except csv.Error:
            continue
        key = (score(cells), len([c for c in cells if c.strip()]))
        if key > best_key:
            best, best_key = delimiter, key
    return best


#: stands where a file lost a letter (U+FFFD, the replacement character)
LOST = "\ufffd"
_GARBLED = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
_SEP_LINE = re.compile(r"\s*\"?sep=(.)\"?\s*\r?\n", re.IGNORECASE)


def read_text_table(data: bytes, score: Callable[[list[str]], int]) -> Table:
    """Rows of a delimited text file, numbered by the line each starts on."""
    text, charset = decode_text(data)
    text = text.lstrip("\ufeff")  # a second mark, after a UTF-16 one, is only noise
    if "\x00" in text:
        raise TableError(_("This is not a text file or a spreadsheet that can be read "
                           "(save the roster as .xlsx or as “CSV UTF-8”)."))
    first_line = 1
    sep = _SEP_LINE.match(text)
    if sep and sep.group(1) in DELIMITERS:  # Excel's "sep=;" hint line
        delimiter = sep.group(1)
        text = text[sep.end():]
        first_line = 2
    else:
        delimiter = _sniff_delimiter(text, score)
    table = Table([], "line", "text", charset, delimiter)
    if charset.lossy and _GARBLED.search(text):
        # a program that could not write a letter in this set wrote a control byte instead
        # (LibreOffice writes the low byte of the letter's code): mark it as lost
        text = _GARBLED.sub(LOST, text)
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    line = first_line - 1
    while True:
        start = line + 1
        try:
            record = next(reader)
        except StopIteration:
            break
        except csv.Error as exc:
            raise TableError(_("line {line}: cannot be read ({error}); nothing was imported.").format(
                line=start, error=exc)) from exc
        line = reader.line_num + first_line - 1
        if len(record) > MAX_COLUMNS and any(c.strip() for c in record[MAX_COLUMNS:]):
            raise TableError(_("line {line}: has {count} cells; a roster has a handful of columns.").format(
                line=start, count=number(len(record))))
        if any(cell.strip() for cell in record):
            table.rows.append((start, record[:MAX_COLUMNS]))
    return table


# --- workbooks -------------------------------------------------------------------

def cell_text(value: object) -> str:
    """A workbook cell as the text a person sees in it."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "TRUE" if value else "FALSE"
    if isinstance(value, float):
        if value.is_integer() and abs(value) < 1e15:
            return str(int(value))  # a phone number typed as a number
        return repr(value)
    if isinstance(value, dt.datetime):
        if value.time() == dt.time():
            return value.date().isoformat()
        return value.isoformat(sep=" ", timespec="minutes")
    if isinstance(value, (dt.date, dt.time)):
        return value.isoformat()
    return str(value)


def read_workbook(data: bytes, score: Callable[[list[str]], int], max_rows: int) -> Table:
    """Rows of the sheet of an .xlsx workbook that holds the table, numbered as in the sheet.

    The active sheet, unless another sheet's first row names more known
    columns. Read with openpyxl in read-only mode, cached values only
    (formulas are not run).
    """
    import warnings

    with warnings.catch_warnings():
        # openpyxl warns about parts it skips (data validation, default styles): not the user's concern
        warnings.simplefilter("ignore")
        return _read_workbook(data, score, max_rows)


def _read_workbook(data: bytes, score: Callable[[list[str]], int], max_rows: int) -> Table:
    import zipfile

    from openpyxl import load_workbook

    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            unpacked = sum(info.file_size for info in archive.infolist())
    except (zipfile.BadZipFile, OSError, EOFError) as exc:
        raise TableError(_("This .xlsx workbook is damaged (it cannot be unpacked). Open it in your "
                           "spreadsheet program and save it again as .xlsx or as “CSV UTF-8”.")) from exc
    if unpacked > MAX_UNPACKED:
        raise TableError(_("The workbook unpacks to more than {size} MB; is it really a roster?").format(
            size=MAX_UNPACKED // 1_000_000))
    try:
        book = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except (zipfile.BadZipFile, KeyError, ValueError, TypeError, OSError, EOFError) as exc:
        raise TableError(
            _("This .xlsx workbook cannot be read (it may be damaged, or protected with a password). "
              "Open it in your spreadsheet program and save it again as .xlsx or as “CSV UTF-8”.")) from exc
    except Exception as exc:  # openpyxl raises many kinds on a malformed part
        raise TableError(_("This .xlsx workbook cannot be read ({error}). Open it in your spreadsheet program "
                           "and save it again as .xlsx or as “CSV UTF-8”.").format(error=type(exc).__name__)) from exc
    try:
        sheets = [s for s in book.worksheets if hasattr(s, "iter_rows")]
        if not sheets:
            raise TableError(_("The workbook has no worksheet with a table in it."))
        active = book.active if book.active in sheets else sheets[0]
        candidates = [active] + [s for s in sheets if s is not active]
        best: tuple[int, object, list] | None = None
        for sheet in candidates:
            rows = _sheet_rows(sheet, max_rows)
            found = max((score(cells) for _line, cells in rows[:HEADER_SEARCH]), default=0)
            if best is None or found > best[0]:
                best = (found, sheet, rows)
        assert best is not None
        _score, chosen, rows = best
        table = Table(rows, "row", "workbook", sheet=getattr(chosen, "title", None))
        if len(sheets) > 1:
            table.notes.append(_("Read the sheet “{sheet}” of the workbook.").format(sheet=table.sheet))
        return table
    finally:
        book.close()


def _sheet_rows(sheet, max_rows: int) -> list[tuple[int, list[str]]]:
    rows: list[tuple[int, list[str]]] = []
    for row_number, values in enumerate(sheet.iter_rows(values_only=True, max_col=MAX_COLUMNS), start=1):
        cells = [cell_text(v) for v in values]
        if any(c.strip() for c in cells):
            rows.append((row_number, cells))
            if len(rows) > max_rows + 1:
                break
    return rows


# --- either ------------------------------------------------------------------------

_ZIP = b"PK\x03\x04"
_OLE = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"


def read_table(data: bytes, score: Callable[[list[str]], int], *, max_rows: int, name: str = "") -> Table:
    """Read a table from a file's bytes, whatever its name says: text or .xlsx.

    ``score(cells)`` says how many known column names a row holds; it
    chooses the delimiter and the sheet. Raises TableError with a message
    for the user.
    """
    if len(data) > MAX_BYTES:
        raise TableError(_("The file is larger than {size} MB; is it really a roster?").format(
            size=MAX_BYTES // 1_000_000))
    if not data.strip():
        raise TableError(_("The file is empty."))
    if data.startswith(_ZIP):
        if b"opendocument" in data[:200]:
            raise TableError(_("This is an OpenDocument spreadsheet (.ods), which cannot be read; "
                               "save it as .xlsx or as “CSV UTF-8” and import that."))
        return read_workbook(data, score, max_rows)
    if data.startswith(_OLE):
        raise TableError(_("This is an Excel 97–2003 workbook (.xls) or a password-protected file, which "
                           "cannot be read; save it as .xlsx or as “CSV UTF-8” and import that."))
    if data.startswith(b"%PDF"):
        raise TableError(_("This is a PDF, not a spreadsheet; export the roster from the spreadsheet "
                           "as .xlsx or “CSV UTF-8”."))
    if name.lower().endswith((".xlsx", ".xlsm")):
        raise TableError(_("This file is named .xlsx but is not an Excel workbook; "
                           "save it again as .xlsx or as “CSV UTF-8”."))
    return read_text_table(data, score)
