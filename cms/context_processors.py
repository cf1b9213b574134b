from django.utils.functional import SimpleLazyObject

from .caching import content_cached


def navigation(request):
    """The catalogue's URL for the header, looked up once and cached until the content changes."""

    def catalog_url() -> str:
        from .selectors import catalog_page

        page = catalog_page()
        return page.url if page else ""

    return {
        "catalog_url": SimpleLazyObject(lambda: content_cached("catalog-url", catalog_url, request=request))
    }
