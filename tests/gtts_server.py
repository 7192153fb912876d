"""A local stand-in for translate.google.com's batchexecute endpoint, reached the supported way.

gTTS always talks to ``https://translate.google.<tld>/`` and honours the standard proxy variables.
So the test server is an HTTPS proxy on 127.0.0.1 (a thread): it accepts ``CONNECT
translate.google.<tld>:443``, terminates TLS with a throw-away certificate for the Google names
(made by the ``openssl`` binary; ``REQUESTS_CA_BUNDLE`` points the reachability probe at it — gTTS
itself does not verify certificates) and answers like batchexecute: the MP3 as base64 inside the
``jQ1olc`` RPC envelope.  Nothing in lecturecast knows about the test server.

``plan`` holds the answers to successive POSTs: ``"ok"``, an HTTP status (``"503"``, ``"429"``),
``"hang"`` (read the request, never answer), ``"garbage"`` (a 200 whose audio is not MP3); after
the plan runs out, ``then`` answers.
"""
from __future__ import annotations

import base64
import json
import ssl
import subprocess
import threading
import time
import urllib.parse
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

GOOGLE_TLDS = ("com", "co.uk", "com.au", "ca", "co.in", "ie", "co.za", "de", "fr")


def make_certificate(folder: Path) -> tuple[Path, Path]:
    """A self-signed certificate for translate.google.<tld> (the TLDs above) and its key."""
    cert, key = folder / "google-test.pem", folder / "google-test.key"
    names = ",".join(f"DNS:translate.google.{tld}" for tld in GOOGLE_TLDS)
    subprocess.run(["openssl", "req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1",
                    "-nodes", "-days", "2", "-subj", "/CN=translate.google.com", "-keyout", str(key), "-out", str(cert),
                    "-addext", f"subjectAltName={names}", "-addext", "keyUsage=digitalSignature,keyCertSign",
                    "-addext", "extendedKeyUsage=serverAuth"], check=True, capture_output=True, timeout=60)
    return cert, key


def batchexecute_body(audio: bytes) -> bytes:
    payload = json.dumps([base64.b64encode(audio).decode("ascii")])
    envelope = json.dumps([["wrb.fr", "jQ1olc", payload, None, None, None, "generic"],
                           ["di", 41], ["af.httprm", 40, "-123", 7]], separators=(",", ":"))
    return f")]}}'\n\n{len(envelope)}\n{envelope}\n25\n[[\"e\",4,null,null,131]]\n".encode()


class FakeGoogle:
    def __init__(self, mp3: bytes, cert: tuple[Path, Path], plan=(), then: str = "ok", hang_get: bool = False):
        self.mp3, self.plan, self.then, self.hang_get = mp3, list(plan), then, hang_get
        self.posts: list[dict] = []  # {"host", "path", "args", "at", "action"}
        self.connects: list[str] = []
        self.release = threading.Event()
        self.lock = threading.Lock()
        self.tls = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
        self.tls.load_cert_chain(str(cert[0]), str(cert[1]))
        self.cert = cert[0]
        self.server = ThreadingHTTPServer(("127.0.0.1", 0), self._proxy_handler())
        self.server.daemon_threads = True
        self.proxy = f"http://127.0.0.1:{self.server.server_address[1]}"
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)

    def env(self) -> dict[str, str]:
        """The environment that routes gTTS (and the probe) through this server."""
        return {"HTTPS_PROXY": self.proxy, "https_proxy": self.proxy, "REQUESTS_CA_BUNDLE": str(self.cert),
                "NO_PROXY": "", "no_proxy": ""}

    def next_action(self) -> str:
        with self.lock:
            return self.plan.pop(0) if self.plan else self.then

    def _proxy_handler(self):
        outer = self
        google = self._google_handler()

        class Proxy(BaseHTTPRequestHandler):
            def log_message(self, *args):
                pass

            def do_CONNECT(self):
                outer.connects.append(self.path)
                self.send_response(200, "Connection established")
                self.end_headers()
                try:
                    tls = outer.tls.wrap_socket(self.connection, server_side=True)
                except (ssl.SSLError, OSError):
                    self.close_connection = True
                    return
                google(tls, self.client_address, self.server)  # serves the tunnelled requests
                self.close_connection = True

        return Proxy

    def _google_handler(self):
        outer = self

        class Google(BaseHTTPRequestHandler):
            def log_message(self, *args):
                pass

            def do_GET(self):  # the reachability probe
                if outer.hang_get:
                    outer.release.wait(30)
                    return
                self.send_response(404)
                self.send_header("Content-Length", "0")
                self.end_headers()

            def do_POST(self):
                body = self.rfile.read(int(self.headers.get("Content-Length", 0))).decode()
                rpc = json.loads(urllib.parse.parse_qs(body)["f.req"][0])
                action = outer.next_action()
                outer.posts.append({"host": self.headers.get("Host"), "path": self.path, "action": action,
                                    "args": json.loads(rpc[0][0][1]), "at": time.monotonic()})
                if action == "hang":
                    outer.release.wait(30)  # accept, read, never answer
                    return
                if action.isdigit():
                    self.send_response(int(action))
                    self.send_header("Retry-After", "0")
                    self.send_header("Content-Length", "0")
                    self.end_headers()
                    return
                audio = outer.mp3 if action == "ok" else b"this is not an mp3 stream " * 40
                data = batchexecute_body(audio)
                self.send_response(200)
                self.send_header("Content-Type", "application/json; charset=utf-8")
                self.send_header("Content-Length", str(len(data)))
                self.end_headers()
                self.wfile.write(data)

        return Google

    def __enter__(self):
        self.thread.start()
        return self

    def __exit__(self, *exc):
        self.release.set()
        self.server.shutdown()
        self.server.server_close()
