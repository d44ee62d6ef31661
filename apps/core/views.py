"""The error pages of the public site, written like its other pages (``render_page``)."""

from .http import render_page


def bad_request(request, exception):
    return render_page(request, "400.html", {}, status=400)


def not_found(request, exception):
    return render_page(request, "404.html", {}, status=404)
