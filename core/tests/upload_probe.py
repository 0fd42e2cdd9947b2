"""Run in a subprocess by test_upload_limits: send one very large multipart request through
Django's WSGI handler, the body made on the fly (never held), and report how much the process's
peak memory (VmHWM, after resetting it) grew while it was handled.

Usage: python upload_probe.py URL FIELD MEGABYTES SESSION_KEY; prints one JSON line.
"""

import json
import os
import sys

import django

CHUNK = 64 * 1024
BOUNDARY = "----probe-boundary-7f3a"


class Body:
    """A wsgi.input that makes the multipart body as it is read."""

    def __init__(self, head: bytes, size: int, tail: bytes):
        self.parts = [head, None, tail]
        self.head, self.size, self.tail = head, size, tail
        self.sent = 0
        self.buffer = b""
        self.length = len(head) + size + len(tail)

    def _more(self) -> bytes:
        if self.head:
            data, self.head = self.head, b""
            return data
        if self.sent < self.size:
            n = min(CHUNK, self.size - self.sent)
            self.sent += n
            return b"x" * n
        data, self.tail = self.tail, b""
        return data

    def read(self, size=-1):
        while (size < 0 or len(self.buffer) < size) and (more := self._more()):
            self.buffer += more
        if size < 0:
            data, self.buffer = self.buffer, b""
        else:
            data, self.buffer = self.buffer[:size], self.buffer[size:]
        return data

    def readline(self, size=-1):
        return self.read(size)


def peak_kb() -> int:
    with open("/proc/self/status") as status:
        for line in status:
            if line.startswith("VmHWM:"):
                return int(line.split()[1])
    raise RuntimeError("no VmHWM")


def request(app, url: str, field: str, size: int, session_key: str):
    head = (
        f"--{BOUNDARY}\r\n"
        'Content-Disposition: form-data; name="kind"\r\n\r\ncv\r\n'
        f"--{BOUNDARY}\r\n"
        'Content-Disposition: form-data; name="title"\r\n\r\nBig file\r\n'
        f"--{BOUNDARY}\r\n"
        f'Content-Disposition: form-data; name="{field}"; filename="big.csv"\r\n'
        "Content-Type: application/octet-stream\r\n\r\n"
    ).encode()
    tail = f"\r\n--{BOUNDARY}--\r\n".encode()
    body = Body(head, size, tail)
    token = "a" * 32
    environ = {
        "REQUEST_METHOD": "POST",
        "PATH_INFO": url,
        "SERVER_NAME": "localhost",
        "SERVER_PORT": "80",
        "HTTP_HOST": "localhost",
        "REMOTE_ADDR": "127.0.0.1",
        "CONTENT_TYPE": f"multipart/form-data; boundary={BOUNDARY}",
        "CONTENT_LENGTH": str(body.length),
        "HTTP_COOKIE": f"sessionid={session_key}; csrftoken={token}",
        "HTTP_X_CSRFTOKEN": token,
        "wsgi.input": body,
        "wsgi.url_scheme": "http",
        "wsgi.errors": sys.stderr,
        "wsgi.version": (1, 0),
        "wsgi.multithread": False,
        "wsgi.multiprocess": False,
        "wsgi.run_once": False,
    }
    status = []
    chunks = app(environ, lambda s, headers, exc_info=None: status.append(s))
    content = b"".join(chunks)
    return status[0], content.decode(errors="replace"), body.sent


def main():
    url, field, megabytes, session_key = sys.argv[1:5]
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "endorsement_portal.settings")
    django.setup()
    from django.core.handlers.wsgi import WSGIHandler

    app = WSGIHandler()
    request(app, url, field, 200 * 1024, session_key)  # warm-up: imports, templates, queries
    with open("/proc/self/clear_refs", "w") as clear:
        clear.write("5")  # reset the peak to the present
    before = peak_kb()
    status, page, sent = request(app, url, field, int(megabytes) * 1024 * 1024, session_key)
    after = peak_kb()
    print(json.dumps({"status": status, "grew_kb": after - before, "sent": sent, "page": page}))


if __name__ == "__main__":
    main()
