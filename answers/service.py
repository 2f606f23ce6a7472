"""The answer path: a question in, the reply the bot sends out.

`AnswerService` wraps one loaded `SearchIndex`. It is immutable after construction, so the Telegram layer
can swap a whole new service in with one assignment when an admin reloads, while questions in flight
finish on the old one. The subject map it consults at the edge of the knowledge base (answers.edge) comes
through a shared holder, so a map built in the background is used as soon as it is ready.
"""

from __future__ import annotations

import dataclasses
import logging
import re
import sqlite3
import time
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from answers import messages, smalltalk
from answers.confidence import CosineThreshold
from answers.dialogue import (
    FollowUp,
    Turn,
    fuse_rankings,
    names_own_topic,
    read_follow_up,
    standalone,
    stands_alone,
)
from answers.edge import Asked, EdgeRule, Placement, Withdrawal, foreign_share, names_subject, place, withdraws
from answers.evidence import Confidence, EvidenceLike, HitLike
from answers.figures import (
    PERIODS,
    approving,
    asked_bound,
    asked_units,
    asking_part,
    asks_fine,
    asks_money,
    asks_quantity,
    attending,
    bodies,
    clause_sentences,
    counts_members,
    fixes,
    fixes_amount,
    names_rate,
)
from answers.intent import AnswerKind, Intent, Setting, opens_with_yes_no, read_intent, sentence_answers
from answers.paging import pack
from answers.question import ArticleRequest, CleanQuestion, clean_question, parse_article_request
from answers.quoting import (
    by_number_lead,
    clause_numbers,
    close_call,
    compact_list,
    complete_lead_in,
    fill_quote,
    list_intro,
    place_label,
    points_of,
    prefer_figures,
    quote_line,
    quoted_clauses,
    runner_up,
    shown_text,
    wants_whole_list,
    with_referenced_clauses,
    without,
)
from answers.render import html_blocks, to_html, to_plain
from answers.reply import Block, CitedArticle, Part, Reply, ReplyKind
from answers.sentences import (
    ScoredSentence,
    Sentence,
    closest_sentence,
    content_words,
    load_model,
    rank_sentences,
    split_sentences,
    without_catch_all_lead,
)
from index.results import Hit
from index.subject_map import map_terms, map_vocabulary
from knowledge.model import Article, DocumentKind, FaqEntry, is_placeholder, is_training
from knowledge.naming import article_label, article_number, button_label, clause_label, effective_text
from knowledge.text import fold_key
from settings import Settings

if TYPE_CHECKING:
    from index.subject_map import MapHolder, SubjectMap

log = logging.getLogger(__name__)

# "Điều 15 của Luật này", "khoản 1 Điều 21 Nghị định này": a reference inside the same document
_CROSS_REFERENCE = re.compile(r"Điều (\d+)(?: và Điều \d+)? (?:của )?(?:Luật|Nghị định|Thông tư) này")
MAX_RELATED = 2
MAX_CITATIONS = 10
FOLLOW_UP_MIN_COVER = 0.5  # share of a follow-up's own topic words its answer's article must hold
SUMMARY_MIN_COVER = 0.5  # share of the user's content words a booklet question must contain to lend its answer
SUMMARY_MARGIN = 0.1  # ... and by how much more than any other entry about the same article (tune_summary.py)
# question and chat words, folded: they say how something is asked, not what about


@dataclass(frozen=True)
class DocumentPart:
    """Another document codified in the same file (a decree or circular under its law), with its own count."""

    kind: str
    number: str
    title: str
    effective: str
    articles: int


@dataclass(frozen=True)
class DocumentInfo:
    """A loaded source file as /start, /help and /sources list it: its main document and the others in it.

    `articles` counts the main document's articles only (the Law's 91, not the chapter's 348); `parts` are
    the other documents codified with it, each with its own count; `training` marks training material,
    listed apart from the law.
    """

    id: str
    title: str
    number: str
    effective: str  # dd/mm/yyyy or ""
    articles: int
    includes: str = ""  # other documents codified in the same file: "2 nghị định, 12 thông tư"
    parts: tuple[DocumentPart, ...] = ()
    training: bool = False
    incomplete: bool = False  # the source says it is not the whole document
    missing_chapters: tuple[str, ...] = ()  # chapters it names but does not hold
    placeholders: tuple[str, ...] = ()  # numbers of articles held as a heading only ("10")


