import json

import pytest

from portable import keys

_KEYS: list = []


def signing_keys(count: int = 1):
    """RSA keys made once per test session (3,072-bit keys take a moment to make)."""
    while len(_KEYS) < count:
        _KEYS.append(keys.generate())
    return _KEYS[:count]


def keyset_json(*jwks, public_only=()) -> str:
    entries = []
    for key in jwks:
        if key in public_only:
            entries.append({**json.loads(key.export_public()), "kid": key.thumbprint()})
        else:
            entries.append(json.loads(key.export()))
    return json.dumps({"keys": entries})


@pytest.fixture
def signing_key(settings):
    (key,) = signing_keys(1)
    settings.PORTABLE_SIGNING_KEYS = keyset_json(key)
    settings.PORTABLE_SIGNING_KEY_ID = ""
    return key
