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
        from core.parts import parts_register

        from .menu import LINKS

        menu_register(*LINKS)
        # "My endorsements" (endorsements.credentials, below): each credential's Open Badges
        # download, and the endorsements from other associations under the list.
        parts_register("credentials.my_endorsements.credential", "portable/_credential_link.html")
        parts_register("credentials.my_endorsements", "portable/_my_endorsements.html")
