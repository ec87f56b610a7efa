"""Stage 1: read articles from files, folders or a stream, with clear errors for bad input."""

from __future__ import annotations

import re
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import TextIO

from summarizer.errors import EmptyInputError, InputDecodeError

# Articles on standard input are separated by a line holding only three or more "=".
STDIN_SEPARATOR = re.compile(r"^\s*={3,}\s*$", re.MULTILINE)

# A file we refuse to read whole: keeps a mistaken path (a video, a dump) from eating memory.
MAX_FILE_BYTES = 50_000_000


@dataclass(frozen=True)
class SourceDocument:
    name: str
    text: str


def decode_bytes(data: bytes, name: str, encoding: str = "utf-8") -> str:
    """Decode file bytes: UTF-8 (BOM allowed) and UTF-16 with a BOM; anything else is refused.

    ``encoding`` names another codec (e.g. ``cp1258``, the legacy Vietnamese Windows code
    page) for files known to use it; it is never guessed, because a single-byte code page
    decodes any bytes into plausible-looking garbage.
    """
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        return data.decode("utf-16")
    if encoding.lower().replace("_", "-") in ("utf-8", "utf8", "utf-8-sig"):
        if b"\x00" in data[:4096]:
            raise InputDecodeError(f"{name}: looks like a binary file, not text.")
        try:
            return data.decode("utf-8-sig")
        except UnicodeDecodeError as exc:
            raise InputDecodeError(
                f"{name}: not valid UTF-8 (byte {exc.start}); convert it to UTF-8 or pass "
                "--encoding cp1258 if it is a legacy Windows Vietnamese file."
            ) from None
    try:
        return data.decode(encoding)
    except (UnicodeDecodeError, LookupError) as exc:
        raise InputDecodeError(f"{name}: cannot be decoded as {encoding}: {exc}.") from None


def read_file(path: Path, encoding: str = "utf-8") -> SourceDocument:
    try:
        size = path.stat().st_size
        if size > MAX_FILE_BYTES:
            raise InputDecodeError(
                f"{path}: {size / 1e6:.0f} MB is over the {MAX_FILE_BYTES / 1e6:.0f} MB limit."
            )
        data = path.read_bytes()
    except OSError as exc:
        raise InputDecodeError(f"{path}: cannot be read ({exc.strerror or exc}).") from None
    return SourceDocument(path.name, decode_bytes(data, str(path), encoding))


def split_articles(text: str) -> list[str]:
    """Articles of one text, separated by lines of ``===``; blank pieces are dropped."""
    return [piece.strip() for piece in STDIN_SEPARATOR.split(text) if piece.strip()]


def read_stream(stream: TextIO, name: str = "stdin") -> list[SourceDocument]:
    """Articles from a stream, separated by lines of ``===``."""
    return [
        SourceDocument(f"{name}#{i + 1}", text)
        for i, text in enumerate(split_articles(stream.read()))
    ]


def load_documents(paths: list[str], encoding: str = "utf-8") -> list[SourceDocument]:
    """Read every path: a file, a folder (its ``*.txt`` files, sorted) or ``-`` for stdin."""
    documents: list[SourceDocument] = []
    for raw in paths:
        if raw == "-":
            documents.extend(read_stream(sys.stdin))
            continue
        path = Path(raw)
        if path.is_dir():
            files = sorted(p for p in path.glob("*.txt") if p.is_file())
            if not files:
                raise EmptyInputError(f"{path}: folder has no .txt files.")
            documents.extend(read_file(p, encoding) for p in files)
        elif path.exists():
            documents.append(read_file(path, encoding))
        else:
            raise InputDecodeError(f"{path}: no such file or folder.")
    return documents
