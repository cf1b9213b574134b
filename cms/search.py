"""The project's search backend: Wagtail's database backend with a cap on the size of a query.

A 10,000-character query reaches SQLite's FTS query builder as thousands of nested terms and ends in a
RecursionError (and costs PostgreSQL a long plan). Every search, the admin's included, goes through this
backend, so each query keeps at most ``LMS_SEARCH_MAX_TERMS`` words and ``LMS_SEARCH_MAX_LENGTH``
characters; the rest is dropped, and the person still gets results for what was kept.
"""

from django.conf import settings
from modelsearch.backends import database
from modelsearch.query import And, Boost, Fuzzy, Not, Or, Phrase, PlainText


class _Budget:
    def __init__(self):
        self.terms = settings.LMS_SEARCH_MAX_TERMS
        self.chars = settings.LMS_SEARCH_MAX_LENGTH

    def take(self, text: str) -> str:
        words = text.split()[: max(self.terms, 0)]
        kept = " ".join(words)[: max(self.chars, 0)].strip()
        self.terms -= len(kept.split())
        self.chars -= len(kept)
        return kept


def cap_query(query, budget: _Budget | None = None):
    """Return ``query`` (a string or a search query tree) cut to the configured number of words and characters."""
    budget = budget or _Budget()
    if isinstance(query, str):
        return budget.take(query)
    if isinstance(query, PlainText):
        return PlainText(budget.take(query.query_string), operator=query.operator, boost=query.boost)
    if isinstance(query, Fuzzy):
        return Fuzzy(budget.take(query.query_string), operator=query.operator, unaccent=query.unaccent)
    if isinstance(query, Phrase):
        return Phrase(budget.take(query.query_string))
    if isinstance(query, And | Or):
        kept = []
        for subquery in query.subqueries:
            if budget.terms <= 0 or budget.chars <= 0:
                break
            kept.append(cap_query(subquery, budget))
        return type(query)(kept)
    if isinstance(query, Not):
        return Not(cap_query(query.subquery, budget))
    if isinstance(query, Boost):
        return Boost(cap_query(query.subquery, budget), query.boost)
    return query


class _CappedSearchMixin:
    def _search(self, query_compiler_class, query, model_or_queryset, **kwargs):
        return super()._search(query_compiler_class, cap_query(query), model_or_queryset, **kwargs)


_capped_classes: dict[type, type] = {}


def SearchBackend(params):  # the name Wagtail looks up in a backend module
    """Wagtail's database backend for the current database (PostgreSQL, SQLite FTS or fallback), capped."""
    backend_class = type(database.SearchBackend(params))
    if backend_class not in _capped_classes:
        _capped_classes[backend_class] = type(
            f"Capped{backend_class.__name__}", (_CappedSearchMixin, backend_class), {}
        )
    return _capped_classes[backend_class](params)
