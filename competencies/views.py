"""Public pages: the requirements of every category, rendered from the rules data."""

from django.shortcuts import render
from django.utils import timezone
from django.views.decorators.http import require_GET

from . import display, selectors
from .models import Track


@require_GET
def requirement_list(request):
    today = timezone.localdate()
    categories = selectors.categories_with_current_requirements(on=today)
    tracks = []
    for track in Track:
        rows = [
            {
                "category": category,
                "summary": display.requirement_summary(category.current_requirements)
                if category.current_requirements
                else [],
                "renewal": display.renewal_summary(category.current_renewal_policy)
                if category.current_renewal_policy
                else [],
                "upcoming": [
                    (rs, display.requirement_summary(rs)) for rs in category.upcoming_requirements
                ],
                "upcoming_renewal": [
                    (p, display.renewal_summary(p)) for p in category.upcoming_renewal_policies
                ],
            }
            for category in categories
            if category.track == track
        ]
        if rows:
            tracks.append({"label": track.label, "value": track.value, "rows": rows})
    return render(request, "competencies/requirement_list.html", {"tracks": tracks, "today": today})


@require_GET
def requirement_detail(request, code):
    today = timezone.localdate()
    category = selectors.category_get_by_code(code=code)
    requirement_set = selectors.requirement_set_in_effect(category=category, on=today)
    policy = selectors.renewal_policy_in_effect(category=category, on=today)
    upcoming_policies = selectors.renewal_policies_upcoming(category=category, on=today)
    upcoming_sets = selectors.requirement_sets_upcoming(category=category, on=today)
    edition = selectors.edition_in_effect(on=today)
    domains = selectors.domains_for_edition(edition=edition) if edition else []
    context = {
        "category": category,
        "requirement_set": requirement_set,
        "summary": display.requirement_summary(requirement_set) if requirement_set else [],
        "renewal": display.renewal_summary(policy) if policy else [],
        "upcoming": [(p, display.renewal_summary(p)) for p in upcoming_policies],
        "upcoming_requirements": [(rs, display.requirement_summary(rs)) for rs in upcoming_sets],
        "edition": edition,
        "domains": selectors.domains_for_category(category=category, domains=domains),
        "today": today,
    }
    return render(request, "competencies/requirement_detail.html", context)
