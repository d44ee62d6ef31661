"""Atom feed of corrections, newest first."""

from django.contrib.syndication.views import Feed
from django.urls import reverse
from django.utils.feedgenerator import Atom1Feed
from django.utils.formats import date_format
from django.utils.translation import gettext, gettext_lazy

from .selectors import latest

FEED_SIZE = 50


class CorrectionsFeed(Feed):
    feed_type = Atom1Feed
    title = gettext_lazy("North Korean troops in Russia: corrections")
    subtitle = gettext_lazy("What a published entry said wrongly, and since when it is right.")

    def link(self):
        return reverse("corrections:list")

    def items(self):
        return latest(FEED_SIZE)

    def item_title(self, item):
        return gettext("Correction of %(day)s: %(entry)s") % {
            "day": date_format(item.day, "DATE_FORMAT"),
            "entry": item.entry,
        }

    def item_description(self, item):
        return item.note

    def item_link(self, item):
        return item.entry_url or reverse("corrections:list")

    def item_guid(self, item):
        return item.slug

    item_guid_is_permalink = False

    def item_pubdate(self, item):
        return item.published_at

    def item_updateddate(self, item):
        return item.published_at
