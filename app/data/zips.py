"""Zip files for the exports: written entry by entry, to a stream that need not be seekable."""

import zipfile

from app import clock


def open_zip(out) -> zipfile.ZipFile:
    """A compressed zip written to the binary stream `out`."""
    return zipfile.ZipFile(out, "w", compression=zipfile.ZIP_DEFLATED)


def zip_entry(name: str) -> zipfile.ZipInfo:
    """A file of the zip, compressed, dated now in local time (the zip format has no zone)."""
    entry = zipfile.ZipInfo(name, date_time=clock.now().timetuple()[:6])
    entry.compress_type = zipfile.ZIP_DEFLATED
    entry.external_attr = 0o644 << 16  # an ordinary readable file once unzipped
    return entry
