"""Follow-up questions: reading whether a message leans on the previous turn, and answering it in context."""

from __future__ import annotations

import dataclasses
from types import SimpleNamespace

from answers import messages
from answers.dialogue import (
    MAX_CARRIED,
    FollowUp,
    Turn,
    fuse_rankings,
    names_own_topic,
    read_follow_up,
    standalone,
    stands_alone,
    topic_phrases,
)
from answers.dialogue_eval import Dialogue, DialogueTurn, evaluate_dialogues
from answers.edge import EdgeRule
from answers.intent import Setting, without_settings
from answers.reply import CitedArticle, Reply
from answers.sentences import content_words
from answers.service import AnswerService
from index.subject_map import SubjectMatch
from knowledge.model import Clause
from tests.answers.test_service import ARTICLE, FakeHit, Match


def test_follow_ups_are_read_from_their_wording() -> None:
    assert read_follow_up("còn ở tổ dân phố thì sao?") is FollowUp.ELLIPTICAL
    assert read_follow_up("thế nếu không đủ số hộ?") is FollowUp.ELLIPTICAL
    assert read_follow_up("vay ai ky bien ban") is FollowUp.ELLIPTICAL  # without diacritics too
    assert read_follow_up("điều đó ở văn bản nào?") is FollowUp.SOURCE
    assert read_follow_up("đọc toàn văn điều đó") is FollowUp.FULL_TEXT
    assert read_follow_up("giải thích rõ hơn được không") is FollowUp.FULL_TEXT
    assert read_follow_up("bảng kê thu chi của xã phải niêm yết bao lâu") is FollowUp.NONE
    assert read_follow_up("Ban thanh tra nhân dân xã có mấy người") is FollowUp.NONE


def test_a_follow_up_is_made_standalone_keeping_what_was_asked() -> None:
    previous = "họp bầu trưởng thôn cần bao nhiêu hộ dự?"
    assert standalone(previous, "còn ở tổ dân phố thì sao?") == "ở tổ dân phố, họp bầu trưởng thôn cần bao nhiêu hộ dự"
    asked_own = standalone(previous, "vậy ai ký biên bản?")
    assert asked_own.startswith("ai ký biên bản, ") and "trưởng thôn" in asked_own and "bao nhiêu" not in asked_own


def test_the_previous_topic_is_carried_in_whole_phrases_as_typed() -> None:
    previous = "có quyết định rồi thì xã phải công khai chậm nhất mấy ngày"
    assert standalone(previous, "o cong ty nha nuoc thi han la bao nhieu") == \
        "o cong ty nha nuoc thi han la bao nhieu, quyết định, công khai chậm nhất"  # the company, not the commune
    # "nhà", "cơ", "ban" are no topic words alone, but stay inside a phrase and at its ends when typed bare
    assert topic_phrases("o doanh nghiep nha nuoc thi gui cho ai") == ["doanh nghiep nha nuoc"]
    assert topic_phrases("ban thanh tra nhân dân xã gồm bao nhiêu người") == ["ban thanh tra nhân dân xã"]
    assert topic_phrases("co quan co phai cong khai ban ke khai tai san ko") == \
        ["co quan", "cong khai ban ke khai tai san"]
    assert standalone("ban TTND o thon bao cao gi", "ai to chuc") == "ai to chuc, ban TTND o thon bao cao"


def test_what_a_conversation_carries_stays_short_however_long_it_runs() -> None:
    question = "thon lam duong be tong dan gop tien co lap ban giam sat dau tu cong dong ko"
    follow_ups = ["it nhat may nguoi", "đại diện dân thì tối đa bao nhiêu", "còn ở tổ dân phố thì sao",
                  "ai ký quyết định thành lập", "thế phải báo trước mấy ngày", "còn ở xã bên thì sao"] * 3
    lengths = []
    for message in follow_ups:
        question = standalone(question, message)
        carried = question.split(", ", 1)[1] if ", " in question else ""
        assert len(set(content_words(carried))) <= max(MAX_CARRIED, 20)
        lengths.append(len(question.split()))
    assert max(lengths) <= 40 and lengths[-1] <= lengths[5] + 10  # bounded, not growing turn by turn


