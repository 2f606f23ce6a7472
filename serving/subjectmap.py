"""Keep the subject map current: open it, or build it from the collection in the background.

The map (index.subject_map) is built once per tarball and cached in the state directory; the bot and the
console start `MapBuild` once the knowledge index serves, so a first start answers from the preview index
as fast as without a map, and every answer service sees the map through the shared holder as soon as it is
ready. Without a collection the bot answers as before, after one warning.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable

from index.subject_map import MapReport, build_subject_map, map_is_current, map_path, open_subject_map, shared_holder
from knowledge.errors import LawBotError
from settings import Settings

logger = logging.getLogger(__name__)


def refresh_map(settings: Settings, progress: Callable[[str], None] | None = None) -> MapReport | None:
    """Serve a map current for the configured collection: open the cached one or build it.

    Returns the build's report when it built one, None when nothing had to be built (or no collection is
    configured or present: then a warning). Raises CollectionError when the tarball cannot be read.
    """
    tarball = settings.collection
    if tarball is None:
        return None
    if not tarball.is_file():
        logger.warning("the codified collection %s is missing: questions outside the knowledge base are refused "
                       "without naming their subject", tarball)
        return None
    holder = shared_holder(settings.state_dir, enabled=True)
    path = map_path(settings.state_dir)
    if map_is_current(path, tarball):
        if holder.current is None:
            holder.replace(open_subject_map(path))
        return None
    report = build_subject_map(tarball, path, progress)
    holder.replace(open_subject_map(path))
    logger.info("%s", report.summary())
    return report


class MapBuild:
    """`refresh_map` on a daemon thread, started once `ready()` says the knowledge index serves."""

    def __init__(self, settings: Settings, ready: Callable[[], bool] = lambda: True, poll_seconds: float = 2.0) -> None:
        self._settings = settings
        self._ready = ready
        self._poll = poll_seconds
        self._stop = threading.Event()
        self.done = threading.Event()
        self.report: MapReport | None = None
        self.error: BaseException | None = None
        self._thread = threading.Thread(target=self._run, name="subject-map", daemon=True)

    def start(self) -> MapBuild:
        """Start waiting (then building); returns self."""
        if self._settings.collection is not None:
            self._thread.start()
        else:
            self.done.set()
        return self

    def stop(self) -> None:
        """Give up waiting (a build under way runs to its end on the daemon thread)."""
        self._stop.set()

    def _run(self) -> None:
        try:
            while not self._ready():
                if self._stop.wait(self._poll):
                    return
            self.report = refresh_map(self._settings, lambda line: logger.debug("%s", line))
        except (LawBotError, OSError) as exc:
            self.error = exc
            logger.warning("the subject map could not be built (%s); answering without it", exc)
        except Exception as exc:  # a bug here must not take the bot down: it answers without the map
            self.error = exc
            logger.exception("the subject map build failed; answering without it")
        finally:
            self.done.set()
