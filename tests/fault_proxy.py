"""Proxy TCP de pruebas entre boto3 y el endpoint local: corta con un RST una de cada diez conexiones,
tras dejar pasar una parte de la petición o de la respuesta, como una red que falla a mitad de una
transferencia."""

from __future__ import annotations

import random
import socket
import struct
import threading


class ResettingProxy:
    def __init__(self, upstream: tuple[str, int], every: int = 10, seed: int = 0) -> None:
        self.upstream = upstream
        self.every = every
        self.random = random.Random(seed)
        self.connections = 0
        self.resets = 0
        self.server = socket.create_server(("127.0.0.1", 0))
        self.url = "http://127.0.0.1:%d" % self.server.getsockname()[1]
        threading.Thread(target=self._accept, daemon=True).start()

    def _accept(self) -> None:
        while True:
            try:
                client, _ = self.server.accept()
            except OSError:
                return
            self.connections += 1
            # Cortes deterministas (la conexión 3, 13, 23…): un reintento usa otra conexión y no se corta.
            cut = self.random.randint(0, 1024 * 1024) if self.connections % self.every == 3 else None
            threading.Thread(target=self._serve, args=(client, cut), daemon=True).start()

    def _serve(self, client: socket.socket, cut: int | None) -> None:
        upstream = socket.create_connection(self.upstream)
        done = threading.Event()

        def pump(source: socket.socket, target: socket.socket, limit: int | None) -> None:
            sent = 0
            try:
                while not done.is_set():
                    data = source.recv(65536)
                    if not data:
                        break
                    if limit is not None and sent + len(data) > limit:
                        self.resets += 1
                        client.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
                        break
                    target.sendall(data)
                    sent += len(data)
            except OSError:
                pass
            done.set()
            for sock in (client, upstream):
                try:
                    sock.close()
                except OSError:
                    pass

        threading.Thread(target=pump, args=(upstream, client, cut), daemon=True).start()
        pump(client, upstream, cut)

    def close(self) -> None:
        self.server.close()
