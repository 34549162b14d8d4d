import Foundation
import Testing

/// `scan --watch` against clients and inputs that do not play along: slowloris and pipelining
/// /metrics clients, a wildcard listen address, a SIGTERM while a FIFO trickles or stalls.
@Suite struct ScanWatchHostileClientTests {
    /// A watcher reading a FIFO fed the pcap header only, serving /metrics on loopback.
    final class Watcher {
        let dir: URL
        let process: RunningProcess
        let feed: FileHandle
        var port = 0

        init(listen: String = "127.0.0.1:0", wrapper: [String] = []) throws {
            dir = try ScanWatchCommandTests.writableDirectory()
            let fifo = dir.appendingPathComponent("feed.pcap").path
            #expect(mkfifo(fifo, 0o600) == 0)
            let command = [CLIRunner.binary.path, "scan", "--read", fifo, "--watch", "--metrics-listen", listen]
            process = try RunningProcess(wrapper.first ?? command[0], Array((wrapper + command).dropFirst()))
            feed = try #require(FileHandle(forWritingAtPath: fifo))
            feed.write(try PcapRecords(path: ScanWatchCommandTests.lifecycle).header)
            #expect(process.waitUntil(timeout: 20) { state in
                guard let range = state.stderr.range(of: "serving metrics on http://") else { return false }
                let rest = state.stderr[range.upperBound...].prefix { $0 != "/" }
                self.port = Int(rest.split(separator: ":").last ?? "") ?? 0
                return self.port > 0
            }, "\(process.stderr)")
        }

        deinit {
            process.kill()
            try? feed.close()
            try? FileManager.default.removeItem(at: dir)
        }
    }

    @Test func slowlorisClientsHoldNoSlotPastTheRequestTimeout() throws {
        let watcher = try Watcher()
        // 64 clients send one byte of a request every 4 s (each byte restarted the old idle
        // timer); a scraper retries until it is answered.
        let probe = try CLIRunner.runExecutable("/usr/bin/python3", ["-c", """
            import socket, sys, time
            port = int(sys.argv[1])
            request = b"GET /metrics HTTP/1.1\\r\\nHost: x\\r\\nUser-Agent: slow\\r\\n\\r\\n"
            slow = [socket.create_connection(("127.0.0.1", port)) for _ in range(64)]
            start = time.time(); sent = 0; answered = None; next_byte = start
            while time.time() - start < 20 and answered is None:
                if time.time() >= next_byte:
                    for s in slow:
                        try: s.send(request[sent:sent + 1])
                        except OSError: pass
                    sent += 1; next_byte += 4
                try:
                    s = socket.create_connection(("127.0.0.1", port)); s.settimeout(1)
                    s.sendall(b"GET /metrics HTTP/1.1\\r\\nHost: x\\r\\nConnection: close\\r\\n\\r\\n")
                    if s.recv(12) == b"HTTP/1.1 200": answered = time.time() - start
                    s.close()
                except OSError: pass
                time.sleep(0.2)
            print("answered_after", answered)
            """, String(watcher.port)])
        let after = Double(probe.stdout.components(separatedBy: "answered_after ").last?
            .trimmingCharacters(in: .whitespacesAndNewlines) ?? "") ?? .infinity
        // A request must be whole 3 s after its first byte, however the bytes trickle.
        #expect(after < 6, "\(probe.stdout) \(probe.stderr)")
    }

    /// Peak resident memory of a process so far, KiB.
    static func peakKiB(_ pid: Int32) -> Int {
        let status = (try? String(contentsOfFile: "/proc/\(pid)/status", encoding: .utf8)) ?? ""
        let line = status.split(separator: "\n").first { $0.hasPrefix("VmHWM:") } ?? ""
        return Int(line.split(separator: " ").dropFirst().first ?? "") ?? -1
    }

    @Test func pipeliningClientThatNeverReadsCostsBoundedMemory() throws {
        let watcher = try Watcher()
        let before = Self.peakKiB(watcher.process.pid)
        // 300,000 GETs on one connection, no answer read; a second client scrapes meanwhile.
        let probe = try CLIRunner.runExecutable("/usr/bin/python3", ["-c", """
            import socket, sys, time
            port = int(sys.argv[1])
            request = b"GET /metrics HTTP/1.1\\r\\nHost: x\\r\\n\\r\\n"
            data = request * 300000
            flood = socket.create_connection(("127.0.0.1", port)); flood.setblocking(False)
            start = time.time(); sent = 0
            while sent < len(data) and time.time() - start < 6:
                try: sent += flood.send(data[sent:sent + 65536])
                except BlockingIOError: time.sleep(0.01)
                except OSError: break
            time.sleep(2)
            s = socket.create_connection(("127.0.0.1", port)); s.settimeout(5)
            s.sendall(b"GET /metrics HTTP/1.1\\r\\nHost: x\\r\\nConnection: close\\r\\n\\r\\n")
            print("requests_sent", sent // len(request), "scrape", s.recv(12) == b"HTTP/1.1 200")
            """, String(watcher.port)])
        let after = Self.peakKiB(watcher.process.pid)
        #expect(probe.stdout.contains("scrape True"), "\(probe.stdout) \(probe.stderr)")
        // Answers wait for the client to read: one answer and one read buffer, not 300,000
        // (before: 31 MB -> 650 MB).
        #expect(after - before < 64 * 1024, "peak \(before) KiB -> \(after) KiB; \(probe.stdout)")
    }

    @Test(.requires(.networkNamespaces)) func wildcardListenAddressIsWarnedAbout() throws {
        // In a network namespace of its own: the wildcard reaches nothing but its loopback.
        for (listen, warned) in [("0.0.0.0:0", true), ("[::]:0", true), ("127.0.0.1:0", false)] {
            let watcher = try Watcher(listen: listen, wrapper: ["/usr/bin/unshare", "--net", "--"])
            let warning = "ipaudit: warning: --metrics-listen \(listen): /metrics is served to every network"
            #expect(watcher.process.waitUntil(timeout: 2) { $0.stderr.contains(warning) } == warned, "\(watcher.process.stderr)")
        }
    }

    /// Exec'd with SIGTERM unblocked, as systemd starts a service (see ScanWatchCommandTests).
    static func watch(_ fifo: String, store: String) throws -> RunningProcess {
        try RunningProcess("/usr/bin/python3", ["-c", """
            import os, signal, sys
            signal.pthread_sigmask(signal.SIG_SETMASK, [])
            signal.signal(signal.SIGTERM, signal.SIG_DFL)
            os.execv(sys.argv[1], sys.argv[1:])
            """, CLIRunner.binary.path, "scan", "--read", fifo, "--watch", "--format", "json", "--store", store])
    }

    @Test(arguments: ["trickle", "stall"])
    func sigtermEndsAWatchOfAFifoWithinASecond(writer mode: String) throws {
        let dir = try ScanWatchCommandTests.writableDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let fifo = dir.appendingPathComponent("feed.pcap").path
        let db = dir.appendingPathComponent("scan.db").path
        #expect(mkfifo(fifo, 0o600) == 0)
        let watcher = try Self.watch(fifo, store: db)
        defer { watcher.kill() }
        // 20 records a second, for ever ("trickle"), or 30 records and then half a record
        // header and silence ("stall": the read blocks inside a record).
        let writer = try RunningProcess("/usr/bin/python3", ["-c", """
            import sys, time
            data = open(sys.argv[1], "rb").read(); mode = sys.argv[3]
            records, offset = [], 24
            while offset + 16 <= len(data):
                n = int.from_bytes(data[offset + 8:offset + 12], "little")
                records.append(data[offset:offset + 16 + n]); offset += 16 + n
            with open(sys.argv[2], "wb", buffering=0) as f:
                f.write(data[:24]); i = 0
                while mode == "trickle" or i < 30:
                    f.write(records[i % len(records)]); i += 1; time.sleep(0.05)
                f.write(records[0][:8]); time.sleep(60)
            """, ScanWatchCommandTests.lifecycle, fifo, mode])
        defer { writer.kill() }
        #expect(watcher.waitUntil(timeout: 20) { $0.stdout.contains("\"event\":\"open\"") }, "\(watcher.stderr)")
        usleep(2_000_000)
        kill(watcher.pid, SIGTERM)
        let sent = Date()
        let status = watcher.wait(timeout: 10)
        let took = Date().timeIntervalSince(sent)
        #expect(status == 0, "\(watcher.stderr)")
        #expect(took < 1.5, "exit \(took) s after SIGTERM")
        // The observations so far were flushed to the store at the stop.
        let query = try CLIRunner.runExecutable("/usr/bin/python3", ["-c", """
            import sqlite3, sys
            print(sqlite3.connect(sys.argv[1]).execute("SELECT COUNT(*), SUM(frames) FROM observation").fetchone())
            """, db])
        let counts = query.stdout.trimmingCharacters(in: CharacterSet(charactersIn: "()\n")).split(separator: ",")
            .map { Int($0.trimmingCharacters(in: .whitespaces)) ?? 0 }
        #expect(counts.count == 2 && counts[0] >= 2 && counts[1] >= 20, "\(query.stdout) \(query.stderr)")
    }
}
