"""A plain CSV read by pyarrow's parser, cell for cell as pandas reads it, or not at all.

pandas' own reader makes a Python string of every cell while it parses, on one core: 0.10 s of a
100,000-row roster, a tenth of ``costing project``. pyarrow's parses on every core outside the
interpreter lock and makes the strings afterwards (0.04 s). The two agree on a plain file, and this
reader only answers for one: UTF-8 throughout (one Excel byte-order mark at the very start allowed, no
other, no NUL byte), leading ``#`` lines without quotes or lone carriage returns, a header of distinct,
non-empty names without quotes, quotes only around whole cells (a line break may be inside one), every
line ended by LF or CR LF, none starting with a blank, and rows pyarrow reads without complaint: the same
number of cells as the header. For anything else it returns None and the caller reads the file with pandas
as before (UTF-8, else Windows-1252), which gives what it always gave, or the error it always gave.
Missing cells are NaN and pandas' missing-value words (``NA``, ``N/A``, ``null``, ...) are missing cells,
as pandas reads them; ``tests/test_plain_csv.py`` holds the two readers to the same frame on files
written by hand for each way they differ and on thousands of generated ones.
The price is memory: the parsed table and the frame exist together for a moment (the command's peak
+28 MiB at 100,000 rows, +224 MiB at 1,000,000; BENCHMARKS.md, fifth day).
"""

from __future__ import annotations

import re
from pathlib import Path

import numpy as np
import pandas as pd

BOM = b"\xef\xbb\xbf"


def read_plain_csv(path: Path, skipped: int) -> pd.DataFrame | None:
    """The CSV at ``path`` as text cells, its header on the line after the ``skipped`` leading ``#`` lines,
    exactly as ``pandas.read_csv(path, dtype=str, skiprows=skipped, encoding="utf-8-sig")`` reads it (the
    first encoding :func:`costing.inputs.roster.read_table_csv` tries); None when the file is not plain."""
    import pyarrow as pa
    import pyarrow.csv as pacsv
    from pandas._libs.parsers import STR_NA_VALUES

    data = path.read_bytes()
    start = len(BOM) if data.startswith(BOM) else 0
    if b"\x00" in data or data.find(BOM, start) >= 0:   # pandas ends a cell at a NUL, and drops a second mark
        return None
    for _ in range(skipped):
        start = data.find(b"\n", start) + 1
        if start == 0:
            return None
    end = data.find(b"\n", start)
    if end < 0 or not _plain_notes(data[:start]):
        return None
    header = data[start:end].rstrip(b"\r")
    try:
        data[:end].decode("utf-8")
        names = header.decode("utf-8").split(",")
    except UnicodeDecodeError:   # pandas reads such a file as Windows-1252, or refuses it
        return None
    if b'"' in header or b"\r" in header or not all(n.strip() for n in names) or len(set(names)) != len(names):
        return None
    body = data[end + 1:]
    del data
    if not _plain_body(body):
        return None
    quoted = b'"' in body   # a line break may be inside a quoted cell only where there are quotes
    pool = pa.system_memory_pool()   # the allocator numpy uses next, so that what is freed here is used again
    try:
        table = pacsv.read_csv(pa.BufferReader(pa.py_buffer(body)), read_options=pacsv.ReadOptions(column_names=names),
                               parse_options=pacsv.ParseOptions(newlines_in_values=quoted),
                               convert_options=pacsv.ConvertOptions(
                                   column_types=dict.fromkeys(names, pa.string()), null_values=sorted(STR_NA_VALUES),
                                   strings_can_be_null=True, quoted_strings_can_be_null=True), memory_pool=pool)
    except (pa.ArrowException, ValueError):
        return None
    frame = table.to_pandas(memory_pool=pool)
    for name, column in zip(names, table.columns):
        if column.null_count:   # pandas' missing cell is NaN, pyarrow's None
            cells = frame[name].to_numpy(dtype=object, copy=True)
            cells[column.is_null().to_numpy(zero_copy_only=False)] = np.nan
            frame[name] = cells
    return frame


BLANKS = (b" ", b"\t", b"\f", b"\v")
QUOTED_CELL = re.compile(rb'(?m)(?:^|(?<=,))"(?:[^"]++|"")*+"(?=,|\r?$)')
"""A cell in quotes, the whole cell: from a line's start or a comma to a comma or the line's end, a quote
written twice inside it (a line break inside it too). Possessive (``++``, ``*+``): a quote left open early in
a large file is found in one pass, where backtracking took 5 s and 1.8 GiB on 1,000,000 rows."""


def _plain_notes(notes: bytes) -> bool:
    """The leading ``#`` lines as pandas skips them: no quote (pandas may open a quoted cell in one and read on
    past its end) and no lone carriage return (Python and pandas end a line there, the byte count not)."""
    return b'"' not in notes and notes.count(b"\r") == notes.count(b"\r\n")


def _plain_body(body: bytes) -> bool:
    """Rows the two readers read alike: some; a quote only around a whole cell (pandas and pyarrow read a quote
    inside a cell, or one left open at the end, differently); every line ended by LF or CR LF (pandas also ends
    a line at a lone CR, pyarrow not alike); no line starting with a space or tab (pandas skips a line of
    nothing but spaces as blank, pyarrow reads it)."""
    if not body.strip(b"\r\n"):
        return False
    if b'"' in body and b'"' in QUOTED_CELL.sub(b"", body):
        return False
    if b"\r" in body and body.count(b"\r") != body.count(b"\r\n"):
        return False
    if body[:1] in BLANKS:
        return False
    if not any(blank in body for blank in BLANKS):   # each looked for at once, not after every line break
        return True
    octets = np.frombuffer(body, dtype=np.uint8)
    return not np.isin(octets[np.flatnonzero(octets[:-1] == ord("\n")) + 1], [ord(b) for b in BLANKS]).any()
