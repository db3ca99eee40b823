"""The mail backend of the worker processes tests/careers/test_worker.py starts: Django's file-based
backend (the messages of each send in a file of the mail folder) behind a gate. Every send first
leaves a mark, ``sending-<pid>``, then waits while the folder holds a file named ``hold``: a test can
catch a worker in the middle of a send, and kill it there."""

import os
import time
from pathlib import Path

from django.core.mail.backends import filebased


class EmailBackend(filebased.EmailBackend):
    def send_messages(self, email_messages):
        folder = Path(self.file_path)
        (folder / f"sending-{os.getpid()}").touch()
        while (folder / "hold").exists():
            time.sleep(0.05)
        return super().send_messages(email_messages)
