"""/reload: rebuild in the background, check the new index on the gate questions, swap it in atomically.

The serving service keeps answering throughout: the build, the load and the gate run on a worker thread,
and the switch is one assignment in `bot_data` made under an asyncio.Lock that also tells a second /reload
that one is already running. The switch is refused when hit@5 on the gate questions falls by more than
`settings.gate_max_drop` below the serving index.
"""

from __future__ import annotations

import asyncio
import logging
import time
from collections.abc import Callable, MutableMapping, Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from typing import Any

from knowledge.errors import LawBotError
from serving.ports import AnswerPort, DocumentSummary, IndexBuilder, ServiceLoader
from serving.uploads import missing_uploads
from settings import Settings

logger = logging.getLogger(__name__)

SERVICE_KEY = "service"

GateMetric = Callable[[AnswerPort], tuple[float, int]]
"""hit@5 of a service on the gate questions, and how many in-scope questions that was over."""
BuiltLoader = Callable[[Settings, Any], AnswerPort]
"""Loads the index a build just made (from its report) without making it the serving one."""
Publisher = Callable[[Settings, Any], None]
"""Makes the index a build made (from its report) the one the state directory serves."""


class ReloadRunningError(LawBotError):
    """A reload is already in progress."""


@dataclass(frozen=True)
class Gate:
    """The gate's figures: hit@5 of the serving and of the new index over `n` in-scope questions."""

    n: int
    old_hit5: float
    new_hit5: float
    max_drop: float

    @property
    def passed(self) -> bool:
        """True unless the new index is worse by more than the allowed drop."""
        return self.new_hit5 >= self.old_hit5 - self.max_drop - 1e-9


@dataclass(frozen=True)
class ReloadOutcome:
    """What a reload did: whether it switched, what changed, and the figures behind the decision."""

    switched: bool
    added: tuple[str, ...] = ()
    removed: tuple[str, ...] = ()
    changed: tuple[str, ...] = ()
    articles: int = 0
    passages: int | None = None
    seconds: float = 0.0
    gate: Gate | None = None
    error: str = ""
    skipped: tuple[str, ...] = ()  # uploads left out because they no longer parse (file: problem)
    missing: tuple[str, ...] = ()  # uploads still listed whose file has disappeared


def diff_documents(old: Sequence[DocumentSummary], new: Sequence[DocumentSummary]) -> tuple[tuple[str, ...], ...]:
    """(added, removed, changed) document ids; changed = same id, different title/number/date/articles."""
    before = {d.id: (d.title, d.number, d.effective, d.articles) for d in old}
    after = {d.id: (d.title, d.number, d.effective, d.articles) for d in new}
    added = tuple(sorted(set(after) - set(before)))
    removed = tuple(sorted(set(before) - set(after)))
    changed = tuple(sorted(i for i in set(before) & set(after) if before[i] != after[i]))
    return added, removed, changed


def gate_metric_from_file(settings: Settings) -> GateMetric | None:
    """hit@5 over settings.gate_questions with answers.evaluation, or None when no gate file is set."""
    path = settings.gate_questions
    if path is None or not path.is_file():
        return None
    from answers.evaluation import evaluate, load_questions

    questions = load_questions(path)

    def metric(service: AnswerPort) -> tuple[float, int]:
        result = evaluate(service.answer, questions)
        return float(result["hit@5"]), int(result["n"])

    return metric


