#!/usr/bin/env python3
"""A loopback HTTP(S) server for ipaudit's URL-source tests, standing in for NetBox, Kubernetes,
Mesos and misbehaving servers. Prints its port on the first line of stdout, then serves until
killed. Every request is logged as one JSON line to --log (path, query, headers that matter).

Routes (an optional leading /auth demands 'Authorization: Token <--token>'):
  /fixture/NAME            the file NAME from --fixtures
  /gzip/NAME               the same, gzip-encoded; 406 unless the client accepts gzip
  /gzip-bomb/MB            MB megabytes of zeros, gzip-encoded (a few kB on the wire)
  /netbox/NAME/api/...     NAME's NetBox 'results', paged: {count, next, previous, results};
                           page size min(limit, --netbox-max-page); /netbox-proxied/ writes
                           an inner host name into 'next' as a NetBox behind a proxy does;
                           each page waits --page-delay seconds
  /netbox-shift/NAME/...   as /netbox/, but an object is added at the front after page 1
                           (offsets shift: page 1's last object comes again on page 2)
  /netbox-late/NAME/...    as /netbox/, with 5000 bytes of padding before 'next' (a
                           proxy that reorders keys)
  /netbox-unprefixed/NAME/...  as /netbox/, but 'next' drops the path before /api/ (a NetBox
                           behind a proxy prefix)
  /netbox-loop/...         empty pages whose 'next' never ends
  /k8s/api/v1/pods         a generated PodList paged with limit/continue (--k8s-items items);
  /k8s-expire/...          the first continue request answers 410 Gone;
  /k8s-expire-always/...   every continue request answers 410 Gone
  /redirect/REST           307 to /REST (relative Location)
  /redirect-to/HOST/REST   307 to http://HOST:PORT/REST (another origin when HOST differs)
  /status/CODE             that status with a NetBox-like JSON (or HTML for 500) body
  /flaky/N/REST            503 for the first N requests, then /REST
  /reset/N/REST            the connection reset (RST) for the first N requests, then /REST
  /hang                    accepts, reads the request, never answers
  /trickle                 headers at once (Content-Length 1000), then one body byte per 0.2 s
  /redirect-loop/N         307 to /redirect-loop/N+1, for ever
  /echo/FORM               401 whose plain-text body quotes the Authorization sent as FORM:
                           raw, percent (RFC 3986), split (a line break in its middle), basic
                           (Basic's decoded user:password), base64 (of the part after the scheme)
  /empty                   200 with an empty body
"""
import argparse, base64, gzip, json, os, signal, socket, ssl, struct, sys, threading, time, urllib.parse
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

counters = {}
lock = threading.Lock()


def bump(key):
    with lock:
        counters[key] = counters.get(key, 0) + 1
        return counters[key]


class Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"

    def log_message(self, *args):
        pass

    def log_request_line(self, path, query):
        entry = {"path": path, "query": query, "authorization": self.headers.get("Authorization"),
                 "accept_encoding": self.headers.get("Accept-Encoding"), "host": self.headers.get("Host"),
                 "headers": [[k, v] for k, v in self.headers.items()]}
        with lock, open(self.server.options.log, "a") as f:
            f.write(json.dumps(entry) + "\n")

    def send(self, code, body, content_type="application/json", headers=()):
        if isinstance(body, str):
            body = body.encode()
        self.send_response(code)
        self.send_header("Content-Type", content_type)
        self.send_header("Content-Length", str(len(body)))
        for k, v in headers:
            self.send_header(k, v)
        self.end_headers()
        self.wfile.write(body)

    def do_GET(self):
        parsed = urllib.parse.urlsplit(self.path)
        path, query = parsed.path, urllib.parse.parse_qs(parsed.query)
        self.log_request_line(path, parsed.query)
        opts = self.server.options
        if path.startswith("/auth/"):
            got = self.headers.get("Authorization")
            if got is None:
                return self.send(401, json.dumps({"detail": "Authentication credentials were not provided."}))
            if got != "Token " + opts.token:
                # Echoes what it was sent, as careless servers do: the client must cut it out.
                return self.send(403, json.dumps({"detail": "Invalid token header: " + got}))
            path = path[len("/auth"):]
        self.route(path, query)

    def route(self, path, query):
        opts = self.server.options
        parts = path.split("/")
        if path.startswith("/fixture/"):
            return self.send(200, self.fixture(parts[2]), self.content_type(parts[2]))
        if path.startswith("/gzip/"):
            if "gzip" not in (self.headers.get("Accept-Encoding") or ""):
                return self.send(406, "gzip not accepted by the client", "text/plain")
            return self.send(200, gzip.compress(self.fixture(parts[2])), self.content_type(parts[2]),
                             [("Content-Encoding", "gzip")])
        if parts[1] == "gzip-bomb":
            return self.send(200, gzip.compress(b"0" * (int(parts[2]) << 20)), "application/json",
                             [("Content-Encoding", "gzip")])
        if parts[1] == "netbox-loop":
            offset = int(query.get("offset", ["0"])[0])
            return self.send(200, json.dumps({"count": 1, "previous": None, "results": [] if offset else [{"id": 1}],
                                              "next": "http://%s%s?offset=%d" % (self.headers.get("Host"), path, offset + 1)}))
        if parts[1] in ("netbox", "netbox-proxied", "netbox-shift", "netbox-late", "netbox-unprefixed"):
            return self.netbox(parts[1], parts[2], path, query)
        if parts[1] in ("k8s", "k8s-expire", "k8s-expire-always"):
            return self.kubernetes(parts[1], path, query)
        if path.startswith("/redirect/"):
            rest = path[len("/redirect/"):]
            target = "/" + rest + ("?" + urllib.parse.urlencode(query, doseq=True) if query else "")
            return self.send(307, "", "text/plain", [("Location", target)])
        if path.startswith("/redirect-to/"):
            host, rest = parts[2], "/".join(parts[3:])
            return self.send(307, "", "text/plain",
                             [("Location", "http://%s:%d/%s" % (host, self.server.server_address[1], rest))])
        if path.startswith("/status/"):
            code = int(parts[2])
            if code == 500:
                return self.send(500, "<h1>Server Error (500)</h1>", "text/html")
            details = {401: "Authentication credentials were not provided.", 404: "Not found."}
            return self.send(code, json.dumps({"detail": details.get(code, "status %d" % code)}))
        if path.startswith("/flaky/"):
            if bump(path) <= int(parts[2]):
                return self.send(503, "<html>Service Unavailable</html>", "text/html")
            return self.route("/" + "/".join(parts[3:]), query)
        if path.startswith("/reset/"):
            if bump(path) <= int(parts[2]):
                self.connection.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
                self.connection.close()
                self.close_connection = True
                return
            return self.route("/" + "/".join(parts[3:]), query)
        if path == "/trickle":
            self.send_response(200)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", "1000")
            self.end_headers()
            self.wfile.flush()
            for _ in range(1000):
                time.sleep(0.2)
                self.wfile.write(b" ")
                self.wfile.flush()
            return
        if path.startswith("/redirect-loop/"):
            return self.send(307, "", "text/plain", [("Location", "/redirect-loop/%d" % (int(parts[2]) + 1))])
        if path.startswith("/echo/"):
            got = self.headers.get("Authorization") or ""
            credential = got.split(" ", 1)[-1]
            form = parts[2]
            if form == "percent":
                echoed = urllib.parse.quote(got, safe="")
            elif form == "split":
                echoed = got[:len(got) // 2] + "\r\n" + got[len(got) // 2:]
            elif form == "basic":
                echoed = base64.b64decode(credential).decode()
            elif form == "base64":
                echoed = base64.b64encode(credential.encode()).decode()
            else:
                echoed = got
            return self.send(401, "Unauthorized: the credentials " + echoed + " are not valid\nsecond line: " + echoed + "\n",
                             "text/plain")
        if path == "/empty":
            return self.send(200, "", "application/json")
        if path == "/hang":
            time.sleep(3600)
            return
        self.send(404, json.dumps({"detail": "Not found."}))

    def fixture(self, name):
        with open(os.path.join(self.server.options.fixtures, os.path.basename(name)), "rb") as f:
            return f.read()

    @staticmethod
    def content_type(name):
        return "text/csv" if name.endswith(".csv") else "application/json"

    def netbox(self, mode, name, path, query):
        time.sleep(self.server.options.page_delay)
        document = json.loads(self.fixture(name))
        results = document["results"] if isinstance(document, dict) else document
        offset = int(query.get("offset", ["0"])[0])
        if mode == "netbox-shift" and offset > 0:
            results = [{"id": 999999, "address": "10.255.255.254/32", "status": {"value": "active"}}] + results
        limit = min(int(query.get("limit", ["50"])[0]), self.server.options.netbox_max_page)
        page = results[offset:offset + limit]
        host = "netbox.inner.invalid:8000" if mode == "netbox-proxied" else self.headers.get("Host")

        def link(o):
            linked = path[path.index("/api/"):] if mode == "netbox-unprefixed" else path
            return "http://%s%s?limit=%d&offset=%d" % (host, linked, limit, o)
        body = {"padding": "x" * 5000} if mode == "netbox-late" else {}
        body |= {"count": len(results),
                "next": link(offset + limit) if offset + limit < len(results) else None,
                "previous": link(max(0, offset - limit)) if offset > 0 else None,
                "results": page}
        self.send(200, json.dumps(body))

    def kubernetes(self, mode, path, query):
        items = [{"metadata": {"name": "pod-%d" % i, "namespace": "default"},
                  "status": {"podIP": "10.244.0.%d" % (i + 1)}} for i in range(self.server.options.k8s_items)]
        limit = min(int(query.get("limit", ["500"])[0]), self.server.options.k8s_max_page)
        token = query.get("continue", [None])[0]
        if token is not None:
            if mode == "k8s-expire-always" or (mode == "k8s-expire" and bump("expire") == 1):
                return self.send(410, json.dumps({"kind": "Status", "apiVersion": "v1", "status": "Failure",
                                                  "message": "The provided continue parameter is too old",
                                                  "reason": "Expired", "code": 410}))
        start = int(token.split("=")[1]) if token else 0
        page = items[start:start + limit]
        metadata = {"resourceVersion": "4711"}
        if start + limit < len(items):
            metadata["continue"] = "o=%d" % (start + limit)
            metadata["remainingItemCount"] = len(items) - start - limit
        self.send(200, json.dumps({"kind": "PodList", "apiVersion": "v1", "metadata": metadata, "items": page}))


def main():
    # The test process's threads block SIGTERM and the child inherits that mask: unblock it, or
    # the tests' terminate() would never end this server.
    signal.pthread_sigmask(signal.SIG_UNBLOCK, {signal.SIGTERM, signal.SIGINT})
    signal.signal(signal.SIGTERM, signal.SIG_DFL)
    parser = argparse.ArgumentParser()
    parser.add_argument("--fixtures", required=True)
    parser.add_argument("--log", required=True)
    parser.add_argument("--token", default="")
    parser.add_argument("--bind", default="127.0.0.1", help="a loopback address to listen on")
    parser.add_argument("--tls", nargs=2, metavar=("CERT", "KEY"))
    parser.add_argument("--netbox-max-page", type=int, default=2)
    parser.add_argument("--k8s-max-page", type=int, default=3)
    parser.add_argument("--k8s-items", type=int, default=7)
    parser.add_argument("--page-delay", type=float, default=0, help="seconds before each NetBox page")
    options = parser.parse_args()
    server = ThreadingHTTPServer((options.bind, 0), Handler)
    server.daemon_threads = True
    server.options = options
    if options.tls:
        context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
        context.load_cert_chain(*options.tls)
        server.socket = context.wrap_socket(server.socket, server_side=True)
    print(server.server_address[1], flush=True)
    server.serve_forever()


if __name__ == "__main__":
    main()