class AnswerService:
    """Answers questions from one search index; safe to share between threads."""

    def __init__(self, index: object, *, confident: Confidence, max_question_chars: int = 1000,
                 subject_map: MapHolder | None = None, edge: EdgeRule | None = None) -> None:
        self.index = index
        self._confident = confident
        self._max_chars = max_question_chars
        self._map = subject_map
        self._edge = edge or EdgeRule()
        # (the map, the subjects of it this index holds, the map terms this index's texts use)
        self._held: tuple[object, frozenset[str], frozenset[str]] | None = None
        self._faq: dict[str, FaqEntry] = {e.id: e for e in getattr(index, "faq", ())}
        self._faq_by_article: dict[str, list[FaqEntry]] = {}
        for entry in self._faq.values():
            if entry.articles:
                self._faq_by_article.setdefault(entry.articles[0], []).append(entry)
        self._documents: list[DocumentInfo] | None = None
        self._violations: dict[str, Article] | None = None  # _violation_articles, read when first needed
        self._sentence_model = load_model()

    # --- questions ---

    def answer(self, question: str, context: Turn | None = None) -> Reply:
        """Answer one question as the bot would: quote, cite, or refuse honestly. Never raises on bad input.

        With `context` (the chat's previous turn) a follow-up is answered in context (`answers.dialogue`): an
        elliptical one is searched as a standalone question and the reply opens with how it was understood; a
        message that reads as its own question is answered alone unless alone it is refused and with the
        previous topic it is not. The reply's `turn` is what the next message may lean on.
        """
        started = time.perf_counter()
        clean = clean_question(question, self._max_chars)
        context = context if context is not None and context.question.strip() else None  # an emptied context
        reply = self._in_context(question, clean, context, started) if context is not None else None
        if reply is None:
            reply = self._answer_clean(question, clean, started)
        if reply.refused or reply.best is None:
            return self._refused_turn(reply, clean, context)
        return dataclasses.replace(reply, turn=Turn(reply.understood or clean.text, reply.best.id, time.time()))

    def _refused_turn(self, reply: Reply, clean: CleanQuestion, context: Turn | None) -> Reply:
        """A refused first question of a conversation still leaves its topic, with no article, for the next.

        "muốn họp bất thường trong cơ quan cần bao nhiêu người" refused, then "ở công ty nhà nước có giống vậy
        không": the user goes on about the same topic. Only a conversation without a context gets one (a refusal
        later on keeps the answered turn before it), and a second refusal in a row leaves an empty turn: nothing
        to lean on.
        """
        if reply.kind is not ReplyKind.REFUSAL:
            return reply
        if context is None:
            return dataclasses.replace(reply, turn=Turn(clean.text, "", time.time()))
        if not context.article_id:  # two refusals in a row: the first one's topic is not kept any longer
            return dataclasses.replace(reply, turn=Turn("", "", time.time()))
        return reply

    def _in_context(self, question: str, clean: CleanQuestion, context: Turn, started: float) -> Reply | None:
        """The reply to a message of a conversation, or None when it is not a question to search.

        "Ở văn bản nào / toàn văn" about the previous article answer from it directly. Any other message is
        searched twice, as typed and as the standalone question made with the previous turn, and the two
        rankings are fused (answers.dialogue.fuse_rankings): a new topic ranks its own articles first in both
        readings, a follow-up ranks the one the previous topic points to. The answer is read as typed unless
        the standalone reading ranks it higher (or alone it is refused); then the reply says how it was
        understood, and it stands only when its article holds the message's own words and the message alone
        is not placed outside the knowledge base (answers.edge).
        """
        if not clean.has_words or smalltalk.classify(clean.text) is not None or parse_article_request(clean.text):
            return None
        follow = read_follow_up(clean.text)
        article = self.article(context.article_id) if context.article_id else None
        if follow in (FollowUp.SOURCE, FollowUp.FULL_TEXT) and article is not None:
            blocks = _whole_article(article)
            if follow is FollowUp.SOURCE:
                blocks = blocks[:1]  # where it is written: the basis line with the article's title
            reply = _reply(question, blocks, False, (_cited(article, 1.0),), (), started, "")
            return _understood(dataclasses.replace(reply, kind=ReplyKind.ARTICLE), context.question)
        rewritten = standalone(context.question, clean.text)
        alone, leaning = self._search_both(clean.text, rewritten)
        if follow is FollowUp.NONE and stands_alone(float(getattr(alone.evidence, "dense_top", 0.0))):
            own = self._answer_clean(question, clean, started, alone)
            if not own.refused:
                return own  # a question of its own, answered well without the previous turn
        order = fuse_rankings([h.article.id for h in alone.hits], [h.article.id for h in leaning.hits])
        if not order:
            return None
        typed: Reply | None = None
        if _position(alone.hits, order[0]) <= _position(leaning.hits, order[0]):
            as_typed = _fused(order, alone, leaning)
            typed = self._answer_clean(question, clean, started, as_typed)
            if not typed.refused:
                return typed
        # the map may place the message alone only when it names a topic of its own ("thấy sai thì báo ai" does not)
        judge = (clean.text, float(getattr(alone.evidence, "dense_top", 0.0))) if names_own_topic(clean.text) else None
        leaning_reply = self._answer_clean(question, dataclasses.replace(clean, text=rewritten), started,
                                           _fused(order, leaning, alone), judge)
        if typed is not None and (leaning_reply.refused or not self._covers_own_words(leaning_reply, clean.text)):
            return typed  # refused as typed, and the previous topic does not answer it either
        if not leaning_reply.refused and not self._covers_own_words(leaning_reply, clean.text):
            return self._answer_clean(question, clean, started, alone)  # the previous topic carried it, not the words
        return _understood(leaning_reply, rewritten)

    def _search(self, text: str) -> _Found:
        """The index's hits for `text` (at most MAX_CITATIONS articles) and the evidence behind them."""
        result = self.index.search_with_evidence(text, k=MAX_CITATIONS)  # type: ignore[attr-defined]
        return _Found(list(result.hits), result.evidence)

    def _search_both(self, typed: str, rewritten: str) -> tuple[_Found, _Found]:
        """The hits of a message as typed and of its standalone question, embedded together where the index can.

        One encoder call for both texts (index.search.SearchIndex.search_many) gives the same vectors as two,
        so the same rankings, at less than twice the cost of one.
        """
        many = getattr(self.index, "search_many", None)
        if many is None:  # an index without batched search (a test's stand-in): two searches
            return self._search(typed), self._search(rewritten)
        alone, leaning = many([typed, rewritten], k=MAX_CITATIONS)
        return _Found(list(alone.hits), alone.evidence), _Found(list(leaning.hits), leaning.evidence)

    def _covers_own_words(self, reply: Reply, message: str) -> bool:
        """Whether the article a follow-up's reply quotes holds enough of the message's own topic words.

        "thế phụ cấp được bao nhiêu tiền?" after a question about electing a village head must not be answered
        from the election article: the previous topic made the search confident, the message's words did not.
        """
        own = _content_words(message)
        article = self.article(reply.best.id) if reply.best is not None else None
        if not own or article is None:
            return True
        held = _content_words(" ".join([article.title, *(c.text for c in article.clauses)]))
        return len(own & held) / len(own) >= FOLLOW_UP_MIN_COVER

    def _answer_clean(self, question: str, clean: CleanQuestion, started: float,
                      found: _Found | None = None, judge: tuple[str, float] | None = None) -> Reply:
        """The single-turn reply to a cleaned question.

        `found` answers from hits already searched (a conversation's fused readings) instead of searching
        `clean.text`; `judge` is another text and its best cosine (the message alone, when `clean.text` is
        its standalone reading) that the subject map must not place outside the knowledge base either.
        """
        notice = messages.TRUNCATED.format(limit=self._max_chars) if clean.truncated else ""
        if not clean.text:
            return self._plain_reply(question, messages.EMPTY_QUESTION, started, notice, ReplyKind.NOTE)
        if not clean.has_words:
            return self._plain_reply(question, messages.NOT_A_QUESTION, started, notice, ReplyKind.NOTE)
        small_talk = smalltalk.classify(clean.text)
        if small_talk is not None:
            return self._plain_reply(question, smalltalk.reply_for(small_talk), started, notice, ReplyKind.SMALL_TALK)
        request = parse_article_request(clean.text)
        if request is not None:
            reply = self._article_reply(question, request, started, notice)
            if reply is not None:
                return reply
        if getattr(self.index, "preview", False):  # a first start's preview index (serving.firststart)
            notice = f"{notice}\n{messages.PREVIEW_NOTICE}".strip()
        result = found if found is not None else self._search(clean.text)
        law_hits = [h for h in result.hits if not is_training(h.article)]
        citations = tuple(self._cite(h) for h in law_hits[:MAX_CITATIONS])
        confident = bool(law_hits) and self._confident(clean.text, law_hits, result.evidence)
        dense_top = float(getattr(result.evidence, "dense_top", 0.0))
        placement = self._placement(clean.text) if not confident or dense_top < self._edge.withdraw_below else None
        if confident and placement is not None and withdraws(self._edge, placement, dense_top):
            confident = False
        if confident and judge is not None:  # the message alone belongs elsewhere: its context does not change that
            alone = self._placement(judge[0]) if judge[1] < self._edge.withdraw_below else None
            if alone is not None and withdraws(self._edge, alone, judge[1]):
                confident, placement = False, alone
        if not confident:
            outside = placement if placement is not None and names_subject(self._edge, placement) else None
            blocks = self._subject_refusal(clean.text, outside) if outside is not None else self._refusal(law_hits)
            reply = _reply(question, blocks, True, citations, (), started, notice)
            return dataclasses.replace(reply, kind=ReplyKind.REFUSAL,
                                       subject=outside.outside.title if outside and outside.outside else "")
        law_hits = self._penalty_first(clean.text, law_hits)
        citations = tuple(self._cite(h) for h in law_hits[:MAX_CITATIONS])
        best = law_hits[0]
        if is_placeholder(best.article):  # a heading without its text: say so, never quote the placeholder
            others = tuple(f"{article_label(h.article)} — {h.article.title}" for h in law_hits[1:4])
            blocks = [Block(Part.TEXT, messages.PLACEHOLDER_ARTICLE.format(
                label=article_label(best.article), title=best.article.title))]
            if others:
                blocks.append(Block(Part.LIST, f"{messages.SEE_ALSO}:", items=others))
            return dataclasses.replace(_reply(question, blocks, True, citations, (), started, notice),
                                       kind=ReplyKind.REFUSAL)
        runner = law_hits[1] if len(law_hits) > 1 and close_call(best, law_hits[1]) else None
        near = result.near if result.near is not None else _near(law_hits)
        blocks, related = self._compose(best, [h.article for h in law_hits[1:]], clean.text, runner, near=near)
        return dataclasses.replace(_reply(question, blocks, False, citations, related, started, notice),
                                   evidence=dense_top)

    def _penalty_first(self, question: str, hits: list[HitLike]) -> list[HitLike]:
        """`hits` with the article on handling violations first, when the question asks what a fine comes to.

        "xã không niêm yết thu chi thì bị phạt bao nhiêu tiền" finds the article on what the commune publishes;
        what the texts say of a penalty is in the law's article on handling violations ("xử lý kỷ luật, xử phạt
        vi phạm hành chính hoặc bị truy cứu trách nhiệm hình sự"): that of the best article's own document
        comes first; that of the law of its subject (the id's first two parts: "44.13") second, after the best
        article of a decree, which may hold its own measures ("hương ước … biện pháp … phạt"). Nothing moves
        when the best article states a fine's amount, or when no such article is loaded.
        """
        if not hits or not asks_fine(question):
            return hits
        best = hits[0].article
        if fixes_amount(_clause_texts([best]), question):
            return hits
        if self._violations is None:
            self._violations = _violation_articles(getattr(self.index, "articles", {}).values())
        own = self._violations.get(best.citation.document_number)
        article = own or self._violations.get(".".join(best.id.split(".")[:2]))
        if article is None or article.id == best.id:
            return hits
        place = 0 if own is not None else 1
        found = next((h for h in hits if h.article.id == article.id), None)
        score = float(hits[place].score) if place < len(hits) else float(hits[-1].score)
        moved = dataclasses.replace(found, score=score) if found is not None else Hit(article=article, score=score)
        rest = [h for h in hits if h.article.id != article.id]
        return [*rest[:place], moved, *rest[place:]]

    def _cite(self, hit: HitLike) -> CitedArticle:
        return _cited(hit.article, round(float(hit.score), 4))

    def _plain_reply(self, question: str, text: str, started: float, notice: str,
                     kind: ReplyKind) -> Reply:
        return dataclasses.replace(_reply(question, [Block(Part.TEXT, text)], True, (), (), started, notice),
                                   kind=kind)

    # --- composing ---

    def _compose(self, best: HitLike, others: list[Article], question: str, runner: HitLike | None = None,
                 near: Sequence[Article] | None = None) -> tuple[list[Block], tuple[CitedArticle, ...]]:
        """The answer first (a booklet answer that asks the same, else the law's sentence), then its basis.

        When retrieval could hardly tell the best article from the next (`runner`), the answer line quotes the
        likeliest sentence of each, the second with its full place, instead of two sentences of the first.
        `near` are the articles a figure asked for is looked for in (`_near`; default: this one and the next
        two).

        Returns the reply's blocks and the related articles offered (at most MAX_RELATED):
        first the articles a quoted clause refers to ("quy định tại Điều 15 của Luật này"), so the reader can
        open them with a button, then the next-ranked articles.
        """
        article = best.article
        intent = read_intent(question)
        clause_scores = {m.clause_number: m.score for m in best.clauses}
        summary = self._faq_summary(best, question, intent)
        second: Sentence | None = None
        ranked = self._ranked(question, intent, article, clause_scores)
        if summary:
            anchor, _ = closest_sentence(summary, article)
        else:
            anchor = complete_lead_in(prefer_figures(ranked, intent), ranked, intent)
            second = runner_up(ranked, anchor, intent) if runner is None else None
        listing = wants_whole_list(intent, article)
        clauses = list(article.clauses) if listing else quoted_clauses(article, anchor, clause_scores, second)
        if not listing:
            clauses = with_referenced_clauses(article, clauses, [s for s in (anchor, second) if s is not None])
            clauses = fill_quote(article, clauses, ranked)
        label = article_label(article) if listing else clause_label(article, clause_numbers(article, clauses))
        since = effective_text(article.citation)
        head = f"{label}, {messages.IN_FORCE_SINCE.format(since)}" if since else label
        title = f"Điều {article_number(article)}. {article.title}"
        quotes = [compact_list(article)] if listing else [shown_text(c, anchor) for c in clauses]
        if listing and not summary:
            lead = by_number_lead(article)
            anchor = next((s for s in split_sentences(article) if lead and s.text in lead), anchor)
        related = self._referenced(article, quotes)
        related += [a for a in others if a.id not in {r.id for r in related}]
        related = related[:MAX_RELATED]
        not_fixed = _figure_not_fixed(question, intent, quotes, near or [article, *others[:2]])
        if not_fixed:
            line = not_fixed
        elif summary:
            line = summary
        elif listing and not by_number_lead(article):
            line = ""  # a list without a lead-in: the list itself, first, is the answer
        elif anchor is not None:
            intro = list_intro(article, anchor)
            points = points_of(article, anchor) if intro and intent.wants(AnswerKind.LIST) else ""
            in_line = [anchor]
            if points:
                line = f"{place_label(article, anchor)}: «{intro}\n{points}»"
            else:
                line = quote_line(article, anchor, intro)
                if second is not None:  # the model is unsure: the two likeliest sentences, each with its place
                    other = list_intro(article, second)
                    line += "\n" + quote_line(article, second, "" if other == intro else other)
                    in_line.append(second)
                elif runner is not None and (also := self._runner_line(runner, question, intent)):
                    line = quote_line(article, anchor, intro, full=True) + also  # two articles: both named whole
            # the answer line already quotes the sentences: the clauses below show the rest of them
            for shown in in_line:
                quotes = [without(q, shown.text) for q in quotes]
        else:
            line = ""
        blocks = [Block(Part.ANSWER, line)] if line else []
        blocks.append(Block(Part.BASIS, f"{messages.BASIS_LABEL}: {head}", title))
        blocks.extend(Block(Part.QUOTE, text) for text in quotes if text)
        if any("cấp huyện" in q.lower() for q in quotes):
            blocks.append(Block(Part.NOTE, messages.TWO_LEVEL_NOTICE))
        rest = len([c for c in article.clauses if c.number]) - len([c for c in clauses if c.number])
        if rest > 0:
            blocks.append(Block(Part.NOTE, messages.MORE_CLAUSES.format(rest)))
        if related:
            blocks.append(Block(Part.LIST, f"{messages.SEE_ALSO}:",
                                items=tuple(f"{article_label(a)} — {a.title}" for a in related)))
        blocks.append(Block(Part.NOTE, messages.DISCLAIMER))
        return blocks, tuple(_cited(a, 0.0) for a in related)

    def _ranked(self, question: str, intent: Intent, article: Article,
                clause_scores: dict[str, float]) -> list[ScoredSentence]:
        """The sentences of `article`, likeliest answer first, a catch-all item never first."""
        ranked = rank_sentences(question, intent, article, clause_scores, self._sentence_model)
        return without_catch_all_lead(ranked)

    def _runner_line(self, runner: HitLike, question: str, intent: Intent) -> str:
        """The next article's likeliest sentence as a second line of the answer, with its full place; "" if none."""
        article = runner.article
        ranked = self._ranked(question, intent, article, {m.clause_number: m.score for m in runner.clauses})
        sentence = complete_lead_in(prefer_figures(ranked, intent), ranked, intent)
        if sentence is None or is_placeholder(article):
            return ""
        return "\n" + quote_line(article, sentence, list_intro(article, sentence), full=True)

    def _referenced(self, article: Article, quotes: list[str]) -> list[Article]:
        """Articles of the same document that the quoted text names ("khoản 1 Điều 15 của Luật này")."""
        found: list[Article] = []
        for number in _CROSS_REFERENCE.findall(" ".join(quotes)):
            if number == article_number(article):
                continue
            for target in self.find_articles(number, article.citation.document_number):
                if target.id != article.id and target not in found:
                    found.append(target)
        return found

    def _faq_summary(self, hit: HitLike, question: str, intent: Intent) -> str:
        """The booklet's plain answer, only when a booklet question about this article asks what the user asked.

        Its question (or a variant) must cover most of the user's content words, and ask in the same setting
        (a rule for agencies or enterprises does not answer a village question) for the same kind of answer:
        an entry that opens with a bare "Có."/"Không." answers only a yes/no question, and a question for a
        number, a time or a body needs an answer that holds one. A neighbour's summary would be a confident
        wrong answer.
        """
        asked = _content_words(question)
        if not asked:
            return ""
        retrieved = set(getattr(hit, "faq_ids", ()) or ())
        about = self._faq_by_article.get(hit.article.id, ())
        covers = {e.id: summary_cover(asked, e) for e in about if fits_intent(e, intent)}
        lender = max((i for i in covers if i in retrieved), key=lambda i: covers[i], default=None)
        if lender is None or covers[lender] < SUMMARY_MIN_COVER:
            return ""
        rival = max((c for i, c in covers.items() if i != lender), default=0.0)
        return self._faq[lender].answer if covers[lender] - rival >= SUMMARY_MARGIN else ""

    def _placement(self, question: str) -> Placement | None:
        """Where the subject map puts the question, or None without a map (or when it cannot be read)."""
        current = self._map.current if self._map is not None else None
        if current is None:
            return None
        try:
            held, known = self._held_in(current)
            counts = current.term_counts(question)
            asked = Asked(frozenset(map_terms(question)), foreign_share(counts, known, current.articles))
            return place(current.rank(question, held=held), held, asked)
        except sqlite3.Error as exc:  # a damaged map must not cost the answer
            log.warning("subject map: %s", exc)
            return None

    def _held_in(self, subject_map: SubjectMap) -> tuple[frozenset[str], frozenset[str]]:
        """The subjects of the map the knowledge base holds and the map terms its texts use (once per map)."""
        known = self._held
        if known is None or known[0] is not subject_map:
            articles = getattr(self.index, "articles", {})
            texts = [text for a in articles.values() for text in (a.title, *(c.text for c in a.clauses))]
            texts += [text for e in self._faq.values() for text in (e.question, *e.variants, e.answer)]
            known = self._held = (subject_map, subject_map.subjects_holding(articles), map_vocabulary(texts))
        return known[1], known[2]

    def _subject_refusal(self, question: str, placement: Placement) -> list[Block]:
        """The refusal that names the subject a question belongs to and its law, with unchecked pointers."""
        subject = placement.outside
        assert subject is not None
        where = f"{subject.title} ({subject.main_document})" if subject.main_document else subject.title
        template = messages.OUTSIDE_SUBJECT if subject.codified else messages.OUTSIDE_DOCUMENT
        blocks = [Block(Part.TEXT, template.format(subject=where))]
        current = self._map.current if self._map is not None else None
        pointers = current.pointers(question, subject.code) if current is not None else subject.pointers
        if pointers:
            blocks.append(Block(Part.LIST, messages.OUTSIDE_POINTERS,
                                items=tuple(f"Điều {aid} — {title}" for aid, title in pointers)))
        blocks.append(Block(Part.TEXT, messages.OUTSIDE_TIP.format(subject=subject.title)))
        return blocks

    def _refusal(self, nearest: Sequence[HitLike]) -> list[Block]:
        names = tuple(f"{article_label(h.article)} — {h.article.title}" for h in nearest[:3])
        blocks = [Block(Part.TEXT, messages.REFUSAL)]
        if names:
            blocks.append(Block(Part.LIST, messages.REFUSAL_NEAREST, items=names))
        blocks.append(Block(Part.TEXT, messages.REFUSAL_TIP))
        return blocks

    # --- articles by number ---

    def _article_reply(self, question: str, request: ArticleRequest, started: float, notice: str) -> Reply | None:
        """Reply with a whole article asked for by number, or None if the text is really a question."""
        found = self.find_articles(request.number, request.document_hint)
        if not found:
            if request.document_hint and len(request.document_hint.split()) > 2:
                return None  # "điều 21 nói gì về ..." with no such document: search instead
            where = (messages.IN_DOCUMENT.format(request.document_hint) if request.document_hint
                     else messages.LAW_DEFAULT_DOCUMENT)
            text = messages.ARTICLE_NOT_FOUND.format(number=request.number, where=where)
            return self._plain_reply(question, text, started, notice, ReplyKind.NOTE)
        if len(found) > 1:
            example = f"«điều {request.number} nghị định 59»"
            text = messages.ARTICLE_AMBIGUOUS.format(number=request.number, example=example)
            return self._plain_reply(question, text, started, notice, ReplyKind.NOTE)
        article = found[0]
        return dataclasses.replace(
            _reply(question, _whole_article(article), False, (_cited(article, 1.0),), (), started, notice),
            kind=ReplyKind.ARTICLE)

    def find_articles(self, number: str, document_hint: str = "") -> list[Article]:
        """Articles with this original number: in Law 10/2022/QH15 unless `document_hint` names another."""
        finder = getattr(self.index, "article_by_number", None)
        return list(finder(number, document_hint or None)) if finder else []

    def article(self, article_id: str) -> Article | None:
        """The article with this id, or None."""
        return self.index.articles.get(article_id)  # type: ignore[attr-defined]

    def article_blocks(self, article_id: str) -> list[str]:
        """The whole article as self-contained HTML blocks (heading, then each clause quoted)."""
        article = self.article(article_id)
        return html_blocks(_whole_article(article)) if article is not None else []

    def article_pages(self, article_id: str) -> list[str]:
        """The whole article as Telegram messages (HTML, each within 4096 characters); [] if unknown."""
        return pack(self.article_blocks(article_id))

    def documents(self) -> list[DocumentInfo]:
        """The loaded source files, each named by the main legal document it holds, with its number and date.

        A codified chapter holds several documents (a law, its decrees, circulars): it is listed under its
        law (or its largest document), and `includes` names the others.
        """
        if self._documents is None:
            self._documents = _describe_documents(self.index)
        return list(self._documents)


