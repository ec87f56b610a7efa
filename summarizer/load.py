"""Stage 1: read articles from files, folders, web pages or a stream, with clear errors.

Text is decoded strictly (UTF-8, a BOM, UTF-16 with a BOM, or an encoding the user names),
never guessed. Web pages (URLs, ``.html`` files, or HTML saved under another name) go through
trafilatura, a maintained main-text extractor, which drops navigation, ads and related-news
boxes and finds the title, the outlet and the publication date.
"""

from __future__ import annotations

import re
import sys
import time
import urllib.error
import urllib.request
from dataclasses import asdict, dataclass
from email.message import Message
from pathlib import Path
from typing import Any, BinaryIO, TextIO

from summarizer.errors import EmptyInputError, FetchError, InputDecodeError
from summarizer.extras import missing_extra_error

# Articles in one text are separated by three or more "=" ending a line (alone on it, or
# glued to the last line of an article that had no final newline, as `cat a.txt <(echo ===)`
# gives), or by a form feed.
STDIN_SEPARATOR = re.compile(r"={3,}[ \t]*$|\f", re.MULTILINE)

# A file we refuse to read whole: keeps a mistaken path (a video, a dump) from eating memory.
MAX_FILE_BYTES = 50_000_000
HTML_SUFFIXES = (".html", ".htm")
FOLDER_SUFFIXES = (".txt", *HTML_SUFFIXES)
# Whole seconds a web page may take, connection and download together.
DEFAULT_TIMEOUT_S = 20.0
USER_AGENT = "vn-cluster-summarizer (+https://pypi.org/project/vn-cluster-summarizer/)"
_HTML_START = re.compile(r"\s*(?:<!--.*?-->\s*)*<(?:!doctype\s+html|html[\s>]|head[\s>])", re.S)
_URL = re.compile(r"https?://\S+$", re.IGNORECASE)
_READ_CHUNK = 65_536


@dataclass(frozen=True)
class SourceDocument:
    """One article as read: its text and what its source says about it.

    ``title``, ``outlet`` and ``published`` (ISO 8601, as the page states it) come from a web
    page's metadata; plain text has none. ``url`` is where a web page was fetched from.
    """

    name: str
    text: str
    title: str | None = None
    outlet: str | None = None
    published: str | None = None
    url: str | None = None

    def metadata(self) -> dict[str, Any]:
        """Everything but the text: for labels and JSON output."""
        data = asdict(self)
        del data["text"]
        return data


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


def looks_like_html(text: str) -> bool:
    """Whether a text is a whole web page (doctype, <html> or <head> first), not an article."""
    return bool(_HTML_START.match(text[:4096].lstrip("\ufeff").lower()))


def is_url(text: str) -> bool:
    return bool(_URL.match(text.strip()))


def _clean_meta(value: str | None) -> str | None:
    value = " ".join((value or "").split())
    return value or None


def document_from_html(page: str | bytes, name: str, url: str | None = None) -> SourceDocument:
    """A web page's main text, title, outlet and date (trafilatura; the ``html`` extra).

    The title leads the text so the cleaner sees it as the title (ranking evidence, never
    output), as in an article copied from a browser.
    """
    try:
        import trafilatura
    except ImportError:
        raise missing_extra_error(f"{name}: reading web pages", ["trafilatura"]) from None
    # A Document (trafilatura 2) read by attribute; None when the page holds no article.
    doc: Any = trafilatura.bare_extraction(
        page,
        url=url,
        with_metadata=True,
        include_comments=False,
        include_tables=False,
        favor_precision=True,
        date_extraction_params={
            "outputformat": "%Y-%m-%dT%H:%M:%S%z",
            "original_date": True,
            "extensive_search": False,
        },
    )
    text = (getattr(doc, "text", None) or "").strip()
    if not text:
        raise InputDecodeError(f"{name}: no article text found in this web page.")
    title = _clean_meta(doc.title)
    if title and not text.startswith(title):
        text = f"{title}\n\n{text}"
    return SourceDocument(
        name=name,
        text=text,
        title=title,
        outlet=_clean_meta(doc.sitename) or _clean_meta(doc.hostname),
        published=_clean_meta(doc.date),
        url=url,
    )


def _charset(content_type: str) -> str | None:
    message = Message()
    message["content-type"] = content_type
    return message.get_param("charset")  # type: ignore[return-value]


