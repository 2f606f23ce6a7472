"""The engine behind every surface: load the serving index, build a staged one, publish what the gate accepts.

These are the real implementations of `serving.ports`' loader and builder; tests and benchmarks inject
their own in their place.
"""

from __future__ import annotations

from typing import Any

from serving.ports import AnswerPort
from settings import Settings


def load_serving(settings: Settings) -> AnswerPort:
    """The answer service over the published index (raises index.errors.IndexMissingError when none is)."""
    from answers.service import load_service

    return load_service(settings)


def build_staged(settings: Settings, progress: Any) -> Any:
    """Build a new index folder for /reload without serving it yet; returns the build report."""
    from index.build import build_index

    return build_index(settings, progress=progress, switch=False)


def load_built(settings: Settings, report: Any) -> AnswerPort:
    """The answer service over the folder a build just made (its report names it)."""
    from answers.service import load_service

    return load_service(settings, folder=report.folder)


def publish_built(settings: Settings, report: Any) -> None:
    """Make the built folder the serving one, so a restart serves what the gate accepted."""
    from index.build import publish

    publish(settings, report.folder)
