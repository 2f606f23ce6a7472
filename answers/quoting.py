"""What a reply quotes: the sentences of its answer line and the clauses shown under its basis.

Pure functions over an article and the sentence model's ranking (answers.sentences): which sentence leads
(a figure for "bao nhiêu / bao lâu", never a bare introduction or a catch-all item), when two sentences or
two articles share the answer line, which clauses are quoted (the answer's, a list's lead-in, the clauses the
answer refers to, then the next likeliest within QUOTE_BUDGET), and how a long clause is cut for a phone.
Nothing here composes legal text: every string returned is the law's own words or a place label.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from answers import messages
from answers.evidence import HitLike
from answers.intent import AnswerKind, Intent
from answers.sentences import ScoredSentence, Sentence, is_catch_all, split_sentences, top_share
from knowledge.model import Article, Clause, is_training
from knowledge.naming import article_number, clause_label
from knowledge.text import fold_key

QUOTE_BUDGET = 1200  # characters of law text in the first message; the rest is behind «Toàn văn»


_FIGURE = re.compile(r"\d|phần ba|phần tư|phần trăm|một nửa|quá nửa|quá bán|chậm nhất|thường xuyên")


def prefer_figures(ranked: list[ScoredSentence], intent: Intent, within: int = 3) -> Sentence | None:
    """The best sentence; for a "how many / how long" question, the best of the top few that states a figure."""
    if not ranked:
        return None
    if intent.wants(AnswerKind.AMOUNT) or intent.wants(AnswerKind.TIME):
        for scored in ranked[:within]:
            if _FIGURE.search(scored.sentence.text.lower()):
                return scored.sentence
    return ranked[0].sentence


LIST_ITEM_CHARS = 220  # each item of a whole list shown for "những gì / gồm" questions
LIST_INTRO_CHARS = 260  # a list's introducing sentence longer than this is not put before an item
LIST_INTRO_SHORT = 120  # a longer one is shown from its last comma on


def by_number_lead(article: Article) -> str:
    """The article's lead-in ("… các nội dung sau đây:"), or "" when it has none."""
    lead = next((c.text for c in article.clauses if not c.number), "")
    return lead if lead.rstrip().endswith(":") else ""


def complete_lead_in(anchor: Sentence | None, ranked: list[ScoredSentence], intent: Intent) -> Sentence | None:
    """A sentence that only introduces what follows ("… theo quy định sau:") gives way to the one after it.

    For a "những gì" question the introduction stays: the list under it is shown whole.
    """
    if anchor is None or not anchor.text.rstrip().endswith(":") or intent.wants(AnswerKind.LIST):
        return anchor
    after = [r.sentence for r in ranked if r.sentence.clause_index == anchor.clause_index
             and r.sentence.index > anchor.index]
    return min(after, key=lambda s: s.index) if after else anchor


CLOSE_ARTICLES = 0.8  # the next article's retrieval score at least this share of the best's: a close call


def close_call(best: HitLike, runner: HitLike) -> bool:
    """Whether retrieval could hardly tell `best` from `runner` (same kind of law text, scores within 20%)."""
    if best.score <= 0 or is_training(runner.article):
        return False
    return runner.score / best.score >= CLOSE_ARTICLES


UNSURE_SHARE = 0.4  # below this share of the model's belief the answer line shows its first two sentences
PAIR_CHARS = 520  # ... when the two fit in about this many characters, so the line stays within a phone screen


def runner_up(ranked: list[ScoredSentence], anchor: Sentence | None, intent: Intent) -> Sentence | None:
    """The next likeliest answering sentence, when the model is unsure of `anchor` and the two are short enough.

    A sentence that only introduces what follows ("… sau đây:") or only says there may be more (a catch-all
    item) is no answer of its own; for a "how many / how long" question the runner-up must state a figure too.
    """
    if anchor is None or len(ranked) < 2 or top_share(ranked) >= UNSURE_SHARE:
        return None
    figures = intent.wants(AnswerKind.AMOUNT) or intent.wants(AnswerKind.TIME)
    for scored in ranked[:3]:
        s = scored.sentence
        if s == anchor or s.text.rstrip().endswith(":") or is_catch_all(s.text) or (
                figures and not _FIGURE.search(s.text.lower())):
            continue
        return s if len(anchor.text) + len(s.text) <= PAIR_CHARS else None
    return None


