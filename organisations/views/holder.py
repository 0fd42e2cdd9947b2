"""Transparency for holders: which organisations checked or watch their credentials."""

from django.contrib.auth.decorators import login_required
from django.shortcuts import render
from django.views.decorators.http import require_GET

from .. import selectors


@login_required
@require_GET
def my_checks(request):
    return render(
        request,
        "organisations/my_checks.html",
        {
            "checks": selectors.checks_of_holder(user=request.user),
            "watchers": selectors.watchers_of_holder(user=request.user),
        },
    )
