"""Webhook destinations: loopback, private and reserved addresses are refused unless allowed,
and a delivery connects to the address that was checked (no DNS-rebinding window)."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient
from svc_fixtures import GROOMING, payloads
from svc_receiver import receiver, serving
from svc_support import make_settings

from guardline.service.app import create_app
from guardline.service.webhooks import (
    Pinned,
    Refused,
    Resolver,
    WebhookClients,
    deliver_due,
    destination_refused,
    pin_destination,
)

SECRET = "test-secret-0123456789"


@pytest.mark.parametrize(
    "url",
    [
        "http://127.0.0.1:8080/hook",
        "http://localhost/hook",
        "http://10.1.2.3/hook",
        "http://192.168.0.10/hook",
        "http://169.254.169.254/latest/meta-data",  # cloud metadata
        "http://[::1]/hook",
        "http://0.0.0.0/hook",
        "http://224.0.0.1/hook",
    ],
)
def test_internal_destinations_are_refused(url: str) -> None:
    assert destination_refused(url, allow_private=False) is not None
    assert destination_refused(url, allow_private=True) is None


def test_public_address_is_allowed_and_bad_urls_are_not() -> None:
    assert destination_refused("https://93.184.216.34/hook", allow_private=False) is None
    assert destination_refused("ftp://93.184.216.34/hook", allow_private=True) is not None
    assert destination_refused("http:///nohost", allow_private=True) is not None


@pytest.mark.parametrize(
    "url", ["http://[0", "https://[::1/hook", "http://host:99999/", "http://h:x/"]
)
@pytest.mark.parametrize("allow_private", [True, False])
def test_urls_that_do_not_split_are_refused_not_raised(url: str, allow_private: bool) -> None:
    """urlsplit raises for an unclosed IPv6 literal or a bad port (found by schemathesis)."""
    assert destination_refused(url, allow_private=allow_private) is not None


@pytest.mark.parametrize(
    ("url", "allow_private"),
    [
        ("http://127.0.0.1:9/hook", False),  # loopback, refused by default
        ("http://[0", False),  # does not split (urlsplit raises)
        ("http://[0", True),
    ],
)
def test_api_refuses_a_bad_webhook_url_with_422(
    tmp_path: Path, url: str, allow_private: bool
) -> None:
    from guardline.service.auth import create_key, create_tenant

    settings = make_settings(
        f"sqlite:///{tmp_path / 'g.db'}", webhook_allow_private=allow_private, workers_enabled=False
    )
    app = create_app(settings)
    with TestClient(app) as client:
        rt = app.state.rt
        with rt.sessions() as session, session.begin():
            tenant = create_tenant(session, "acme")
            _, key = create_key(session, tenant.id, ["admin"])
        h = {"Authorization": f"Bearer {key}"}
        body = {"url": url, "secret": "s" * 20}
        r = client.post("/v1/webhooks", json=body, headers=h)
        assert r.status_code == 422
        assert r.headers["content-type"].startswith("application/problem+json")
        assert client.get("/v1/webhooks", headers=h).json() == []


# --------------------------------------------------------------------------- pinning


def _fixed(*addresses: str):  # type: ignore[no-untyped-def]
    """A resolver that answers ``addresses`` for any name (and counts its calls)."""
    calls: list[tuple[str, int]] = []

    def resolve(host: str, port: int) -> list[str]:
        calls.append((host, port))
        return list(addresses)

    resolve.calls = calls  # type: ignore[attr-defined]
    return resolve


@pytest.mark.parametrize(
    ("url", "addr", "pinned", "host_header", "sni"),
    [
        (
            "https://hooks.example.org/a?x=1",
            "93.184.216.34",
            "https://93.184.216.34/a?x=1",
            "hooks.example.org",
            "hooks.example.org",
        ),
        (
            "http://hooks.example.org:8080/a",
            "93.184.216.34",
            "http://93.184.216.34:8080/a",
            "hooks.example.org:8080",
            None,
        ),
        (
            "https://hooks.example.org:443",
            "2606:2800:220:1::1",
            "https://[2606:2800:220:1::1]/",
            "hooks.example.org",
            "hooks.example.org",
        ),
        (
            "https://user:pw@hooks.example.org/a#frag",
            "93.184.216.34",
            "https://93.184.216.34/a",
            "hooks.example.org",
            "hooks.example.org",
        ),
        (
            "https://93.184.216.34/a",
            "93.184.216.34",
            "https://93.184.216.34/a",
            "93.184.216.34",
            None,
        ),
    ],
)
def test_a_delivery_is_pinned_to_the_checked_address(
    url: str, addr: str, pinned: str, host_header: str, sni: str | None
) -> None:
    resolve = _fixed(addr)
    dest = pin_destination(url, allow_private=False, resolve=resolve)
    assert isinstance(dest, Pinned)
    assert (dest.url, dest.host_header, dest.sni) == (pinned, host_header, sni)
    assert len(resolve.calls) == 1  # one answer, checked and used  # type: ignore[attr-defined]


def test_pinning_refuses_internal_answers_and_retries_names_that_do_not_resolve() -> None:
    mixed = pin_destination("https://h.example.org/", False, _fixed("93.184.216.34", "10.0.0.1"))
    assert isinstance(mixed, Refused) and not mixed.transient
    assert isinstance(pin_destination("https://h.example.org/", True, _fixed("10.0.0.1")), Pinned)

    def broken(host: str, port: int) -> list[str]:
        raise OSError("no answer")

    gone = pin_destination("https://h.example.org/", False, broken)
    assert isinstance(gone, Refused) and gone.transient
    empty = pin_destination("https://h.example.org/", False, _fixed())
    assert isinstance(empty, Refused) and empty.transient
    bad = pin_destination("ftp://h.example.org/", True, _fixed("93.184.216.34"))
    assert isinstance(bad, Refused) and not bad.transient


@dataclass
class Pending:
    """One pending alert.created delivery to a real loopback receiver, named ``localhost``."""

    rcv: Any
    deliver: Callable[[Resolver], list[dict[str, Any]]]  # run one delivery; the log after it


@contextmanager
def _one_pending_delivery(
    tmp_path: Path, allow_private: bool, url: str | None = None, ca_bundle: str | None = None
) -> Iterator[Pending]:
    """A webhook to ``url`` (default: the loopback receiver as ``http://localhost:PORT/hook``)
    registered (loopback allowed for that), one alert raised, and no background workers:
    ``deliver`` runs the delivery step once with the resolver given,
    ``webhook_allow_private=allow_private`` and receivers' certificates checked against
    ``ca_bundle``."""
    from guardline.service.auth import create_key, create_tenant

    settings = make_settings(
        f"sqlite:///{tmp_path / 'g.db'}",
        webhook_allow_private=True,
        workers_enabled=False,
        webhook_timeout_s=1.0,
    )
    app = create_app(settings)
    with receiver(SECRET) as rcv, TestClient(app) as client:
        rt = app.state.rt
        with rt.sessions() as session, session.begin():
            tenant = create_tenant(session, "acme")
            _, key = create_key(session, tenant.id, ["admin", "ingest"])
        h = {"Authorization": f"Bearer {key}"}
        port = rcv.url.rsplit(":", 1)[1].split("/")[0]
        url = url or f"http://localhost:{port}/hook"
        r = client.post("/v1/webhooks", json={"url": url, "secret": SECRET}, headers=h)
        assert r.status_code == 201, r.text
        hook = int(r.json()["id"])
        sent = client.post("/v1/messages", json={"messages": payloads("p1", GROOMING)}, headers=h)
        assert sent.json()["alerts_created"] == 1
        rt.settings = rt.settings.model_copy(update={"webhook_allow_private": allow_private})

        def deliver(resolve: Resolver) -> list[dict[str, Any]]:
            clients = WebhookClients(ca_bundle=ca_bundle)
            try:
                assert deliver_due(rt, clients, resolve=resolve) == 1
            finally:
                clients.close()
            return list(client.get(f"/v1/webhooks/{hook}/deliveries", headers=h).json())

        yield Pending(rcv, deliver)


def test_an_internal_answer_at_delivery_fails_without_a_request(tmp_path: Path) -> None:
    with _one_pending_delivery(tmp_path, allow_private=False) as p:
        rows = p.deliver(_fixed("192.0.0.170"))  # not a global address
        assert p.rcv.attempts == 0
        assert rows[0]["last_error"] == "destination refused"
        assert rows[0]["status"] == "failed"


def test_dns_rebinding_cannot_redirect_a_delivery(tmp_path: Path) -> None:
    """The answer that was checked is the address connected to: when the check saw a public
    address, the request goes there even though the HTTP client's own resolver would now
    answer loopback for the same name (the rebinding attack)."""
    with _one_pending_delivery(tmp_path, allow_private=False) as p:
        # a public address that does not answer from this sandbox: the connection fails (or
        # times out); before pinning, the request reached the loopback receiver
        rows = p.deliver(_fixed("93.184.216.34"))
        assert p.rcv.attempts == 0
        assert rows[0]["status"] == "pending" and rows[0]["attempts"] == 1
        assert rows[0]["last_error"] in ("ConnectError", "ConnectTimeout")


def test_pinned_delivery_keeps_the_original_host_header(tmp_path: Path) -> None:
    with _one_pending_delivery(tmp_path, allow_private=True) as p:
        # "localhost" may answer ::1 first and the receiver is on 127.0.0.1: pin to the IPv4
        # answer, as a resolver that answers only that would
        rows = p.deliver(_fixed("127.0.0.1"))
        assert p.rcv.rejected == 0 and len(p.rcv.received) == 1
        port = p.rcv.url.rsplit(":", 1)[1].split("/")[0]
        assert p.rcv.received[0]["host"] == f"localhost:{port}"
        assert p.rcv.received[0]["event"] == "alert.created"
        assert rows[0]["status"] == "delivered"


def test_a_name_that_does_not_resolve_is_retried(tmp_path: Path) -> None:
    def broken(host: str, port: int) -> list[str]:
        raise OSError("temporary failure in name resolution")

    with _one_pending_delivery(tmp_path, allow_private=False) as p:
        rows = p.deliver(broken)
        assert p.rcv.attempts == 0
        assert rows[0]["status"] == "pending" and rows[0]["attempts"] == 1
        assert rows[0]["last_error"] == "destination does not resolve"


def test_each_host_name_gets_its_own_connection_pool() -> None:
    clients = WebhookClients(max_hosts=2)
    try:
        a = clients.get("a.example.org")
        assert clients.get("a.example.org") is a
        b = clients.get("b.example.org")
        assert b is not a
        clients.get("a.example.org")  # a is now the most recently used
        clients.get("c.example.org")  # b is closed and dropped
        assert len(clients) == 2 and b.is_closed and not a.is_closed
    finally:
        clients.close()
    assert a.is_closed


# --------------------------------------------------------------------------- https


def _self_signed(tmp_path: Path, name: str) -> tuple[Path, Path]:
    """A self-signed CA certificate for DNS name ``name`` and its key (PEM files)."""
    import datetime

    from cryptography import x509
    from cryptography.hazmat.primitives import hashes, serialization
    from cryptography.hazmat.primitives.asymmetric import ec
    from cryptography.x509.oid import NameOID

    key = ec.generate_private_key(ec.SECP256R1())
    subject = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, name)])
    now = datetime.datetime.now(datetime.UTC)
    cert = (
        x509.CertificateBuilder()
        .subject_name(subject)
        .issuer_name(subject)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - datetime.timedelta(minutes=5))
        .not_valid_after(now + datetime.timedelta(days=1))
        .add_extension(x509.SubjectAlternativeName([x509.DNSName(name)]), critical=False)
        .add_extension(x509.BasicConstraints(ca=True, path_length=None), critical=True)
        .add_extension(
            x509.KeyUsage(
                digital_signature=True,
                key_cert_sign=True,
                content_commitment=False,
                key_encipherment=False,
                data_encipherment=False,
                key_agreement=False,
                crl_sign=False,
                encipher_only=False,
                decipher_only=False,
            ),
            critical=True,
        )
        .sign(key, hashes.SHA256())
    )
    cert_file = tmp_path / f"{name}.pem"
    key_file = tmp_path / f"{name}.key"
    cert_file.write_bytes(cert.public_bytes(serialization.Encoding.PEM))
    key_file.write_bytes(
        key.private_bytes(
            serialization.Encoding.PEM,
            serialization.PrivateFormat.PKCS8,
            serialization.NoEncryption(),
        )
    )
    return cert_file, key_file


@dataclass
class TlsSeen:
    port: int = 0
    sni: list[str | None] = field(default_factory=list)  # server names clients asked for
    hosts: list[str | None] = field(default_factory=list)  # Host headers of requests


@contextmanager
def _tls_receiver(cert: Path, key: Path) -> Iterator[TlsSeen]:
    """A real HTTPS receiver on 127.0.0.1 that records TLS SNI and Host, and answers 204."""
    import ssl
    from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

    seen = TlsSeen()

    class Handler(BaseHTTPRequestHandler):
        def do_POST(self) -> None:
            self.rfile.read(int(self.headers.get("Content-Length", "0")))
            seen.hosts.append(self.headers.get("Host"))
            self.send_response(204)
            self.end_headers()

        def log_message(self, *args: Any) -> None:
            pass

    ctx = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    ctx.load_cert_chain(cert, key)
    ctx.sni_callback = lambda sock, name, c: seen.sni.append(name)  # type: ignore[assignment,misc]
    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    server.socket = ctx.wrap_socket(server.socket, server_side=True)
    seen.port = server.server_address[1]
    with serving(server):
        yield seen


def test_https_delivery_checks_the_certificate_against_the_original_name(
    tmp_path: Path,
) -> None:
    """Pinned to 127.0.0.1, the TLS handshake still names ``localhost`` (SNI) and the
    certificate is verified for ``localhost`` against the configured CA bundle."""
    cert, key = _self_signed(tmp_path, "localhost")
    with _tls_receiver(cert, key) as tls:
        url = f"https://localhost:{tls.port}/hook"
        with _one_pending_delivery(tmp_path, True, url=url, ca_bundle=str(cert)) as p:
            rows = p.deliver(_fixed("127.0.0.1"))
        assert rows[0]["status"] == "delivered", rows[0]
        assert tls.sni == ["localhost"]
        assert tls.hosts == [f"localhost:{tls.port}"]


def test_https_delivery_refuses_a_certificate_for_another_name(tmp_path: Path) -> None:
    cert, key = _self_signed(tmp_path, "receiver.example.org")
    with _tls_receiver(cert, key) as tls:
        url = f"https://localhost:{tls.port}/hook"
        with _one_pending_delivery(tmp_path, True, url=url, ca_bundle=str(cert)) as p:
            rows = p.deliver(_fixed("127.0.0.1"))
        assert tls.hosts == []  # no request was sent over the unverified connection
        assert rows[0]["status"] == "pending" and rows[0]["last_error"] == "ConnectError"


def test_a_bad_ca_bundle_setting_is_refused(tmp_path: Path) -> None:
    from pydantic import ValidationError

    bad = tmp_path / "not-a-ca.pem"
    bad.write_text("not a certificate", encoding="utf-8")
    with pytest.raises(ValidationError, match="WEBHOOK_CA_BUNDLE"):
        make_settings("sqlite://", webhook_ca_bundle=str(bad))
    with pytest.raises(ValidationError, match="WEBHOOK_CA_BUNDLE"):
        make_settings("sqlite://", webhook_ca_bundle=str(tmp_path / "missing.pem"))
