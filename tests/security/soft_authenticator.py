"""
A passkey authenticator in Python, for tests that drive the WebAuthn endpoints without a
browser: it makes a P-256 key pair, answers the server's registration and sign-in options
as a platform authenticator does (no attestation, user present and verified), and can
write the origin a browser would report, including a look-alike site's.
"""

import hashlib
import json
import secrets
import struct
from base64 import urlsafe_b64decode, urlsafe_b64encode

import cbor2
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.asymmetric import ec

USER_PRESENT, USER_VERIFIED, ATTESTED_CREDENTIAL = 0x01, 0x04, 0x40


def b64url(data: bytes) -> str:
    return urlsafe_b64encode(data).rstrip(b"=").decode()


def from_b64url(text: str) -> bytes:
    return urlsafe_b64decode(text + "=" * (-len(text) % 4))


class SoftAuthenticator:
    def __init__(self, origin: str, rp_id: str):
        self.origin = origin
        self.rp_id = rp_id
        self.key = ec.generate_private_key(ec.SECP256R1())
        self.credential_id = secrets.token_bytes(32)
        self.sign_count = 0
        self.user_handle = b""

    def cose_public_key(self) -> bytes:
        numbers = self.key.public_key().public_numbers()
        # COSE_Key: kty EC2 (2), alg ES256 (-7), crv P-256 (1), x, y.
        return cbor2.dumps(
            {
                1: 2,
                3: -7,
                -1: 1,
                -2: numbers.x.to_bytes(32, "big"),
                -3: numbers.y.to_bytes(32, "big"),
            }
        )

    def client_data(self, kind: str, challenge: str, origin: str | None) -> bytes:
        return json.dumps(
            {"type": kind, "challenge": challenge, "origin": origin or self.origin},
            separators=(",", ":"),
        ).encode()

    def authenticator_data(self, flags: int, extra: bytes = b"") -> bytes:
        rp_id_hash = hashlib.sha256(self.rp_id.encode()).digest()
        return rp_id_hash + bytes([flags]) + struct.pack(">I", self.sign_count) + extra

    def register(self, options: dict, origin: str | None = None) -> dict:
        """The browser's answer to navigator.credentials.create() with `options`."""
        self.user_handle = from_b64url(options["user"]["id"])
        attested = (
            bytes(16)  # AAGUID: none
            + struct.pack(">H", len(self.credential_id))
            + self.credential_id
            + self.cose_public_key()
        )
        auth_data = self.authenticator_data(
            USER_PRESENT | USER_VERIFIED | ATTESTED_CREDENTIAL, attested
        )
        attestation = cbor2.dumps({"fmt": "none", "attStmt": {}, "authData": auth_data})
        client_data = self.client_data("webauthn.create", options["challenge"], origin)
        response = {"attestationObject": b64url(attestation), "transports": ["internal"]}
        return self.credential(client_data, response, {"credProps": {"rk": True}})

    def sign_in(self, options: dict, origin: str | None = None) -> dict:
        """The browser's answer to navigator.credentials.get() with `options`."""
        self.sign_count += 1
        auth_data = self.authenticator_data(USER_PRESENT | USER_VERIFIED)
        client_data = self.client_data("webauthn.get", options["challenge"], origin)
        signature = self.key.sign(
            auth_data + hashlib.sha256(client_data).digest(), ec.ECDSA(hashes.SHA256())
        )
        response = {
            "authenticatorData": b64url(auth_data),
            "signature": b64url(signature),
            "userHandle": b64url(self.user_handle),
        }
        return self.credential(client_data, response, {})

    def credential(self, client_data: bytes, response: dict, extensions: dict) -> dict:
        """A PublicKeyCredential as the browser's script sends it (JSON, base64url)."""
        return {
            "id": b64url(self.credential_id),
            "rawId": b64url(self.credential_id),
            "type": "public-key",
            "response": {"clientDataJSON": b64url(client_data), **response},
            "clientExtensionResults": extensions,
        }
