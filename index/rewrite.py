"""Query rewriting: the forms of a question that are searched.

`DefaultRewriter`: chat abbreviations are expanded ("ko dc" → "không được", "ubnd" → "ủy ban nhân dân";
index.abbreviations), typos are corrected and diacritics restored in one decoding pass
(`DiacriticRestorer.normalize`, or `correct` when the text is accented); the typed text stays a BM25-only
variant. Glossary terms are matched with their diacritics on the fixed text ("bản" the village is not "Ban"
the board) and appended as a BM25-only variant of weight `glossary_weight` (0.4).
"""

from __future__ import annotations

import logging
import re
import unicodedata
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Any

from index.abbreviations import expand_abbreviations
from index.tokenize import fold_diacritics
from knowledge.model import GlossaryEntry

logger = logging.getLogger(__name__)


@dataclass(frozen=True)
class QueryVariant:
    """One form of the query to search with; `dense=False` variants go to BM25 only (cheap)."""

    text: str
    weight: float = 1.0
    dense: bool = True


QueryRewriter = Callable[[str], Sequence[QueryVariant | tuple[str, float]]]


def as_variant(v: QueryVariant | tuple[str, float]) -> QueryVariant:
    """A rewriter's item as a `QueryVariant` (a bare `(text, weight)` pair is a variant for both retrievers)."""
    return v if isinstance(v, QueryVariant) else QueryVariant(v[0], float(v[1]))


def feature_texts(variants: Sequence[QueryVariant]) -> list[str]:
    """The query forms the reranker's coverage features read: the typed text and the dense (fixed) forms.

    The glossary expansion (a BM25-only variant after the first) is left out: its appended legal terms
    would make every article using them look as if it covered the question.
    """
    return [v.text for i, v in enumerate(variants) if i == 0 or v.dense]


@dataclass
class DefaultRewriter:
    """NFC-normalise; expand chat abbreviations; fix typos and restore diacritics; expand glossary terms.

    The fixed form (abbreviations expanded, typos corrected, diacritics restored) goes to both retrievers
    and replaces the typed text for the dense one (dense models read bare or misspelt Vietnamese poorly);
    the typed text stays a BM25 variant so a wrong correction cannot lose what was typed. The glossary
    expansion goes to BM25 only, at a lower weight, because appending legal terms to an embedding query
    shifts its meaning more than it helps.
    """

    glossary: Sequence[GlossaryEntry] = ()
    restorer: Any = None  # index.diacritics.DiacriticRestorer, when present
    glossary_weight: float = 0.4
    restored_weight: float = 1.0
    abbreviations: bool = True
    typos: bool = True
    glossary_accented: bool = True
    _terms: list[tuple[re.Pattern[str], tuple[str, ...]]] = field(default_factory=list, init=False)

    def __post_init__(self) -> None:
        for entry in self.glossary:
            for alternative in entry.alternatives:
                term = unicodedata.normalize("NFC", alternative).lower()
                # Terms are matched with their diacritics against the fixed (restored) query: folded, "bản"
                # (a village) would match "ban" of "Ban thanh tra" and "hộ" every "hồ"/"họ".
                key = term if self.glossary_accented else fold_diacritics(term)
                if key:
                    self._terms.append((re.compile(rf"(?<!\w){re.escape(key)}(?!\w)"), entry.legal_terms))

    def fix(self, text: str) -> str:
        """`text` with abbreviations expanded, typos fixed and diacritics restored (as configured)."""
        fixed = expand_abbreviations(text) if self.abbreviations else text
        if self.restorer is None:
            return fixed
        try:
            if self.restorer.needs_restoration(fixed):
                return self.restorer.normalize(fixed) if self.typos else self.restorer.restore(fixed)
            return self.restorer.correct(fixed) if self.typos else fixed
        except Exception:  # a restorer bug must not take search down
            logger.exception("query normalisation failed for %r", text)
            return fixed

    def __call__(self, query: str) -> list[QueryVariant]:
        """The variants of `query` to search with, the typed text first."""
        text = unicodedata.normalize("NFC", query).strip()
        variants = [QueryVariant(text)]
        fixed = self.fix(text)
        if fixed != text:
            # The typed text goes to BM25 only: e5 reads bare Vietnamese poorly (dense-only hit@3 0.0 on
            # the no-diacritics dev questions) and a second query embedding costs ~15-30 ms.
            variants[0] = QueryVariant(text, 1.0, dense=False)
            variants.append(QueryVariant(fixed, self.restored_weight))
        key = fixed.lower() if self.glossary_accented else fold_diacritics(fixed.lower())
        expansions = [t for pattern, terms in self._terms if pattern.search(key) for t in terms]
        if expansions:
            base = variants[-1].text
            variants.append(QueryVariant(f"{base} {' '.join(dict.fromkeys(expansions))}",
                                         self.glossary_weight, dense=False))
        return variants


def query_variants(rewriter: QueryRewriter, query: str) -> list[QueryVariant]:
    """The variants `rewriter` makes of `query`, each as a `QueryVariant`."""
    return [as_variant(v) for v in rewriter(query)]
