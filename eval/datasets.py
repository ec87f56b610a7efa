"""Corpus loaders: every format becomes a list of :class:`ClusterItem`.

A dataset is named ``KIND:PATH`` on the command line. Formats (all text UTF-8, a leading
BOM is ignored):

``seeds``
    A folder of article ``*.txt`` files (one cluster) with ``references/``:
    ``<article-stem>.ref.txt`` per article and ``cluster.ref1.txt``, ``cluster.ref2.txt``...
    for the merged summary. The project's ``seeds/`` folder.
``vnmds``
    VN-MDS (Tran et al. 2013): ``cluster_N/`` folders with ``ID.body.txt`` (the article),
    ``ID.info.txt`` (``SUMMARY:`` line = the outlet's own lead, words joined by ``_``) and
    ``cluster_N.ref1.txt``, ``cluster_N.ref2.txt``. Only ``*.body.txt`` are documents.
``vietnews``
    VietNews (Nguyen et al. 2019): ``*.txt.seg`` files: title, blank line, abstract, blank
    line, body (one sentence per line), blank line, captions; words joined by ``_`` and
    punctuation space-separated. One article per item; its reference is the abstract.
``vims``
    ViMs (Tran et al. 2020): ``original/<cluster>/[original/]*.txt`` articles (an optional
    header ``Title: ...`` ... ``Content:`` is stripped) and ``summary/<cluster>/*.txt`` (two
    human summaries, e.g. ``0.gold.txt``, ``1.gold.txt``).
``abmusu``
    VLSP 2022 AbMuSu JSON lines (a file, or a folder of ``*.jsonl``): one cluster per line,
    ``{"single_documents": [{"title", "anchor_text", "raw_text"}], "summary", "category"}``;
    the test split has no ``summary`` (its items cannot be scored).
``jsonl``
    Generic JSON lines: ``{"id", "documents": [...], "references": [...],
    "article_references": [...]}``; ``article_references`` holds one string (or list of
    strings, or null) per document and may be omitted.
"""

from __future__ import annotations

import hashlib
import json
import re
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from summarizer_eval.errors import DatasetFormatError


@dataclass
class ClusterItem:
    """One evaluation unit: a cluster of documents with merged and per-article references."""

    id: str
    documents: list[str]
    references: list[str] = field(default_factory=list)
    article_references: list[list[str]] = field(default_factory=list)
    names: list[str] = field(default_factory=list)

    def __post_init__(self) -> None:
        if not self.article_references:
            self.article_references = [[] for _ in self.documents]
        if not self.names:
            self.names = [f"{self.id}#{i}" for i in range(len(self.documents))]


@dataclass
class Dataset:
    kind: str
    path: Path
    items: list[ClusterItem]

    @property
    def spec(self) -> str:
        return f"{self.kind}:{self.path}"

    def fingerprint(self) -> str:
        """SHA-1 of every text, so a changed corpus is never mixed with an old run."""
        digest = hashlib.sha1()
        for item in self.items:
            for part in (item.id, *item.documents, *item.references):
                digest.update(part.encode("utf-8"))
                digest.update(b"\x00")
            for refs in item.article_references:
                digest.update("\x01".join(refs).encode("utf-8") + b"\x00")
        return digest.hexdigest()


def read_text(path: Path) -> str:
    """A UTF-8 text file without its BOM; undecodable bytes are an error naming the file."""
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise DatasetFormatError(f"Cannot read {path}: {exc.strerror or exc}.") from None
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise DatasetFormatError(
            f"{path} is not UTF-8 text (bad byte at offset {exc.start})."
        ) from None


_SPACE_BEFORE = re.compile(r"\s+([,.;:!?%)\]}”’»…])")
_SPACE_AFTER = re.compile(r"([(\[{“‘«])\s+")


def desegment(text: str) -> str:
    """Plain text from word-segmented text: ``đối_lập , ông`` -> ``đối lập, ông``."""
    text = text.replace("_", " ")
    text = _SPACE_BEFORE.sub(r"\1", text)
    text = _SPACE_AFTER.sub(r"\1", text)
    return re.sub(r"[ \t]+", " ", text).strip()


