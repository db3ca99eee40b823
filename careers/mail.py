"""The development email backend: each message printed as a person would read it.

Django's console backend prints the raw MIME message, so a long link in a quoted-printable body is cut
across two lines with ``=`` and copying it gives a broken URL. This backend prints the headers a reader
needs and the decoded plain-text body instead, every link whole on its line.
"""

from django.core.mail.backends.console import EmailBackend as ConsoleEmailBackend

HEADERS = ("From", "To", "Cc", "Reply-To", "Subject", "Date", "List-Unsubscribe", "List-Unsubscribe-Post")


def readable_text(message) -> str:
    """Headers and decoded text/plain parts of a Django ``EmailMessage``."""
    mime = message.message()
    lines = [f"{name}: {mime[name]}" for name in HEADERS if mime[name] is not None]
    bodies = []
    for part in mime.walk():
        if part.get_content_type() == "text/plain" and part.get_content_disposition() != "attachment":
            bodies.append(part.get_content().rstrip("\n"))
        elif not part.is_multipart() and part.get_content_type() != "text/plain":
            bodies.append(f"[{part.get_content_type()} part not shown]")
    return "\n".join(lines) + "\n\n" + "\n\n".join(bodies) + "\n"


class ReadableConsoleEmailBackend(ConsoleEmailBackend):
    def write_message(self, message):
        self.stream.write(readable_text(message))
        self.stream.write("-" * 79 + "\n")
