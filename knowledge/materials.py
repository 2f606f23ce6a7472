"""Team-written materials: the FAQ booklet and the glossary of everyday words, read from YAML.

A material file is a mapping with exactly one of two list keys, plus optional `version` and `description`:

    faq:                                  glossary:
      - id: faq-001                         - term: họp xóm
        question: "..."                       legal_terms: [cuộc họp của cộng đồng dân cư]
        answer: "..."                         note: "..."            # optional
        articles: [44.13.LQ.21]
        topic: quyết định cộng đồng   # optional
        variants: ["..."]             # optional, at most three other phrasings

Every problem is reported as a `MaterialError` naming the file, the line (from the YAML node marks) and
what is wrong, in Vietnamese like every message admins read, including which entry (its position and id
or term). Whether a cited article exists is a
separate question (`validate_article_refs`), because only the caller knows the corpus.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from pathlib import Path

import yaml

from knowledge.errors import MaterialError
from knowledge.model import FaqEntry, GlossaryEntry
from knowledge.yaml_nodes import VIETNAMESE, Field, compose, mapping_fields, value_node

# A Bộ pháp điển id ("44.13.LQ.21", "44.13.NĐ.1.5") or "<file stem>.<article number>" for documents
# in their own layout ("nghi-dinh-185-2026-nd-cp-thon-to-dan-pho.7").
ARTICLE_ID_RE = re.compile(r"^(?:\d+\.\d+\.[A-ZĐ]+(?:\.\d+)+|[a-z0-9]+(?:-[a-z0-9]+)*\.\d+)$")
FAQ_ID_RE = re.compile(r"^[a-z][a-z0-9]*(?:-[a-z0-9]+)*$")
MAX_VARIANTS = 3

_TOP_KEYS = {"faq", "glossary", "version", "description"}
_FAQ_REQUIRED = ("id", "question", "answer", "articles")
_FAQ_OPTIONAL = ("topic", "variants")
_GLOSSARY_REQUIRED = ("term", "legal_terms")
_GLOSSARY_OPTIONAL = ("note",)
_KIND_NAMES = {"faq": "hỏi đáp", "glossary": "từ điển"}  # how an entry is named in messages: "mục hỏi đáp #2"


def load_material(path: Path) -> tuple[list[FaqEntry], list[GlossaryEntry]]:
    """Read one FAQ or glossary YAML file and return its entries (one of the two lists is empty).

    Raises `MaterialError` (file, line, problem) for unreadable YAML, a top level that is neither `faq:`
    nor `glossary:` mapping to a list, an entry that is not a mapping, a missing or unknown field, a field
    of the wrong type, an empty text, a duplicate id or term, or an article id not matching
    `ARTICLE_ID_RE`.
    """
    where = str(path)
    try:
        text = path.read_text(encoding="utf-8")
    except OSError as exc:
        raise MaterialError(where, f"không đọc được tệp: {exc.strerror or exc}") from exc
    except UnicodeDecodeError as exc:
        raise MaterialError(where, f"tệp không phải chữ UTF-8 (byte {exc.start}); hãy lưu tệp dạng UTF-8") from exc
    root = compose(text, where, VIETNAMESE)
    if not isinstance(root, yaml.MappingNode):
        line = root.start_mark.line + 1 if root is not None else 0
        raise MaterialError(where, "đầu tệp phải là bảng có danh sách 'faq' (hỏi đáp) hoặc 'glossary' (từ điển)",
                            line)
    top = mapping_fields(root, where, "đầu tệp", VIETNAMESE)
    unknown = sorted(set(top) - _TOP_KEYS)
    if unknown:
        key = unknown[0]
        raise MaterialError(where, f"mục {key!r} ở đầu tệp không dùng được (chỉ được: {', '.join(sorted(_TOP_KEYS))})",
                            top[key].key_line)
    kinds = [k for k in ("faq", "glossary") if k in top]
    if len(kinds) != 1:
        raise MaterialError(where, "đầu tệp phải có đúng một trong hai mục 'faq' hoặc 'glossary'",
                            root.start_mark.line + 1)
    kind = kinds[0]
    if "description" in top and not isinstance(top["description"].value, str):
        raise MaterialError(where, "'description' phải là chuỗi chữ", top["description"].line)
    if "version" in top and not isinstance(top["version"].value, (int, str)):
        raise MaterialError(where, "'version' phải là số hoặc chuỗi chữ", top["version"].line)
    entries_node = value_node(root, kind)
    if not isinstance(entries_node, yaml.SequenceNode):
        raise MaterialError(where, f"'{kind}' phải là danh sách các mục", top[kind].line)
    if kind == "faq":
        return _read_faq(entries_node.value, where), []
    return [], _read_glossary(entries_node.value, where)


def validate_article_refs(faq: Iterable[FaqEntry], known_ids: set[str]) -> list[str]:
    """Return one message per cited article id that is not in `known_ids`, in booklet order.

    An empty list means every citation resolves; the caller decides whether the rest is an error.
    """
    return [
        f"{entry.id}: cites {article_id}, which is not among the known articles"
        for entry in faq
        for article_id in entry.articles
        if article_id not in known_ids
    ]


def _entries(
    nodes: list[yaml.Node], where: str, kind: str, required: tuple[str, ...], optional: tuple[str, ...]
) -> Iterable[tuple[str, int, dict[str, Field]]]:
    """Yield (label, line, fields) per entry after checking it is a mapping with the right keys."""
    allowed = set(required) | set(optional)
    for index, node in enumerate(nodes, start=1):
        line = node.start_mark.line + 1
        label = f"mục {_KIND_NAMES[kind]} #{index}"
        if not isinstance(node, yaml.MappingNode):
            raise MaterialError(where, f"{label}: phải là một bảng các trường ({', '.join(required)}, …)", line)
        fields = mapping_fields(node, where, label, VIETNAMESE)
        name = fields.get(required[0])
        if name is not None and isinstance(name.value, str) and name.value.strip():
            label += f" ({name.value.strip()})"
        for key in required:
            if key not in fields:
                raise MaterialError(where, f"{label}: thiếu trường {key!r}", line)
        for key in fields:
            if key not in allowed:
                raise MaterialError(
                    where, f"{label}: trường {key!r} không dùng được (chỉ được: {', '.join(sorted(allowed))})",
                    fields[key].key_line,
                )
        yield label, line, fields


def _text(fields: dict[str, Field], key: str, label: str, where: str) -> str:
    """A required non-empty string field, stripped."""
    field = fields[key]
    if not isinstance(field.value, str):
        raise MaterialError(where, f"{label}: {key!r} phải là chuỗi chữ (đang là {_kind_of(field.value)})", field.line)
    if not field.value.strip():
        raise MaterialError(where, f"{label}: {key!r} đang để trống", field.line)
    return field.value.strip()


def _optional_text(fields: dict[str, Field], key: str, label: str, where: str) -> str:
    """An optional string field ("" when absent or null)."""
    field = fields.get(key)
    if field is None or field.value is None:
        return ""
    if not isinstance(field.value, str):
        raise MaterialError(where, f"{label}: {key!r} phải là chuỗi chữ (đang là {_kind_of(field.value)})", field.line)
    return field.value.strip()


def _texts(fields: dict[str, Field], key: str, label: str, where: str, *, required: bool) -> tuple[str, ...]:
    """A list-of-non-empty-strings field; `required` also demands at least one item."""
    field = fields.get(key)
    if field is None or (field.value is None and not required):
        return ()
    if not isinstance(field.value, list):
        raise MaterialError(where, f"{label}: {key!r} phải là danh sách (đang là {_kind_of(field.value)})", field.line)
    if required and not field.value:
        raise MaterialError(where, f"{label}: {key!r} là danh sách rỗng, cần ít nhất một mục", field.line)
    items: list[str] = []
    for position, item in enumerate(field.value, start=1):
        if not isinstance(item, str) or not item.strip():
            raise MaterialError(where, f"{label}: {key!r} mục thứ {position} phải là chuỗi chữ không trống", field.line)
        items.append(item.strip())
    return tuple(items)


def _read_faq(nodes: list[yaml.Node], where: str) -> list[FaqEntry]:
    """Validate and build the FAQ entries."""
    seen: dict[str, int] = {}
    out: list[FaqEntry] = []
    for label, line, fields in _entries(nodes, where, "faq", _FAQ_REQUIRED, _FAQ_OPTIONAL):
        entry_id = _text(fields, "id", label, where)
        if not FAQ_ID_RE.match(entry_id):
            raise MaterialError(where, f"{label}: mã {entry_id!r} phải có dạng 'faq-001' (chữ thường không dấu, số "
                                "và dấu '-')", fields["id"].line)
        if entry_id in seen:
            raise MaterialError(where, f"{label}: mã {entry_id!r} trùng với mục ở dòng {seen[entry_id]}", line)
        seen[entry_id] = line
        articles = _texts(fields, "articles", label, where, required=True)
        for article_id in articles:
            if not ARTICLE_ID_RE.match(article_id):
                raise MaterialError(
                    where,
                    f"{label}: mã điều {article_id!r} không đúng dạng '44.13.LQ.21' hoặc '<mã văn bản>.<số điều>'",
                    fields["articles"].line,
                )
        variants = _texts(fields, "variants", label, where, required=False)
        if len(variants) > MAX_VARIANTS:
            raise MaterialError(where, f"{label}: 'variants' có tối đa {MAX_VARIANTS} cách hỏi khác",
                                fields["variants"].line)
        out.append(
            FaqEntry(
                id=entry_id,
                question=_text(fields, "question", label, where),
                answer=_text(fields, "answer", label, where),
                articles=articles,
                topic=_optional_text(fields, "topic", label, where),
                variants=variants,
            )
        )
    return out


def _read_glossary(nodes: list[yaml.Node], where: str) -> list[GlossaryEntry]:
    """Validate and build the glossary entries."""
    seen: dict[str, int] = {}
    out: list[GlossaryEntry] = []
    for label, line, fields in _entries(nodes, where, "glossary", _GLOSSARY_REQUIRED, _GLOSSARY_OPTIONAL):
        term = _text(fields, "term", label, where)
        key = term.casefold()
        if key in seen:
            raise MaterialError(where, f"{label}: từ {term!r} trùng với mục ở dòng {seen[key]}", line)
        seen[key] = line
        out.append(
            GlossaryEntry(
                term=term,
                legal_terms=_texts(fields, "legal_terms", label, where, required=True),
                note=_optional_text(fields, "note", label, where),
            )
        )
    return out


def _kind_of(value: object) -> str:
    """What a YAML value is, in words: "số", "danh sách", ... (for "phải là chuỗi chữ (đang là số)")."""
    if value is None:
        return "trống"
    if isinstance(value, bool):
        return "đúng/sai"
    if isinstance(value, (int, float)):
        return "số"
    if isinstance(value, list):
        return "danh sách"
    if isinstance(value, dict):
        return "bảng"
    if isinstance(value, str):
        return "chuỗi chữ"
    return type(value).__name__