def _natural_key(path: Path) -> list[Any]:
    return [int(p) if p.isdigit() else p for p in re.split(r"(\d+)", path.name)]


def _require_dir(path: Path, kind: str) -> None:
    if not path.is_dir():
        raise DatasetFormatError(f"{kind} dataset: {path} is not a folder.")


# ---------------------------------------------------------------- seeds


def load_seeds(root: Path) -> list[ClusterItem]:
    """The project's seed cluster with its per-article and merged references."""
    _require_dir(root, "seeds")
    articles = sorted(root.glob("*.txt"), key=_natural_key)
    if not articles:
        raise DatasetFormatError(f"seeds dataset: no article *.txt files in {root}.")
    ref_dir = root / "references"
    if not ref_dir.is_dir():
        raise DatasetFormatError(
            f"seeds dataset: no references folder {ref_dir} "
            "(expected <article-stem>.ref.txt and cluster.ref1.txt, cluster.ref2.txt)."
        )
    merged = [
        read_text(p).strip() for p in sorted(ref_dir.glob("cluster.ref*.txt"), key=_natural_key)
    ]
    per_article = []
    for article in articles:
        ref = ref_dir / f"{article.stem}.ref.txt"
        per_article.append([read_text(ref).strip()] if ref.is_file() else [])
    if not merged and not any(per_article):
        raise DatasetFormatError(f"seeds dataset: {ref_dir} holds no *.ref*.txt reference.")
    return [
        ClusterItem(
            id=root.name or "seeds",
            documents=[read_text(p) for p in articles],
            references=[r for r in merged if r],
            article_references=per_article,
            names=[p.name for p in articles],
        )
    ]


# ---------------------------------------------------------------- VN-MDS


def _info_fields(path: Path) -> dict[str, str]:
    fields: dict[str, str] = {}
    for line in read_text(path).splitlines():
        key, sep, value = line.partition(":")
        if sep and key.strip().isupper():
            fields[key.strip()] = value.strip()
    return fields


def load_vnmds(root: Path) -> list[ClusterItem]:
    """VN-MDS clusters: body texts as documents, ref1/ref2 merged, SUMMARY line per article."""
    _require_dir(root, "vnmds")
    clusters = sorted((p for p in root.glob("cluster_*") if p.is_dir()), key=_natural_key)
    if not clusters:
        raise DatasetFormatError(f"vnmds dataset: no cluster_N folders in {root}.")
    items = []
    for cluster in clusters:
        bodies = sorted(cluster.glob("*.body.txt"), key=_natural_key)
        if not bodies:
            raise DatasetFormatError(f"vnmds dataset: no *.body.txt article in {cluster}.")
        refs = sorted(cluster.glob(f"{cluster.name}.ref[0-9]*.txt"), key=_natural_key)
        refs = [p for p in refs if not p.name.endswith(".tok.txt")]
        if not refs:
            raise DatasetFormatError(
                f"vnmds dataset: no reference {cluster.name}.ref1.txt in {cluster}."
            )
        article_refs = []
        for body in bodies:
            info = body.with_name(body.name.replace(".body.txt", ".info.txt"))
            summary = _info_fields(info).get("SUMMARY", "") if info.is_file() else ""
            article_refs.append([desegment(summary)] if summary else [])
        items.append(
            ClusterItem(
                id=cluster.name,
                documents=[read_text(p).strip() for p in bodies],
                references=[read_text(p).strip() for p in refs],
                article_references=article_refs,
                names=[p.name for p in bodies],
            )
        )
    return items


# ---------------------------------------------------------------- VietNews


