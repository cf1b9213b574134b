"""JSON for list pages written straight from database rows (tuples in the schema's field order), without
building pydantic models: validating and dumping a model per row cost more than the query itself
(bench/api.py). Each schema gets one encoder per field, chosen once from its annotation; the output is what
the schema's OpenAPI description promises (tests/api/test_api.py validates every list against it).
"""

import datetime as dt
import types
import typing
import uuid
from decimal import Decimal
from json.encoder import encode_basestring

from django.db.models import F, Func, TextField
from django.db.models.functions import Cast
from ninja import Schema

# For each type: the expression that writes value ``{v}`` as JSON (a value known not to be None).
EXPRESSIONS = {
    bool: '("true" if {v} else "false")',
    int: "str({v})",
    float: "repr(float({v}))",
    Decimal: "repr(float({v}))",
    str: "_string({v})",
    uuid.UUID: "('\"' + str({v}) + '\"')",
    dt.datetime: "('\"' + {v}.isoformat() + '\"')",
    dt.date: "('\"' + {v}.isoformat() + '\"')",
}


# On PostgreSQL these come from the database as the text of their JSON (``database_columns``): no object is
# built by the driver, none written back by Python; the text holds no character JSON must escape.
AS_TEXT = (dt.datetime, dt.date, uuid.UUID)
TEXT_EXPRESSION = "('\"' + {v} + '\"')"


class IsoText(Func):
    """A date or timestamp as PostgreSQL writes it in JSON: ISO 8601 (``2026-12-05T03:18:32.5+00:00``, in the
    connection's time zone, UTC as Django sets it)."""

    template = "(to_json(%(expressions)s) #>> '{}')"
    output_field = TextField()


def _base(annotation):
    """``annotation`` without ``| None`` and ``Annotated[...]``; (type, nullable)."""
    nullable = False
    if typing.get_origin(annotation) in (typing.Union, types.UnionType):
        args = [a for a in typing.get_args(annotation) if a is not type(None)]
        nullable = len(args) < len(typing.get_args(annotation))
        if len(args) != 1:
            raise TypeError(f"no row encoder for {annotation!r}")
        annotation = args[0]
    if typing.get_origin(annotation) is typing.Annotated:
        annotation = typing.get_args(annotation)[0]
    return annotation, nullable


def database_columns(schema: type[Schema], fields: tuple[str, ...], *, vendor: str) -> tuple:
    """The columns to select for rows of ``schema`` named by ``fields`` (in the schema's order). On PostgreSQL,
    dates, timestamps and UUIDs are selected as their JSON text, for ``RowEncoder(schema, text=True)``: the
    driver's parsing and Python's isoformat cost more per row than the rest of the row together."""
    if vendor != "postgresql":
        return fields
    columns = []
    for name, field in zip(fields, schema.model_fields.values(), strict=True):
        annotation, _nullable = _base(field.annotation)
        if annotation in (dt.datetime, dt.date):
            columns.append(IsoText(F(name)))
        elif annotation is uuid.UUID:
            columns.append(Cast(F(name), TextField()))
        else:
            columns.append(name)
    return tuple(columns)


def _expression(annotation, value: str, *, text: bool = False) -> str:
    """The expression writing one field of type ``annotation``; null for None when the field is optional."""
    annotation, nullable = _base(annotation)
    if annotation not in EXPRESSIONS:
        raise TypeError(f"no row encoder for {annotation!r}")
    template = TEXT_EXPRESSION if text and annotation in AS_TEXT else EXPRESSIONS[annotation]
    expression = template.format(v=value)
    return f'("null" if {value} is None else {expression})' if nullable else expression


class RowEncoder:
    """Writes rows (tuples in the order of ``schema``'s fields) as JSON objects of ``schema``.

    The row function is generated once per schema (as ``collections.namedtuple`` does): a %-template of the
    object with one expression per field, so a row costs one formatting and no call per field.
    """

    def __init__(self, schema: type[Schema], *, text: bool = False):
        """``text``: dates, timestamps and UUIDs come as their JSON text (``database_columns``)."""
        fields = schema.model_fields
        self.names = tuple(fields)
        template = "{" + ",".join(f"{encode_basestring(name)}:%s" for name in fields) + "}"
        values = ", ".join(
            _expression(field.annotation, f"v[{i}]", text=text) for i, field in enumerate(fields.values())
        )
        source = f"def row(v):\n    return {template!r} % ({values},)\n"
        namespace = {"_string": encode_basestring}
        exec(compile(source, f"<row encoder of {schema.__name__}>", "exec"), namespace)  # noqa: S102
        self.row = namespace["row"]
        self.source = source

    def page(self, rows, next_cursor: str | None) -> str:
        """``{"items": [...], "next_cursor": ...}``, the shape of every list page."""
        row = self.row
        items = ",".join([row(values) for values in rows])
        cursor = "null" if next_cursor is None else encode_basestring(next_cursor)
        return f'{{"items":[{items}],"next_cursor":{cursor}}}'