def place_label(article: Article, sentence: Sentence) -> str:
    """Where a sentence stands: "Khoản 2 Điều 17", or "Điều 17" for a lead-in or an unnumbered article."""
    number = article_number(article)
    return f"Khoản {sentence.clause_number} Điều {number}" if sentence.clause_number else f"Điều {number}"


def quote_line(article: Article, sentence: Sentence, intro: str, *, full: bool = False) -> str:
    """One quoted sentence of the answer line with its place, after the list's introduction when it has one.

    The place is "Khoản 2 Điều 17", or with `full` the whole label with its document (beside another document's
    sentence).
    """
    body = f"{intro} … {sentence.text}" if intro else sentence.text
    where = clause_label(article, [sentence.clause_number]) if full else place_label(article, sentence)
    heading = "" if intro else list_heading(article, sentence)
    return f"{where} ({heading}): «{body}»" if heading else f"{where}: «{body}»"


# what a list's heading says of its items: forbidden, required, allowed ("Những việc … không được làm")
_GOVERNING = re.compile(r"(?<!\w)(?:khong duoc|phai|nghiem cam|bi cam|co quyen|co trach nhiem|duoc phep)(?!\w)")


def _from_governing_comma(text: str) -> str:
    """`text` from its last comma after which it still says what governs the list, with "… " before it.

    Whole when short or when no such comma is there: a cut must never drop "không được" or "phải".
    """
    if len(text) <= LIST_INTRO_SHORT:
        return text
    parts = text.split(", ")
    for i in range(len(parts) - 1, 0, -1):
        tail = ", ".join(parts[i:])
        if _GOVERNING.search(fold_key(tail)):
            return "… " + tail
    return text


def list_heading(article: Article, sentence: Sentence) -> str:
    """For a numbered clause of an article that is a list named by its title alone, that title, else "".

    "Điều 8. Những việc cán bộ … không được làm" has no lead-in sentence: its clauses are bare items
    ("Tự ý đặt ra các thủ tục …"), and only the title says they are forbidden. A title that starts with
    "Những" / "Các" and says what governs the items is shown beside the item's place (from its last comma
    when long); an article with a lead-in of its own has `list_intro` instead.
    """
    if not sentence.clause_number or sentence.point or by_number_lead(article):
        return ""
    folded = fold_key(article.title)
    if not folded.startswith(("nhung ", "cac ")) or not _GOVERNING.search(folded):
        return ""
    heading = _from_governing_comma(article.title.replace("\u00ad", "").strip())
    return heading if len(heading) <= LIST_INTRO_CHARS else ""


def list_intro(article: Article, anchor: Sentence) -> str:
    """For an answer that is one item of a list, the law's sentence introducing the list, else "".

    A point ("c) …") is introduced by the sentence before the clause's points ("Ủy ban nhân dân cấp xã có
    trách nhiệm sau đây:"); a numbered clause of an article that lists (Điều 11: "… phải công khai các nội
    dung sau đây:") by the article's lead-in. Without it the item alone does not say what it is an item of.
    """
    if anchor.point:
        intros = [s for s in split_sentences(article) if s.clause_index == anchor.clause_index
                  and s.index < anchor.index and s.text.rstrip().endswith(":") and not s.point]
        intro = intros[-1].text if intros else ""
    elif anchor.clause_number and anchor.index == 0:
        intro = by_number_lead(article)
    else:
        intro = ""
    intro = intro.replace("\u00ad", "")
    if len(intro) > LIST_INTRO_SHORT and ", " in intro:  # "Trừ …, chính quyền … phải công khai … sau đây:"
        intro = _from_governing_comma(intro) if _GOVERNING.search(fold_key(intro)) else (
            "… " + intro.rsplit(", ", 1)[1])
    return intro if len(intro) <= LIST_INTRO_CHARS else ""


