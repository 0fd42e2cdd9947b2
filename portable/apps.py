from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PortableConfig(AppConfig):
    """Portable credentials (issue 17): every endorsement as a signed Open Badges 3.0
    credential, the issuer's public keys, Bitstring Status Lists, and reciprocity (endorsements
    from other associations recorded here). It sits above the workflow and reads credentials
    through `endorsements` selectors; nothing below imports it."""

    name = "portable"
    verbose_name = _("Portable credentials and reciprocity")

    def ready(self):
        from core.navigation import menu_register

        from .menu import LINKS

        menu_register(*LINKS)
