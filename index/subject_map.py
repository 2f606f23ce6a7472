"""The subject map: which đề mục of the whole codified collection a question belongs to.

Separate from the knowledge index and built from the collection's tarball alone: one SQLite file holding, for
every term of every article's title and first `BODY_CHARS` characters of text — diacritic-folded syllables and
syllable pairs ("ho", "tich", "ho_tich"), so that questions typed without diacritics match — the articles that
hold it with each one's Okapi BM25 weight (k1 1.2, b 0.75: the weights SQLite's FTS5 gives), and a table of
subjects with their main documents. A question's article scores are the sums of its terms' weights, added up
with numpy from the few postings lists the question names: a few milliseconds where an FTS5 OR query over
~55k articles took tens. The build streams the tarball (one file in memory at a time; the postings are
gathered as compact arrays of numbers), writes a temporary file and moves it into place, so a crash never
leaves a half map behind; the file records the tarball's hash and is rebuilt only when the tarball changes.
Lexical on purpose: embedding ~50k articles on a small server takes far longer than the first start may.
"""

from __future__ import annotations

import contextlib
import hashlib
import itertools
import logging
import os
import re
import sqlite3
import threading
import time
from array import array
from collections import Counter
from collections.abc import Callable, Collection, Iterable
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np

from index.tokenize import VIETNAMESE_STOPWORDS
from knowledge.collection import ReadReport, read_collection
from knowledge.text import fold_key

log = logging.getLogger(__name__)

MAP_FORMAT = 6
MAP_FILE = "subject-map.sqlite3"
BODY_CHARS = 1500  # of each article's text; titles are kept whole (a title's terms count as the body's do)
K1, B = 1.2, 0.75  # Okapi BM25's saturation and length normalisation
MAX_TERMS = 64
ROWS = 200  # best articles read per question; subjects are scored by their best among them
# Single syllables in more than this share of the articles ("cap", "xa", "dinh") tell no subject from
# another and make a query read most of the index; the build lists them and questions leave them out
# (syllable pairs stay: they are what tells "ho_tich" from "ho_gia").
COMMON_SHARE = 0.035

_WORD_RE = re.compile(r"[a-z0-9]+")
# function and question words: alone they say nothing of the subject (pairs keep them: "khong_duoc")
_STOP = frozenset({fold_key(w) for w in VIETNAMESE_STOPWORDS} | {
    "co", "duoc", "khong", "bao", "nhieu", "the", "nay", "nhu", "lam", "sao", "ra", "vao", "len", "thi"})


@dataclass(frozen=True)
class SubjectMatch:
    """A subject's score for one question, with its best articles (id, title) as pointers."""

    code: str
    title: str
    main_document: str
    score: float
    pointers: tuple[tuple[str, str], ...] = ()
    codified: bool = True  # a đề mục; False: an individual document of the collection


@dataclass(frozen=True)
class MapReport:
    """What a build made: the file, subjects and articles in it, files refused, seconds taken."""

    path: Path
    subjects: int
    articles: int
    refused: tuple[str, ...] = field(default=())
    seconds: float = 0.0

    def summary(self) -> str:
        """One line for the build log."""
        refused = f", {len(self.refused)} file(s) refused" if self.refused else ""
        return (f"subject map: {self.subjects} subjects, {self.articles} articles{refused} "
                f"in {self.seconds:.0f} s → {self.path}")


def _sha256(path: Path) -> str:
    with path.open("rb") as f:
        return hashlib.file_digest(f, "sha256").hexdigest()


def map_terms(text: str) -> list[str]:
    """The map's terms for a text: folded syllable pairs, then the syllables that carry a topic.

    "Hộ tịch ở xã" → ["ho_tich", "tich_o", "o_xa", "ho", "tich", "xa"].
    """
    words = _WORD_RE.findall(fold_key(text))
    return [f"{a}_{b}" for a, b in itertools.pairwise(words)] + [
        w for w in words if w not in _STOP and not w.isdigit()]


