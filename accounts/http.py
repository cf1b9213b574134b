"""View helpers every app's learner pages share."""

import functools

from django.http import HttpResponseNotAllowed
from django.shortcuts import redirect


def post_or_back_to(page_url):
    """A button's action: POST only. A GET comes from signing in through the ``next`` of a button pressed
    after the session had ended; it goes to the page the button is on (``page_url(request, **kwargs)``, which
    refuses what the visitor may not see) instead of a blank 405, and changes nothing."""

    def decorator(view):
        @functools.wraps(view)
        def wrapped(request, **kwargs):
            if request.method in ("GET", "HEAD"):
                return redirect(page_url(request, **kwargs))
            if request.method != "POST":
                return HttpResponseNotAllowed(["POST"])
            return view(request, **kwargs)

        return wrapped

    return decorator