def _describe_documents(index: object) -> list[DocumentInfo]:
    by_file: dict[str, dict[tuple[str, str], list[Article]]] = {}
    for article in getattr(index, "articles", {}).values():
        c = article.citation
        by_file.setdefault(article.document_id, {}).setdefault((c.document_kind, c.document_number), []).append(
            article)
    out = []
    for d in getattr(index, "documents", ()):
        groups = by_file.get(d.id, {})
        eff = getattr(d, "effective", None)
        number, effective, title, includes = getattr(d, "number", "") or "", "", d.title, ""
        effective = eff.strftime("%d/%m/%Y") if eff else ""
        articles = int(getattr(d, "article_count", 0) or 0)
        named = {key: arts for key, arts in groups.items() if key[1]}
        parts: tuple[DocumentPart, ...] = ()
        if named:
            # the file's own number first where it has one, then a law, then the largest document
            main_key = max(named, key=lambda key: (key[1] == number, key[0].lower() == "luật", len(named[key])))
            main = named[main_key][0]
            number, articles = main_key[1], len(named[main_key])
            effective = effective_text(main.citation) or effective
            others = Counter(kind or "văn bản" for kind, num in named if (kind, num) != main_key)
            includes = ", ".join(f"{n} {kind.lower()}" for kind, n in others.most_common())
            parts = tuple(sorted((DocumentPart(kind, num, arts[0].citation.document_title, effective_text(
                arts[0].citation), len(arts)) for (kind, num), arts in named.items() if (kind, num) != main_key),
                key=lambda p: (_KIND_ORDER.get(p.kind, 9), p.number)))
        training = str(getattr(d, "kind", "")) == DocumentKind.TRAINING.value
        placeholders = tuple(article_number(a) for arts in groups.values() for a in arts if is_placeholder(a))
        out.append(DocumentInfo(id=d.id, title=title, number=number, effective=effective, articles=articles,
                                includes=includes, parts=parts, training=training,
                                incomplete=bool(getattr(d, "incomplete", False)),
                                missing_chapters=tuple(getattr(d, "missing_chapters", ())),
                                placeholders=tuple(sorted(placeholders, key=_number_order))))
    return out


