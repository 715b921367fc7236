"""A local stand-in for the Bot Framework's OpenID metadata and signing keys (JWKS), and tokens
signed like the channel signs them, so botbuilder's own token validation runs without the
internet. Served from a thread: botbuilder fetches the keys with blocking requests."""

from __future__ import annotations

import json
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

import jwt
from cryptography.hazmat.primitives.asymmetric import rsa
from jwt.algorithms import RSAAlgorithm

ISSUER = "https://api.botframework.com"
KEY_ID = "koers-test-key"


def new_key() -> rsa.RSAPrivateKey:
    return rsa.generate_private_key(public_exponent=65537, key_size=2048)


@dataclass
class Keys:
    url: str  # the OpenID metadata address
    key: rsa.RSAPrivateKey

    def token(
        self,
        audience: str,
        service_url: str,
        *,
        issuer: str = ISSUER,
        lifetime: int = 600,
        signed_with: rsa.RSAPrivateKey | None = None,
    ) -> str:
        now = int(time.time())
        claims = {
            "iss": issuer,
            "aud": audience,
            "serviceurl": service_url,
            "nbf": now - 10,
            "exp": now + lifetime,
        }
        return jwt.encode(
            claims, signed_with or self.key, algorithm="RS256", headers={"kid": KEY_ID}
        )


@contextmanager
def openid_server(endorsements: tuple[str, ...] = ("msteams",)) -> Iterator[Keys]:
    key = new_key()
    jwk: dict[str, Any] = json.loads(RSAAlgorithm.to_jwk(key.public_key()))
    jwk.update(kid=KEY_ID, use="sig", endorsements=list(endorsements))

    class Handler(BaseHTTPRequestHandler):
        def do_GET(self) -> None:
            host = f"http://127.0.0.1:{server.server_address[1]}"
            documents = {
                "/metadata": {
                    "issuer": ISSUER,
                    "jwks_uri": f"{host}/keys",
                    "id_token_signing_alg_values_supported": ["RS256"],
                },
                "/keys": {"keys": [jwk]},
            }
            body = json.dumps(documents.get(self.path, {})).encode()
            self.send_response(200 if self.path in documents else 404)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, *_args: Any) -> None:
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield Keys(f"http://127.0.0.1:{server.server_address[1]}/metadata", key)
    finally:
        server.shutdown()
        server.server_close()
