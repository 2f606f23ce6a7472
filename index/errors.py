"""Errors raised on purpose by the `index` package.

SearchIndexError            base class (under knowledge.errors.LawBotError); every message says what to do next
 ├── EncoderError           the configured encoder cannot be used (unknown backend, model not found offline)
 ├── IndexMissingError      no built index in the state dir → "rebuild with `python bot.py build`"
 ├── IndexMismatchError     the built index was made with another encoder id/dim or format version
 │                          → "rebuild with `python bot.py build`"
 └── IndexCorruptError      a built index's files are unreadable or inconsistent → the same advice

`IndexMissing`, `IndexMismatch` and `IndexCorrupt` are aliases of the same classes (the names used in the
design discussion). Errors from reading knowledge sources (knowledge.errors.SourceError) are not wrapped: a
build lets them propagate unchanged and leaves the serving index untouched.
"""

from __future__ import annotations

from knowledge.errors import LawBotError

REBUILD_ADVICE = "rebuild with `python bot.py build`"


class SearchIndexError(LawBotError):
    """Base class of every error this package raises on purpose."""


class EncoderError(SearchIndexError):
    """The configured dense encoder cannot be loaded; the message names the setting to change."""


class IndexMissingError(SearchIndexError):
    """No index has been built in the state directory yet (or CURRENT names a missing folder)."""


class IndexDamagedError(IndexMissingError):
    """The serving index is damaged and no earlier intact one is kept: callers take the first-start path."""


class IndexMismatchError(SearchIndexError):
    """The built index does not match the configuration (encoder id/dim, format version)."""


class IndexCorruptError(SearchIndexError):
    """A built index's files cannot be read or disagree with each other."""


IndexMissing = IndexMissingError
IndexMismatch = IndexMismatchError
IndexCorrupt = IndexCorruptError


class DiskFullError(SearchIndexError):
    """The disk filled up during a build; the serving index is untouched and the partial folder removed."""