def _number_order(number: str) -> tuple[int, str]:
    """Article numbers in reading order: "2" before "10", "5a" after "5"."""
    digits = "".join(ch for ch in number if ch.isdigit())
    return (int(digits) if digits else 0, number)


_KIND_ORDER = {"Luật": 0, "Nghị định": 1, "Nghị quyết": 2, "Nghị quyết liên tịch": 2, "Quyết định": 3}
_OTHER_SETTINGS = frozenset({Setting.AGENCY, Setting.ENTERPRISE})
_NEEDS = (AnswerKind.AMOUNT, AnswerKind.TIME, AnswerKind.ACTOR, AnswerKind.MONEY)
# a body or a post by name, as "ai / cơ quan nào" asks ("người dân", "cơ quan", "tổ chức" alone name no one)
_NAMES_BODY = re.compile(r"(?<!\w)(?:uy ban|ubnd|chu tich|truong thon|to truong|truong ban|ban cong tac|mat tran|"
                         r"hoi dong|ban thanh tra|ban giam sat|thu truong|nguoi dung dau|cong dong dan cu|"
                         r"nguoi su dung lao dong|cong doan|bo truong|chinh phu|quoc hoi|hoa giai vien|to hoa giai|"
                         r"to bau cu|giam doc|cong an|dai hoi|hoi nghi|dang uy|chi bo|"
                         r"can bo|cong chuc|nguoi tiep cong dan|ho gia dinh|dai dien ho)")
