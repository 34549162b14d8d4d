import Foundation
import Testing

/// `ipaudit scan --watch` as a program: event lines, exit status, the flushed store and
/// textfile, /metrics served while it runs, bounded memory over a week of traffic.
@Suite struct ScanWatchCommandTests {
    static let lifecycle = CLIRunner.fixture("pcap/watch-lifecycle.pcap")

    /// A temporary directory the scanner may write after dropping root to nobody.
    static func writableDirectory() throws -> URL {
        let dir = try CLIRunner.temporaryDirectory()
        chmod(dir.path, 0o777)
        return dir
    }

    @Test func jsonLinesOpenUpdateClose() throws {
        let r = try CLIRunner.run(["scan", "--read", Self.lifecycle, "--watch", "--format", "json"])
        #expect(r.status == 0, "\(r.stderr)")
        let lines = r.stdout.split(separator: "\n").map(String.init)
        #expect(lines.count == 5)
        let objects = try lines.map { try #require(try JSONSerialization.jsonObject(with: Data($0.utf8)) as? [String: Any]) }
        #expect(objects.map { $0["event"] as? String } == ["open", "open", "update", "close", "close"])
        let findings = objects.compactMap { $0["finding"] as? [String: Any] }
        #expect(findings.map { $0["rule"] as? String } == ["duplicate-address", "unroutable-address", "duplicate-address",
                                                           "duplicate-address", "unroutable-address"])
        #expect(findings.first?["entities"] as? [String] == ["pcap/watch-lifecycle.pcap"])
        #expect((findings[2]["macs"] as? [String])?.count == 3)
        #expect(objects.first?["time"] as? Double == 1_700_000_001)
        // The finding object has the report's fields.
        let oneShot = try CLIRunner.run(["scan", "--read", Self.lifecycle, "--format", "json"])
        let report = try #require(try JSONSerialization.jsonObject(with: Data(oneShot.stdout.utf8)) as? [String: Any])
        let reported = try #require((report["findings"] as? [[String: Any]])?.first { $0["rule"] as? String == "duplicate-address" })
        #expect(Set(reported.keys) == Set(findings[2].keys))
        #expect(reported["macs"] as? [String] == findings[2]["macs"] as? [String])
    }

    @Test func textLines() throws {
        let r = try CLIRunner.run(["scan", "--read", Self.lifecycle, "--watch"])
        #expect(r.status == 0)
        let lines = r.stdout.split(separator: "\n").map(String.init)
        #expect(lines.count == 5)
        #expect(lines.first?.hasPrefix("2023-11-14T22:13:21.000Z open error [duplicate-address] 10.0.0.5 pcap/watch-lifecycle.pcap macs=02:00:00:00:00:0a,02:00:00:00:00:0b: ") == true)
        #expect(lines[2].contains(" update error [duplicate-address] 10.0.0.5 "))
        #expect(lines[3].contains(" close error [duplicate-address] 10.0.0.5 "))
    }

    @Test func storeAndTextfileFlushedAtTheEnd() throws {
        let dir = try Self.writableDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let db = dir.appendingPathComponent("scan.db").path
        let prom = dir.appendingPathComponent("scan.prom").path
        let r = try CLIRunner.run(["scan", "--read", Self.lifecycle, "--watch", "--store", db, "--prometheus", prom, "--flush", "1s"])
        #expect(r.status == 0, "\(r.stderr)")
        let metrics = try String(contentsOfFile: prom, encoding: .utf8)
        // At the end only 10.0.0.100 is tracked and every finding has closed.
        #expect(metrics.contains("ipaudit_scan_tracked_addresses{l2_domain=\"pcap/watch-lifecycle.pcap\"} 1\n"))
        #expect(metrics.contains("ipaudit_scan_packets{l2_domain=\"pcap/watch-lifecycle.pcap\"} 35\n"))
        #expect(metrics.contains("ipaudit_findings_total{tool=\"scan\",severity=\"error\",l2_domain=\"pcap/watch-lifecycle.pcap\"} 0\n"))
        let query = try CLIRunner.runExecutable("/usr/bin/python3", ["-c", """
            import sqlite3, sys
            rows = sqlite3.connect(sys.argv[1]).execute("SELECT address, mac, frames FROM observation ORDER BY address, mac").fetchall()
            print(" ".join("%s/%s/%d" % r for r in rows))
            """, db])
        #expect(query.stdout.trimmingCharacters(in: .whitespacesAndNewlines)
            == "10.0.0.100/02:00:00:00:10:00/15 10.0.0.5/02:00:00:00:00:0a/8 10.0.0.5/02:00:00:00:00:0b/8 10.0.0.5/02:00:00:00:00:0c/3")
    }

    @Test func closedStdoutEndsTheWatchWithAFlushNotSIGPIPE() throws {
        let dir = try Self.writableDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let db = dir.appendingPathComponent("scan.db").path
        // stdout is a pipe nobody reads (`scan --watch | head -0`); python restores SIGPIPE's
        // default action in the child, as a shell does.
        let run = try CLIRunner.runExecutable("/usr/bin/python3", ["-c", """
            import os, subprocess, sys
            r, w = os.pipe()
            os.close(r)
            p = subprocess.run(sys.argv[1:], stdout=w, stderr=subprocess.PIPE)
            print(p.returncode)
            sys.stderr.write(p.stderr.decode())
            """, CLIRunner.binary.path, "scan", "--read", Self.lifecycle, "--watch", "--format", "json", "--store", db])
        // Exit 2 with a message (not -13, killed by the signal), and the store was flushed.
        #expect(run.stdout.trimmingCharacters(in: .whitespacesAndNewlines) == "2", "\(run.stderr)")
        #expect(run.stderr.contains("Broken pipe") || run.stderr.contains("EPIPE") || run.stderr.contains("pipe"), "\(run.stderr)")
        let query = try CLIRunner.runExecutable("/usr/bin/python3", ["-c", """
            import sqlite3, sys
            print(sqlite3.connect(sys.argv[1]).execute("SELECT count(*) FROM observation").fetchone()[0])
            """, db])
        #expect(Int(query.stdout.trimmingCharacters(in: .whitespacesAndNewlines)) ?? 0 > 0, "\(query.stderr)")
    }

    @Test func sigtermWhileOpeningTheInputIsAStopNotADeath() throws {
        let dir = try Self.writableDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let fifo = dir.appendingPathComponent("feed.pcap").path
        #expect(mkfifo(fifo, 0o600) == 0)
        // Exec'd with SIGTERM unblocked and at its default action, as systemd starts a service
        // (the test runner hands down a mask that would only delay the signal).
        let watcher = try RunningProcess("/usr/bin/python3", ["-c", """
            import os, signal, sys
            signal.pthread_sigmask(signal.SIG_SETMASK, [])
            signal.signal(signal.SIGTERM, signal.SIG_DFL)
            os.execv(sys.argv[1], sys.argv[1:])
            """, CLIRunner.binary.path, "scan", "--read", fifo, "--watch", "--format", "json"])
        defer { watcher.kill() }
        // Blocked opening the FIFO (openat, x86_64 257 / arm64 56), the first thing a scan does.
        let syscall = "/proc/\(watcher.pid)/syscall"
        let blocked = {
            let call = (try? String(contentsOfFile: syscall, encoding: .utf8)) ?? ""
            let exe = (try? FileManager.default.destinationOfSymbolicLink(atPath: "/proc/\(watcher.pid)/exe")) ?? ""
            // Past python's exec, in ipaudit's own open of the FIFO.
            return exe.hasSuffix("/ipaudit") && (call.hasPrefix("257 ") || call.hasPrefix("56 "))
        }
        let deadline = Date().addingTimeInterval(10)
        while !blocked(), Date() < deadline { usleep(20_000) }
        #expect(blocked())
        kill(watcher.pid, SIGTERM)
        usleep(200_000)
        // Non-blocking: with the reader killed, opening fails (ENXIO) instead of hanging the test.
        let fd = open(fifo, O_WRONLY | O_NONBLOCK)
        try #require(fd >= 0, "the watcher is gone: \(watcher.stderr)")
        _ = fcntl(fd, F_SETFL, 0)
        let feed = FileHandle(fileDescriptor: fd, closeOnDealloc: true)
        feed.write(try Data(contentsOf: URL(fileURLWithPath: Self.lifecycle)))
        try feed.close()
        // Not killed by the signal (status 15): the watch ran and stopped cleanly.
        #expect(watcher.wait(timeout: 20) == 0, "\(watcher.stderr)")
    }

    @Test func optionsThatNeedWatchAreRefused() throws {
        let flush = try CLIRunner.run(["scan", "--read", Self.lifecycle, "--flush", "60s"])
        #expect(flush.status == 2)
        #expect(flush.stderr.contains("--flush needs --watch"))
        let listen = try CLIRunner.run(["scan", "--read", Self.lifecycle, "--metrics-listen", "127.0.0.1:9740"])
        #expect(listen.status == 2)
        // A privileged port: refused after the privilege drop, and the error says why.
        let privileged = try CLIRunner.run(["scan", "--read", Self.lifecycle, "--watch", "--metrics-listen", "127.0.0.1:80"])
        #expect(privileged.status == 2)
        #expect(privileged.stderr.contains("ports below 1024 need root or CAP_NET_BIND_SERVICE"), "\(privileged.stderr)")
        #expect(privileged.stdout.isEmpty)
        let badAddress = try CLIRunner.run(["scan", "--read", Self.lifecycle, "--watch", "--metrics-listen", "9740"])
        #expect(badAddress.status == 2)
        #expect(badAddress.stderr.contains("HOST:PORT"))
        let csv = try CLIRunner.run(["scan", "--read", Self.lifecycle, "--watch", "--format", "csv"])
        #expect(csv.status == 2)
        #expect(csv.stdout.isEmpty)
        // One-shot options a watch would silently ignore are refused, naming themselves.
        for option in [["--fail-on", "warning"], ["--quiet"]] {
            let r = try CLIRunner.run(["scan", "--read", Self.lifecycle, "--watch"] + option)
            #expect(r.status == 2, "\(option)")
            #expect(r.stderr.contains("\(option[0]) has no effect with --watch"), "\(r.stderr)")
            #expect(r.stdout.isEmpty)
        }
    }

    @Test func metricsServedWhileWatchingAFifo() throws {
        let dir = try Self.writableDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let fifo = dir.appendingPathComponent("feed.pcap").path
        #expect(mkfifo(fifo, 0o600) == 0)
        let pcap = try PcapRecords(path: Self.lifecycle)
        let watcher = try RunningProcess(CLIRunner.binary.path,
                                         ["scan", "--read", fifo, "--watch", "--format", "json", "--metrics-listen", "127.0.0.1:0"])
        defer { watcher.kill() }
        let feed = try #require(FileHandle(forWritingAtPath: fifo))
        feed.write(pcap.header)
        for record in pcap.records where record.time < 1_700_000_006 { feed.write(record.bytes) }
        // Both findings are printed while the input is still open: written as they happen.
        #expect(watcher.waitUntil(timeout: 20) { $0.stdout.components(separatedBy: "\n").count >= 3 })
        #expect(watcher.stdout.components(separatedBy: "\n").filter { $0.contains("\"event\":\"open\"") }.count == 2)
        var port = 0
        #expect(watcher.waitUntil(timeout: 10) { state in
            guard let range = state.stderr.range(of: "serving metrics on http://127.0.0.1:") else { return false }
            port = Int(state.stderr[range.upperBound...].prefix { $0.isNumber }) ?? 0
            return port > 0
        })
        let metrics = try HTTPProbe.request(port: port, path: "/metrics")
        #expect(metrics.status == 200)
        #expect(metrics.headers.lowercased().contains("content-type: text/plain; version=0.0.4"))
        #expect(metrics.body.contains("ipaudit_findings{tool=\"scan\",rule=\"duplicate-address\",severity=\"error\",l2_domain=\"pcap/feed.pcap\"} 1\n"))
        #expect(metrics.body.contains("ipaudit_findings{tool=\"scan\",rule=\"unroutable-address\",severity=\"error\",l2_domain=\"pcap/feed.pcap\"} 1\n"))
        #expect(metrics.body.contains("ipaudit_scan_tracked_addresses{l2_domain=\"pcap/feed.pcap\"} 2\n"))
        #expect(metrics.body.contains("ipaudit_scan_packets{l2_domain=\"pcap/feed.pcap\"} "))
        let other = try HTTPProbe.request(port: port, path: "/")
        #expect(other.status == 404)
        let post = try HTTPProbe.request("POST", port: port, path: "/metrics")
        #expect(post.status == 405)
        for record in pcap.records where record.time >= 1_700_000_006 { feed.write(record.bytes) }
        try feed.close()
        let status = watcher.wait(timeout: 20)
        #expect(status == 0)
        #expect(watcher.stdout.split(separator: "\n").count == 5)
    }

    @Test func metricsListenerCapsConnectionsAndClosesIdleOnes() throws {
        let dir = try Self.writableDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let fifo = dir.appendingPathComponent("feed.pcap").path
        #expect(mkfifo(fifo, 0o600) == 0)
        let watcher = try RunningProcess(CLIRunner.binary.path, ["scan", "--read", fifo, "--watch", "--metrics-listen", "127.0.0.1:0"])
        defer { watcher.kill() }
        let feed = try #require(FileHandle(forWritingAtPath: fifo))
        defer { try? feed.close() }
        feed.write(try PcapRecords(path: Self.lifecycle).header)
        var port = 0
        #expect(watcher.waitUntil(timeout: 20) { state in
            guard let range = state.stderr.range(of: "serving metrics on http://127.0.0.1:") else { return false }
            port = Int(state.stderr[range.upperBound...].prefix { $0.isNumber }) ?? 0
            return port > 0
        })
        // 64 silent clients hold every slot: the 65th is closed at once; when one leaves, a
        // scrape is served again; a client that stays silent is closed after the idle timeout.
        let probe = try CLIRunner.runExecutable("/usr/bin/python3", ["-c", """
            import socket, sys, time
            port = int(sys.argv[1])
            def connect():
                s = socket.create_connection(("127.0.0.1", port)); s.settimeout(3); return s
            def closed(s):
                try: return s.recv(1) == b""
                except socket.timeout: return False
                except ConnectionResetError: return True
            held = [connect() for _ in range(64)]
            time.sleep(0.5)
            extra = connect()
            print("extra_closed", closed(extra))
            held.pop().close(); time.sleep(0.5)
            s = connect(); s.sendall(b"GET /metrics HTTP/1.1\\r\\nHost: x\\r\\n\\r\\n")
            print("served", s.recv(12) == b"HTTP/1.1 200")
            start = time.time(); held[0].settimeout(20)
            try: gone = held[0].recv(1) == b""
            except Exception: gone = False
            print("idle_closed", gone, 8 < time.time() - start + 1 < 20)
            """, String(port)])
        #expect(probe.stdout.contains("extra_closed True"), "\(probe.stdout) \(probe.stderr)")
        #expect(probe.stdout.contains("served True"), "\(probe.stdout)")
        #expect(probe.stdout.contains("idle_closed True True"), "\(probe.stdout)")
    }

    /// Peak resident memory of a watch over `days` of generated churn (python's rusage of its child).
    static func peakRSS(days: Int, dir: URL) throws -> Int {
        let pcap = dir.appendingPathComponent("churn-\(days).pcap").path
        let gen = try CLIRunner.runExecutable("/usr/bin/python3", [CLIRunner.packageRoot.appendingPathComponent("scripts/pcap/gen_week.py").path,
                                                                    String(days), pcap])
        #expect(gen.status == 0)
        let run = try CLIRunner.runExecutable("/usr/bin/python3", ["-c", """
            import resource, subprocess, sys
            r = subprocess.run(sys.argv[1:], stdout=subprocess.DEVNULL)
            print(r.returncode, resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss)
            """, CLIRunner.binary.path, "scan", "--read", pcap, "--watch", "--format", "json"])
        let fields = run.stdout.split(separator: " ").map { String($0).trimmingCharacters(in: .whitespacesAndNewlines) }
        #expect(fields.first == "0", "\(run.stdout) \(run.stderr)")
        return Int(fields.last ?? "") ?? -1
    }

    @Test func peakMemoryOfAWeekIsThatOfADay() throws {
        let dir = try CLIRunner.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let day = try Self.peakRSS(days: 1, dir: dir)
        let week = try Self.peakRSS(days: 7, dir: dir)
        #expect(day > 0)
        // Seven times the addresses, the same live set: the same memory within noise.
        #expect(Double(week) < Double(day) * 1.10, "day \(day) KiB, week \(week) KiB")
    }
}
