"""Built index folders: their layout, writing and reading one, and loading the one that serves.

`write_folder` writes a `BuiltIndex`, `read_folder` reads it back, `load_index` opens the serving one. This
module is the only one that knows the files; every field written is read back (tests/test_index_store.py
checks the round trip).

    state_dir/
      CURRENT                      name of the serving folder (replaced atomically)
      indexes/<UTC timestamp>-<pid>/
        manifest.json              format version, encoder id/dim, sources (sha256, size), counts, versions
        passages.jsonl             one Passage per line, line i = passage id i
        articles.jsonl documents.jsonl faq.jsonl (booklet entries with their variants) glossary.jsonl
        dense.faiss                FAISS IndexFlatIP, row i = passage id i
        bm25/                      bm25s folder (npy + JSON, no pickle)
        diacritics.json            optional: the query diacritic restorer trained on this corpus
      embedding-cache/             see index.cache

A folder is complete when CURRENT names it: builds write a new folder, fsync it, then replace CURRENT, so a
reader never sees a half-written index. Folders not named by CURRENT are old or abandoned.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import logging
import os
from collections.abc import Iterable, Iterator
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any

from index.dense import DenseIndex
from index.encoder import make_encoder
from index.errors import REBUILD_ADVICE, IndexCorruptError, IndexDamagedError, IndexMismatchError, IndexMissingError
from index.lexical import LexicalIndex
from index.passages import Passage
from index.results import DocumentInfo
from index.search import SearchIndex
from knowledge.model import Article, Citation, Clause, FaqEntry, GlossaryEntry, Point
from settings import RetrievalSettings, Settings

logger = logging.getLogger(__name__)

# 2: faq.jsonl keeps each booklet entry's variants, documents.jsonl is read back whole. An older folder is
# refused like one built with another encoder (IndexMismatchError): the CLI says to rebuild, the bot builds one.
FORMAT_VERSION = 2
CURRENT = "CURRENT"
INDEXES = "indexes"
MANIFEST = "manifest.json"
PASSAGES = "passages.jsonl"
ARTICLES = "articles.jsonl"
DOCUMENTS = "documents.jsonl"
FAQ = "faq.jsonl"
GLOSSARY = "glossary.jsonl"
DENSE = "dense.faiss"
BM25 = "bm25"
DIACRITICS = "diacritics.json"


# ---- values ↔ JSON ---------------------------------------------------------------------------------

def _date(value: str | None) -> dt.date | None:
    return dt.date.fromisoformat(value) if value else None


def _jsonable(value: Any) -> Any:
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, dict):
        return {k: _jsonable(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [_jsonable(v) for v in value]
    return value


def article_to_json(article: Article) -> dict[str, Any]:
    """Every field of an article, dates as ISO strings."""
    return _jsonable(asdict(article))


def article_from_json(data: dict[str, Any]) -> Article:
    """Inverse of `article_to_json`."""
    c = data["citation"]
    citation = Citation(c["article_number"], c["document_number"], c["document_kind"], c["document_title"],
                        _date(c.get("issued")), _date(c.get("effective")), c.get("issuer", ""))
    clauses = tuple(Clause(k["number"], k["text"], tuple(Point(p["letter"], p["text"]) for p in k["points"]))
                    for k in data["clauses"])
    return Article(data["id"], data["title"], citation, data["text"], clauses, data["document_id"],
                   data.get("chapter", ""), data.get("section", ""), tuple(data.get("related", ())),
                   data.get("source_path", ""), int(data.get("line", 0)))


def document_to_json(document: DocumentInfo) -> dict[str, Any]:
    """A document's own fields (its articles are stored separately), dates as ISO strings."""
    return _jsonable(asdict(document))


def document_from_json(data: dict[str, Any]) -> DocumentInfo:
    """Inverse of `document_to_json`."""
    return DocumentInfo(data["id"], data["title"], data.get("number", ""), _date(data.get("effective")),
                        int(data.get("article_count", 0)), data.get("kind", ""), data.get("path", ""),
                        data.get("sha256", ""), tuple(data.get("warnings", ())), bool(data.get("incomplete")),
                        tuple(data.get("missing_chapters", ())))


def passage_to_json(p: Passage) -> dict[str, Any]:
    """A passage as a JSON object."""
    return _jsonable(asdict(p))