# a count or a share written out: "03 đến 05", "hai phần ba", "quá nửa", "ít nhất một", "ba người" (folded)
_NUMBER_WORD = r"(?:mot|hai|ba|bon|nam|sau|bay|tam|chin|muoi)"
_STATES_COUNT = re.compile(r"\d|(?<!\w)(?:phan ba|phan tu|phan tram|mot nua|qua nua|qua ban)(?!\w)"
                           rf"|(?<!\w)(?:it nhat|toi thieu|toi da|khong qua|khong duoi|tu) {_NUMBER_WORD}(?!\w)"
                           rf"|(?<!\w){_NUMBER_WORD}\s+(?:nguoi|ho|thanh vien|lan|ngay|thang|nam|dai dien|uy vien|"
                           r"hoi nghi|cuoc|buoi|phieu|thon)(?!\w)")


NEAR_SHARE = 0.02  # a further article is near when its score is at least this share of the best one's
NEAR_MAX = 3


def _near(hits: Sequence[HitLike]) -> list[Article]:
    """The articles a figure asked for is looked for in: the best and up to two more that score close to it.

    A far third article (a softmax share of 0.002 beside 0.99) is not where the answer is; its "05 người"
    must not stand for the count asked about.
    """
    if not hits:
        return []
    top = float(hits[0].score)
    return [h.article for i, h in enumerate(hits[:NEAR_MAX]) if i == 0 or float(h.score) >= NEAR_SHARE * top]


