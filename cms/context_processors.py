from django.core.cache import cache
from django.utils.functional import SimpleLazyObject

CATALOG_URL_CACHE_KEY = "cms:catalog-url"


def _catalog_url() -> str:
    def lookup():
        from .selectors import catalog_page

        page = catalog_page()
        return page.url if page else ""

    return cache.get_or_set(CATALOG_URL_CACHE_KEY, lookup, 600)


def navigation(request):
    """The catalogue's URL for the header, looked up once and cached until a catalogue is (un)published."""
    return {"catalog_url": SimpleLazyObject(_catalog_url)}