def map_vocabulary(texts: Iterable[str]) -> frozenset[str]:
    """Every map term of `texts` (a knowledge base's articles and booklet): the words it can be said to use."""
    vocabulary: set[str] = set()
    for text in texts:
        vocabulary.update(map_terms(text))
    return frozenset(vocabulary)


def map_path(state_dir: Path) -> Path:
    """Where the subject map lives in the state directory."""
    return state_dir / "subject-map" / MAP_FILE


def map_is_current(path: Path, tarball: Path) -> bool:
    """Whether `path` is a complete map of this format built from this very tarball (by content hash)."""
    meta = _read_meta(path)
    return meta.get("format") == str(MAP_FORMAT) and meta.get("tarball_sha256") == _sha256(tarball)


def build_subject_map(tarball: Path, path: Path, progress: Callable[[str], None] | None = None) -> MapReport:
    """Build the map of `tarball` into `path` (replacing it only once complete) and report what it holds.

    Raises knowledge.collection.CollectionError when the tarball cannot be read; files inside it that do not
    parse are reported and skipped.
    """
    started = time.perf_counter()
    say = progress or (lambda _m: None)
    path.parent.mkdir(parents=True, exist_ok=True)
    partial = path.with_name(f".{path.name}.{os.getpid()}.{threading.get_ident()}.partial")
    partial.unlink(missing_ok=True)
    report = ReadReport()
    postings = _Postings()
    try:
        conn = sqlite3.connect(partial)
        try:
            _create(conn)
            seen: set[str] = set()
            for subject in read_collection(tarball, report):
                fresh = [a for a in subject.articles if a.id not in seen]
                seen.update(a.id for a in fresh)
                conn.execute("INSERT OR IGNORE INTO subjects VALUES (?, ?, ?, ?, ?, ?, ?)",
                             (subject.code, subject.title, subject.member, subject.main_document, len(fresh),
                              int(subject.codified), subject.law))
                first = postings.articles + 1
                conn.executemany("INSERT INTO articles VALUES (?, ?, ?, ?)",
                                 [(first + i, a.id, subject.code, a.title) for i, a in enumerate(fresh)])
                for a in fresh:
                    postings.add(map_terms(a.title) + map_terms(a.text[:BODY_CHARS]))
                if report.subjects % 100 == 0:
                    say(f"subject map: {report.subjects} subjects, {postings.articles} articles")
            _fold_documents_into_subjects(conn)
            _write_postings(conn, postings)
            conn.executemany("INSERT INTO meta VALUES (?, ?)", [
                ("format", str(MAP_FORMAT)), ("tarball_sha256", _sha256(tarball)),
                ("tarball", tarball.name), ("subjects", str(report.subjects)), ("articles", str(postings.articles))])
            conn.commit()
        finally:
            conn.close()
        os.replace(partial, path)
    finally:
        partial.unlink(missing_ok=True)
    for problem in report.refused or []:
        log.warning("subject map: skipped %s", problem)
    return MapReport(path, report.subjects, postings.articles, tuple(report.refused or ()),
                     time.perf_counter() - started)


class _Postings:
    """What a build has read so far, as compact arrays of numbers (not Python lists of tokens).

    For each article in turn its length in terms, and one (term, article, count) entry per distinct term.
    """

    def __init__(self) -> None:
        self.vocabulary: dict[str, int] = {}
        self.terms = array("i")
        self.docs = array("i")
        self.counts = array("i")
        self.lengths = array("i")

    @property
    def articles(self) -> int:
        return len(self.lengths)

    def add(self, terms: list[str]) -> None:
        """Add the next article, given its terms in order."""
        doc = len(self.lengths)
        self.lengths.append(len(terms))
        for term, count in Counter(terms).items():
            self.terms.append(self.vocabulary.setdefault(term, len(self.vocabulary)))
            self.docs.append(doc)
            self.counts.append(count)


