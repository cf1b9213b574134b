import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "lms.settings.production")
application = get_wsgi_application()

# After the application (Django is set up): the URLconf and the templates, loaded once in gunicorn's master.
from lms.warmup import warm_up  # noqa: E402

warm_up()
