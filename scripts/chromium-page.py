#!/usr/bin/env python3
"""Open one local page in headless Chromium and report what happened, as JSON on stdout.

Drives Debian's `chromium` over the DevTools protocol on --remote-debugging-pipe (the browser
reads commands on fd 3 and writes answers and events on fd 4, each a JSON text ended by NUL):
Python's standard library only, no browser download, no selenium.

Reported: the load and first-paint times, every request the page made (Network.requestWillBeSent),
console messages, exceptions and log entries, and the value of each --eval expression, evaluated
in order after the page has painted (expressions may act on the page, e.g. choose a filter).

Usage: chromium-page.py PAGE.html [--eval JS]... [--screenshot OUT.png] [--pdf OUT.pdf] [--timeout S] [--no-script]
(--no-script disables the page's scripts; --eval expressions still run, as the test's probes.)
The browser binary is $CHROMIUM or `chromium`.
"""
import argparse
import base64
import fcntl
import json
import os
import pathlib
import select
import shutil
import subprocess
import sys
import tempfile
import time


class Browser:
    def __init__(self, binary, timeout):
        self.timeout = timeout
        self.profile = tempfile.mkdtemp(prefix="ipaudit-chromium-")
        commands_r, commands_w = os.pipe()
        events_r, events_w = os.pipe()
        # Move the child's ends above 3 and 4 first, so placing them on 3 and 4 cannot clobber one another.
        high_r = fcntl.fcntl(commands_r, fcntl.F_DUPFD, 10)
        high_w = fcntl.fcntl(events_w, fcntl.F_DUPFD, 10)
        os.close(commands_r)
        os.close(events_w)

        def place_pipe_fds():
            os.dup2(high_r, 3)
            os.dup2(high_w, 4)

        self.process = subprocess.Popen(
            [binary, "--headless", "--no-sandbox", "--disable-gpu", "--no-first-run", "--no-default-browser-check",
             "--disable-extensions", "--disable-background-networking", "--disable-component-update",
             "--disable-sync", "--mute-audio", "--hide-scrollbars", "--window-size=1280,1600",
             "--user-data-dir=" + self.profile, "--remote-debugging-pipe"],
            stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
            preexec_fn=place_pipe_fds, pass_fds=(3, 4))
        os.close(high_r)
        os.close(high_w)
        self.out = commands_w
        self.inp = events_r
        self.buffer = b""
        self.next_id = 0
        self.events = []

    def close(self):
        try:
            self.send("Browser.close", wait=False)
        except OSError:
            pass
        try:
            self.process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait()
        for fd in (self.out, self.inp):
            try:
                os.close(fd)
            except OSError:
                pass
        shutil.rmtree(self.profile, ignore_errors=True)

    def read_message(self, deadline):
        while b"\0" not in self.buffer:
            left = deadline - time.monotonic()
            if left <= 0:
                raise TimeoutError("no answer from chromium")
            ready, _, _ = select.select([self.inp], [], [], left)
            if ready:
                chunk = os.read(self.inp, 1 << 20)
                if not chunk:
                    raise EOFError("chromium closed the DevTools pipe")
                self.buffer += chunk
        message, self.buffer = self.buffer.split(b"\0", 1)
        return json.loads(message)

    def send(self, method, params=None, session=None, wait=True):
        self.next_id += 1
        message = {"id": self.next_id, "method": method, "params": params or {}}
        if session:
            message["sessionId"] = session
        os.write(self.out, json.dumps(message).encode() + b"\0")
        if not wait:
            return None
        deadline = time.monotonic() + self.timeout
        while True:
            reply = self.read_message(deadline)
            if reply.get("id") == self.next_id:
                if "error" in reply:
                    raise RuntimeError("%s: %s" % (method, reply["error"]))
                return reply.get("result", {})
            self.events.append(reply)

    def wait_for(self, method, session):
        for i, e in enumerate(self.events):
            if e.get("method") == method and e.get("sessionId") == session:
                return self.events.pop(i)
        deadline = time.monotonic() + self.timeout
        while True:
            e = self.read_message(deadline)
            if e.get("method") == method and e.get("sessionId") == session:
                return e
            self.events.append(e)


