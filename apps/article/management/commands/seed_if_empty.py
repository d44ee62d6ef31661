from django.core.management import call_command
from django.core.management.base import BaseCommand

from ...models import Article


class Command(BaseCommand):
    help = "Load the seed fixture (the whole article) when the database holds no article yet."

    def handle(self, *args, **options):
        if Article.objects.exists():
            self.stdout.write("The database already holds the article; the seed is not loaded.")
            return
        call_command("loaddata", "seed", verbosity=options["verbosity"])
