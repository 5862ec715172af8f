"""The function's HTTP server: hands each request to function/handler.py's handle(event, context).

Standard library only. Listens on 127.0.0.1:5000 (the watchdog's upstream_url)."""
import http.server
import os
import sys
import traceback

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "function"))
import handler  # noqa: E402


class Event:
    """One call: method, path, query (raw string), headers (dict) and body (bytes)."""

    def __init__(self, method, path, query, headers, body):
        self.method, self.path, self.query, self.headers, self.body = method, path, query, headers, body


class Context:
    """The function's environment and secrets (mounted in /var/openfaas/secrets)."""

    env = os.environ

    @staticmethod
    def secret(name):
        with open(os.path.join("/var/openfaas/secrets", name)) as f:
            return f.read().rstrip("\n")


class Server(http.server.BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"

    def answer(self):
        path, _, query = self.path.partition("?")
        length = int(self.headers.get("Content-Length") or 0)
        body = self.rfile.read(length) if length else b""
        event = Event(self.command, path, query, dict(self.headers), body)
        try:
            status, headers, out = normalise(handler.handle(event, Context()))
        except Exception:  # the caller gets a 500, the log the trace
            traceback.print_exc()
            status, headers, out = 500, {"Content-Type": "text/plain"}, b"the function failed; see its logs\n"
        self.send_response(status)
        for name, value in headers.items():
            self.send_header(name, value)
        self.send_header("Content-Length", str(len(out)))
        self.end_headers()
        self.wfile.write(out)

    do_GET = do_POST = do_PUT = do_PATCH = do_DELETE = do_OPTIONS = answer

    def log_message(self, fmt, *args):  # one line per call is noise in function logs
        pass


def normalise(result):
    """handle() may return a dict {statusCode, body, headers}, a str or bytes."""
    if isinstance(result, dict):
        status, headers, body = result.get("statusCode", 200), result.get("headers") or {}, result.get("body", b"")
    else:
        status, headers, body = 200, {}, result
    if body is None:
        body = b""
    if isinstance(body, str):
        body = body.encode()
        headers.setdefault("Content-Type", "text/plain; charset=utf-8")
    return status, headers, body


if __name__ == "__main__":
    port = int(os.environ.get("function_port", "5000"))
    http.server.ThreadingHTTPServer(("127.0.0.1", port), Server).serve_forever()
