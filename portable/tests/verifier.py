"""A verifier written apart from the portal's code, from jwcrypto's documented API and the
specifications only (OB 3.0 §8.2.6, Bitstring Status List v1.0 §3.2). It knows nothing of
`portable`: it gets a JWK Set and tokens, as any verifier would."""

import base64
import gzip
import json
from datetime import datetime

from jwcrypto import jwk, jwt


class Invalid(Exception):
    pass


def verify(token: str, jwks_json: str, *, now: float | None = None) -> dict:
    """The verified credential, or Invalid. jwcrypto picks the key by the header's kid from
    the JWK Set and checks exp and nbf."""
    keyset = jwk.JWKSet.from_json(jwks_json)
    try:
        checked = jwt.JWT(
            jwt=token,
            key=keyset,
            algs=["RS256"],
            check_claims={"iss": None, "jti": None, "sub": None, "nbf": None},
            expected_type="JWS",
        )
    except Exception as error:  # jwcrypto raises several kinds; any is a failure
        raise Invalid(str(error)) from error
    header = json.loads(checked.header)
    if set(header) - {"alg", "kid", "typ", "jwk"}:
        raise Invalid("OB 3.0 §8.2.3: no other JOSE header is allowed")
    claims = json.loads(checked.claims)
    if claims["iss"] != claims["issuer"]["id"] or claims["jti"] != claims["id"]:
        raise Invalid("iss/jti do not match the credential")
    if claims["sub"] != claims["credentialSubject"]["id"]:
        raise Invalid("sub does not match credentialSubject.id")
    valid_from = datetime.fromisoformat(claims["validFrom"].replace("Z", "+00:00"))
    if claims["nbf"] != int(valid_from.timestamp()):
        raise Invalid("nbf does not match validFrom")
    return claims


def status_bit(status_list_claims: dict, index: int) -> bool:
    encoded = status_list_claims["credentialSubject"]["encodedList"]
    assert encoded.startswith("u")  # multibase base64url
    raw = gzip.decompress(base64.urlsafe_b64decode(encoded[1:] + "=" * (-len(encoded[1:]) % 4)))
    assert len(raw) * 8 >= 131_072  # Bitstring Status List v1.0: at least 16 KB
    return bool(raw[index // 8] & (0x80 >> (index % 8)))
