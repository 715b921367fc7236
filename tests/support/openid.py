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


OUTGOING_TOKEN = "koers-outgoing-test-token"


@dataclass
class Authority:
    login_url: str  # what BOT_LOGIN_URL is set to
    ca_file: str  # the test CA that signed the authority's certificate (REQUESTS_CA_BUNDLE)
    token_requests: list[str]


def _tls_files(directory: str) -> tuple[str, str, str]:
    """A throwaway CA, and a certificate for 127.0.0.1 signed by it."""
    import datetime
    import ipaddress

    from cryptography import x509
    from cryptography.hazmat.primitives import hashes, serialization
    from cryptography.x509.oid import NameOID

    now = datetime.datetime.now(datetime.UTC)
    ca_key, server_key = new_key(), new_key()
    ca_name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "Koers test CA")])
    ca = (
        x509.CertificateBuilder()
        .subject_name(ca_name)
        .issuer_name(ca_name)
        .public_key(ca_key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - datetime.timedelta(minutes=5))
        .not_valid_after(now + datetime.timedelta(days=1))
        .add_extension(x509.BasicConstraints(ca=True, path_length=None), critical=True)
        .sign(ca_key, hashes.SHA256())
    )
    server = (
        x509.CertificateBuilder()
        .subject_name(x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "127.0.0.1")]))
        .issuer_name(ca_name)
        .public_key(server_key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - datetime.timedelta(minutes=5))
        .not_valid_after(now + datetime.timedelta(days=1))
        .add_extension(
            x509.SubjectAlternativeName([x509.IPAddress(ipaddress.ip_address("127.0.0.1"))]),
            critical=False,
        )
        .sign(ca_key, hashes.SHA256())
    )
    paths = (f"{directory}/ca.pem", f"{directory}/server.pem", f"{directory}/server.key")
    with open(paths[0], "wb") as file:
        file.write(ca.public_bytes(serialization.Encoding.PEM))
    with open(paths[1], "wb") as file:
        file.write(server.public_bytes(serialization.Encoding.PEM))
    with open(paths[2], "wb") as file:
        file.write(
            server_key.private_bytes(
                serialization.Encoding.PEM,
                serialization.PrivateFormat.TraditionalOpenSSL,
                serialization.NoEncryption(),
            )
        )
    return paths


@contextmanager
def token_authority(directory: str, tenant: str = "koers-tenant") -> Iterator[Authority]:
    """A token authority over https on loopback, like Azure AD hands the bot its tokens."""
    import ssl

    ca_file, cert_file, key_file = _tls_files(directory)
    requests_seen: list[str] = []

    class Handler(BaseHTTPRequestHandler):
        def _send(self, status: int, document: dict[str, Any]) -> None:
            body = json.dumps(document).encode()
            self.send_response(status)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        def do_GET(self) -> None:
            base = f"https://127.0.0.1:{server.server_address[1]}/{tenant}"
            if self.path.startswith(f"/{tenant}/v2.0/.well-known/openid-configuration"):
                self._send(
                    200,
                    {
                        "issuer": f"{base}/v2.0",
                        "authorization_endpoint": f"{base}/oauth2/v2.0/authorize",
                        "token_endpoint": f"{base}/oauth2/v2.0/token",
                    },
                )
            else:
                self._send(404, {})

        def do_POST(self) -> None:
            length = int(self.headers.get("Content-Length", "0"))
            form = self.rfile.read(length).decode()
            requests_seen.append(form)
            if self.path == f"/{tenant}/oauth2/v2.0/token" and "client_secret=" in form:
                self._send(
                    200,
                    {"token_type": "Bearer", "expires_in": 3600, "access_token": OUTGOING_TOKEN},
                )
            else:
                self._send(400, {"error": "invalid_request"})

        def log_message(self, *_args: Any) -> None:
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    context.load_cert_chain(cert_file, key_file)
    server.socket = context.wrap_socket(server.socket, server_side=True)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield Authority(
            f"https://127.0.0.1:{server.server_address[1]}/{tenant}", ca_file, requests_seen
        )
    finally:
        server.shutdown()
        server.server_close()