_VIOLATIONS_TITLE = re.compile(r"^(?:khen thuong va )?xu ly vi pham(?!\w)")


def _violation_articles(articles: Iterable[Article]) -> dict[str, Article]:
    """Each document's article on handling violations ("Xử lý vi phạm …"), by document number.

    A law's is kept also by its subject (the id's first two parts, "44.13"), which its decrees and circulars share.
    """
    found: dict[str, Article] = {}
    for article in articles:
        if is_training(article) or not _VIOLATIONS_TITLE.match(fold_key(article.title)):
            continue
        found.setdefault(article.citation.document_number, article)
        if ".LQ." in article.id:
            found.setdefault(".".join(article.id.split(".")[:2]), article)
    return found


def _clause_texts(articles: Sequence[Article]) -> list[str]:
    """Each clause of `articles` with its article's title in front (the title often names what is paid)."""
    return [f"{a.title}. {c.text}" for a in articles for c in a.clauses]


def _figure_not_fixed(question: str, intent: Intent, quotes: Sequence[str], nearest: Sequence[Article]) -> str:
    """The line saying the texts fix no such figure, when the question asks for one they do not hold; else "".

    An amount of money is looked for in the quoted clauses and the nearest articles (`nearest`: the answer
    first), of the kind of payment asked about (answers.figures.fixes_amount). A count, share or period is
    looked for as a number before what the question counts (answers.figures.fixes): anywhere in the answer's
    article, where a share counts for a share asked or for a count of those who agree or attend; in the
    further ones too, where a share counts only for a question about how many agree. A question that does
    not say what it counts, nor names a payment, gets no such line.
    """
    if intent.wants(AnswerKind.MONEY) or asks_money(question):
        if not asks_quantity(question) and (intent.wants(AnswerKind.YES_NO) or not names_rate(question)):
            return ""  # "có được trả thù lao không?", "về phí, lệ phí, xã công khai gì?" ask no amount
        texts = [*quotes, *_clause_texts(nearest)]
        return "" if fixes_amount(texts, question) else messages.FIGURE_NOT_FIXED
    if not (intent.wants(AnswerKind.AMOUNT) or intent.wants(AnswerKind.TIME)):
        return ""
    units = asked_units(question)
    if not units or not nearest:
        return ""
    vote = approving(question)
    if vote and not set(units) <= set(PERIODS):  # "cần bao nhiêu thôn / hộ tán thành": a share of them answers it
        units = (*units, "phan tram")
    share = vote or "phan tram" in units or attending(question)
    bound = asked_bound(question)  # "tối đa mấy người" is not fixed by "từ 03 người trở lên"
    named = bodies(asking_part(question)) if counts_members(units) and not share else frozenset()

    def clauses(articles: Sequence[Article]) -> list[str]:
        # the members of a body asked for are counted only in a sentence that names that body, or in an article
        # named for it: "Ban kiểm phiếu từ 03 đến 05 người" does not fix "tổ bầu cử gồm bao nhiêu người"
        if not named:
            return [c.text for a in articles for c in a.clauses]
        return [c.text if named & bodies(a.title) else
                " ".join(s for s in clause_sentences(c.text) if named & bodies(s))
                for a in articles for c in a.clauses]

    if fixes(clauses(nearest[:1]), units, shares=share, majority=vote, bound=bound) or fixes(
            clauses(nearest[1:]), units, shares=vote, majority=vote, bound=bound):
        return ""
    return messages.TIME_NOT_FIXED if set(units) <= set(PERIODS) else messages.COUNT_NOT_FIXED


