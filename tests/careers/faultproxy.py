"""A TCP proxy on loopback that can freeze, drop and come back: faults between Django and a server.

    with FaultProxy("127.0.0.1", 5432) as proxy:   # clients connect to 127.0.0.1:proxy.port
        proxy.freeze()   # a frozen server as its clients see it: connections stay open, new ones are
                         # accepted by the kernel, nothing is ever answered (bytes wait in the buffers)
        proxy.thaw()     # everything waiting goes through, as when a SIGSTOPped server gets SIGCONT
        proxy.down()     # the server is gone: open connections are cut, new ones refused
        proxy.up()       # and back, on the same port

One thread, one select loop; everything stays on loopback and stops with the context manager.
"""

import contextlib
import select
import socket
import threading


class FaultProxy:
    def __init__(self, target_host: str, target_port: int):
        self.target = (target_host, target_port)
        self.port = 0
        self._listener = None
        self._pairs: dict[socket.socket, socket.socket] = {}
        self._frozen = threading.Event()
        self._down = threading.Event()
        self._stop = threading.Event()
        self._lock = threading.Lock()
        self._thread = None

    # --- control ------------------------------------------------------------------------------------

    def __enter__(self):
        self._listen()
        self._thread = threading.Thread(target=self._loop, name="fault-proxy", daemon=True)
        self._thread.start()
        return self

    def __exit__(self, *exc):
        self._stop.set()
        self._thread.join(timeout=5)
        with self._lock:
            self._close_all()
            if self._listener is not None:
                self._listener.close()
                self._listener = None

    def freeze(self):
        self._frozen.set()

    def thaw(self):
        self._frozen.clear()

    def down(self):
        with self._lock:
            self._down.set()
            self._close_all()
            if self._listener is not None:
                self._listener.close()
                self._listener = None

    def up(self):
        with self._lock:
            if self._listener is None:
                self._listen()
            self._down.clear()

    # --- the loop -----------------------------------------------------------------------------------

    def _listen(self):
        listener = socket.socket()
        listener.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        listener.bind(("127.0.0.1", self.port))
        listener.listen(128)
        self.port = listener.getsockname()[1]
        self._listener = listener

    def _close_all(self):
        for sock in list(self._pairs):
            with contextlib.suppress(OSError):
                sock.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, b"\x01\x00\x00\x00\x00\x00\x00\x00")
            sock.close()
        self._pairs.clear()

    def _drop(self, sock):
        other = self._pairs.pop(sock, None)
        sock.close()
        if other is not None:
            self._pairs.pop(other, None)
            other.close()

    def _loop(self):
        while not self._stop.is_set():
            if self._frozen.is_set() or self._down.is_set():
                self._stop.wait(0.02)
                continue
            with self._lock:
                readers = list(self._pairs)
                if self._listener is not None:
                    readers.append(self._listener)
            if not readers:
                self._stop.wait(0.02)
                continue
            try:
                ready, _, _ = select.select(readers, [], [], 0.05)
            except (OSError, ValueError):
                continue  # a socket closed under us (down()); look again
            with self._lock:
                for sock in ready:
                    if self._frozen.is_set() or self._down.is_set():
                        break
                    if sock is self._listener:
                        self._accept()
                    elif sock in self._pairs:
                        self._pump(sock)

    def _accept(self):
        try:
            client, _ = self._listener.accept()
        except OSError:
            return
        try:
            upstream = socket.create_connection(self.target, timeout=5)
        except OSError:
            client.close()
            return
        self._pairs[client] = upstream
        self._pairs[upstream] = client

    def _pump(self, sock):
        try:
            data = sock.recv(65536)
        except OSError:
            data = b""
        if not data:
            self._drop(sock)
            return
        try:
            self._pairs[sock].sendall(data)
        except OSError:
            self._drop(sock)
