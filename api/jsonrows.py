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


def _expression(annotation, value: str) -> str:
    """The expression writing one field of type ``annotation``; null for None when the field is optional."""
    nullable = False
    if typing.get_origin(annotation) in (typing.Union, types.UnionType):
        args = [a for a in typing.get_args(annotation) if a is not type(None)]
        nullable = len(args) < len(typing.get_args(annotation))
        if len(args) != 1:
            raise TypeError(f"no row encoder for {annotation!r}")
        annotation = args[0]
    if typing.get_origin(annotation) is typing.Annotated:
        annotation = typing.get_args(annotation)[0]
    if annotation not in EXPRESSIONS:
        raise TypeError(f"no row encoder for {annotation!r}")
    expression = EXPRESSIONS[annotation].format(v=value)
    return f'("null" if {value} is None else {expression})' if nullable else expression


class RowEncoder:
    """Writes rows (tuples in the order of ``schema``'s fields) as JSON objects of ``schema``.

    The row function is generated once per schema (as ``collections.namedtuple`` does): a %-template of the
    object with one expression per field, so a row costs one formatting and no call per field.
    """

    def __init__(self, schema: type[Schema]):
        fields = schema.model_fields
        self.names = tuple(fields)
        template = "{" + ",".join(f"{encode_basestring(name)}:%s" for name in fields) + "}"
        values = ", ".join(
            _expression(field.annotation, f"v[{i}]") for i, field in enumerate(fields.values())
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