def _write_postings(conn: sqlite3.Connection, postings: _Postings) -> None:
    """Write each term's articles (ascending) and BM25 weights, and the list of common single syllables.

    A term's weight in an article is idf · tf·(k1+1) / (tf + k1·(1 − b + b·length/average length)), with
    idf = ln((N − n + 0.5)/(n + 0.5)) (1e-6 when not positive), as FTS5's bm25() sums it per matched term.
    Common syllables are listed, not written: questions leave them out.
    """
    n = postings.articles
    terms = np.frombuffer(postings.terms, dtype=np.intc)
    docs = np.frombuffer(postings.docs, dtype=np.intc)
    counts = np.frombuffer(postings.counts, dtype=np.intc).astype(np.float64)
    lengths = np.frombuffer(postings.lengths, dtype=np.intc).astype(np.float64)
    names = list(postings.vocabulary)  # in id order
    df = np.bincount(terms, minlength=len(names))
    idf = np.log((n - df + 0.5) / (df + 0.5))
    idf[idf <= 0] = 1e-6
    average = float(lengths.mean()) if n else 1.0
    weights = idf[terms] * counts * (K1 + 1) / (counts + K1 * (1 - B + B * lengths[docs] / average))
    order = np.argsort(terms, kind="stable")  # by term, each term's articles ascending
    docs_by_term = docs[order].astype("<i4")
    weights_by_term = weights[order].astype("<f4")
    del order, weights
    ends = np.cumsum(df)
    common_above = int(COMMON_SHARE * n)
    common = [i for i, name in enumerate(names) if df[i] > common_above and "_" not in name]
    conn.executemany("INSERT INTO common_terms VALUES (?)", ((names[i],) for i in common))
    skip = set(common)
    conn.executemany("INSERT INTO postings VALUES (?, ?, ?, ?)", (
        (name, int(df[i]), docs_by_term[ends[i] - df[i]:ends[i]].tobytes(),
         weights_by_term[ends[i] - df[i]:ends[i]].tobytes())
        for i, name in enumerate(names) if i not in skip))


def _fold_documents_into_subjects(conn: sqlite3.Connection) -> None:
    """Move each individual document whose title names a đề mục's law into that đề mục.

    "Nghị định quy định chi tiết … Luật An toàn thực phẩm" belongs to An toàn thực phẩm: a question is then
    placed in the subject, not in one decree of it.
    """
    laws = sorted(((fold_key(law), code) for code, law in
                   conn.execute("SELECT code, law FROM subjects WHERE codified = 1 AND law LIKE 'Luật %'")),
                  key=lambda pair: -len(pair[0]))
    documents = conn.execute("SELECT code, title FROM subjects WHERE codified = 0").fetchall()
    for code, title in documents:
        folded = fold_key(title)
        into = next((c for law, c in laws if law in folded), None)
        if into is not None:
            conn.execute("UPDATE articles SET code = ? WHERE code = ?", (into, code))
            conn.execute("UPDATE subjects SET articles = articles + (SELECT articles FROM subjects WHERE code = ?) "
                         "WHERE code = ?", (code, into))
            conn.execute("DELETE FROM subjects WHERE code = ?", (code,))


def _create(conn: sqlite3.Connection) -> None:
    conn.executescript("""
        CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
        CREATE TABLE subjects (code TEXT PRIMARY KEY, title TEXT NOT NULL, member TEXT NOT NULL,
                               main_document TEXT NOT NULL, articles INTEGER NOT NULL, codified INTEGER NOT NULL,
                               law TEXT NOT NULL);
        CREATE TABLE articles (rowid INTEGER PRIMARY KEY, aid TEXT UNIQUE NOT NULL, code TEXT NOT NULL,
                               title TEXT NOT NULL);
        CREATE TABLE postings (term TEXT PRIMARY KEY, articles INTEGER NOT NULL, docs BLOB NOT NULL,
                               weights BLOB NOT NULL);
        CREATE TABLE common_terms (term TEXT PRIMARY KEY);
    """)


