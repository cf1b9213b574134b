from django.utils.functional import SimpleLazyObject

from .caching import content_cached


def navigation(request):
    """The catalogue's URL for the header and the footer's contact point, cached until the content changes."""

    def catalog_url() -> str:
        from .selectors import catalog_page

        page = catalog_page()
        return page.url if page else ""

    def contact_point():
        from .models import ContactSettings

        # One read, never a write on a page view (Wagtail's for_site would create the row).
        saved = ContactSettings.objects.filter(site__is_default_site=True).first()
        return saved or ContactSettings()

    return {
        "catalog_url": SimpleLazyObject(lambda: content_cached("catalog-url", catalog_url, request=request)),
        "contact_point": SimpleLazyObject(
            lambda: content_cached("contact-point", contact_point, request=request)
        ),
    }
