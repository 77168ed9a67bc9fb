"""
An email backend the worker processes in these tests share: every message becomes one file
in MULTISERVER_MAILBOX, so sends from several processes can be counted.

MULTISERVER_SEND_SECONDS makes each send take that long, as a real mail server does, which
widens the window in which two workers could both send the same email. With
MULTISERVER_FAIL_FIRST set, the first attempt at each distinct message fails, as if the
mail server dropped the connection, so every email goes through the retry path.
"""

import os
import smtplib
import time
import uuid
from pathlib import Path

from django.core.mail.backends.base import BaseEmailBackend


class EmailBackend(BaseEmailBackend):
    def send_messages(self, email_messages) -> int:
        folder = Path(os.environ["MULTISERVER_MAILBOX"])
        for message in email_messages:
            time.sleep(float(os.environ.get("MULTISERVER_SEND_SECONDS", "0")))
            if os.environ.get("MULTISERVER_FAIL_FIRST") and first_attempt(folder, message):
                raise smtplib.SMTPServerDisconnected("The test mail server hung up")
            (folder / f"{uuid.uuid4().hex}.eml").write_bytes(message.message().as_bytes())
        return len(email_messages)


def first_attempt(folder: Path, message) -> bool:
    """True the first time this recipient and subject are tried, in any process."""
    marker = folder / "attempts" / f"{message.to[0]} {message.subject}"
    marker.parent.mkdir(exist_ok=True)
    try:
        marker.touch(exist_ok=False)
    except FileExistsError:
        return False
    return True
