"""Small knowledge bases for index tests, written in the tests' own words (not corpus text)."""

from __future__ import annotations

import datetime as dt

from knowledge.model import (
    Article,
    Citation,
    Clause,
    Document,
    DocumentKind,
    FaqEntry,
    GlossaryEntry,
    KnowledgeBase,
    Point,
)

LAW = "10/2022/QH15"


def article(doc_id: str, number: str, title: str, clauses: list[str], *, doc_number: str = LAW,
            kind: str = "Luật", codified: str = "") -> Article:
    cls = tuple(Clause(str(i) if len(clauses) > 1 else "", t) for i, t in enumerate(clauses, 1))
    return Article(
        id=codified or f"{doc_id}.{number}", title=title,
        citation=Citation(number, doc_number, kind, "Luật Thử nghiệm dân chủ",
                          dt.date(2022, 11, 10), dt.date(2023, 7, 1)),
        text="\n\n".join(clauses), clauses=cls, document_id=doc_id, chapter="Chương I. Chung",
    )


def small_kb(extra_sentence: str = "", sha: str = "a" * 64) -> KnowledgeBase:
    law = Document(
        id="law", title="Luật thử nghiệm", kind=DocumentKind.CODIFIED, path="law.md", sha256=sha,
        articles=(
            article("law", "1", "Bầu trưởng thôn",
                    ["Người đứng đầu thôn do hộ gia đình trong thôn bầu ra bằng phiếu kín." + extra_sentence,
                     "Nhiệm kỳ của người đứng đầu thôn là hai năm rưỡi."], codified="44.13.LQ.1"),
            article("law", "2", "Đóng góp xây dựng đường làng",
                    ["Việc góp tiền làm đường cần quá nửa số hộ trong thôn tán thành.",
                     "Kết quả đóng góp được niêm yết công khai tại nhà văn hóa."], codified="44.13.LQ.2"),
            article("law", "3", "Hòa giải mâu thuẫn",
                    ["Tổ hòa giải giúp các bên tự thỏa thuận khi có tranh chấp nhỏ giữa hàng xóm."],
                    codified="44.13.LQ.3"),
        ),
    )
    decree = Document(
        id="decree", title="Nghị định thử nghiệm", kind=DocumentKind.CODIFIED, path="decree.md", sha256="b" * 64,
        articles=(
            article("decree", "21", "Phiếu lấy ý kiến hộ gia đình",
                    ["Phiếu lấy ý kiến được phát cho từng hộ và thu lại trong bảy ngày."],
                    doc_number="59/2023/NĐ-CP", kind="Nghị định", codified="44.13.NĐ.1.21"),
        ),
    )
    training = Document(
        id="news", title="Tin tập huấn", kind=DocumentKind.TRAINING, path="news.txt", sha256="c" * 64,
        articles=(Article("news.1", "Tin tập huấn", Citation("", "", "", ""),
                          "Hội nghị tập huấn cho cán bộ thôn về cách tổ chức họp dân. Các đại biểu trao đổi.",
                          (), "news"),),
    )
    return KnowledgeBase(
        documents=(law, decree, training),
        faq=(FaqEntry("faq-1", "Làm đường thôn cần bao nhiêu hộ đồng ý?", "Quá nửa số hộ.",
                      ("44.13.LQ.2", "44.13.NĐ.1.21")),),
        glossary=(GlossaryEntry("trưởng xóm", ("trưởng thôn", "người đứng đầu thôn")),),
    )


def long_clause() -> Clause:
    points = tuple(Point(letter, f"{letter}) " + f"Nội dung điểm {letter} nói về việc họp thôn. " * 8)
                   for letter in "abcd")
    lead = "Những việc sau đây phải đưa ra lấy ý kiến Nhân dân:"
    return Clause("3", lead + "\n" + "\n".join(p.text for p in points), points)