def parse_vietnews(path: Path) -> ClusterItem:
    """One ``.txt.seg`` file: title / abstract / body / captions blocks."""
    text = read_text(path).replace("\r\n", "\n")
    blocks = [b for b in re.split(r"\n[ \t]*\n", text.strip()) if b.strip()]
    if len(blocks) < 3:
        raise DatasetFormatError(
            f"{path}: expected title, abstract and body separated by blank lines; "
            f"found {len(blocks)} block(s)."
        )
    title, abstract, body = blocks[0], blocks[1], blocks[2]
    sentences = [desegment(line) for line in body.splitlines() if line.strip()]
    document = desegment(title) + "\n\n" + "\n".join(sentences)
    reference = desegment(" ".join(abstract.split("\n")))
    return ClusterItem(
        id=path.name.removesuffix(".txt.seg"),
        documents=[document],
        references=[reference],
        article_references=[[reference]],
        names=[path.name],
    )


def load_vietnews(root: Path) -> list[ClusterItem]:
    if root.is_file():
        return [parse_vietnews(root)]
    _require_dir(root, "vietnews")
    files = sorted(root.glob("*.txt.seg"), key=_natural_key)
    if not files:
        raise DatasetFormatError(f"vietnews dataset: no *.txt.seg files in {root}.")
    return [parse_vietnews(p) for p in files]


# ---------------------------------------------------------------- ViMs


def _vims_article(path: Path) -> str:
    """Article text; a ``Title:``/``Source:``/.../``Content:`` header keeps only title + content."""
    lines = read_text(path).splitlines()
    for i, line in enumerate(lines):
        if line.strip().startswith("Content:"):
            title = next(
                (ln.split(":", 1)[1].strip() for ln in lines[:i] if ln.startswith("Title:")), ""
            )
            rest = [line.strip().removeprefix("Content:").strip(), *lines[i + 1 :]]
            content = "\n".join(ln for ln in rest if ln.strip())
            return f"{title}\n\n{content}" if title else content
    return "\n".join(lines).strip()


def load_vims(root: Path) -> list[ClusterItem]:
    """ViMs clusters: ``original/<cluster>`` articles, ``summary/<cluster>`` references."""
    _require_dir(root, "vims")
    original, summary = root / "original", root / "summary"
    for folder in (original, summary):
        if not folder.is_dir():
            raise DatasetFormatError(
                f"vims dataset: missing folder {folder} (expected original/ and summary/)."
            )
    clusters = sorted((p for p in original.iterdir() if p.is_dir()), key=_natural_key)
    if not clusters:
        raise DatasetFormatError(f"vims dataset: no cluster folders in {original}.")
    items = []
    for cluster in clusters:
        article_dir = cluster / "original" if (cluster / "original").is_dir() else cluster
        articles = sorted(article_dir.glob("*.txt"), key=_natural_key)
        if not articles:
            raise DatasetFormatError(f"vims dataset: no article *.txt in {article_dir}.")
        summary_files = sorted((summary / cluster.name).glob("*.txt"), key=_natural_key)
        if not summary_files:
            raise DatasetFormatError(
                f"vims dataset: no summary *.txt for {cluster.name} in {summary / cluster.name}."
            )
        items.append(
            ClusterItem(
                id=cluster.name,
                documents=[_vims_article(p) for p in articles],
                references=[read_text(p).strip() for p in summary_files],
                names=[p.name for p in articles],
            )
        )
    return items


# ---------------------------------------------------------------- JSON lines


def _json_lines(path: Path) -> Iterator[tuple[int, dict[str, Any]]]:
    for number, line in enumerate(read_text(path).splitlines(), start=1):
        if not line.strip():
            continue
        try:
            record = json.loads(line)
        except json.JSONDecodeError as exc:
            raise DatasetFormatError(
                f"{path}, line {number}: not valid JSON ({exc.msg})."
            ) from None
        if not isinstance(record, dict):
            raise DatasetFormatError(f"{path}, line {number}: expected a JSON object.")
        yield number, record


def _jsonl_files(root: Path, kind: str) -> list[Path]:
    if root.is_file():
        return [root]
    _require_dir(root, kind)
    files = sorted([*root.glob("*.jsonl"), *root.glob("*.json")], key=_natural_key)
    if not files:
        raise DatasetFormatError(f"{kind} dataset: no *.jsonl files in {root}.")
    return files


