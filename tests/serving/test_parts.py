"""The serving engine's small parts: rate limit, token redaction, instance lock, reload gate and swap."""

from __future__ import annotations

import asyncio
import logging
import threading
from pathlib import Path
from types import SimpleNamespace

import pytest

from serving.instance import AlreadyRunningError, InstanceLock
from serving.logsafe import RedactingFilter
from serving.ratelimit import QuestionRateLimit
from serving.reload import SERVICE_KEY, Reloader, ReloadRunningError


def test_rate_limit_window_slides():
    now = [0.0]
    limit = QuestionRateLimit(2, clock=lambda: now[0])
    assert limit.allow(1) and limit.allow(1) and not limit.allow(1)
    assert limit.should_warn(1) and not limit.should_warn(1)
    now[0] = 60.5
    assert limit.allow(1)


def test_token_is_redacted_from_messages_arguments_and_tracebacks():
    token = "123456:AAH-secret"
    record = logging.LogRecord("httpx", logging.INFO, __file__, 1, "POST %s", (f"https://x/bot{token}/getMe",), None)
    try:
        raise RuntimeError(f"failed https://x/bot{token.replace(':', '%3A')}/getUpdates")
    except RuntimeError:
        import sys

        record.exc_info = sys.exc_info()
    RedactingFilter([token]).filter(record)
    text = logging.Formatter().format(record)
    assert "secret" not in text and "<token>" in text


def test_second_instance_is_refused(tmp_path):
    with InstanceLock(tmp_path), pytest.raises(AlreadyRunningError, match="already running"):
        InstanceLock(tmp_path).acquire()
    with InstanceLock(tmp_path):  # released: the next start works
        pass


class FakeService:
    def __init__(self, name: str, docs: int) -> None:
        self.name = name
        self._docs = [SimpleNamespace(id=f"d{i}", title="t", number="", effective="", articles=1) for i in range(docs)]

    def documents(self):
        return self._docs


def hit5_of(values: dict[str, float]):
    return lambda service: (values[service.name], 10)


async def test_reload_switches_when_the_gate_passes_and_keeps_the_old_one_when_it_drops():
    config = SimpleNamespace(gate_max_drop=0.05, uploads_dir=Path("/nonexistent-uploads"))
    data = {SERVICE_KEY: FakeService("old", 1)}
    ok = Reloader(config, lambda _s, _p: object(), lambda _s: FakeService("new", 2), hit5_of({"old": 0.8, "new": 0.76}))
    outcome = await ok.reload(data)
    assert outcome.switched and data[SERVICE_KEY].name == "new" and outcome.added == ("d1",)
    data = {SERVICE_KEY: FakeService("old", 1)}
    worse = Reloader(config, lambda _s, _p: object(), lambda _s: FakeService("new", 1),
                     hit5_of({"old": 0.8, "new": 0.7}))
    outcome = await worse.reload(data)
    assert not outcome.switched and data[SERVICE_KEY].name == "old"
    assert outcome.gate.old_hit5 == 0.8 and outcome.gate.new_hit5 == 0.7


async def test_a_second_reload_while_one_runs_is_told_so_and_failures_keep_the_old_index():
    release = threading.Event()

    def slow_build(_s, _p):
        release.wait(10)
        raise OSError("disk full")

    config = SimpleNamespace(gate_max_drop=0.05, uploads_dir=Path("/nonexistent-uploads"))
    reloader = Reloader(config, slow_build, lambda _s: None, None)
    data = {SERVICE_KEY: FakeService("old", 1)}
    first = reloader.start(data)
    with pytest.raises(ReloadRunningError):
        reloader.start(data)
    release.set()
    outcome = await asyncio.wait_for(first, 10)
    assert not outcome.switched and "disk full" in outcome.error and data[SERVICE_KEY].name == "old"
    assert not reloader.running
    reloader.close()