def summary_cover(asked: set[str], entry: FaqEntry, leave_out: str = "") -> float:
    """The largest share of `asked` (a question's topic words) that one phrasing of `entry` holds.

    `leave_out` drops one phrasing (benchmarks/tune_summary.py asks each variant against the others).
    """
    if not asked:
        return 0.0
    forms = [f for f in (entry.question, *entry.variants) if f != leave_out]
    return max((len(asked & _content_words(f)) / len(asked) for f in forms), default=0.0)


def fits_intent(entry: FaqEntry, intent: Intent) -> bool:
    """True when a booklet entry answers a question of this intent (see AnswerService._faq_summary)."""
    theirs = read_intent(" ".join((entry.question, *entry.variants)))
    if (theirs.settings & _OTHER_SETTINGS) != (intent.settings & _OTHER_SETTINGS):
        return False
    if opens_with_yes_no(entry.answer) and not intent.wants(AnswerKind.YES_NO):
        return False
    if intent.wants(AnswerKind.AMOUNT) and not _STATES_COUNT.search(fold_key(entry.answer)):
        return False  # "tối thiểu", "tất cả" alone state no number: a "mấy / bao nhiêu" question needs one
    if intent.wants(AnswerKind.ACTOR) and not _NAMES_BODY.search(fold_key(entry.answer)):
        return False  # "người dân", "cơ quan" alone name no one: "ai quyết định" needs the body or the post
    return all(sentence_answers(entry.answer, k) for k in _NEEDS if intent.wants(k))


