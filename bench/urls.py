"""The portal's URLs plus the bare baseline page (bench/baseline.py), for the bench server only."""

from django.urls import path

from bench.baseline import baseline
from endorsement_portal.urls import handler403, handler404, handler500  # noqa: F401
from endorsement_portal.urls import urlpatterns as portal_urlpatterns

urlpatterns = [path("bench/baseline/", baseline, name="bench_baseline"), *portal_urlpatterns]