def _records(root: Path, kind: str) -> Iterator[tuple[str, str, dict[str, Any]]]:
    """(where, default id, record) for every JSON line of a file or folder."""
    for path in _jsonl_files(root, kind):
        for number, record in _json_lines(path):
            where = f"{path}, line {number}"
            yield where, str(record.get("id", f"{path.stem}-{number}")), record


def _strings(value: Any, where: str, what: str) -> list[str]:
    if value is None:
        return []
    if isinstance(value, str):
        value = [value]
    if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
        raise DatasetFormatError(f"{where}: {what} must be a string or a list of strings.")
    return [v for v in value if v.strip()]


def load_abmusu(root: Path) -> list[ClusterItem]:
    """VLSP 2022 AbMuSu: documents are ``title`` + ``raw_text``; reference is ``summary``."""
    items = []
    for where, item_id, record in _records(root, "abmusu"):
        docs = record.get("single_documents")
        if not isinstance(docs, list) or not docs:
            raise DatasetFormatError(f"{where}: 'single_documents' must be a non-empty list.")
        documents = []
        for doc in docs:
            if not isinstance(doc, dict) or not isinstance(doc.get("raw_text"), str):
                raise DatasetFormatError(
                    f"{where}: each single document needs a 'raw_text' string."
                )
            title = doc.get("title") or ""
            documents.append(f"{title}\n\n{doc['raw_text']}" if title else doc["raw_text"])
        references = _strings(record.get("summary"), where, "'summary'")
        items.append(ClusterItem(id=item_id, documents=documents, references=references))
    return items


def load_jsonl(root: Path) -> list[ClusterItem]:
    items = []
    for where, item_id, record in _records(root, "jsonl"):
        documents = record.get("documents")
        if not (
            isinstance(documents, list) and documents and all(isinstance(d, str) for d in documents)
        ):
            raise DatasetFormatError(f"{where}: 'documents' must be a non-empty list of strings.")
        article_refs = record.get("article_references") or [None] * len(documents)
        if not isinstance(article_refs, list) or len(article_refs) != len(documents):
            raise DatasetFormatError(
                f"{where}: 'article_references' needs one entry per document ({len(documents)})."
            )
        items.append(
            ClusterItem(
                id=item_id,
                documents=documents,
                references=_strings(record.get("references"), where, "'references'"),
                article_references=[
                    _strings(r, where, "each article reference") for r in article_refs
                ],
            )
        )
    return items


LOADERS: dict[str, Callable[[Path], list[ClusterItem]]] = {
    "seeds": load_seeds,
    "vnmds": load_vnmds,
    "vietnews": load_vietnews,
    "vims": load_vims,
    "abmusu": load_abmusu,
    "jsonl": load_jsonl,
}


def parse_spec(spec: str) -> tuple[str, Path]:
    """``KIND:PATH`` -> (kind, path)."""
    kind, sep, path = spec.partition(":")
    if not sep or not path:
        raise DatasetFormatError(
            f"Dataset {spec!r} must be given as KIND:PATH, KIND one of: {', '.join(LOADERS)}."
        )
    if kind not in LOADERS:
        raise DatasetFormatError(
            f"Unknown dataset kind {kind!r}; choose one of: {', '.join(LOADERS)}."
        )
    return kind, Path(path).expanduser()


def load_dataset(spec: str) -> Dataset:
    """Load ``KIND:PATH``; a missing path or a malformed file is a one-line error."""
    kind, path = parse_spec(spec)
    if not path.exists():
        raise DatasetFormatError(f"{kind} dataset: {path} does not exist.")
    items = LOADERS[kind](path)
    if not items:
        raise DatasetFormatError(f"{kind} dataset: {path} holds no items.")
    _check_unique(items, path)
    return Dataset(kind, path.resolve(), items)


def _check_unique(items: Iterable[ClusterItem], path: Path) -> None:
    seen: set[str] = set()
    for item in items:
        if item.id in seen:
            raise DatasetFormatError(f"{path}: item id {item.id!r} appears twice.")
        seen.add(item.id)