def points_of(article: Article, anchor: Sentence) -> str:
    """Every point of the anchor's clause, one line each, shortened, within QUOTE_BUDGET; "" for fewer than 2."""
    starts = [s for s in split_sentences(article) if s.clause_index == anchor.clause_index and s.point]
    if len(starts) < 2:
        return ""
    return "\n".join(_within([], [_shortened(s.text) for s in starts], QUOTE_BUDGET // 2))


def wants_whole_list(intent: Intent, article: Article) -> bool:
    """True for a "những gì / gồm / hình thức nào" question about an article that is a list of clauses."""
    if not intent.wants(AnswerKind.LIST) or intent.kinds & {AnswerKind.AMOUNT, AnswerKind.TIME, AnswerKind.MONEY}:
        return False
    items = [c for c in article.clauses if c.number]
    short_items = all(len(c.text) <= LIST_ITEM_CHARS * 2 for c in items)
    return len(items) >= 3 and (bool(by_number_lead(article)) or short_items)


def compact_list(article: Article) -> str:
    """The article's lead-in and each clause's first line, shortened, within QUOTE_BUDGET characters."""
    lead = [by_number_lead(article)] if by_number_lead(article) else []
    firsts = [_shortened(c.text.replace("\u00ad", "").split("\n", 1)[0].strip()) for c in article.clauses if c.number]
    return "\n".join(_within(lead, firsts, QUOTE_BUDGET))


def _shortened(item: str) -> str:
    """A list item cut at a word to about LIST_ITEM_CHARS, marked with "…" when cut."""
    return item if len(item) <= LIST_ITEM_CHARS else item[:LIST_ITEM_CHARS].rsplit(" ", 1)[0] + " …"


def _within(shown: list[str], more: Sequence[str], budget: int, *, keep_one: bool = False) -> list[str]:
    """`shown` and then as many of `more` as fit in `budget` characters, marked with QUOTE_CUT where cut.

    With `keep_one` the first of `more` is kept even when it alone is over the budget (and nothing is shown yet).
    """
    out = list(shown)
    size = sum(len(x) for x in out)
    for item in more:
        if size + len(item) > budget and not (keep_one and size == 0):
            out.append(messages.QUOTE_CUT)
            break
        out.append(item)
        size += len(item)
    return out


def quoted_clauses(article: Article, anchor: Sentence | None, scores: dict[str, float],
                    second: Sentence | None = None) -> list[Clause]:
    """The clause holding the answer sentence, the best-matched clause if it is another, and a list's lead-in.

    With a `second` answer sentence (the model unsure between two), its clause takes the best-matched one's
    place.

    When the answer is an item of a list introduced by the article's lead-in ("… các nội dung sau đây:"),
    the lead-in comes first so the item keeps its meaning. Returned in the article's order.
    """
    by_number = {c.number: c for c in article.clauses}
    chosen: list[Clause] = []
    if anchor is not None and anchor.clause_number in by_number:
        chosen.append(by_number[anchor.clause_number])
    ranked = sorted(scores.items(), key=lambda kv: -kv[1])
    if second is not None and second.clause_number in by_number:
        ranked = [(second.clause_number, 1.0)]
    if ranked:
        top_number, top_score = ranked[0]
        top = by_number.get(top_number)
        fits = not chosen or (top_score > 0 and len(chosen[0].text) + len(top.text) <= QUOTE_BUDGET)
        if top is not None and top not in chosen and fits:
            chosen.append(top)
    if not chosen and article.clauses:
        chosen = [article.clauses[0]]
    lead = by_number.get("")
    if lead is not None and lead not in chosen and lead.text.rstrip().endswith(":") and any(
            c.number for c in chosen):
        chosen.append(lead)
    return in_article_order(article, chosen)


# "quy định tại điểm b khoản 1 Điều này", "các khoản 2 và 3 Điều này": a clause of the same article
_SAME_ARTICLE = re.compile(r"khoản ((?:\d+(?:, | và )(?:điểm [a-zđ] )?(?:khoản )?)*\d+) Điều này", re.IGNORECASE)


def with_referenced_clauses(article: Article, clauses: list[Clause], answer: Sequence[Sentence]) -> list[Clause]:
    """`clauses` with those of the same article that the answer sentences refer to ("khoản 1 Điều này").

    The reader is then shown what "trường hợp quy định tại điểm b khoản 1 Điều này" is, instead of having to
    open the whole article. Returned in the article's order.
    """
    wanted = {n for s in answer for m in _SAME_ARTICLE.finditer(s.text) for n in re.findall(r"\d+", m.group(1))}
    extra = [c for c in article.clauses if c.number in wanted and c not in clauses]
    if not extra:
        return clauses
    return in_article_order(article, [*clauses, *extra])


FILL_FROM = 5  # the clauses of the model's first few sentences may fill what is left of the quote's budget


def fill_quote(article: Article, clauses: list[Clause], ranked: Sequence[ScoredSentence]) -> list[Clause]:
    """`clauses` and, while the quote stays within QUOTE_BUDGET, the clauses of the next likeliest sentences.

    A question often asks two things ("ai ký và gửi trong bao lâu"); the clause holding the second would
    otherwise sit behind "còn N khoản khác". The added clauses come after `clauses`, in the article's order,
    so the clause that answers stays the first one read.
    """
    chosen = list(clauses)
    size = sum(len(c.text) for c in chosen)
    by_number = {c.number: c for c in article.clauses}
    added: list[Clause] = []
    for scored in ranked[:FILL_FROM]:
        clause = by_number.get(scored.sentence.clause_number)
        if clause is None or clause in chosen or clause in added or size + len(clause.text) > QUOTE_BUDGET:
            continue
        added.append(clause)
        size += len(clause.text)
    return chosen + in_article_order(article, added)


def in_article_order(article: Article, clauses: Sequence[Clause]) -> list[Clause]:
    """`clauses` in the order they stand in `article` (one not found in it first)."""
    order = {c.number: i for i, c in enumerate(article.clauses)}
    return sorted(clauses, key=lambda c: order.get(c.number, 0))


def clause_numbers(article: Article, clauses: Sequence[Clause]) -> list[str]:
    """The numbers of `clauses` in the article's order, for the basis line ("Khoản 1, 6, 10")."""
    return [c.number for c in in_article_order(article, clauses)]


def shown_text(clause: Clause, anchor: Sentence | None) -> str:
    """The clause as quoted on a phone: whole when short, else the part around the answer sentence.

    Long clauses keep their first line (the number and lead-in), the answer sentence and what follows it up to
    QUOTE_BUDGET characters; what is left out is marked, and «Toàn văn» shows the whole article.
    """
    text = clause.text.replace("\u00ad", "")
    if len(text) <= QUOTE_BUDGET:
        return text
    lines = [ln for ln in text.split("\n") if ln.strip()]
    start = 0
    if anchor is not None and anchor.clause_number == clause.number:
        start = next((i for i, ln in enumerate(lines) if anchor.text in ln), 0)
    shown = [lines[0]] if start > 0 else []
    if start > 1:
        shown.append(messages.QUOTE_CUT)
    return "\n".join(_within(shown, lines[start:], QUOTE_BUDGET, keep_one=True))


def without(quote: str, sentence: str) -> str:
    """`quote` with `sentence` taken out, or "" when nothing but the clause number would be left."""
    rest = quote.replace(sentence, "…", 1)
    return "" if re.fullmatch(r"[\s\d.…]*", rest) else rest
