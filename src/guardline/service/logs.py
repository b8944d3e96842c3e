"""Structured JSON logs on stderr. Records carry ids, counts and timings, never message text."""

from __future__ import annotations

import json
import logging
import sys
from datetime import UTC, datetime
from typing import Any

_STD = set(vars(logging.LogRecord("", 0, "", 0, "", None, None))) | {"message", "asctime"}
# fields that must never reach a log line, whatever a caller passes in ``extra``
FORBIDDEN = frozenset({"text", "body", "payload", "messages", "color_message"})


class JsonFormatter(logging.Formatter):
    def format(self, record: logging.LogRecord) -> str:
        out: dict[str, Any] = {
            "ts": datetime.fromtimestamp(record.created, UTC).isoformat(timespec="milliseconds"),
            "level": record.levelname.lower(),
            "logger": record.name,
            "msg": record.getMessage(),
        }
        for k, v in vars(record).items():
            if k not in _STD and k not in FORBIDDEN and not k.startswith("_"):
                out[k] = v
        if record.exc_info and record.exc_info[0] is not None:
            # the exception type only: exception messages can quote user input
            out["exc_type"] = record.exc_info[0].__name__
        return json.dumps(out, default=str, ensure_ascii=False)


def configure_logging(level: str = "INFO") -> None:
    """Route guardline and uvicorn logs through one JSON handler on stderr."""
    handler = logging.StreamHandler(sys.stderr)
    handler.setFormatter(JsonFormatter())
    for name in ("guardline", "uvicorn", "uvicorn.error"):
        lg = logging.getLogger(name)
        lg.handlers[:] = [handler]
        lg.setLevel(level.upper())
        lg.propagate = False
    logging.getLogger("uvicorn.access").disabled = True  # our middleware logs requests


log = logging.getLogger("guardline.service")
