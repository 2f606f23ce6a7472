"""The first start of a new installation: answer from a quick preview index while the full one is built.

A first full build embeds every passage (~8 minutes on 2 cores). A preview build (index.build, preview=True)
embeds only article titles and booklet entries (about a minute) and searches BM25 over everything; on the
development questions it is nearly as good (hit@5 0.96 against 0.96, hit@1 0.89 against 0.92, the same
refusals). So the console and the bot answer from the preview, marked as such, and switch to the full index
when its build, on a background thread, is done. The preview folder is never published: if the process
stops before the full build ends, the next start begins again with a preview.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import threading
from collections.abc import Callable
from typing import Any

from serving.ports import AnswerPort
from serving.reload import SERVICE_KEY, Reloader, ReloadRunningError
from settings import Settings

logger = logging.getLogger(__name__)

Progress = Callable[[str], None]


def build_preview(settings: Settings, progress: Progress | None = None) -> AnswerPort:
    """Build and load a preview index (not published); raises what the build or the load raises."""
    from answers.service import load_service
    from index.build import build_index

    report = build_index(settings, progress=progress, switch=False, preview=True)
    return load_service(settings, folder=report.folder)


def build_full(settings: Settings, progress: Progress | None = None) -> AnswerPort:
    """Build, publish and load the full index."""
    from answers.service import load_service
    from index.build import build_index

    build_index(settings, progress=progress)
    return load_service(settings)


class BackgroundBuild:
    """The full build on a daemon thread; `take()` hands its loaded service over once, when it is ready.

    A failed build is logged and kept in `error`; the caller goes on with what it serves.
    """

    def __init__(self, settings: Settings, build: Callable[[Settings], AnswerPort] | None = None) -> None:
        self._settings = settings
        # progress at DEBUG: in the console these lines would interleave with the chat for minutes
        self._build = build or (lambda s: build_full(s, progress=lambda line: logger.debug("full build: %s", line)))
        self._ready: AnswerPort | None = None
        self._lock = threading.Lock()
        self.error: BaseException | None = None
        self.done = threading.Event()
        self._thread = threading.Thread(target=self._run, name="full-build", daemon=True)

    def start(self) -> BackgroundBuild:
        """Start the build; returns self."""
        self._thread.start()
        return self

    def _run(self) -> None:
        logger.info("building the full index in the background")
        try:
            service = self._build(self._settings)
        except Exception as exc:
            logger.exception("the full build failed; still answering from the preview")
            self.error = exc
        else:
            logger.info("the full index is built")
            with self._lock:
                self._ready = service
        finally:
            self.done.set()

    def take(self) -> AnswerPort | None:
        """The full index's service the first time it is asked for after the build ends, else None."""
        with self._lock:
            ready, self._ready = self._ready, None
        return ready


async def serve_preview_then_full(settings: Settings, bot_data: dict[str, Any], reloader: Reloader) -> None:
    """Serve a preview index as soon as it is built, then build, check and switch to the full one."""
    try:
        preview = await asyncio.to_thread(build_preview, settings,
                                          lambda line: logger.info("preview build: %s", line))
    except Exception:
        logger.exception("the preview build failed; building the full index only")
    else:
        bot_data.setdefault(SERVICE_KEY, preview)  # an admin's /reload may have finished first
        logger.info("answering from the preview index while the full index is built")
    with contextlib.suppress(ReloadRunningError):  # an admin's /reload is already building the full index
        reloader.start(bot_data)
