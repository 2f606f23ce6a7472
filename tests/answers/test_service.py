"""The answer path over a hand-made search result: what is quoted, summarised, cited and refused."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from types import SimpleNamespace

from answers.service import AnswerService
from knowledge.model import Article, Citation, Clause, FaqEntry

CITATION = Citation("4", "99/2099/QH99", "Luật", "Luật mẫu về thôn", effective=dt.date(2099, 7, 1))
ARTICLE = Article(
    id="99.1.LQ.4", title="Góp tiền làm đường thôn", citation=CITATION, text="",
    clauses=(Clause("1", "Việc góp tiền làm đường do các hộ bàn tại cuộc họp thôn."),
             Clause("2", "Mức góp được thông qua khi quá nửa số hộ dự họp đồng ý."),
             Clause("3", "Bảng thu chi được dán công khai ba mươi ngày.")),
    document_id="luat-mau",
)
FAQ = [
    FaqEntry("faq-1", "Thu tiền làm đường trong thôn cần bao nhiêu hộ đồng ý?", "Cần quá nửa số hộ dự họp.",
             ("99.1.LQ.4",)),
    FaqEntry("faq-2", "Bảng thu chi phải dán ở nhà văn hóa bao lâu?", "Ít nhất ba mươi ngày.", ("99.1.LQ.4",)),
]


@dataclass(frozen=True)
class Match:
    clause_number: str
    score: float


@dataclass(frozen=True)
class FakeHit:
    article: Article
    score: float
    clauses: tuple[Match, ...]
    faq_ids: tuple[str, ...]


def service(hit: FakeHit, *, cosine: float = 0.95) -> AnswerService:
    result = SimpleNamespace(hits=[hit], evidence=SimpleNamespace(dense_top=cosine, lexical_top=10.0))
    index = SimpleNamespace(faq=FAQ, articles={ARTICLE.id: ARTICLE}, documents=[],
                            search_with_evidence=lambda _q, k: result)
    return AnswerService(index, confident=lambda _q, _h, e: e.dense_top >= 0.87)


HIT = FakeHit(ARTICLE, 1.0, (Match("2", 0.9), Match("1", 0.5)), ("faq-1", "faq-2"))


def test_quotes_the_best_clause_with_its_citation_and_date() -> None:
    reply = service(HIT).answer("xóm em thu tiền làm đường thì cần mấy hộ đồng ý")
    assert not reply.refused
    assert "Khoản 1, 2, 3 Điều 4 Luật Mẫu về thôn (99/2099/QH99), hiệu lực từ 01/07/2099" in reply.text
    assert "quá nửa số hộ dự họp đồng ý" in reply.text
    # the three short clauses fit the quote's budget, so all are shown and none is left behind «Toàn văn»
    assert "Bảng thu chi được dán công khai ba mươi ngày." in reply.text and "(còn" not in reply.text


def test_summary_comes_from_the_booklet_question_that_asks_the_same() -> None:
    reply = service(HIT).answer("thu tien lam duong can bao nhieu ho dong y")
    assert reply.text.startswith("Cần quá nửa số hộ dự họp.\n\nCăn cứ:")


def test_summary_matching_reads_abbreviations_in_full() -> None:
    board = Article(id="99.1.LQ.9", title="Ban thanh tra nhân dân", citation=CITATION, text="",
                    clauses=(Clause("1", "Ban có ít nhất năm thành viên."), Clause("2", "Nhiệm kỳ là năm năm.")),
                    document_id="luat-mau")
    faq = [FaqEntry("faq-size", "Ban thanh tra nhân dân ở xã có bao nhiêu thành viên?", "Ít nhất năm người.",
                    (board.id,)),
           FaqEntry("faq-term", "Nhiệm kỳ ban TTND là bao lâu?", "Năm năm.", (board.id,))]
    hit = FakeHit(board, 1.0, (Match("2", 0.9),), ("faq-size", "faq-term"))
    result = SimpleNamespace(hits=[hit], evidence=SimpleNamespace(dense_top=0.95, lexical_top=10.0))
    index = SimpleNamespace(faq=faq, articles={board.id: board}, documents=[],
                            search_with_evidence=lambda _q, k: result)
    reply = AnswerService(index, confident=lambda _q, _h, _e: True).answer("ban thanh tra nhan dan nhiem ky may nam")
    # the entry about the term, written "TTND", covers the question; the one about the size only its subject
    assert reply.text.startswith("Năm năm.\n\nCăn cứ:")


def test_no_summary_when_no_booklet_question_asks_the_same() -> None:
    reply = service(HIT).answer("trưởng thôn phải báo cáo gì với xã")
    assert not any(entry.answer in reply.text for entry in FAQ)
    assert reply.text.startswith("Khoản 2 Điều 4: «")  # the law's own sentence leads instead
    assert "Khoản 2 Điều 4" in reply.text


def test_weak_evidence_is_refused_but_nearest_articles_are_still_cited() -> None:
    reply = service(HIT, cosine=0.5).answer("giá lúa hôm nay")
    assert reply.refused
    assert "chưa tìm thấy" in reply.text
    assert reply.citations[0].id == ARTICLE.id
    assert "Góp tiền làm đường thôn" in reply.text


def test_greeting_gets_a_friendly_word_not_a_law() -> None:
    reply = service(HIT).answer("alo bot ơi")
    assert reply.refused and not reply.citations
    assert "Xin chào" in reply.text


def test_a_clause_that_refers_to_another_article_offers_it_first() -> None:
    matters = Article(id="99.1.LQ.2", title="Việc thôn bàn", citation=Citation("2", "99/2099/QH99", "Luật", "Luật mẫu"),
                      text="", clauses=(Clause("", "Thôn bàn việc góp tiền làm đường."),), document_id="luat-mau")
    rule = Article(id="99.1.LQ.5", title="Biểu quyết", citation=Citation("5", "99/2099/QH99", "Luật", "Luật mẫu"),
                   text="", clauses=(Clause("1", "Việc quy định tại Điều 2 của Luật này cần hai phần ba số hộ."),),
                   document_id="luat-mau")
    hit = FakeHit(rule, 1.0, (Match("1", 0.9),), ())
    other = FakeHit(ARTICLE, 0.5, (Match("1", 0.4),), ())
    result = SimpleNamespace(hits=[hit, other], evidence=SimpleNamespace(dense_top=0.95, lexical_top=10.0))
    articles = {a.id: a for a in (matters, rule, ARTICLE)}
    index = SimpleNamespace(faq=[], articles=articles, documents=[], search_with_evidence=lambda _q, k: result,
                            article_by_number=lambda n, _doc: [a for a in articles.values()
                                                               if a.citation.article_number == n])
    reply = AnswerService(index, confident=lambda _q, _h, _e: True).answer("góp tiền làm đường cần bao nhiêu hộ")
    buttons = [(a.id, a.number) for a in reply.related]  # a law other than 10/2022 is named on its buttons
    assert buttons == [("99.1.LQ.2", "2 Luật 99/2099"), ("99.1.LQ.4", "4 Luật 99/2099")]
    assert reply.text.startswith("Khoản 1 Điều 5: «Việc quy định tại Điều 2 của Luật này cần hai phần ba số hộ.»")


def test_an_article_with_only_a_placeholder_is_never_quoted_as_the_rule() -> None:
    from answers import messages
    from knowledge.model import is_placeholder

    empty = Article(id="99.1.LQ.10", title="Tiêu chuẩn của thôn", citation=Citation("10", "99/2099/QH99", "Luật",
                    "Luật mẫu"), text="(Đang cập nhật - xem toàn văn trên trang khác)",
                    clauses=(Clause("", "(Đang cập nhật - xem toàn văn trên trang khác)"),), document_id="luat-mau")
    assert is_placeholder(empty) and not is_placeholder(ARTICLE)
    result = SimpleNamespace(hits=[FakeHit(empty, 1.0, (), ()), FakeHit(ARTICLE, 0.5, (), ())],
                             evidence=SimpleNamespace(dense_top=0.95, lexical_top=10.0))
    index = SimpleNamespace(faq=[], articles={a.id: a for a in (empty, ARTICLE)}, documents=[],
                            search_with_evidence=lambda _q, k: result, article_by_number=lambda n, _doc: [empty])
    service = AnswerService(index, confident=lambda _q, _h, _e: True)
    reply = service.answer("thôn phải có bao nhiêu hộ")
    assert reply.refused and "Đang cập nhật - xem" not in reply.text
    assert reply.text.startswith(messages.PLACEHOLDER_ARTICLE.split("{")[0]) and "Điều 4" in reply.text
    looked_up = service.answer("điều 10")
    assert messages.PLACEHOLDER_TEXT in looked_up.text and "xem toàn văn trên trang khác" not in looked_up.text


VIOLATIONS = Article(
    id="99.1.LQ.9", title="Xử lý vi phạm", citation=Citation("9", "99/2099/QH99", "Luật", "Luật mẫu về thôn"),
    text="", clauses=(Clause("1", "Người vi phạm thì tùy theo tính chất, mức độ mà bị xử phạt vi phạm hành chính."),),
    document_id="luat-mau",
)
DECREE = Article(
    id="99.1.NĐ.1.3", title="Hương ước", citation=Citation("3", "9/2099/NĐ-CP", "Nghị định", "Nghị định mẫu"),
    text="", clauses=(Clause("1", "Hương ước có thể quy định biện pháp khen thưởng, xử lý vi phạm phù hợp."),),
    document_id="nghi-dinh-mau",
)


def _penalty_service(best: Article) -> AnswerService:
    hit = FakeHit(best, 0.9, (Match("1", 0.9),), ())
    result = SimpleNamespace(hits=[hit], evidence=SimpleNamespace(dense_top=0.95, lexical_top=10.0))
    articles = {a.id: a for a in (ARTICLE, VIOLATIONS, DECREE)}
    index = SimpleNamespace(faq=FAQ, articles=articles, documents=[], search_with_evidence=lambda _q, k: result)
    return AnswerService(index, confident=lambda _q, _h, e: e.dense_top >= 0.87)


def test_a_fine_asked_for_is_answered_by_the_article_on_handling_violations() -> None:
    from answers import messages

    # what the texts say of a penalty is in the article on handling violations, not the one on the duty broken
    reply = _penalty_service(ARTICLE).answer("không dán bảng thu chi thì bị phạt bao nhiêu tiền?")
    assert reply.text.startswith(messages.FIGURE_NOT_FIXED)
    assert [c.id for c in reply.citations[:2]] == ["99.1.LQ.9", "99.1.LQ.4"]
    assert "xử phạt vi phạm hành chính" in reply.text
    # a decree's best article keeps its place (it may hold its own measures); the law's comes second
    decree = _penalty_service(DECREE).answer("vi phạm hương ước thì bị phạt bao nhiêu tiền")
    assert [c.id for c in decree.citations[:2]] == ["99.1.NĐ.1.3", "99.1.LQ.9"]
    # no fine asked: nothing moves
    plain = _penalty_service(ARTICLE).answer("bảng thu chi dán bao lâu")
    assert [c.id for c in plain.citations] == ["99.1.LQ.4"]


def test_asks_fine_needs_a_fine_and_an_amount_asked() -> None:
    from answers.figures import asks_fine

    assert asks_fine("cán bộ xã để lộ tên người tố cáo thì bị phạt bao nhiêu tiền?")
    assert asks_fine("làm sai thì phạt bao nhiêu") and asks_fine("mức xử phạt là bao nhiêu")
    assert not asks_fine("người vi phạm có bị xử phạt không?")
    assert not asks_fine("phụ cấp trưởng thôn bao nhiêu")
