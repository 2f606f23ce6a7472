"""Quiz banks: multiple-choice questions on the law for practice rounds and group contests, read from YAML.

A bank file is a mapping with a `quiz:` list, a `topics:` mapping (topic key → title shown on the buttons) and
optional `version` and `description`:

    topics:
      luat-1: "Luật 10/2022/QH15 – Chương I. Những quy định chung"
    quiz:
      - id: luat1-001
        topic: luat-1
        question: "Theo Luật Thực hiện dân chủ ở cơ sở, …?"
        options: ["…", "…", "…", "Tất cả các đáp án trên"]
        answer: 4                 # 1-based number of the right option
        article: 44.13.LQ.6       # the article the answer rests on
        clause: "3"               # the khoản holding it (omitted: the article as a whole)
        explanation: "…"          # one line, shown when the poll is answered

Problems are `MaterialError(file, problem, line)` with the problem in Vietnamese: admins upload banks from
Telegram and read the message there. Whether the cited article exists and supports the answer is a separate
check (`check_against_articles`), because only the caller knows the knowledge base.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path

import yaml

from knowledge.errors import MaterialError
from knowledge.materials import ARTICLE_ID_RE
from knowledge.model import Article
from knowledge.text import fold_key
from knowledge.yaml_nodes import VIETNAMESE, Field, compose, mapping_fields, value_node

# Telegram's limits for a quiz poll, less room for what the bot adds ("Câu 3/10 · " before the question,
# the clause reference after the explanation).
QUESTION_MAX = 250
OPTION_MAX = 100
EXPLANATION_MAX = 150
MIN_OPTIONS, MAX_OPTIONS = 2, 6
ALL_OF_THE_ABOVE = ("tat ca cac dap an tren", "tat ca cac phuong an tren", "tat ca cac y tren")
QUIZ_ID_RE = re.compile(r"^[a-z][a-z0-9]*(?:-[a-z0-9]+)*$")
TOPIC_KEY_RE = QUIZ_ID_RE
CLAUSE_RE = re.compile(r"^\d{1,3}$")
# Share of the right option's content words the cited clause must contain (the rest may be the writer's
# own linking words); every number must be there.
MIN_SUPPORT = 0.7

_TOP_KEYS = {"quiz", "topics", "version", "description"}
_REQUIRED = ("id", "topic", "question", "options", "answer", "article", "explanation")
_OPTIONAL = ("clause",)
# Words that carry no fact of their own: an option is checked on the rest.
_FUNCTION_WORDS = frozenset((
    "va", "cua", "cac", "nhung", "cho", "duoc", "la", "co", "trong", "theo", "voi", "ve", "tu", "den", "khi",
    "thi", "ma", "nay", "do", "mot", "moi", "hoac", "cung", "nhu", "boi", "tai", "tren", "duoi", "sau", "truoc",
    "phai", "se", "da", "dang", "bang", "nao", "gi", "ai", "thuoc", "vao", "ra", "len", "o", "nen", "neu", "de",
    "hay",
))


@dataclass(frozen=True)
class QuizTopic:
    """A topic of the bank: its key (used in commands and buttons) and the title users see."""

    key: str
    title: str


@dataclass(frozen=True)
class QuizQuestion:
    """One multiple-choice question, resting on one clause of one article.

    `answer` is the 0-based index of the right option; `clause` is the khoản number ("" = the whole
    article); `where` is "file:line" of the entry, for messages.
    """

    id: str
    topic: str
    question: str
    options: tuple[str, ...]
    answer: int
    article: str
    explanation: str
    clause: str = ""
    where: str = ""

    @property
    def right_option(self) -> str:
        """The text of the right option."""
        return self.options[self.answer]

    @property
    def all_of_the_above(self) -> bool:
        """True when the right option is "Tất cả các đáp án trên" (every other option is then right too)."""
        return is_all_of_the_above(self.right_option)


@dataclass(frozen=True)
class QuizBank:
    """Questions and topics from one or more bank files, in file order."""

    topics: tuple[QuizTopic, ...] = ()
    questions: tuple[QuizQuestion, ...] = ()

    def topic(self, key: str) -> QuizTopic | None:
        """The topic with this key, or None."""
        return next((t for t in self.topics if t.key == key), None)

    def question(self, question_id: str) -> QuizQuestion | None:
        """The question with this id, or None."""
        return next((q for q in self.questions if q.id == question_id), None)

    def in_topic(self, key: str) -> list[QuizQuestion]:
        """The questions of one topic ("" = all), in bank order."""
        return [q for q in self.questions if not key or q.topic == key]

    def on_article(self, article_id: str) -> list[QuizQuestion]:
        """The questions resting on one article, in bank order."""
        return [q for q in self.questions if q.article == article_id]

    def counts(self) -> dict[str, int]:
        """Number of questions per topic key, topics in bank order (topics without questions left out)."""
        found = {t.key: 0 for t in self.topics}
        for q in self.questions:
            found[q.topic] = found.get(q.topic, 0) + 1
        return {k: n for k, n in found.items() if n}


def is_all_of_the_above(option: str) -> bool:
    """Whether an option is "Tất cả các đáp án trên" (any of its usual wordings, with or without diacritics)."""
    return fold_key(option).strip(" .") in ALL_OF_THE_ABOVE


def load_bank(path: Path) -> QuizBank:
    """Read one bank file. Raises MaterialError (file, line, problem in Vietnamese) for anything malformed."""
    where = str(path)
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise MaterialError(where, f"không đọc được tệp: {exc.strerror or exc}") from exc
    return parse_bank(data, where)


def parse_bank(data: bytes, where: str) -> QuizBank:
    """Validate a bank file's bytes and build its bank; `where` names the file in messages.

    Checks: UTF-8, YAML, the top-level keys, every topic key and title, every entry's fields and their
    types, the id form and uniqueness, a declared topic, 2–6 distinct options, an answer number in range,
    an article id of the right form, a khoản number, the lengths Telegram allows, and that "Tất cả các đáp án
    trên" is only ever the last option.
    """
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise MaterialError(where, f"tệp không phải chữ UTF-8 (byte {exc.start}); hãy lưu tệp dạng UTF-8") from exc
    root = compose(text, where, VIETNAMESE)
    if not isinstance(root, yaml.MappingNode):
        line = root.start_mark.line + 1 if root is not None else 0
        raise MaterialError(where, "đầu tệp phải là bảng có mục 'quiz' (danh sách câu hỏi) và 'topics'", line)
    top = mapping_fields(root, where, "đầu tệp", VIETNAMESE)
    for key in top:
        if key not in _TOP_KEYS:
            raise MaterialError(where, f"mục {key!r} không dùng được (chỉ được: {', '.join(sorted(_TOP_KEYS))})",
                                top[key].key_line)
    for key in ("quiz", "topics"):
        if key not in top:
            raise MaterialError(where, f"thiếu mục {key!r}", root.start_mark.line + 1)
    topics = _read_topics(top["topics"], where)
    entries = value_node(root, "quiz")
    if not isinstance(entries, yaml.SequenceNode) or not entries.value:
        raise MaterialError(where, "'quiz' phải là danh sách câu hỏi (ít nhất một câu)", top["quiz"].line)
    known = {t.key for t in topics}
    seen: dict[str, int] = {}
    questions = []
    for position, node in enumerate(entries.value, start=1):
        question = _read_question(node, position, where, known)
        line = node.start_mark.line + 1
        if question.id in seen:
            raise MaterialError(where, f"câu #{position}: mã {question.id!r} trùng với câu ở dòng {seen[question.id]}",
                                line)
        seen[question.id] = line
        questions.append(question)
    return QuizBank(tuple(topics), tuple(questions))


def merge_banks(banks: Iterable[QuizBank]) -> QuizBank:
    """One bank from several, in order.

    A topic key seen again keeps its first title; a question id seen again raises MaterialError naming both
    places.
    """
    topics: dict[str, QuizTopic] = {}
    questions: dict[str, QuizQuestion] = {}
    for bank in banks:
        for topic in bank.topics:
            topics.setdefault(topic.key, topic)
        for q in bank.questions:
            if q.id in questions:
                file, _, line = q.where.rpartition(":")
                first, _, first_line = questions[q.id].where.rpartition(":")
                place = f"{first}, dòng {first_line}" if first and first_line.isdigit() else questions[q.id].where
                raise MaterialError(file or q.where, f"mã câu hỏi {q.id!r} đã có ở {place}",
                                    int(line) if line.isdigit() else 0)
            questions[q.id] = q
    return QuizBank(tuple(topics.values()), tuple(questions.values()))


def load_banks(paths: Sequence[Path]) -> QuizBank:
    """Every `*.yaml` / `*.yml` bank in the given folders (or files), sorted by name within a folder, merged.

    A missing folder is no bank; a bad file raises MaterialError.
    """
    files: list[Path] = []
    for path in paths:
        if path.is_dir():
            files.extend(sorted(p for p in path.iterdir() if p.suffix.lower() in (".yaml", ".yml")))
        elif path.is_file():
            files.append(path)
    return merge_banks(load_bank(p) for p in files)


def check_against_articles(bank: QuizBank, articles: Mapping[str, Article]) -> list[str]:
    """One message per question whose citation does not hold its answer, in bank order ([] = all sound).

    A question fails when its article is unknown, its khoản is not in the article, or its right option
    (every other option, for "Tất cả các đáp án trên") has a number the clause lacks or fewer than
    MIN_SUPPORT of its content words in the clause.
    """
    problems = []
    for q in bank.questions:
        article = articles.get(q.article)
        if article is None:
            problems.append(f"{q.where}: {q.id}: điều {q.article} không có trong cơ sở dữ liệu")
            continue
        text = cited_text(article, q.clause)
        if text is None:
            problems.append(f"{q.where}: {q.id}: điều {q.article} không có khoản {q.clause}")
            continue
        claimed = [o for i, o in enumerate(q.options) if i != q.answer] if q.all_of_the_above else [q.right_option]
        for option in claimed:
            missing = unsupported_words(option, text)
            if missing:
                problems.append(f"{q.where}: {q.id}: khoản được dẫn không có {', '.join(missing)} (đáp án «{option}»)")
    return problems


def cited_text(article: Article, clause: str) -> str | None:
    """What a question citing `clause` of `article` may rest on.

    That khoản with the article's title and lead-in (the whole text when `clause` is ""); None when the
    article has no such khoản.
    """
    if not clause:
        return f"{article.title}\n{article.text}"
    held = [c for c in article.clauses if c.number == clause]
    if not held:
        return None
    lead = " ".join(c.text for c in article.clauses if not c.number)
    return f"{article.title}\n{lead}\n{held[0].text}"


def unsupported_words(option: str, text: str) -> list[str]:
    """What of `option` the text lacks: [] when the text supports the option.

    The option's numbers missing from `text`, or, when fewer than MIN_SUPPORT of its content words occur
    in `text`, the missing words.
    """
    have = set(_words(text))
    numbers = {_number(w) for w in have if w.isdigit()}
    words = [w for w in _words(option) if w not in _FUNCTION_WORDS]
    missing_numbers = [w for w in words if w.isdigit() and _number(w) not in numbers]
    if missing_numbers:
        return missing_numbers
    content = [w for w in words if not w.isdigit()]
    if not content:
        return []
    missing = [w for w in content if w not in have]
    return missing if (len(content) - len(missing)) / len(content) < MIN_SUPPORT else []


def _words(text: str) -> list[str]:
    return re.findall(r"[a-z0-9]+", fold_key(text))


def _number(word: str) -> str:
    return word.lstrip("0") or "0"


def _read_topics(field: Field, where: str) -> list[QuizTopic]:
    if not isinstance(field.value, dict) or not field.value:
        raise MaterialError(where, "'topics' phải là bảng: mã chủ đề: \"tên chủ đề\"", field.line)
    topics = []
    for key, title in field.value.items():
        if not isinstance(key, str) or not TOPIC_KEY_RE.match(key):
            raise MaterialError(where, f"mã chủ đề {key!r} chỉ được có chữ thường không dấu, số và dấu '-'",
                                field.line)
        if not isinstance(title, str) or not title.strip():
            raise MaterialError(where, f"chủ đề {key!r} cần một tên (chuỗi chữ)", field.line)
        topics.append(QuizTopic(key, title.strip()))
    return topics


def _read_question(node: yaml.Node, position: int, where: str, topics: set[str]) -> QuizQuestion:
    line = node.start_mark.line + 1
    label = f"câu #{position}"
    if not isinstance(node, yaml.MappingNode):
        raise MaterialError(where, f"{label}: phải là một bảng các trường (id, question, options, …)", line)
    fields = mapping_fields(node, where, label, VIETNAMESE)
    name = fields.get("id")
    if name is not None and isinstance(name.value, str) and name.value.strip():
        label += f" ({name.value.strip()})"
    for key in _REQUIRED:
        if key not in fields:
            raise MaterialError(where, f"{label}: thiếu trường {key!r}", line)
    for key, field in fields.items():
        if key not in _REQUIRED and key not in _OPTIONAL:
            raise MaterialError(where, f"{label}: trường {key!r} không dùng được "
                                f"(chỉ được: {', '.join((*_REQUIRED, *_OPTIONAL))})", field.key_line)
    question_id = _text(fields, "id", label, where)
    if not QUIZ_ID_RE.match(question_id):
        raise MaterialError(where, f"{label}: mã {question_id!r} phải có dạng 'luat1-001' (chữ thường không dấu, "
                            "số, dấu '-')", fields["id"].line)
    topic = _text(fields, "topic", label, where)
    if topic not in topics:
        raise MaterialError(where, f"{label}: chủ đề {topic!r} chưa khai báo trong 'topics'", fields["topic"].line)
    question = _text(fields, "question", label, where, limit=QUESTION_MAX)
    options = _options(fields["options"], label, where)
    answer = _answer(fields["answer"], len(options), label, where)
    article = _text(fields, "article", label, where)
    if not ARTICLE_ID_RE.match(article):
        raise MaterialError(where, f"{label}: mã điều {article!r} không đúng dạng '44.13.LQ.21' hoặc "
                            "'<tên văn bản>.<số điều>'", fields["article"].line)
    clause = ""
    if "clause" in fields and fields["clause"].value is not None:
        clause = str(fields["clause"].value).strip()
        if not CLAUSE_RE.match(clause):
            raise MaterialError(where, f"{label}: 'clause' là số khoản, ví dụ \"2\" (không phải {clause!r})",
                                fields["clause"].line)
    explanation = _text(fields, "explanation", label, where, limit=EXPLANATION_MAX)
    if "\n" in explanation:
        raise MaterialError(where, f"{label}: 'explanation' phải viết trên một dòng", fields["explanation"].line)
    return QuizQuestion(id=question_id, topic=topic, question=question, options=options, answer=answer,
                        article=article, explanation=explanation, clause=clause, where=f"{where}:{line}")


def _text(fields: dict[str, Field], key: str, label: str, where: str, *, limit: int = 0) -> str:
    field = fields[key]
    value = field.value
    if isinstance(value, (int, float)) and not isinstance(value, bool) and key == "article":
        value = str(value)
    if not isinstance(value, str) or not value.strip():
        raise MaterialError(where, f"{label}: {key!r} phải là chuỗi chữ, không được để trống", field.line)
    value = " ".join(value.split())
    if limit and len(value) > limit:
        raise MaterialError(where, f"{label}: {key!r} dài {len(value)} ký tự, tối đa {limit}", field.line)
    return value


def _options(field: Field, label: str, where: str) -> tuple[str, ...]:
    if not isinstance(field.value, list):
        raise MaterialError(where, f"{label}: 'options' phải là danh sách các phương án", field.line)
    if not MIN_OPTIONS <= len(field.value) <= MAX_OPTIONS:
        raise MaterialError(where, f"{label}: cần từ {MIN_OPTIONS} đến {MAX_OPTIONS} phương án, "
                            f"có {len(field.value)}", field.line)
    options: list[str] = []
    for number, raw in enumerate(field.value, start=1):
        item = str(raw) if isinstance(raw, (int, float)) and not isinstance(raw, bool) else raw
        if not isinstance(item, str) or not item.strip():
            raise MaterialError(where, f"{label}: phương án {number} phải là chuỗi chữ không trống", field.line)
        option = " ".join(item.split())
        if len(option) > OPTION_MAX:
            raise MaterialError(where, f"{label}: phương án {number} dài {len(option)} ký tự, tối đa {OPTION_MAX}",
                                field.line)
        if fold_key(option) in (fold_key(o) for o in options):
            raise MaterialError(where, f"{label}: phương án {number} trùng một phương án trước", field.line)
        if is_all_of_the_above(option) and number != len(field.value):
            raise MaterialError(where, f"{label}: «{option}» phải là phương án cuối", field.line)
        options.append(option)
    return tuple(options)


def _answer(field: Field, count: int, label: str, where: str) -> int:
    value = field.value
    if isinstance(value, bool) or not isinstance(value, int) or not 1 <= value <= count:
        raise MaterialError(where, f"{label}: 'answer' là số thứ tự phương án đúng, từ 1 đến {count} "
                            f"(không phải {value!r})", field.line)
    return value - 1