def describe_console(params):
    parts = []
    for a in params.get("args", []):
        parts.append(str(a.get("value", a.get("description", a.get("type")))))
    return " ".join(parts)


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("page")
    parser.add_argument("--eval", action="append", default=[], dest="expressions")
    parser.add_argument("--screenshot")
    parser.add_argument("--pdf", help="also print the page (print media, A4) to this PDF file")
    parser.add_argument("--timeout", type=float, default=60)
    parser.add_argument("--no-script", action="store_true", help="load the page with JavaScript disabled")
    args = parser.parse_args()
    url = pathlib.Path(args.page).resolve().as_uri()

    browser = Browser(os.environ.get("CHROMIUM", "chromium"), args.timeout)
    try:
        target = browser.send("Target.createTarget", {"url": "about:blank"})["targetId"]
        session = browser.send("Target.attachToTarget", {"targetId": target, "flatten": True})["sessionId"]
        for domain in ("Page", "Network", "Runtime", "Log"):
            browser.send(domain + ".enable", session=session)
        if args.no_script:
            browser.send("Emulation.setScriptExecutionDisabled", {"value": True}, session=session)
        browser.events.clear()  # about:blank's own events are not the page's

        start = time.monotonic()
        browser.send("Page.navigate", {"url": url}, session=session)
        browser.wait_for("Page.loadEventFired", session)
        loaded = time.monotonic()
        # Two animation frames after load: the page has been laid out and painted. With scripts
        # disabled no callback ever runs, so only a forced layout is waited for.
        settle = ("document.body.offsetHeight" if args.no_script
                  else "new Promise(r => requestAnimationFrame(() => requestAnimationFrame(() => r(0))))")
        browser.send("Runtime.evaluate", {"expression": settle, "awaitPromise": True}, session=session)
        painted = time.monotonic()

        results = []
        for expression in args.expressions:
            answer = browser.send("Runtime.evaluate", {"expression": expression, "returnByValue": True,
                                                       "awaitPromise": True}, session=session)
            if "exceptionDetails" in answer:
                results.append({"error": answer["exceptionDetails"].get("exception", {}).get("description",
                                                                                            answer["exceptionDetails"].get("text"))})
            else:
                results.append({"value": answer.get("result", {}).get("value")})

        if args.screenshot:
            shot = browser.send("Page.captureScreenshot", {"format": "png"}, session=session)
            pathlib.Path(args.screenshot).write_bytes(base64.b64decode(shot["data"]))

        if args.pdf:
            printed = browser.send("Page.printToPDF", {"paperWidth": 8.27, "paperHeight": 11.69}, session=session)
            pathlib.Path(args.pdf).write_bytes(base64.b64decode(printed["data"]))

        # Let late events (a deferred fetch, a console message from a timer) arrive before counting.
        if args.no_script:
            time.sleep(0.2)
        else:
            browser.send("Runtime.evaluate", {"expression": "new Promise(r => setTimeout(() => r(0), 200))",
                                              "awaitPromise": True}, session=session)
        requests, console, exceptions = [], [], []
        for e in browser.events:
            if e.get("sessionId") != session:
                continue
            method, params = e.get("method"), e.get("params", {})
            if method == "Network.requestWillBeSent":
                requests.append(params["request"]["url"])
            elif method == "Runtime.consoleAPICalled":
                console.append({"level": params.get("type"), "text": describe_console(params)})
            elif method == "Log.entryAdded":
                entry = params.get("entry", {})
                console.append({"level": entry.get("level"), "text": entry.get("text"), "source": entry.get("source")})
            elif method == "Runtime.exceptionThrown":
                details = params.get("exceptionDetails", {})
                exceptions.append(details.get("exception", {}).get("description", details.get("text")))
        json.dump({"url": url, "load_ms": round((loaded - start) * 1000, 1), "paint_ms": round((painted - start) * 1000, 1),
                   "requests": requests, "console": console, "exceptions": exceptions, "results": results},
                  sys.stdout)
        sys.stdout.write("\n")
    finally:
        browser.close()


if __name__ == "__main__":
    main()
