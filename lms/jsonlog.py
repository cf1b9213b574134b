"""Structured logs for production: one JSON object per line on stdout, with the request id.

``RequestIdMiddleware`` takes the load balancer's ``X-Request-ID`` (or makes one), returns it in the response
and puts it on every log record written while the request runs, so one request can be followed across the
access log, Django's log and the error report.
"""

import json
import logging
import re
import uuid
from contextvars import ContextVar
from datetime import UTC, datetime

request_id: ContextVar[str] = ContextVar("request_id", default="")
# Accept the proxy's id only if it looks like one: the value ends up in logs and a response header.
REQUEST_ID_PATTERN = re.compile(r"^[A-Za-z0-9._:-]{1,128}$")
# gunicorn's access-log atoms (record.args) worth a field of their own.
ACCESS_FIELDS = {
    "h": "remote",
    "m": "method",
    "U": "path",
    "s": "status",
    "B": "bytes",
    "M": "duration_ms",
    "a": "user_agent",
}
# Attributes every LogRecord has; anything else was passed with ``extra=`` and is logged as a field.
_STANDARD = set(vars(logging.makeLogRecord({}))) | {"message", "asctime", "taskName"}


class JsonFormatter(logging.Formatter):
    def format(self, record: logging.LogRecord) -> str:
        entry = {
            "time": datetime.fromtimestamp(record.created, UTC).isoformat(timespec="milliseconds"),
            "level": record.levelname,
            "logger": record.name,
        }
        if record.name == "gunicorn.access" and isinstance(record.args, dict):
            atoms = record.args
            entry["message"] = atoms.get("r", "")
            entry.update({field: atoms.get(atom) for atom, field in ACCESS_FIELDS.items() if atom in atoms})
            entry["request_id"] = atoms.get("{x-request-id}o") or atoms.get("{x-request-id}i") or ""
        else:
            entry["message"] = record.getMessage()
            if current := request_id.get():
                entry["request_id"] = current
        for key, value in vars(record).items():
            if key not in _STANDARD and key not in entry:
                entry[key] = value
        if record.exc_info:
            entry["exception"] = self.formatException(record.exc_info)
        return json.dumps(entry, ensure_ascii=False, default=str)


class RequestIdMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        incoming = request.headers.get("X-Request-ID", "")
        value = incoming if REQUEST_ID_PATTERN.match(incoming) else uuid.uuid4().hex
        token = request_id.set(value)
        try:
            response = self.get_response(request)
        finally:
            request_id.reset(token)
        response["X-Request-ID"] = value
        return response