def test_a_follow_up_is_answered_in_context_and_a_new_topic_is_not(bot_service) -> None:
    first = bot_service.answer("người đứng đầu xóm làm mấy năm")
    assert first.turn == Turn(first.turn.question, "44.13.LQ.4", first.turn.at)
    follow = bot_service.answer("thế cho thôi việc thì cần bao nhiêu hộ có đơn?", first.turn)
    assert follow.best is not None and follow.best.id == "44.13.LQ.5"
    source = bot_service.answer("điều đó ở văn bản nào?", first.turn)
    assert source.best is not None and source.best.id == "44.13.LQ.4" and "10/2022/QH15" in source.text
    assert source.text.startswith("Hiểu câu hỏi là")
    whole = bot_service.answer("đọc toàn văn điều đó", first.turn)
    assert "hai năm rưỡi" in whole.text and "hơn một nửa số hộ đi bầu" in whole.text
    new = bot_service.answer("bảng kê thu chi phải dán ở nhà sinh hoạt cộng đồng bao lâu", first.turn)
    assert new.best is not None and new.best.id == "44.13.LQ.3" and not new.understood
    thanks = bot_service.answer("cảm ơn bot nhé", first.turn)
    assert not thanks.understood and thanks.turn is None  # small talk neither leans on nor replaces the context


def test_without_context_the_same_follow_up_is_answered_alone(bot_service) -> None:
    alone = bot_service.answer("điều đó ở văn bản nào?")
    assert not alone.understood and (alone.refused or alone.best is None or alone.best.id != "44.13.LQ.4")


def test_dialogue_evaluation_counts_follow_ups_new_topics_and_out_of_scope(bot_service) -> None:
    dialogues = [Dialogue("x1", (
        DialogueTurn("người đứng đầu xóm làm mấy năm", ("44.13.LQ.4",)),
        DialogueTurn("thế cho thôi việc thì cần bao nhiêu hộ có đơn?", ("44.13.LQ.5",)),
        DialogueTurn("còn giá vàng hôm nay thì sao", ()),
        DialogueTurn("bảng kê thu chi phải dán ở nhà sinh hoạt cộng đồng bao lâu", ("44.13.LQ.3",), new_topic=True),
    ))]
    result = evaluate_dialogues(bot_service.answer, dialogues)
    assert result["followup_n"] == 1 and result["followup_hit@1"] == 1.0
    assert result["new_topic_n"] == 1 and result["new_topic_hit@1"] == result["new_topic_alone_hit@1"] == 1.0
    assert result["followup_oos_n"] == 1 and result["first_hit@1"] == 1.0
    assert result["followup_refused"] == 0.0


def test_out_of_scope_follow_ups_count_refused_strictly_and_handled_with_the_not_fixed_notice() -> None:
    cited = (CitedArticle("44.13.LQ.4", "Điều 4", "Bầu trưởng thôn", 1.0),)

    def reply(question: str, text: str, refused: bool) -> Reply:
        return Reply(question, text, text, refused, cited, (), 1.0, turn=Turn(question, "44.13.LQ.4"))

    replies = {"bầu trưởng thôn cần mấy hộ": reply("a", "Điều 4 …", False),
               "thế phụ cấp bao nhiêu tiền": reply("b", f"{messages.FIGURE_NOT_FIXED}\nĐiều 4 …", False),
               "còn giá vàng thì sao": reply("c", messages.REFUSAL, True),
               "còn tiền điện thì sao": reply("d", "Điều 4 …", False)}
    dialogues = [Dialogue("x", (DialogueTurn("bầu trưởng thôn cần mấy hộ", ("44.13.LQ.4",)),
                                *(DialogueTurn(q, ()) for q in list(replies)[1:])))]
    details: list[dict[str, object]] = []
    result = evaluate_dialogues(lambda q, _context: replies[q], dialogues, details)
    assert result["followup_oos_n"] == 3
    assert result["followup_oos_refused"] == round(1 / 3, 4)  # only the refusal
    assert result["followup_oos_handled"] == round(2 / 3, 4)  # the refusal and the not-fixed notice
    assert [d["not_fixed"] for d in details] == [False, True, False, False]