def _read_meta(path: Path) -> dict[str, str]:
    if not path.is_file():
        return {}
    try:
        with contextlib.closing(sqlite3.connect(f"file:{path}?mode=ro", uri=True)) as conn:
            return dict(conn.execute("SELECT key, value FROM meta").fetchall())
    except sqlite3.Error:
        return {}


class SubjectMap:
    """A built map, opened read-only; `rank` is safe to call from several threads."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self._conn = sqlite3.connect(f"file:{path}?mode=ro", uri=True, check_same_thread=False)
        self._lock = threading.Lock()
        self._common = frozenset(t for (t,) in self._conn.execute("SELECT term FROM common_terms"))
        self._subjects = {code: (title, main, bool(codified)) for code, title, main, codified in
                          self._conn.execute("SELECT code, title, main_document, codified FROM subjects")}
        codes = {code: i for i, code in enumerate(self._subjects)}
        rows = self._conn.execute("SELECT rowid, code FROM articles ORDER BY rowid").fetchall()
        self.articles = len(rows)
        # each article's subject as a number (article = rowid − 1), to keep one subject's articles in `pointers`
        self._article_subject = np.fromiter((codes.get(code, -1) for _rowid, code in rows), dtype=np.int32,
                                            count=len(rows))
        self._subject_number = codes

    def __len__(self) -> int:
        return len(self._subjects)

    def title(self, code: str) -> str:
        """The title of subject `code` ("" when the map has no such subject)."""
        return self._subjects.get(code, ("", "", True))[0]

    def subjects_holding(self, article_ids: Collection[str]) -> frozenset[str]:
        """The codes of the subjects the map files these article ids under (the knowledge base's subjects)."""
        ids = list(article_ids)
        codes: set[str] = set()
        with self._lock:
            for start in range(0, len(ids), 500):
                chunk = ids[start:start + 500]
                codes.update(c for (c,) in self._conn.execute(
                    f"SELECT DISTINCT code FROM articles WHERE aid IN ({_marks(len(chunk))})", chunk))
        return frozenset(codes)

    def rank(self, question: str, limit: int = 8, held: Collection[str] = ()) -> list[SubjectMatch]:
        """The subjects closest to `question`, best first; [] when no term matches.

        A subject's score is its best article's, its pointer that article. The best `limit` subjects come
        back, and every subject in `held` (those the knowledge base holds): one whose articles are all below
        the `ROWS` best of the map is given the score of the last of them, an upper bound, so an outside
        subject's lead over the knowledge base is never overstated.
        """
        scores = self._scores(self._terms(question))
        top = _best(scores, np.flatnonzero(scores), ROWS) if scores is not None else []
        if not top:
            return []
        rows = self._articles_at(top)
        best: dict[str, SubjectMatch] = {}
        for doc in top:  # best first: a subject's first article is its best
            aid, code, article_title = rows[doc]
            if code not in best:
                title, main, codified = self._subjects.get(code, (code, "", True))
                best[code] = SubjectMatch(code, title, main, float(scores[doc]), ((aid, article_title),), codified)
        matches = list(best.values())[:limit]
        floor = float(scores[top[-1]])
        for code in held:
            if code in best:
                if best[code] not in matches:
                    matches.append(best[code])
            elif code in self._subjects:
                title, main, codified = self._subjects[code]
                matches.append(SubjectMatch(code, title, main, floor, (), codified))
        return sorted(matches, key=lambda m: -m.score)

    def pointers(self, question: str, code: str, n: int = 3) -> tuple[tuple[str, str], ...]:
        """The `n` articles (id, title) of subject `code` closest to `question`, best first."""
        scores = self._scores(self._terms(question))
        number = self._subject_number.get(code)
        if scores is None or number is None:
            return ()
        top = _best(scores, np.flatnonzero((scores > 0) & (self._article_subject == number)), n)
        rows = self._articles_at(top)
        return tuple((rows[doc][0], rows[doc][2]) for doc in top)

    def term_counts(self, question: str) -> tuple[tuple[str, int], ...]:
        """The terms `rank` searches the question with, each with the number of articles holding it (0: none)."""
        terms = self._terms(question)
        with self._lock:
            held = dict(self._conn.execute(
                f"SELECT term, articles FROM postings WHERE term IN ({_marks(len(terms))})", terms))
        return tuple((term, int(held.get(term, 0))) for term in terms)

    def _terms(self, question: str) -> list[str]:
        """The question's map terms but the common ones, at most MAX_TERMS."""
        return [t for t in dict.fromkeys(map_terms(question)) if t not in self._common][:MAX_TERMS]

    def _scores(self, terms: list[str]) -> np.ndarray | None:
        """Every article's BM25 score for `terms` (0 for an article holding none), or None when none matches."""
        if not terms:
            return None
        with self._lock:
            lists = self._conn.execute(
                f"SELECT docs, weights FROM postings WHERE term IN ({_marks(len(terms))})", terms).fetchall()
        if not lists:
            return None
        docs = np.concatenate([np.frombuffer(d, dtype="<i4") for d, _w in lists])
        weights = np.concatenate([np.frombuffer(w, dtype="<f4") for _d, w in lists]).astype(np.float64)
        return np.bincount(docs, weights=weights, minlength=self.articles)

    def _articles_at(self, docs: list[int]) -> dict[int, tuple[str, str, str]]:
        """(id, subject code, title) of each article numbered in `docs`."""
        if not docs:
            return {}
        with self._lock:
            rows = self._conn.execute(
                f"SELECT rowid, aid, code, title FROM articles WHERE rowid IN ({_marks(len(docs))})",
                [d + 1 for d in docs]).fetchall()
        return {rowid - 1: (aid, code, title) for rowid, aid, code, title in rows}

    def close(self) -> None:
        """Close the file."""
        self._conn.close()


def _marks(n: int) -> str:
    """`n` SQL parameter marks for an IN list: "?, ?, ?"."""
    return ", ".join("?" * n)


def _best(scores: np.ndarray, candidates: np.ndarray, n: int) -> list[int]:
    """The `n` best-scored of `candidates` (article numbers), best first, ties by article order."""
    if len(candidates) > n:
        candidates = candidates[np.argpartition(-scores[candidates], n - 1)[:n]]
    ordered = candidates[np.lexsort((candidates, -scores[candidates]))]
    return [int(d) for d in ordered]


def open_subject_map(path: Path) -> SubjectMap | None:
    """The map at `path`, or None when there is none (or it cannot be read: logged)."""
    if not path.is_file():
        return None
    try:
        return SubjectMap(path)
    except sqlite3.Error as exc:
        log.warning("subject map %s cannot be read (%s); questions are answered without it", path, exc)
        return None


class MapHolder:
    """The subject map a process answers with; a finished (re)build swaps the new one in with `replace`.

    Answer services keep the holder, not the map, so one built while they serve is used at once.
    """

    def __init__(self, path: Path | None) -> None:
        self.path = path
        self.current: SubjectMap | None = open_subject_map(path) if path is not None else None

    def replace(self, new: SubjectMap | None) -> None:
        """Serve `new` from now on (questions in flight finish on the old map, which is left to close)."""
        self.current = new


_HOLDERS: dict[Path, MapHolder] = {}
_HOLDERS_LOCK = threading.Lock()


def shared_holder(state_dir: Path, enabled: bool) -> MapHolder:
    """The process's one holder for the map in `state_dir` (an empty holder when the map is not enabled)."""
    if not enabled:
        return MapHolder(None)
    path = map_path(state_dir)
    with _HOLDERS_LOCK:
        holder = _HOLDERS.get(path)
        if holder is None:
            holder = _HOLDERS[path] = MapHolder(path)
        return holder
