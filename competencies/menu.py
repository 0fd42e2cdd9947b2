"""This app's links in the site's menu and on the home page (registered when it is ready)."""

from django.utils.translation import gettext_lazy as _

from core.navigation import EVERYONE, Link

LINKS = (Link(_("Endorsement requirements"), "competencies:list", EVERYONE, order=10),)
