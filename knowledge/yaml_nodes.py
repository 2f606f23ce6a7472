"""YAML read as a node tree, so every value keeps the line it was written on.

Shared by the team's YAML materials (booklet, glossary) and the quiz banks: both report problems as
`MaterialError(file, problem, line)`. The few messages this module makes itself are Vietnamese, like every
message admins read (`VIETNAMESE`; a caller may pass other wording with the same keys).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

import yaml

from knowledge.errors import MaterialError
from knowledge.text import yaml_nesting_exceeds

# Far deeper than any material needs; deeper YAML only costs PyYAML seconds before it fails.
MAX_DEPTH = 32

VIETNAMESE: Mapping[str, str] = {
    "invalid": "YAML sai cú pháp: {problem}",
    "too_deep": "YAML sai: danh sách hoặc bảng lồng nhau quá sâu",
    "unreadable": "không đọc được giá trị: {problem}",
    "value_too_deep": "không đọc được giá trị: lồng nhau quá sâu",
    "key_type": "{what}: tên trường phải là chữ, không phải {key!r}",
    "key_twice": "{what}: trường {key!r} viết hai lần",
}


@dataclass(frozen=True)
class Field:
    """One key of an entry: its constructed value, the line the value starts on and the key's line (1-based)."""

    value: object
    line: int
    key_line: int


def compose(text: str, where: str, wording: Mapping[str, str] = VIETNAMESE) -> yaml.Node | None:
    """Parse YAML into a node tree (keeping line marks), turning syntax errors into MaterialError."""
    try:
        if yaml_nesting_exceeds(text, MAX_DEPTH):
            raise MaterialError(where, wording["too_deep"])
        return yaml.compose(text, Loader=yaml.SafeLoader)
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line = mark.line + 1 if mark is not None else 0
        raise MaterialError(where, wording["invalid"].format(problem=exc.problem or exc), line) from exc
    except yaml.YAMLError as exc:
        raise MaterialError(where, wording["invalid"].format(problem=exc)) from exc
    except RecursionError:
        raise MaterialError(where, wording["too_deep"]) from None


def construct(node: yaml.Node, where: str, wording: Mapping[str, str] = VIETNAMESE) -> object:
    """Build the Python value of one node with the safe constructors."""
    loader = yaml.SafeLoader("")
    line = node.start_mark.line + 1
    try:
        return loader.construct_object(node, deep=True)
    except yaml.YAMLError as exc:
        raise MaterialError(where, wording["unreadable"].format(problem=exc), line) from exc
    except (ValueError, OverflowError) as exc:  # the timestamp constructor on "2023-02-30"
        raise MaterialError(where, wording["unreadable"].format(problem=exc), line) from exc
    except RecursionError:
        raise MaterialError(where, wording["value_too_deep"], line) from None
    finally:
        loader.dispose()


def mapping_fields(
    node: yaml.MappingNode, where: str, what: str, wording: Mapping[str, str] = VIETNAMESE
) -> dict[str, Field]:
    """The keys of a mapping node with their values and lines; rejects non-string and repeated keys."""
    fields: dict[str, Field] = {}
    for key_node, value_node in node.value:
        key = construct(key_node, where, wording)
        line = key_node.start_mark.line + 1
        if not isinstance(key, str):
            raise MaterialError(where, wording["key_type"].format(what=what, key=key), line)
        if key in fields:
            raise MaterialError(where, wording["key_twice"].format(what=what, key=key), line)
        fields[key] = Field(construct(value_node, where, wording), value_node.start_mark.line + 1, line)
    return fields


def value_node(node: yaml.MappingNode, key: str) -> yaml.Node:
    """The value node under `key` in a mapping node already known to contain it."""
    return next(v for k, v in node.value if k.value == key)