def fetch_url(url: str, timeout: float = DEFAULT_TIMEOUT_S) -> tuple[bytes, str, str]:
    """(body, final URL, content type) of a web page, within ``timeout`` seconds in all.

    Every failure is a :class:`FetchError` naming the URL: no answer in time, no connection,
    an HTTP error status, something that is not a web page, or a body over the size limit.
    """
    if not is_url(url):
        raise FetchError(
            f"{url}: only http:// and https:// addresses can be fetched.", url, "scheme"
        )
    deadline = time.monotonic() + timeout
    headers = {"User-Agent": USER_AGENT, "Accept": "text/html"}
    request = urllib.request.Request(url, headers=headers)
    try:
        with urllib.request.urlopen(request, timeout=timeout) as response:
            content_type = response.headers.get("Content-Type", "")
            if content_type and not content_type.lower().startswith(("text/", "application/xhtml")):
                kind = content_type.split(";")[0]
                raise FetchError(f"{url}: not a web page ({kind}).", url, "not-html", kind)
            body = bytearray()
            while chunk := response.read(_READ_CHUNK):
                body += chunk
                if len(body) > MAX_FILE_BYTES:
                    limit = f"{MAX_FILE_BYTES / 1e6:.0f} MB"
                    raise FetchError(f"{url}: the page is over the {limit} limit.", url, "too-big")
                if time.monotonic() > deadline:
                    raise TimeoutError
            return bytes(body), response.geturl(), content_type
    except urllib.error.HTTPError as exc:
        status = f"{exc.code} {exc.reason}"
        raise FetchError(
            f"{url}: the server answered HTTP {status}.", url, "http", status
        ) from None
    except urllib.error.URLError as exc:
        if isinstance(exc.reason, TimeoutError):
            raise _timeout(url, timeout) from None
        reason = getattr(exc.reason, "strerror", None) or exc.reason
        raise FetchError(f"{url}: cannot connect ({reason}).", url, "connect") from None
    except TimeoutError:
        raise _timeout(url, timeout) from None
    except (OSError, ValueError) as exc:  # reset connections, malformed addresses
        raise FetchError(f"{url}: cannot be fetched ({exc}).", url) from None


def _timeout(url: str, timeout: float) -> FetchError:
    return FetchError(f"{url}: no answer within {timeout:g} s.", url, "timeout", f"{timeout:g}")


def load_url(url: str, timeout: float = DEFAULT_TIMEOUT_S) -> SourceDocument:
    """Fetch a web page and extract its article (:func:`fetch_url`, :func:`document_from_html`)."""
    url = url.strip()
    body, final_url, content_type = fetch_url(url, timeout)
    charset = _charset(content_type)
    page: str | bytes = body
    if charset:
        try:
            page = body.decode(charset)
        except (LookupError, UnicodeDecodeError):
            page = body  # a wrong header: let the extractor read the page's own declaration
    return document_from_html(page, url, url=final_url)


def read_file(path: Path, encoding: str = "utf-8") -> SourceDocument:
    """A text file, or a web page (``.html``, or HTML saved as ``.txt``) through the extractor."""
    try:
        size = path.stat().st_size
        if size > MAX_FILE_BYTES:
            raise InputDecodeError(
                f"{path}: {size / 1e6:.0f} MB is over the {MAX_FILE_BYTES / 1e6:.0f} MB limit."
            )
        data = path.read_bytes()
    except OSError as exc:
        raise InputDecodeError(f"{path}: cannot be read ({exc.strerror or exc}).") from None
    if path.suffix.lower() in HTML_SUFFIXES and encoding.lower() in ("utf-8", "utf8"):
        return document_from_html(data, path.name)  # the page declares its own charset
    text = decode_bytes(data, str(path), encoding)
    if looks_like_html(text):
        return document_from_html(text, path.name)
    return SourceDocument(path.name, text)


def split_articles(text: str) -> list[str]:
    """Articles of one text, separated by ``===`` ending a line or a form feed; blanks dropped."""
    return [piece.strip() for piece in STDIN_SEPARATOR.split(text) if piece.strip()]


def documents_from_text(text: str, name: str) -> list[SourceDocument]:
    """The articles of a pasted or piped text, named ``name#1``, ``name#2``...; whole web pages
    among them go through the extractor."""
    documents = []
    for number, piece in enumerate(split_articles(text), start=1):
        label = f"{name}#{number}"
        if looks_like_html(piece):
            documents.append(document_from_html(piece, label))
        else:
            documents.append(SourceDocument(label, piece))
    return documents


def read_stream(
    stream: BinaryIO | TextIO, name: str = "stdin", encoding: str = "utf-8"
) -> list[SourceDocument]:
    """Articles from a stream, decoded like a file (strict UTF-8, BOM, UTF-16, ``encoding``)."""
    raw = getattr(stream, "buffer", stream).read()
    text = raw if isinstance(raw, str) else decode_bytes(raw, name, encoding)
    return documents_from_text(text, name)


def load_documents(
    paths: list[str],
    encoding: str = "utf-8",
    timeout: float = DEFAULT_TIMEOUT_S,
    stdin: BinaryIO | TextIO | None = None,
) -> list[SourceDocument]:
    """Read every path: a file, a folder (its ``.txt``/``.html`` files, sorted), an
    ``http(s)://`` address, or ``-`` for standard input."""
    documents: list[SourceDocument] = []
    for raw in paths:
        if raw == "-":
            documents.extend(read_stream(stdin or sys.stdin, "stdin", encoding))
            continue
        if is_url(raw):
            documents.append(load_url(raw, timeout))
            continue
        path = Path(raw)
        if path.is_dir():
            files = sorted(
                p for p in path.iterdir() if p.is_file() and p.suffix.lower() in FOLDER_SUFFIXES
            )
            if not files:
                raise EmptyInputError(f"{path}: folder has no .txt or .html files.")
            documents.extend(read_file(p, encoding) for p in files)
        elif path.exists():
            documents.append(read_file(path, encoding))
        else:
            raise InputDecodeError(f"{path}: no such file or folder.")
    return documents