def test_a_follow_up_whose_own_words_the_article_lacks_is_not_carried_by_the_old_topic(bot_service) -> None:
    first = bot_service.answer("người đứng đầu xóm làm mấy năm")
    assert read_follow_up("còn lương thì sao") is FollowUp.ELLIPTICAL
    reply = bot_service.answer("còn lương thì sao", first.turn)
    assert not reply.understood  # "lương" is nowhere in the article the previous topic would lead to
    related = bot_service.answer("còn bỏ phiếu kín thì sao", first.turn)
    assert related.understood and related.best is not None and related.best.id == "44.13.LQ.4"


def test_two_readings_are_fused_so_an_article_both_rank_high_comes_first() -> None:
    alone = ["a", "b", "c"]
    leaning = ["b", "d", "a"]
    assert fuse_rankings(alone, leaning, weight=1.0)[:2] == ["b", "a"]  # b: 2nd and 1st; a: 1st and 3rd
    assert fuse_rankings(alone, [], weight=1.5) == alone  # without a standalone reading: the message's own order
    assert fuse_rankings(["a", "a", "b"], ["b"], weight=1.0) == ["b", "a"]  # each id counted once per ranking
    assert fuse_rankings(["x"], ["y"], weight=1.5) == ["y", "x"]  # the standalone reading weighs more


def test_a_message_of_its_own_words_is_ranked_with_the_previous_topic_too(bot_service) -> None:
    first = bot_service.answer("người đứng đầu xóm làm mấy năm")
    question = "cần bao nhiêu hộ đồng ý mới được"
    assert read_follow_up(question) is FollowUp.NONE
    alone = [c.id for c in bot_service.answer(question).citations[:3]]
    in_context = [c.id for c in bot_service.answer(question, first.turn).citations[:3]]
    assert "44.13.LQ.4" not in alone and "44.13.LQ.4" in in_context  # the election article the chat was about


class _TwoSubjectMap:
    """A subject map that puts the message alone in another field, and anything naming the road in ours."""

    def __init__(self, *messages: str) -> None:
        self._messages = messages

    def subjects_holding(self, _article_ids: object) -> frozenset[str]:
        return frozenset({"ours"})

    def rank(self, question: str, held: object = ()) -> list[SubjectMatch]:
        outside, ours = (10.0, 1.0) if question in self._messages else (1.0, 10.0)
        matches = [SubjectMatch("ho-tich", "Hộ tịch", "Luật Hộ tịch", outside), SubjectMatch("ours", "Thôn", "", ours)]
        return sorted(matches, key=lambda m: -m.score)

    def pointers(self, _question: str, _code: str) -> tuple[tuple[str, str], ...]:
        return ()

    articles = 1000  # the collection's size, for the share of a question's words the knowledge base never uses

    def term_counts(self, _question: str) -> tuple[tuple[str, int], ...]:
        return ()


def test_a_follow_up_the_map_places_elsewhere_alone_is_refused_although_its_context_is_ours() -> None:
    message, short = "còn góp tiền để khai sinh cho con thì sao", "thế dán mấy ngày"
    hit = FakeHit(ARTICLE, 1.0, (Match("1", 0.9),), ())

    def search(query: str, k: int) -> SimpleNamespace:  # both readings find the article on thin evidence
        return SimpleNamespace(hits=[hit], evidence=SimpleNamespace(dense_top=0.89, lexical_top=10.0))

    index = SimpleNamespace(faq=[], articles={ARTICLE.id: ARTICLE}, documents=[], search_with_evidence=search)
    service = AnswerService(index, confident=lambda _q, _h, e: e.dense_top >= 0.87,
                            subject_map=SimpleNamespace(current=_TwoSubjectMap(message, short)), edge=EdgeRule())
    context = Turn("thu tiền làm đường cần mấy hộ đồng ý", ARTICLE.id)
    assert names_own_topic(message)
    reply = service.answer(message, context)
    assert reply.refused and reply.subject == "Hộ tịch"  # judged on the message alone as well as in context
    assert not service.answer("góp tiền làm đường cần mấy hộ đồng ý", context).refused
    answered = service.answer(short, context)  # too short to name a subject: the map's guess on it alone is not asked
    assert not answered.refused and answered.understood


