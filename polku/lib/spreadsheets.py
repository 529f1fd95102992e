"""Rows out to spreadsheets: streamed CSV and XLSX, with cells that cannot run as formulas."""

from __future__ import annotations

import csv
import tempfile
from collections.abc import Iterator


class Echo:
    """A file-like object whose write returns what was written, for streaming csv."""

    def write(self, value: str) -> str:
        return value


def csv_chunks(all_rows: Iterator[list]) -> Iterator[str]:
    writer = csv.writer(Echo())
    yield "\ufeff"  # Excel opens UTF-8 CSV correctly only with the byte-order mark
    for row in all_rows:
        yield writer.writerow([spreadsheet_safe(value) for value in row])


def spreadsheet_safe(value):
    """Keep spreadsheet programs from running a respondent's text as a formula."""
    if isinstance(value, str) and value[:1] in ("=", "+", "-", "@", "\t", "\r"):
        return "'" + value
    return value


def xlsx_file(all_rows: Iterator[list], sheet_name: str = "Sheet1"):
    """An XLSX written row by row to a temporary file (openpyxl's write-only mode)."""
    from openpyxl import Workbook

    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet(sheet_name)
    for row in all_rows:
        sheet.append([spreadsheet_safe(value) for value in row])
    handle = tempfile.TemporaryFile(suffix=".xlsx")
    workbook.save(handle)
    handle.seek(0)
    return handle
