"""Fixtures of the loan tests: a real SMTP server on loopback, and an available device."""

from __future__ import annotations

import email
import email.policy
from collections.abc import Iterator
from dataclasses import dataclass, field
from email.message import EmailMessage

import pytest
from aiosmtpd.controller import Controller

from inventory.settings import get_settings, use_settings
from tests.live_server import free_port


@dataclass
class Received:
    """One message as the SMTP server received it."""

    mail_from: str
    recipients: list[str]
    message: EmailMessage

    @property
    def subject(self) -> str:
        # Long subjects are folded onto the next line; mail clients drop the leading space.
        return str(self.message["Subject"]).strip()

    @property
    def language(self) -> str:
        return str(self.message["Content-Language"])

    @property
    def body(self) -> str:
        return self.message.get_content()


@dataclass
class MailSink:
    """An aiosmtpd handler that keeps every message it accepts."""

    received: list[Received] = field(default_factory=list)
    refuse: set[str] = field(default_factory=set)  # recipients answered 550

    async def handle_RCPT(self, server, session, envelope, address, rcpt_options):  # noqa: N802
        if address in self.refuse:
            return "550 5.1.1 mailbox unavailable"
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, server, session, envelope):  # noqa: N802
        message = email.message_from_bytes(envelope.content, policy=email.policy.default)
        self.received.append(Received(envelope.mail_from, list(envelope.rcpt_tos), message))
        return "250 Message accepted for delivery"


@dataclass
class SmtpServer:
    sink: MailSink
    url: str

    @property
    def received(self) -> list[Received]:
        return self.sink.received


@pytest.fixture
def smtp_server() -> Iterator[SmtpServer]:
    """A real SMTP server on a free loopback port, running in its own thread."""
    sink = MailSink()
    port = free_port()
    controller = Controller(sink, hostname="127.0.0.1", port=port)
    controller.start()
    try:
        yield SmtpServer(sink=sink, url=f"smtp://127.0.0.1:{port}")
    finally:
        controller.stop()


@pytest.fixture
def mail(database_url: str, smtp_server: SmtpServer) -> SmtpServer:
    """The test's settings with e-mail going to the loopback SMTP server."""
    use_settings(get_settings().with_overrides(smtp_url=smtp_server.url, mail_from="relais@cpas.example"))
    return smtp_server