def test_a_message_too_short_to_name_a_topic_is_not_placed_by_the_map_on_its_own() -> None:
    assert not names_own_topic("thấy sai thì báo ai")  # its topic is the previous turn's: the map would guess
    assert not names_own_topic("điều đó ở văn bản nào")
    assert names_own_topic("thời hiệu khiếu nại quyết định hành chính là bao nhiêu ngày")


class _CountingEncoder:
    """The real encoder, counting the calls that embed queries."""

    def __init__(self, inner: object) -> None:
        self.inner, self.calls = inner, 0
        self.id, self.dim = inner.id, inner.dim  # type: ignore[attr-defined]

    def encode_queries(self, texts: list[str]) -> object:
        self.calls += 1
        return self.inner.encode_queries(texts)  # type: ignore[attr-defined]

    def encode_passages(self, texts: list[str]) -> object:
        return self.inner.encode_passages(texts)  # type: ignore[attr-defined]


def test_a_message_in_context_is_embedded_in_one_encoder_call_with_the_same_results(bot_service, monkeypatch) -> None:
    index = bot_service.index
    queries = ["thế cho thôi việc thì cần bao nhiêu hộ có đơn?", "cho thoi viec can bao nhieu ho co don, truong thon"]
    apart = [index.search_with_evidence(q, k=10) for q in queries]
    together = index.search_many(queries, k=10)
    assert [[(h.article.id, h.score) for h in r.hits] for r in together] == \
        [[(h.article.id, h.score) for h in r.hits] for r in apart]
    assert [r.evidence for r in together] == [r.evidence for r in apart]
    first = bot_service.answer("người đứng đầu xóm làm mấy năm")
    counting = _CountingEncoder(index.encoder)
    monkeypatch.setattr(index, "encoder", counting)
    bot_service.answer("thế cho thôi việc thì cần bao nhiêu hộ có đơn?", first.turn)
    assert counting.calls == 1  # the message as typed and its standalone question, embedded together


def test_a_question_of_its_own_found_surely_alone_keeps_its_own_ranking() -> None:
    other = dataclasses.replace(ARTICLE, id="99.1.LQ.5", title="Bầu trưởng thôn")
    message = "bảng thu chi làm đường phải dán công khai bao nhiêu ngày"
    own, old_topic = FakeHit(ARTICLE, 1.0, (Match("3", 0.9),), ()), FakeHit(other, 1.0, (Match("1", 0.9),), ())

    def index_for(cosine: float) -> SimpleNamespace:
        def search(query: str, k: int) -> SimpleNamespace:  # the standalone reading ranks the old topic first
            hits = [own, old_topic] if query == message else [old_topic]
            return SimpleNamespace(hits=hits, evidence=SimpleNamespace(dense_top=cosine, lexical_top=10.0))
        return SimpleNamespace(faq=[], articles={a.id: a for a in (ARTICLE, other)}, documents=[],
                               search_with_evidence=search)

    context = Turn("bầu trưởng thôn cần bao nhiêu hộ dự họp", other.id)
    assert read_follow_up(message) is FollowUp.NONE and stands_alone(0.95) and not stands_alone(0.88)
    sure = AnswerService(index_for(0.95), confident=lambda _q, _h, e: e.dense_top >= 0.87).answer(message, context)
    assert [c.id for c in sure.citations] == [ARTICLE.id, other.id] and not sure.understood
    weak = AnswerService(index_for(0.88), confident=lambda _q, _h, e: e.dense_top >= 0.87).answer(message, context)
    assert [c.id for c in weak.citations] == [other.id, ARTICLE.id]  # weak alone: the fused readings decide


