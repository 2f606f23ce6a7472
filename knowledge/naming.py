"""How documents, articles and clauses are named, in one place.

To users: "Khoản 2 Điều 21 Luật Thực hiện dân chủ ở cơ sở (10/2022/QH15)"; shorter, in the context of each
indexed passage: "Luật 10/2022/QH15".
"""

from __future__ import annotations

from knowledge.model import PRIMARY_LAW, Article, Citation, Document


def capitalised_title(title: str) -> str:
    """'Luật thực hiện dân chủ ở cơ sở' → 'Luật Thực hiện dân chủ ở cơ sở' (the law's name as usually cited)."""
    head, _, rest = title.partition(" ")
    if head.lower() == "luật" and rest:
        return f"Luật {rest[0].upper()}{rest[1:]}"
    return title


# Level words of a local authority, written in lower case after "UBND": "UBND tỉnh Bắc Ninh".
_LEVELS = ("thành phố", "thị trấn", "thị xã", "đặc khu", "tỉnh", "xã", "phường", "huyện", "quận")
_BODIES = (("ỦY BAN NHÂN DÂN", "UBND"), ("UỶ BAN NHÂN DÂN", "UBND"), ("HỘI ĐỒNG NHÂN DÂN", "HĐND"),
           ("UBND", "UBND"), ("HĐND", "HĐND"))
# Issuers a number already implies ("…/NĐ-CP" is the Government's, "…/QH15" the National Assembly's)
_IMPLIED = ("CHÍNH PHỦ", "QUỐC HỘI", "ỦY BAN THƯỜNG VỤ QUỐC HỘI", "UỶ BAN THƯỜNG VỤ QUỐC HỘI")


def issuer_name(header: str) -> str:
    """An issuer as written in a header, as people name it: "ỦY BAN NHÂN DÂN TỈNH BẮC NINH" → "UBND tỉnh Bắc Ninh".

    A people's committee or council is abbreviated, its level in lower case and the place capitalised; any
    other body keeps its first two words capitalised ("BỘ NỘI VỤ" → "Bộ Nội vụ"). Text not in capitals is
    returned as it is.
    """
    words = " ".join(header.split())
    if not words or words != words.upper():
        return words
    for long, short in _BODIES:
        if words.startswith(long):
            place = words[len(long):].strip().lower()
            level = next((lv for lv in _LEVELS if place == lv or place.startswith(lv + " ")), "")
            name = " ".join(w[:1].upper() + w[1:] for w in place[len(level):].split())
            return " ".join(part for part in (short, level, name) if part)
    parts = words.lower().split()
    return " ".join(w[:1].upper() + w[1:] if i < 2 else w for i, w in enumerate(parts))


def issuer_shown(kind: str, issuer: str) -> bool:
    """Whether a document's name should carry its issuer: not for laws, nor for the Government's decrees."""
    return bool(issuer) and kind.lower() not in ("luật", "bộ luật", "hiến pháp") and (
        " ".join(issuer.split()).upper() not in _IMPLIED)


def document_label(citation: Citation, fallback: str = "") -> str:
    """The document as users read it.

    A law by its name and number ("Luật Thực hiện dân chủ ở cơ sở (10/2022/QH15)"); a decree, circular
    or resolution by kind and number ("Nghị định 59/2023/NĐ-CP"), with its issuer where the text names one
    the number does not imply ("Hướng dẫn 05/HD-UBND của UBND tỉnh Bắc Ninh"); otherwise its title or
    `fallback`.
    """
    kind, number, title = citation.document_kind, citation.document_number, citation.document_title
    if kind.lower() == "luật" and title:
        return f"{capitalised_title(title)} ({number})" if number else capitalised_title(title)
    if kind and number:
        issuer = citation.issuer
        return f"{kind} {number} của {issuer}" if issuer_shown(kind, issuer) else f"{kind} {number}"
    return title or number or fallback


def short_document_label(article: Article, document: Document | None = None) -> str:
    """A short name of the document an article was originally written in: "Luật 10/2022/QH15".

    Kind and number where both are known, else the original title, else the source document's title or id.
    This is the name prepended to every indexed passage, so changing it changes what is embedded.
    """
    c = article.citation
    if c.document_kind and c.document_number:
        return f"{c.document_kind} {c.document_number}"
    if c.document_title:
        return c.document_title
    return document.title if document else article.document_id


KIND_SHORT = {"Nghị định": "NĐ", "Thông tư": "TT", "Thông tư liên tịch": "TTLT", "Nghị quyết": "NQ",
              "Quyết định": "QĐ", "Chỉ thị": "CT", "Luật": "Luật", "Hướng dẫn": "HD", "Kế hoạch": "KH",
              "Công văn": "CV", "Quy chế": "QC", "Thông báo": "TB"}


def button_label(article: Article) -> str:
    """An article as a button names it: "21" in the Law 10/2022/QH15, "6 NĐ 59/2023" in another document."""
    c = article.citation
    number = article_number(article)
    if not c.document_number or c.document_number == PRIMARY_LAW:
        return number
    kind = KIND_SHORT.get(c.document_kind, c.document_kind)
    short = "/".join(c.document_number.split("/")[:2])  # "59/2023/NĐ-CP" → "59/2023"
    return f"{number} {kind} {short}".strip()


def article_number(article: Article) -> str:
    """The article's number in its original document ("21"), or the last part of its id."""
    return article.citation.article_number or article.id.rsplit(".", 1)[-1]


def article_label(article: Article) -> str:
    """ "Điều 21 Luật Thực hiện dân chủ ở cơ sở (10/2022/QH15)"; training material is named by its title."""
    if article.citation.document_kind == "" and not article.citation.document_number and not (
        article.citation.article_number
    ):
        return f"Tài liệu «{article.citation.document_title or article.title}»"
    return f"Điều {article_number(article)} {document_label(article.citation, article.document_id)}"


def clause_label(article: Article, clause_numbers: list[str]) -> str:
    """ "Khoản 2 Điều 21 ...", "Khoản 1, 3 Điều 21 ...", or the article label when no numbered clause is cited."""
    numbered = [n for n in clause_numbers if n]
    if not numbered:
        return article_label(article)
    return f"Khoản {', '.join(numbered)} {article_label(article)}"


def effective_text(citation: Citation) -> str:
    """The effective date as dd/mm/yyyy, or "" when unknown."""
    return citation.effective.strftime("%d/%m/%Y") if citation.effective else ""
