#!/usr/bin/env python3
"""Runs the README's examples as written: every `ipaudit` command line of its code blocks.

Code blocks are fenced (```sh, ```console, ...) or indented four spaces. In a block, a line runs
when its command is `ipaudit` (after an optional `$ ` prompt), alone or at the end of a pipe
(`printf ... | ipaudit aggregate`); backslash continuations are joined; other lines (kubectl,
install, a crontab entry) are not run and are listed as such. A `console` block's `$ ` lines
are compared with the output printed under them (stdout and stderr together).

Each command runs through bash in one work directory, in README order, as a user following the
README would: `ipaudit` is the binary under test (first on PATH), and the directory holds
fixtures/ (a link to the repository's), every file of fixtures/inventory/ and of
fixtures/readme/ (the files the examples name: inventory.csv, prod-eu.json, trunk.pcapng, ...).
Exit status 0 and 1 are accepted (clean, findings); 2 only where the block's expected output
shows `ipaudit: error:`.

An example that cannot run here (root and a live interface, a remote server, PostgreSQL) is
marked in the README by an HTML comment right before its block, which readers never see:
  <!-- examples: skip: REASON -->                      the whole block
  <!-- examples: skip "TEXT" "TEXT": REASON -->         lines containing any TEXT

Usage: readme-examples.py README.md BINARY WORKDIR
Prints one JSON object: ran, skipped and not_run (lists), failures (list); exits 1 on a failure.
"""
import json
import os
import pathlib
import re
import shutil
import subprocess
import sys

MARKER = re.compile(r'^<!--\s*examples:\s*skip(?P<patterns>(?:\s+"[^"]+")*)\s*:\s*(?P<reason>.*?)\s*-->\s*$')


def blocks(lines):
    """(line number, language, lines, marker) per code block; marker is the comment's match."""
    found = []
    i = 0
    while i < len(lines):
        line = lines[i]
        marker = None
        k = i - 1
        while k >= 0 and lines[k].strip() == "":
            k -= 1
        if k >= 0:
            marker = MARKER.match(lines[k].strip())
        if line.startswith("```"):
            language = line[3:].strip()
            j = i + 1
            while j < len(lines) and not lines[j].startswith("```"):
                j += 1
            found.append((i + 2, language, lines[i + 1:j], marker))
            i = j + 1
            continue
        if line.startswith("    ") and (i == 0 or lines[i - 1].strip() == ""):
            j = i
            while j < len(lines) and (lines[j].startswith("    ") or
                                      (lines[j].strip() == "" and j + 1 < len(lines) and lines[j + 1].startswith("    "))):
                j += 1
            found.append((i + 1, "indented", [x[4:] for x in lines[i:j]], marker))
            i = j
            continue
        i += 1
    return found


def commands(number, body):
    """(line number, command, expected output or None) for each command line of a block."""
    out = []
    i = 0
    while i < len(body):
        line = body[i]
        start = number + i
        prompt = line.startswith("$ ")
        text = line[2:] if prompt else line
        while text.endswith("\\") and i + 1 < len(body):
            i += 1
            text = text[:-1].rstrip() + " " + body[i].strip()
        i += 1
        expected = None
        if prompt:
            shown = []
            while i < len(body) and not body[i].startswith("$ "):
                shown.append(body[i])
                i += 1
            while shown and shown[-1].strip() == "":
                shown.pop()
            expected = "\n".join(shown)
        if text.strip():
            out.append((start, text.strip(), expected))
    return out


def runs_ipaudit(command):
    """True when the line's command (or the last command of its pipe) is ipaudit."""
    last = command.split("|")[-1].strip() if "|" in command and not command.startswith("ipaudit") else command
    return re.match(r"^ipaudit(\s|$)", last) is not None


def prepare(root, work):
    work.mkdir(parents=True, exist_ok=True)
    os.symlink(root / "fixtures", work / "fixtures")
    for folder in ("fixtures/inventory", "fixtures/readme"):
        for f in sorted((root / folder).iterdir()):
            if f.is_file():
                shutil.copyfile(f, work / f.name)


def main():
    readme, binary, work = pathlib.Path(sys.argv[1]).resolve(), pathlib.Path(sys.argv[2]).resolve(), pathlib.Path(sys.argv[3])
    root = readme.parent
    prepare(root, work)
    bindir = work / ".bin"
    bindir.mkdir()
    os.symlink(binary, bindir / "ipaudit")
    env = {k: v for k, v in os.environ.items() if not k.startswith("IPAUDIT_")}
    env["PATH"] = str(bindir) + os.pathsep + env.get("PATH", "/usr/bin:/bin")
    env["HOME"] = str(work)
    report = {"ran": [], "skipped": [], "not_run": [], "failures": []}
    for number, language, body, marker in blocks(readme.read_text(encoding="utf-8").split("\n")):
        patterns = re.findall(r'"([^"]+)"', marker.group("patterns")) if marker else []
        for line, command, expected in commands(number, body):
            where = "README.md:%d" % line
            if not runs_ipaudit(command):
                if "ipaudit" in command:
                    report["not_run"].append({"line": where, "command": command})
                continue
            if marker and (not patterns or any(p in command for p in patterns)):
                report["skipped"].append({"line": where, "command": command, "reason": marker.group("reason")})
                continue
            r = subprocess.run(["bash", "-o", "pipefail", "-c", command], cwd=work, env=env, stdin=subprocess.DEVNULL,
                               stdout=subprocess.PIPE, stderr=subprocess.PIPE, timeout=300)
            stdout, stderr = r.stdout.decode("utf-8", "replace"), r.stderr.decode("utf-8", "replace")
            ok_status = {0, 1} | ({2} if expected and "ipaudit: error:" in expected else set())
            entry = {"line": where, "command": command, "status": r.returncode}
            report["ran"].append(entry)
            problem = None
            if r.returncode not in ok_status:
                problem = "exit %d" % r.returncode
            elif expected:
                shown = (stdout + stderr).rstrip("\n")
                if shown != expected:
                    problem = "output differs from the README"
                    entry["expected"], entry["printed"] = expected, shown
            if problem:
                entry["problem"] = problem
                entry["stderr"] = stderr[-2000:]
                report["failures"].append(entry)
    json.dump(report, sys.stdout, indent=1)
    sys.stdout.write("\n")
    sys.exit(1 if report["failures"] else 0)


if __name__ == "__main__":
    main()