class Reloader:
    """Runs at most one reload at a time and swaps `bot_data[SERVICE_KEY]` when the gate passes."""

    def __init__(self, settings: Settings, build: IndexBuilder, load: ServiceLoader,
                 gate_metric: GateMetric | None, *, load_built: BuiltLoader | None = None,
                 publish: Publisher | None = None) -> None:
        self._settings = settings
        self._build = build
        self._load = load
        self._gate_metric = gate_metric
        self._load_built = load_built
        self._publish = publish
        self._lock = asyncio.Lock()
        self._task: asyncio.Task[ReloadOutcome] | None = None
        # its own thread, so a long build never takes a worker from the questions' pool
        self._executor = ThreadPoolExecutor(max_workers=1, thread_name_prefix="reload")

    @property
    def running(self) -> bool:
        """True while a reload is in progress (or started and about to take the lock)."""
        return self._lock.locked() or (self._task is not None and not self._task.done())

    def start(self, bot_data: MutableMapping[str, Any]) -> asyncio.Task[ReloadOutcome]:
        """Start a reload in the background; raises ReloadRunningError at once if one is running.

        The check and the start happen without an await between them, so two /reload commands handled
        concurrently can never both start one.
        """
        if self.running:
            raise ReloadRunningError
        self._task = asyncio.get_running_loop().create_task(self.reload(bot_data), name="reload")
        return self._task

    async def reload(self, bot_data: MutableMapping[str, Any]) -> ReloadOutcome:
        """Rebuild, check and maybe switch; raises ReloadRunningError if a reload is already running."""
        if self._lock.locked():
            raise ReloadRunningError
        async with self._lock:  # held for the whole reload: the swap below is the only write
            serving: AnswerPort | None = bot_data.get(SERVICE_KEY)
            loop = asyncio.get_running_loop()
            outcome, new = await loop.run_in_executor(self._executor, self._prepare, serving)
            if new is not None and outcome.switched:
                bot_data[SERVICE_KEY] = new  # the swap: questions that already hold the old one finish on it
                logger.info("reload: switched to the new index (%d articles)", outcome.articles)
            return outcome

    def close(self) -> None:
        """Stop the reload thread (after the current reload, if any)."""
        self._executor.shutdown(wait=False)

    def _prepare(self, serving: AnswerPort | None) -> tuple[ReloadOutcome, AnswerPort | None]:
        """Build, load and gate on this worker thread; never raises (failures become the outcome)."""
        started = time.perf_counter()
        try:
            report = self._build(self._settings, lambda line: logger.info("reload build: %s", line))
            new = self._load_built(self._settings, report) if self._load_built else self._load(self._settings)
        except Exception as exc:
            logger.exception("reload: build or load failed")
            return ReloadOutcome(switched=False, seconds=time.perf_counter() - started, error=str(exc)), None
        seconds = time.perf_counter() - started
        documents = list(new.documents())
        if all(hasattr(report, k) for k in ("added", "removed", "changed")):  # the build compares file hashes
            added, removed, changed = (tuple(report.added), tuple(report.removed),  # type: ignore[attr-defined]
                                       tuple(report.changed))  # type: ignore[attr-defined]
        else:
            added, removed, changed = diff_documents(list(serving.documents()) if serving else [], documents)
        gate = None
        if self._gate_metric is not None and serving is not None:
            try:
                old_hit5, n = self._gate_metric(serving)
                new_hit5, _ = self._gate_metric(new)
            except Exception as exc:
                logger.exception("reload: gate failed")
                return ReloadOutcome(switched=False, seconds=seconds, error=f"gate: {exc}"), None
            gate = Gate(n=n, old_hit5=old_hit5, new_hit5=new_hit5, max_drop=self._settings.gate_max_drop)
            logger.info("reload gate: hit@5 %.3f -> %.3f over %d questions", old_hit5, new_hit5, n)
        passed = gate is None or gate.passed
        if passed and self._publish is not None:
            try:  # only now does the new index become the one a restart serves
                self._publish(self._settings, report)
            except Exception as exc:
                logger.exception("reload: could not make the new index the serving one")
                return ReloadOutcome(switched=False, seconds=seconds, gate=gate, error=f"publish: {exc}"), None
        passages = getattr(report, "passages", None)
        outcome = ReloadOutcome(
            switched=passed, added=added, removed=removed, changed=changed,
            articles=sum(d.articles for d in documents), passages=passages if isinstance(passages, int) else None,
            seconds=seconds, gate=gate, skipped=tuple(getattr(report, "skipped", ()) or ()),
            missing=tuple(u.id for u in missing_uploads(self._settings.uploads_dir)),
        )
        return outcome, new
