from index.passages import MAX_PASSAGE_CHARS, make_passages, split_clause
from knowledge.model import Clause
from tests.support import long_clause, small_kb


def test_long_clause_split_at_points_with_lead_in_kept():
    clause = long_clause()
    assert len(clause.text) > MAX_PASSAGE_CHARS
    pieces = split_clause(clause)
    assert len(pieces) >= 2
    first_text, first_lead = pieces[0]
    assert first_text.startswith("Những việc sau đây") and first_lead == ""
    for text, lead in pieces[1:]:
        assert lead.startswith("Những việc sau đây")
        assert text[:2] in {"a)", "b)", "c)", "d)"}
    assert all(len(t) <= MAX_PASSAGE_CHARS for t, _ in pieces)
    joined = "\n".join(t for t, _ in pieces)
    for letter in "abcd":
        assert f"{letter}) Nội dung điểm {letter}" in joined


def test_long_clause_without_points_split_at_sentences():
    clause = Clause("2", " ".join(f"Câu thứ {i} nói về việc công khai ngân sách xã." for i in range(40)))
    pieces = split_clause(clause)
    assert len(pieces) > 1
    assert all(text.endswith(".") for text, _ in pieces)
    assert all(lead == "Câu thứ 0 nói về việc công khai ngân sách xã." for _, lead in pieces[1:])


def test_make_passages_kinds_ids_and_context():
    passages = make_passages(small_kb())
    assert [p.id for p in passages] == list(range(len(passages)))
    kinds = {p.kind for p in passages}
    assert kinds == {"clause", "title", "faq", "training"}
    clause = next(p for p in passages if p.article_id == "44.13.LQ.1" and p.clause_number == "2")
    assert "Bầu trưởng thôn" in clause.context and "Luật 10/2022/QH15" in clause.context
    assert clause.indexed_text.startswith(clause.context)
    faq = next(p for p in passages if p.kind == "faq")
    assert faq.article_id == "44.13.LQ.2" and faq.article_ids == ("44.13.LQ.2", "44.13.NĐ.1.21")
    assert faq.ref == "faq-1"
    lead_in_only = next(p for p in passages if p.article_id == "44.13.LQ.3" and p.kind == "clause")
    assert lead_in_only.clause_number == ""