def _content_words(text: str) -> set[str]:
    """The topic words of `text` as a set, read as the sentence model reads them (answers.sentences).

    Abbreviations are read in full first, so an entry written "ban TTND" still covers a question that spells
    the board out.
    """
    return set(content_words(text))


@dataclass(frozen=True)
class _Found:
    """Hits searched for a question (best first) and the evidence behind them (answers.evidence's shapes)."""

    hits: list[HitLike]
    evidence: EvidenceLike
    # where a figure asked for is looked for, when not in the hits' first articles by their scores (_near): two
    # readings fused hold the scores of two searches side by side
    near: list[Article] | None = None


def _position(hits: Sequence[HitLike], article_id: str) -> int:
    """The 1-based rank of `article_id` among `hits`, or one past the end when they do not hold it."""
    return next((i for i, h in enumerate(hits, start=1) if h.article.id == article_id), len(hits) + 1)


def _fused(order: Sequence[str], first: _Found, second: _Found) -> _Found:
    """Two readings' hits in the fused `order`, answered as the `first` reading: its evidence, and its near articles.

    A figure asked for is looked for in the fused answer's article and in those the first reading finds near its
    own best by its own scores (_near), not in a further article the other reading ranked on another scale.
    """
    hits = _in_order(order, first, second)
    if not hits:
        return _Found(hits, first.evidence)
    best = hits[0].article
    return _Found(hits, first.evidence, [best, *(a for a in _near(first.hits) if a.id != best.id)][:NEAR_MAX])


def _in_order(order: Sequence[str], first: _Found, second: _Found) -> list[HitLike]:
    """The hits of both searches in the fused `order`, each taken from `first` where it has it."""
    by_id = {h.article.id: h for h in second.hits} | {h.article.id: h for h in first.hits}
    return [by_id[article_id] for article_id in order[:MAX_CITATIONS] if article_id in by_id]


def _reply(question: str, blocks: Sequence[Block], refused: bool, citations: tuple[CitedArticle, ...],  # noqa: PLR0917
           related: tuple[CitedArticle, ...], started: float, notice: str) -> Reply:
    """The Reply value with its two renderings; a notice, if any, comes first."""
    shown = ((Block(Part.NOTICE, notice),) if notice else ()) + tuple(blocks)
    return Reply(question, to_html(shown), to_plain(shown), refused, citations, related, _ms(started), notice,
                 shown)


def _understood(reply: Reply, asked: str) -> Reply:
    """`reply` opened by one line saying how the message was understood, so the user can correct it."""
    blocks = (Block(Part.NOTICE, messages.UNDERSTOOD_AS.format(asked)), *reply.blocks)
    return dataclasses.replace(reply, html=to_html(blocks), text=to_plain(blocks), blocks=blocks, understood=asked)


def _whole_article(article: Article) -> list[Block]:
    """A whole article: its label and effective date, its title, then every clause quoted."""
    since = effective_text(article.citation)
    head = article_label(article) + (f", {messages.IN_FORCE_SINCE.format(since)}" if since else "")
    title = f"Điều {article_number(article)}. {article.title}"
    if is_placeholder(article):
        return [Block(Part.BASIS, head, title), Block(Part.NOTE, messages.PLACEHOLDER_TEXT)]
    return [Block(Part.BASIS, head, title), *(Block(Part.QUOTE, c.text) for c in article.clauses)]


def _ms(started: float) -> float:
    return round((time.perf_counter() - started) * 1000, 2)


def _cited(article: Article, score: float) -> CitedArticle:
    return CitedArticle(id=article.id, label=article_label(article), title=article.title, score=score,
                        number=button_label(article))


def load_service(settings: Settings, folder: Path | None = None) -> AnswerService:
    """Load the serving index (or the built `folder`) and wrap it; raises the index's errors as they are."""
    from index.store import load_index
    from index.subject_map import shared_holder

    index = load_index(settings, folder=folder)
    knobs = settings.subject_map
    return AnswerService(index, confident=CosineThreshold(settings.retrieval.refusal_min_cosine),
                         max_question_chars=settings.telegram.max_question_chars,
                         subject_map=shared_holder(settings.state_dir, settings.collection is not None),
                         edge=EdgeRule(knobs.withdraw_below, knobs.name_ratio, Withdrawal(
                             knobs.withdraw_bias, knobs.withdraw_dense, knobs.withdraw_lead, knobs.withdraw_foreign,
                             knobs.withdraw_title)))
