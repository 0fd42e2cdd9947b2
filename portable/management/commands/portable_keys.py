"""Generate a signing key for portable credentials, or show the configured ones.

    manage.py portable_keys generate --file /etc/portal/signing-keys.json
    manage.py portable_keys retire --file ... --kid <thumbprint>
    manage.py portable_keys show

`generate` adds a new RSA key to the JWK Set in the file (creating it, mode 600) and prints its
kid; set PORTABLE_SIGNING_KEY_ID to it to sign with it. `retire` drops a key's private part so
it only verifies (credentials it signed stay verifiable). See README "Portable credentials".
"""

import json
import os
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from jwcrypto import jwk

from portable import keys


class Command(BaseCommand):
    help = "Generate, retire or list the portable credentials' signing keys."

    def add_arguments(self, parser):
        parser.add_argument("action", choices=["generate", "retire", "show"])
        parser.add_argument("--file", help="The JWK Set file (PORTABLE_SIGNING_KEYS_FILE).")
        parser.add_argument("--kid", help="The key to retire (its thumbprint).")

    def handle(self, *args, action, file=None, kid=None, **options):
        if action == "show":
            ring = keys.keyring()
            for key in ring.keys:
                role = (
                    "signs"
                    if key is ring.current
                    else ("can sign" if key.has_private else "verifies only")
                )
                self.stdout.write(f"{key.thumbprint()}  {role}")
            return
        if not file:
            raise CommandError("--file is required")
        path = Path(file)
        existing = json.loads(path.read_text()) if path.exists() else {"keys": []}
        if action == "generate":
            key = keys.generate()
            existing["keys"].append(json.loads(key.export()))
            message = (
                f"Added key {key.thumbprint()}. To sign with it, set "
                f"PORTABLE_SIGNING_KEY_ID={key.thumbprint()} and restart."
            )
        else:
            for i, entry in enumerate(existing["keys"]):
                if jwk.JWK(**entry).thumbprint() == kid:
                    public = json.loads(jwk.JWK(**entry).export_public())
                    existing["keys"][i] = {**public, "kid": kid}
                    break
            else:
                raise CommandError(f"no key {kid} in {path}")
            message = f"Key {kid} now verifies only."
        tmp = path.with_suffix(".tmp")
        tmp.write_text(json.dumps(existing, indent=2))
        os.chmod(tmp, 0o600)
        os.replace(tmp, path)
        self.stdout.write(message)
