"""
Dependencies that a test can break: a Redis of its own, and a TCP relay in front of any
server (PostgreSQL, a mail server) that it can cut or make hang.

Nothing here touches the machine's shared PostgreSQL or Redis: stopping those would break
every other test. Each is started on a free loopback port and stopped after the test.
"""

import shutil
import signal
import socket
import subprocess
import threading
import time
from contextlib import closing

from tests.multiserver.servers import HOST, free_port, wait_until

NO_PERSISTENCE = ("--save", "", "--appendonly", "no")


class RedisServer:
    """`redis-server` on a spare port, without persistence, that a test can kill or freeze."""

    def __init__(self, port: int | None = None):
        executable = shutil.which("redis-server")
        assert executable, "The fault tests need redis-server: apt-get install redis-server"
        self.executable = executable
        # A given port: a server started again where the site expects it.
        self.port = port or free_port()
        self.process: subprocess.Popen | None = None

    @property
    def url(self) -> str:
        return f"redis://{HOST}:{self.port}/0"

    def start(self) -> "RedisServer":
        self.process = subprocess.Popen(
            [*(self.executable, "--bind", HOST, "--port", str(self.port)), *NO_PERSISTENCE],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        wait_until(self.answers, seconds=10, what=f"redis-server on port {self.port}")
        return self

    def answers(self) -> bool:
        try:
            with closing(socket.create_connection((HOST, self.port), timeout=1)) as sock:
                sock.sendall(b"PING\r\n")
                return sock.recv(16).startswith(b"+PONG")
        except OSError:
            return False

    def kill(self) -> None:
        """Gone at once, as if its host died: connections are refused."""
        if self.process and self.process.poll() is None:
            self.process.kill()
            self.process.wait(timeout=10)

    def freeze(self) -> None:
        """Still accepting connections, never answering: a hung server or a dead network."""
        assert self.process is not None
        self.process.send_signal(signal.SIGSTOP)

    def thaw(self) -> None:
        assert self.process is not None
        self.process.send_signal(signal.SIGCONT)

    def stop(self) -> None:
        if self.process and self.process.poll() is None:
            self.process.send_signal(signal.SIGCONT)
        self.kill()


class TcpRelay:
    """
    Forwards TCP connections to `target` while on. `cut()` refuses new connections and
    drops live ones, as a stopped server does; `hang()` accepts connections and forwards
    nothing, as an unreachable host behind a silent firewall does.
    """

    def __init__(self, target: tuple[str, int]):
        self.target = target
        self.port = free_port()
        self.live: list[socket.socket] = []
        self.listener: socket.socket | None = None
        self.hanging = False
        self.lock = threading.Lock()

    def start(self) -> "TcpRelay":
        self.hanging = False
        self.listener = socket.create_server((HOST, self.port), reuse_port=True)
        threading.Thread(target=self._accept, args=(self.listener,), daemon=True).start()
        return self

    def cut(self) -> None:
        with self.lock:
            if self.listener:
                self.listener.close()
                self.listener = None
            self._drop_live()

    def hang(self) -> None:
        with self.lock:
            self.hanging = True
            self._drop_live()

    def restore(self) -> None:
        self.cut()
        self.start()

    stop = cut

    def _drop_live(self) -> None:
        for sock in self.live:
            with closing(sock):
                try:
                    sock.shutdown(socket.SHUT_RDWR)
                except OSError:
                    pass
        self.live.clear()

    def _accept(self, listener: socket.socket) -> None:
        while True:
            try:
                client, _ = listener.accept()
            except OSError:
                return
            if self.hanging:
                # Held open and never answered; closed when the relay is cut or restored.
                with self.lock:
                    self.live.append(client)
                continue
            try:
                upstream = socket.create_connection(self.target, timeout=5)
            except OSError:
                client.close()
                continue
            upstream.settimeout(None)
            with self.lock:
                # cut() may have run while this connection was being set up.
                if listener is not self.listener:
                    client.close()
                    upstream.close()
                    return
                self.live += [client, upstream]
            for source, sink in ((client, upstream), (upstream, client)):
                threading.Thread(target=self._pump, args=(source, sink), daemon=True).start()

    @staticmethod
    def _pump(source: socket.socket, sink: socket.socket) -> None:
        try:
            while data := source.recv(65536):
                sink.sendall(data)
        except OSError:
            pass
        finally:
            for sock in (source, sink):
                try:
                    sock.shutdown(socket.SHUT_RDWR)
                except OSError:
                    pass


class SilentServer:
    """Accepts TCP connections and never says a word: a mail server that hangs."""

    def __init__(self):
        self.relay = TcpRelay((HOST, 9))
        self.port = self.relay.port

    def start(self) -> "SilentServer":
        self.relay.start()
        self.relay.hang()
        return self

    def stop(self) -> None:
        self.relay.cut()


def timed(call):
    """(result, seconds) of one call."""
    started = time.monotonic()
    result = call()
    return result, time.monotonic() - started