def passage_from_json(data: dict[str, Any]) -> Passage:
    """Inverse of `passage_to_json`."""
    return Passage(int(data["id"]), data["article_id"], data["clause_number"], data["text"], data["context"],
                   data["kind"], tuple(data.get("article_ids", ())), data.get("ref", ""))


def faq_to_json(entry: FaqEntry) -> dict[str, Any]:
    """A booklet entry as a JSON object (variants included)."""
    return _jsonable(asdict(entry))


def faq_from_json(data: dict[str, Any]) -> FaqEntry:
    """Inverse of `faq_to_json`."""
    return FaqEntry(data["id"], data["question"], data["answer"], tuple(data["articles"]), data.get("topic", ""),
                    tuple(data.get("variants", ())))


def glossary_to_json(entry: GlossaryEntry) -> dict[str, Any]:
    """A glossary entry as a JSON object."""
    return _jsonable(asdict(entry))


def glossary_from_json(data: dict[str, Any]) -> GlossaryEntry:
    """Inverse of `glossary_to_json`."""
    return GlossaryEntry(data["term"], tuple(data["legal_terms"]), data.get("note", ""))


# ---- files ------------------------------------------------------------------------------------------

def fsync_path(path: Path) -> None:
    """Flush a file or a directory entry to disk."""
    fd = os.open(path, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def write_jsonl(path: Path, rows: Iterable[dict[str, Any]]) -> None:
    """One JSON object per line, UTF-8, Vietnamese kept readable."""
    with path.open("w", encoding="utf-8") as f:
        for row in rows:
            f.write(json.dumps(row, ensure_ascii=False))
            f.write("\n")


def read_jsonl(path: Path) -> Iterator[dict[str, Any]]:
    """Objects of a JSON-lines file."""
    with path.open(encoding="utf-8") as f:
        for line in f:
            if line.strip():
                yield json.loads(line)


def fsync_tree(folder: Path) -> None:
    """Flush every file and folder under `folder` (bottom-up), so a switch never names unflushed data."""
    for root, _dirs, files in os.walk(folder, topdown=False):
        for name in files:
            fsync_path(Path(root) / name)
        fsync_path(Path(root))


def current_folder(state_dir: Path) -> Path | None:
    """The folder CURRENT names, or None when there is no CURRENT."""
    try:
        name = (state_dir / CURRENT).read_text(encoding="utf-8").strip()
    except FileNotFoundError:
        return None
    return state_dir / INDEXES / name if name else None


def switch_current(state_dir: Path, folder: Path) -> None:
    """Make `folder` the serving index: write CURRENT.tmp, fsync, os.replace onto CURRENT, fsync the dir."""
    tmp = state_dir / f"{CURRENT}.tmp"
    with tmp.open("w", encoding="utf-8") as f:
        f.write(folder.name + "\n")
        f.flush()
        os.fsync(f.fileno())
    os.replace(tmp, state_dir / CURRENT)
    fsync_path(state_dir)


def read_manifest(folder: Path) -> dict[str, Any]:
    """The manifest of a built index folder; IndexCorruptError when unreadable."""
    try:
        return json.loads((folder / MANIFEST).read_text(encoding="utf-8"))
    except (OSError, ValueError) as exc:
        raise IndexCorruptError(f"{folder}: manifest unreadable ({exc}); {REBUILD_ADVICE}") from exc


def check_manifest(manifest: dict[str, Any], encoder_id: str, dim: int, folder: Path) -> None:
    """Refuse an index built in another format or with another encoder than the configured one."""
    if manifest.get("format_version") != FORMAT_VERSION:
        raise IndexMismatchError(
            f"{folder}: index format {manifest.get('format_version')} but this code reads {FORMAT_VERSION}; "
            f"{REBUILD_ADVICE}"
        )
    built = manifest.get("encoder", {})
    if built.get("id") != encoder_id or int(built.get("dim", -1)) != dim:
        raise IndexMismatchError(
            f"the index was built with encoder {built.get('id')} (dim {built.get('dim')}) but the "
            f"configuration uses {encoder_id} (dim {dim}); {REBUILD_ADVICE}"
        )


@dataclass(frozen=True)
class BuiltIndex:
    """Everything a built folder holds."""

    manifest: dict[str, Any]
    passages: list[Passage]
    articles: list[Article]
    documents: list[DocumentInfo]
    faq: list[FaqEntry]
    glossary: list[GlossaryEntry]
    lexical: LexicalIndex
    dense: DenseIndex
    restorer: Any = None  # index.diacritics.DiacriticRestorer, when one was trained


def write_folder(folder: Path, built: BuiltIndex) -> None:
    """Write `built` into the new, empty `folder` and flush it.

    The manifest is written last: a folder without one is, by definition, incomplete.
    """
    built.dense.save(folder / DENSE)
    built.lexical.save(folder / BM25)
    write_jsonl(folder / PASSAGES, (passage_to_json(p) for p in built.passages))
    write_jsonl(folder / ARTICLES, (article_to_json(a) for a in built.articles))
    write_jsonl(folder / DOCUMENTS, (document_to_json(d) for d in built.documents))
    write_jsonl(folder / FAQ, (faq_to_json(e) for e in built.faq))
    write_jsonl(folder / GLOSSARY, (glossary_to_json(g) for g in built.glossary))
    if built.restorer is not None:
        built.restorer.save(folder / DIACRITICS)
    manifest = {**built.manifest, "files": file_sums(folder)}
    (folder / MANIFEST).write_text(json.dumps(manifest, ensure_ascii=False, indent=1), encoding="utf-8")
    fsync_tree(folder)


def file_sums(folder: Path) -> dict[str, dict[str, Any]]:
    """Size and SHA-256 of every file under `folder` but the manifest, by path relative to it."""
    sums: dict[str, dict[str, Any]] = {}
    for path in sorted(p for p in folder.rglob("*") if p.is_file() and p.name != MANIFEST):
        sums[path.relative_to(folder).as_posix()] = {"size": path.stat().st_size, "sha256": file_sha256(path)}
    return sums


@dataclass(frozen=True)
class FileDamage:
    """What is wrong with one file of a built folder."""

    name: str  # relative to the folder: "dense.faiss", "bm25/params.index.json"
    problem: str  # "missing", "size", "content"

    def __str__(self) -> str:
        return f"{self.name}: {self.problem}"


def verify_folder(folder: Path, manifest: dict[str, Any], *, hashes: bool = True) -> list[FileDamage]:
    """The files of `folder` that do not match its manifest (sizes always, contents when `hashes`).

    A folder written before the manifest listed its files has nothing to compare and passes.
    """
    damage: list[FileDamage] = []
    for name, expected in sorted((manifest.get("files") or {}).items()):
        path = folder / name
        if not path.is_file():
            damage.append(FileDamage(name, "missing"))
        elif path.stat().st_size != expected.get("size"):
            damage.append(FileDamage(name, "size"))
        elif hashes and file_sha256(path) != expected.get("sha256"):
            damage.append(FileDamage(name, "content"))
    return damage


def file_sha256(path: Path) -> str:
    """The SHA-256 of one file, hex, read in 1 MiB blocks."""
    digest = hashlib.sha256()
    with path.open("rb") as f:
        for block in iter(lambda: f.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def read_folder(folder: Path, manifest: dict[str, Any] | None = None, *, restorer: bool = True) -> BuiltIndex:
    """Read what `write_folder` wrote (no format or encoder check: see `check_manifest`)."""
    manifest = manifest or read_manifest(folder)
    passages = [passage_from_json(r) for r in read_jsonl(folder / PASSAGES)]
    lexical = LexicalIndex.load(folder / BM25)
    dense = DenseIndex.load(folder / DENSE)
    if dense.size != len(passages) or lexical.size != len(passages):
        raise ValueError(f"{len(passages)} passages but {dense.size} vectors and {lexical.size} BM25 docs")
    model = None
    if restorer and (folder / DIACRITICS).is_file():
        try:
            from index.diacritics import DiacriticRestorer  # optional: absent module = no restorer
            model = DiacriticRestorer.load(folder / DIACRITICS)
        except (ImportError, ValueError, OSError) as exc:
            logger.warning("diacritic restorer not loaded (%s); searching without it", exc)
    return BuiltIndex(
        manifest, passages, [article_from_json(r) for r in read_jsonl(folder / ARTICLES)],
        [document_from_json(r) for r in read_jsonl(folder / DOCUMENTS)],
        [faq_from_json(r) for r in read_jsonl(folder / FAQ)],
        [glossary_from_json(r) for r in read_jsonl(folder / GLOSSARY)], lexical, dense, model)


def open_index(folder: Path, encoder: Any, retrieval: RetrievalSettings, *, manifest: dict[str, Any] | None = None,
               rewriter: Any = None, restorer: bool = True) -> SearchIndex:
    """Read a built index folder into a `SearchIndex` (without its diacritic model when not `restorer`).

    No encoder check is made here.
    """
    built = read_folder(folder, manifest, restorer=restorer)
    return SearchIndex(passages=built.passages, articles={a.id: a for a in built.articles},
                       documents=built.documents, faq=built.faq, glossary=built.glossary, lexical=built.lexical,
                       dense=built.dense, encoder=encoder, retrieval=retrieval, manifest=built.manifest,
                       rewriter=rewriter, restorer=built.restorer)


def load_index(settings: Settings, encoder: Any = None, rewriter: Any = None, folder: Path | None = None,
               ) -> SearchIndex:
    """Load the serving index from `settings.state_dir`, or the built `folder` given.

    Every file is checked against the manifest's sizes and hashes first. When the serving folder is damaged
    (a file missing, cut short or changed, or unreadable), the newest earlier complete folder that passes is
    served instead and the returned index's `damage` says what happened; only when none is intact does it
    raise IndexMissingError, so callers take the first-start path. `encoder` defaults to the configured one.
    Raises IndexMismatchError when the index was built with another encoder or format, IndexCorruptError when
    the `folder` given cannot be read; each message says "rebuild with `python bot.py build`".
    """
    if folder is not None:
        return _load_folder(settings, folder, encoder, rewriter)
    serving = current_folder(settings.state_dir)
    if serving is None:
        raise IndexMissingError(f"no built index in {settings.state_dir}; {REBUILD_ADVICE}")
    encoder = encoder or make_encoder(settings.encoder)
    if not (serving / MANIFEST).is_file() and not _earlier_folders(settings.state_dir, serving):
        raise IndexMissingError(f"no built index in {serving}; {REBUILD_ADVICE}")
    try:
        return _load_folder(settings, serving, encoder, rewriter)
    except IndexCorruptError as exc:
        damage = str(exc)
    logger.error("the serving index is damaged: %s", damage)
    for earlier in _earlier_folders(settings.state_dir, serving):
        try:
            index = _load_folder(settings, earlier, encoder, rewriter)
        except (IndexCorruptError, IndexMismatchError) as exc:
            logger.warning("an earlier index cannot stand in either: %s", exc)
            continue
        logger.warning("serving the earlier index %s instead of the damaged %s", earlier.name, serving.name)
        index.damage = IndexDamage(serving.name, damage, earlier.name)
        return index
    raise IndexDamagedError(f"the serving index is damaged ({damage}) and no earlier intact index is kept; "
                            f"{REBUILD_ADVICE}")


@dataclass(frozen=True)
class IndexDamage:
    """A damaged serving folder, and the earlier one served in its place."""

    damaged: str  # folder names under state/indexes
    problem: str
    serving: str


def _earlier_folders(state_dir: Path, serving: Path) -> list[Path]:
    """Complete index folders other than `serving`, newest first (folder names start with their build time)."""
    root = state_dir / INDEXES
    folders = [p for p in root.iterdir() if p.is_dir() and p != serving and (p / MANIFEST).is_file()] if (
        root.is_dir()) else []
    return sorted(folders, key=lambda p: p.name, reverse=True)


def _load_folder(settings: Settings, folder: Path, encoder: Any, rewriter: Any) -> SearchIndex:
    """One folder, checked (manifest, encoder, every file's size and hash) and opened."""
    manifest = read_manifest(folder)
    encoder = encoder or make_encoder(settings.encoder)
    check_manifest(manifest, encoder.id, encoder.dim, folder)
    damage = verify_folder(folder, manifest)
    derived = [d for d in damage if d.name == DIACRITICS]  # retrained at every build: search goes on without it
    if derived:
        logger.warning("%s: the diacritic model is damaged (%s); searching without it until the next build",
                       folder, derived[0].problem)
    fatal = [d for d in damage if d not in derived]
    if fatal:
        raise IndexCorruptError(f"{folder}: damaged files: {', '.join(map(str, fatal))}; {REBUILD_ADVICE}")
    try:
        return open_index(folder, encoder, settings.retrieval, manifest=manifest, rewriter=rewriter,
                          restorer=not derived)
    except (OSError, ValueError, KeyError, RuntimeError) as exc:
        raise IndexCorruptError(f"{folder}: cannot load the index ({exc}); {REBUILD_ADVICE}") from exc
