import os

from django.core.asgi import get_asgi_application

from events_site.gc_tuning import tune_for_serving

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "events_site.settings")
application = get_asgi_application()
tune_for_serving()
