from django.shortcuts import render

from .models import Event


def timeline(request):
    events = Event.objects.published()
    return render(request, "events/timeline.html", {"events": events})