def test_a_refused_first_question_leaves_its_topic_for_the_next_message_only() -> None:
    def search(query: str, k: int) -> SimpleNamespace:  # the article found only with the refused question's words
        cosine = 0.95 if "làm đường" in query else 0.5
        return SimpleNamespace(hits=[FakeHit(ARTICLE, 1.0, (Match("2", 0.9),), ())],
                               evidence=SimpleNamespace(dense_top=cosine, lexical_top=10.0))

    index = SimpleNamespace(faq=[], articles={ARTICLE.id: ARTICLE}, documents=[], search_with_evidence=search)
    # the first question is refused as typed (however the texts hold its topic), its words in context are not
    service = AnswerService(index, confident=lambda q, _h, e: e.dense_top >= 0.9 and not q.startswith("góp"))
    first = service.answer("góp tiền làm đường")
    assert first.refused and first.turn is not None and first.turn.article_id == ""
    follow = service.answer("thế cần mấy hộ đồng ý", first.turn)
    assert not follow.refused and follow.understood.startswith("cần mấy hộ đồng ý, ")
    again = service.answer("còn giá vàng thì sao", first.turn)  # refused again: the old topic is let go
    assert again.refused and again.turn is not None and not again.turn.question
    assert service.answer("thế cần mấy hộ đồng ý", again.turn).refused


def test_a_follow_up_moved_to_another_setting_leaves_the_old_setting_behind() -> None:
    moved = standalone("chủ tịch xã phải tiếp dân mấy ngày 1 tuần", "thủ trưởng cơ quan thì sao")
    assert moved.startswith("thủ trưởng cơ quan, chủ tịch") and " xã " not in f" {moved} "
    same = standalone("chủ tịch xã phải tiếp dân mấy ngày 1 tuần", "còn phó chủ tịch xã thì sao")
    assert "chủ tịch xã phải tiếp dân" in same  # no other setting named: the previous question whole
    assert without_settings("ban thanh tra ở công ty nhà nước", frozenset({Setting.ENTERPRISE})) == \
        "ban thanh tra ở nhà nước"


def test_a_figure_follow_up_is_looked_for_in_the_articles_near_the_answer_in_its_own_reading() -> None:
    other = dataclasses.replace(ARTICLE, id="99.1.LQ.9", title="Kinh phí hỗ trợ tổ hòa giải",
                                clauses=(Clause("1", "Tổ hòa giải được hỗ trợ kinh phí 200.000 đồng một vụ việc."),))
    far = dataclasses.replace(ARTICLE, id="99.1.LQ.7", title="Tổ chức cuộc họp thôn")
    message = "thế mỗi hộ góp bao nhiêu tiền"

    def search(query: str, k: int) -> SimpleNamespace:
        if query == message:  # as typed: the road article, far ahead of anything else
            hits = [FakeHit(ARTICLE, 0.99, (Match("2", 0.9),), ()), FakeHit(far, 0.005, (Match("1", 0.1),), ())]
        else:  # the standalone reading: the same article first, a payment of another kind close behind it
            hits = [FakeHit(ARTICLE, 0.6, (Match("2", 0.9),), ()), FakeHit(other, 0.4, (Match("1", 0.5),), ())]
        return SimpleNamespace(hits=hits, evidence=SimpleNamespace(dense_top=0.9, lexical_top=10.0))

    index = SimpleNamespace(faq=[], articles={a.id: a for a in (ARTICLE, other, far)}, documents=[],
                            search_with_evidence=search)
    service = AnswerService(index, confident=lambda _q, _h, e: e.dense_top >= 0.87)
    reply = service.answer(message, Turn("họp thôn bàn góp tiền làm đường cần bao nhiêu hộ đồng ý", ARTICLE.id))
    assert [c.id for c in reply.citations[:2]] == [ARTICLE.id, other.id]
    assert messages.FIGURE_NOT_FIXED in reply.text  # the other reading's 200.000 đồng is no answer to it
