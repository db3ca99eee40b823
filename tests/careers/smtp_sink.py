"""A mail server on loopback for the worker tests: it keeps every message it is sent, whole, and while
``hold`` is set it keeps its answer to the end of a message ("250") to itself: the message is the
server's, but its sender does not know it yet. That is the moment a worker killed mid-send used to
send an email twice. ``bench/faults.py`` (item 3) plays the same moment against the real stack with it."""

import socketserver
import threading
import time


class SmtpSink(socketserver.ThreadingTCPServer):
    allow_reuse_address = True
    daemon_threads = True

    def __init__(self):
        super().__init__(("127.0.0.1", 0), _Session)
        self.received: list[str] = []
        self.hold = threading.Event()

    @property
    def port(self) -> int:
        return self.server_address[1]

    def __enter__(self):
        threading.Thread(target=self.serve_forever, daemon=True).start()
        return self

    def __exit__(self, *exc):
        self.hold.clear()
        self.shutdown()
        self.server_close()


class _Session(socketserver.StreamRequestHandler):
    def handle(self):
        server = self.server
        self.wfile.write(b"220 sink\r\n")
        while line := self.rfile.readline():
            verb = line[:4].upper()
            if verb == b"DATA":
                self.wfile.write(b"354 go on\r\n")
                lines = []
                while (data := self.rfile.readline()) not in (b".\r\n", b""):
                    lines.append(data)
                server.received.append(b"".join(lines).decode(errors="replace"))
                while server.hold.is_set():
                    time.sleep(0.05)
                try:
                    self.wfile.write(b"250 queued\r\n")
                except OSError:  # the sender is gone
                    return
            elif verb == b"QUIT":
                self.wfile.write(b"221 bye\r\n")
                return
            else:
                self.wfile.write(b"250 ok\r\n")
