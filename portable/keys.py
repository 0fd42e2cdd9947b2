"""The association's signing keys: outside the database, in a JWK Set.

Where they come from (see README "Portable credentials: keys and rotation"):
- `PORTABLE_SIGNING_KEYS`: the JWK Set itself, as JSON (an environment variable), else
- `PORTABLE_SIGNING_KEYS_FILE`: a path to a file holding it (readable by the portal only).
Each key's `kid` is its RFC 7638 thumbprint. `PORTABLE_SIGNING_KEY_ID` names the key that
signs; without it, the first key that has a private part signs. Keys kept without their private
part ("d") are verification-only: they stay published, so credentials they signed still
verify after a rotation.

In development (DEBUG) with nothing configured, a key is generated once into
`var/portable-signing-keys.json`, so `make run` issues credentials at once.
"""

from __future__ import annotations

import json
import threading
from dataclasses import dataclass
from pathlib import Path

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.urls import reverse
from jwcrypto import jwk

# OB 3.0 §8.2.3 (JOSE header): "alg" MUST be RS256 as a minimum; other algorithms limit
# interoperability, so the association signs with RS256 only.
ALGORITHM = "RS256"
RSA_BITS = 3072

_lock = threading.Lock()
_cache: dict[str, KeyRing] = {}


class KeysNotConfigured(ImproperlyConfigured):
    """No signing key: credentials cannot be issued (the pages say so plainly)."""


@dataclass(frozen=True)
class KeyRing:
    keys: tuple[jwk.JWK, ...]
    current: jwk.JWK | None

    def public_set(self) -> dict:
        """The JWK Set to publish: public parts only, each `kid` the key's URL (OB 3.0 §8.2.3
        "kid: a URI that can be dereferenced to an object of type JWK")."""
        return {"keys": [public_jwk(key) for key in self.keys]}

    def find(self, thumbprint: str) -> jwk.JWK | None:
        return next((k for k in self.keys if k.thumbprint() == thumbprint), None)


def key_url(thumbprint: str) -> str:
    return settings.SITE_URL + reverse("portable:key", kwargs={"thumbprint": thumbprint})


def public_jwk(key: jwk.JWK) -> dict:
    """The public half of `key` (never "d": OB 3.0 §8.2.3 advisement), `kid` its URL."""
    public = json.loads(key.export_public())
    public["kid"] = key_url(key.thumbprint())
    public["alg"] = ALGORITHM
    public["use"] = "sig"
    return public


def generate() -> jwk.JWK:
    """A new RSA signing key whose `kid` is its thumbprint."""
    key = jwk.JWK.generate(kty="RSA", size=RSA_BITS)
    return jwk.JWK(**{**json.loads(key.export_private()), "kid": key.thumbprint()})


def _source() -> str:
    raw = getattr(settings, "PORTABLE_SIGNING_KEYS", "")
    if raw:
        return raw
    path = getattr(settings, "PORTABLE_SIGNING_KEYS_FILE", "")
    if not path and settings.DEBUG:
        path = str(Path(settings.BASE_DIR) / "var" / "portable-signing-keys.json")
        if not Path(path).exists():
            Path(path).parent.mkdir(parents=True, exist_ok=True)
            Path(path).write_text(json.dumps({"keys": [json.loads(generate().export())]}))
            Path(path).chmod(0o600)
    if not path:
        return ""
    try:
        return Path(path).read_text()
    except OSError as error:
        raise KeysNotConfigured(f"PORTABLE_SIGNING_KEYS_FILE cannot be read: {error}") from error


def load(source: str, current_id: str = "") -> KeyRing:
    """Parse a JWK Set (JSON text) into a KeyRing; `current_id` names the signing key."""
    if not source.strip():
        return KeyRing(keys=(), current=None)
    try:
        keys = tuple(jwk.JWKSet.from_json(source)["keys"])
    except (ValueError, KeyError, TypeError) as error:
        raise KeysNotConfigured(f"the signing keys are not a JWK Set: {error}") from error
    for key in keys:
        if key.get("kty") != "RSA":
            raise KeysNotConfigured("every signing key must be an RSA key (RS256)")
    signing = [k for k in keys if k.has_private]
    if current_id:
        current = next((k for k in signing if k.thumbprint() == current_id), None)
        if current is None:
            raise KeysNotConfigured(
                f"PORTABLE_SIGNING_KEY_ID {current_id!r} is not a private key in the set"
            )
    else:
        current = signing[0] if signing else None
    return KeyRing(keys=keys, current=current)


def keyring() -> KeyRing:
    """The configured keys, parsed once per process for each configuration."""
    source = _source()
    current_id = getattr(settings, "PORTABLE_SIGNING_KEY_ID", "")
    cache_key = f"{current_id}\0{source}"
    with _lock:
        ring = _cache.get(cache_key)
        if ring is None:
            _cache.clear()
            ring = _cache[cache_key] = load(source, current_id)
    return ring


def signing_key() -> jwk.JWK:
    current = keyring().current
    if current is None:
        raise KeysNotConfigured("no signing key: set PORTABLE_SIGNING_KEYS or _FILE")
    return current
