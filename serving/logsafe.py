"""Keeping the bot token out of every log line.

httpx logs request URLs, and Bot API URLs contain the token (`/bot<token>/getUpdates`); exceptions can carry
them too. `protect_logs` lowers httpx's logger to WARNING and puts a redacting filter on every handler of
the root logger, so records from any module (and their tracebacks) are cleaned before they are written.
"""

from __future__ import annotations

import logging
import traceback

REDACTED = "<token>"


class RedactingFilter(logging.Filter):
    """Replaces the given secrets in a record's message, arguments and traceback text."""

    def __init__(self, secrets: list[str]) -> None:
        super().__init__()
        self._secrets = [s for s in secrets if s]

    def redact(self, text: str) -> str:
        """The text with every secret (and its URL-encoded form) replaced."""
        for secret in self._secrets:
            text = text.replace(secret, REDACTED).replace(secret.replace(":", "%3A"), REDACTED)
        return text

    def filter(self, record: logging.LogRecord) -> bool:
        """Rewrite the record in place; never drops it."""
        message = record.getMessage()
        if record.exc_info and not record.exc_text:
            record.exc_text = "".join(traceback.format_exception(*record.exc_info)).rstrip()
        record.msg, record.args = self.redact(message), None
        if record.exc_text:
            record.exc_text = self.redact(record.exc_text)
        if record.stack_info:
            record.stack_info = self.redact(record.stack_info)
        return True


def protect_logs(token: str) -> RedactingFilter:
    """Install the redacting filter on the root logger's handlers (creating one if there is none)."""
    logging.getLogger("httpx").setLevel(logging.WARNING)
    logging.getLogger("httpcore").setLevel(logging.WARNING)
    root = logging.getLogger()
    if not root.handlers:
        logging.basicConfig(level=logging.INFO, format="%(asctime)s %(levelname)s %(name)s: %(message)s")
    redactor = RedactingFilter([token])
    for handler in root.handlers:
        handler.addFilter(redactor)
    return redactor
