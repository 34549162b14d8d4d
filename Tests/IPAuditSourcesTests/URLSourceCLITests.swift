import Foundation
import Testing

/// `import`, `audit` and `scan --inventory` with http(s):// URLs, through the real binary.
/// One at a time: each test starts a server and a few processes, and the timing checks should
/// measure ipaudit, not a machine running twenty of them at once.
@Suite("URL sources through the CLI: import, audit, scan --inventory", .serialized)
struct URLSourceCLITests {
    /// The store's rows, read by python3's own sqlite3 module: every column but the row id and
    /// the file name (a file's path or a URL), sorted.
    static func rows(_ store: String) throws -> [String] {
        let script = """
            import sqlite3, sys
            db = sqlite3.connect(sys.argv[1])
            cols = [c[1] for c in db.execute("PRAGMA table_info(inventory_record)") if c[1] not in ("id", "file")]
            for row in sorted(db.execute("SELECT %s FROM inventory_record" % ",".join(cols)), key=repr):
                print(repr(row))
            """
        let run = try python([ "-c", script, store])
        return run.split(separator: "\n").map(String.init)
    }

    static func column(_ column: String, _ store: String) throws -> [String] {
        try python(["-c", "import sqlite3,sys\nfor r in sqlite3.connect(sys.argv[1]).execute('SELECT DISTINCT \(column) FROM inventory_record'): print(r[0])", store])
            .split(separator: "\n").map(String.init)
    }

    static func python(_ arguments: [String]) throws -> String {
        try ProcessRunner.run("/usr/bin/env", ["python3"] + arguments).stdout
    }

    static func fixture(_ name: String) -> String { InventoryHTTPServer.fixtures.appendingPathComponent(name).path }

    @Test("Published fixtures served over HTTP import exactly as the files do", arguments: [
        ("cluster.csv", "/fixture/cluster.csv"),
        ("mesos-state.json", "/fixture/mesos-state.json"),
        ("mesos-0.28-state.json", "/redirect/fixture/mesos-0.28-state.json"),
        ("marathon-apps.json", "/gzip/marathon-apps.json"),
        ("marathon-groups.json", "/fixture/marathon-groups.json"),
        ("marathon-tasks.json", "/fixture/marathon-tasks.json"),
        ("overlay-master-state.json", "/fixture/overlay-master-state.json"),
        ("netbox-ip-addresses-export.csv", "/fixture/netbox-ip-addresses-export.csv"),
        ("netbox-api-ip-addresses.json", "/netbox/netbox-api-ip-addresses.json/api/ipam/ip-addresses/"),
        ("netbox-3-prefixes.json", "/netbox/netbox-3-prefixes.json/api/ipam/prefixes/"),
        ("netbox-2.5-ip-addresses.json", "/netbox/netbox-2.5-ip-addresses.json/api/ipam/ip-addresses/"),
        ("netbox-api-prefixes.json", "/netbox/netbox-api-prefixes.json/api/ipam/prefixes/"),
    ])
    func sameAsFile(file: String, path: String) async throws {
        let server = try InventoryHTTPServer()
        let dir = try IPAuditRunner.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let fromFile = dir.appendingPathComponent("file.db").path, fromURL = dir.appendingPathComponent("url.db").path
        let a = try await IPAuditRunner.run(["import", "--store", fromFile, "--source", "inv", Self.fixture(file)])
        let b = try await IPAuditRunner.run(["import", "--store", fromURL, "--source", "inv", server.url(path)])
        #expect(a.status == 0, "\(a.stderr)")
        #expect(b.status == 0, "\(b.stderr)")
        let rows = try Self.rows(fromFile)
        #expect(!rows.isEmpty)
        #expect(try Self.rows(fromURL) == rows)
        // The same summary but for the name.
        #expect(b.stdout.replacingOccurrences(of: server.url(path), with: Self.fixture(file)) == a.stdout)
    }

    @Test("A header file authenticates; the token shows nowhere: output, store, source name")
    func authenticated() async throws {
        let server = try InventoryHTTPServer()
        let dir = try IPAuditRunner.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let store = dir.appendingPathComponent("s.db").path
        let headers = try server.headerFile(in: dir)
        // A token in the query is a credential too: the source name drops it.
        let url = server.url("/auth/fixture/cluster.csv") + "?api_key=\(server.token)"
        let run = try await IPAuditRunner.run(["import", "--store", store, "--header-file", headers, url])
        #expect(run.status == 0, "\(run.stderr)")
        let name = server.url("/auth/fixture/cluster.csv")
        #expect(run.stdout == "imported \(name): 16 records (csv) as source '\(name)'\n")
        #expect(try Self.column("source", store) == [name])
        #expect(try Self.column("file", store) == [name])
        #expect(!run.all.contains(server.token))
        let storeBytes = try Data(contentsOf: URL(fileURLWithPath: store))
        #expect(storeBytes.range(of: Data(server.token.utf8)) == nil)
        #expect(try server.requests().first?["authorization"] as? String == "Token \(server.token)")
        // Plain http:// to loopback never leaves the host: no warning (issue 23).
        #expect(run.stderr == "", "\(run.stderr)")
        // The same header file serves audit.
        let audit = try await IPAuditRunner.run(["audit", "--header-file", headers, url, "--plan", Self.fixture("plan.yaml")])
        #expect(audit.status == 0, "\(audit.all)")
        #expect(!audit.all.contains(server.token))
    }

    @Test("Without the header file: HTTP 401 named with the URL and the body, exit 2, nothing stored")
    func unauthenticated() async throws {
        let server = try InventoryHTTPServer()
        let dir = try IPAuditRunner.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let store = dir.appendingPathComponent("s.db").path
        let run = try await IPAuditRunner.run(["import", "--store", store, Self.fixture("cluster.csv"), server.url("/auth/fixture/mesos-state.json")])
        #expect(run.status == 2)
        #expect(run.stderr == "ipaudit: error: HTTP 401 from \(server.url("/auth/fixture/mesos-state.json")): Authentication credentials were not provided.\n")
        #expect(run.stdout.isEmpty)
        #expect(!FileManager.default.fileExists(atPath: store))
    }

    @Test("A failed pull leaves a store as it was (all or nothing)")
    func failedPullKeepsStore() async throws {
        let server = try InventoryHTTPServer()
        let dir = try IPAuditRunner.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let store = dir.appendingPathComponent("s.db").path
        #expect(try await IPAuditRunner.run(["import", "--store", store, "--source", "a", Self.fixture("cluster.csv")]).status == 0)
        let before = try Self.rows(store)
        let run = try await IPAuditRunner.run(["import", "--store", store, "--source", "a", Self.fixture("mesos-state.json"),
                                         server.url("/status/404")])
        #expect(run.status == 2)
        #expect(run.stderr.contains("HTTP 404 from \(server.url("/status/404")): Not found."))
        #expect(try Self.rows(store) == before)
    }

    @Test("A server echoing a wrong token: the message shows it redacted")
    func echoedTokenRedacted() async throws {
        let server = try InventoryHTTPServer()
        let dir = try IPAuditRunner.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let wrong = "wrong-\(UUID().uuidString)"
        let headers = try server.headerFile(in: dir, line: "Authorization: Token \(wrong)")
        let run = try await IPAuditRunner.run(["audit", "--header-file", headers, server.url("/auth/fixture/cluster.csv")])
        #expect(run.status == 2)
        #expect(run.stderr.contains("HTTP 403 from \(server.url("/auth/fixture/cluster.csv")): Invalid token header: [redacted]"))
        #expect(!run.all.contains(wrong))
    }

    @Test("A 500 is retried, then exit 2 naming the status and the body's start")
    func serverError() async throws {
        let server = try InventoryHTTPServer()
        let run = try await IPAuditRunner.run(["audit", "--retries", "1", server.url("/status/500")])
        #expect(run.status == 2)
        #expect(run.stderr == "ipaudit: error: HTTP 500 from \(server.url("/status/500")): <h1>Server Error (500)</h1> (after 2 attempts)\n")
        #expect(try server.requests().count == 2)
    }

    @Test("A server that never answers: exit 2 soon after --timeout")
    func timeout() async throws {
        let server = try InventoryHTTPServer()
        let run = try await IPAuditRunner.run(["import", "--store", "/nonexistent/never.db", "--timeout", "1s", server.url("/hang")])
        #expect(run.status == 2)
        #expect(run.stderr.contains("\(server.url("/hang")): no complete answer within 1 s (--timeout bounds the whole pull of one URL)"))
        // Well under the 5 min default: --timeout governs (the margin is for a loaded machine).
        #expect(run.seconds < 10)
        #expect(try server.requests().count == 1)  // a timeout is not retried
    }

    @Test("A filtering query left out of the source name draws a note; --source or a paging/shaping query does not")
    func filteringQueryNote() async throws {
        let server = try InventoryHTTPServer()
        let dir = try IPAuditRunner.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let store = dir.appendingPathComponent("s.db").path
        let base = server.url("/netbox/netbox-api-ip-addresses.json/api/ipam/ip-addresses/")
        let filtered = try await IPAuditRunner.run(["import", "--store", store, base + "?vrf_id=1&limit=50"])
        #expect(filtered.status == 0, "\(filtered.stderr)")
        #expect(filtered.stderr == "ipaudit: note: \(base): the source name leaves out the query (vrf_id); an import of this path "
                + "with other values would replace these rows: give each its own --source\n")
        let named = try await IPAuditRunner.run(["import", "--store", store, "--source", "netbox-vrf1", base + "?vrf_id=1"])
        #expect(named.status == 0)
        #expect(named.stderr.isEmpty, "\(named.stderr)")
        let paged = try await IPAuditRunner.run(["import", "--store", store, base + "?limit=4&offset=0&api_key=k"])
        #expect(paged.stderr.isEmpty, "\(paged.stderr)")
        let marathon = try await IPAuditRunner.run(["import", "--store", store, server.url("/fixture/marathon-apps.json") + "?embed=apps.tasks"])
        #expect(!marathon.stderr.contains("leaves out the query"), "\(marathon.stderr)")
    }

    @Test("A body that trickles after prompt headers is cut at --timeout (the deadline covers the body, not only the head)")
    func trickle() async throws {
        let server = try InventoryHTTPServer()
        let run = try await IPAuditRunner.run(["audit", "--timeout", "2s", server.url("/trickle")])
        #expect(run.status == 2)
        #expect(run.stderr == "ipaudit: error: \(server.url("/trickle")): no complete answer within 2 s (--timeout bounds the whole pull of one URL)\n")
        #expect(run.seconds < 10)  // the whole body would take 200 s
        #expect(try server.requests().count == 1)
    }

    @Test("A --timeout past a day is refused as bad input, not a crash", arguments: ["1e10", "1e300s", "25h"])
    func hugeTimeout(value: String) async throws {
        let run = try await IPAuditRunner.run(["audit", "--timeout", value, "http://127.0.0.1:1/master/state"])
        #expect(run.status == 2)
        #expect(run.stderr.contains("--timeout '\(value)': at most 24h"), "\(run.stderr)")
    }

    @Test("--timeout bounds the whole pull: five pages of 0.6 s each do not fit in 2 s, though each one would")
    func timeoutCoversAllPages() async throws {
        let server = try InventoryHTTPServer(extra: ["--page-delay", "0.6"])
        let url = server.url("/netbox/netbox-api-ip-addresses.json/api/ipam/ip-addresses/")
        let run = try await IPAuditRunner.run(["import", "--store", "/nonexistent/never.db", "--timeout", "2s", url])
        #expect(run.status == 2)
        #expect(run.stderr.contains("\(url): no complete answer within 2 s (--timeout bounds the whole pull of one URL)"))
        #expect(run.seconds < 10)
        #expect(try server.requests().count < 5)
    }

    @Test("--timeout bounds retries too: no attempt is made whose backoff would end after it")
    func timeoutCoversRetries() async throws {
        let server = try InventoryHTTPServer()
        let run = try await IPAuditRunner.run(["audit", "--retries", "10", "--timeout", "2s", server.url("/flaky/100/fixture/cluster.csv")])
        #expect(run.status == 2)
        #expect(run.stderr.contains("HTTP 503 from \(server.url("/flaky/100/fixture/cluster.csv"))"))
        #expect(run.stderr.contains("--timeout 2 s leaves no time for another)"))
        // 0.5 + 1 s of backoff fit in 2 s, the next 2 s do not: three attempts, not eleven.
        #expect(try server.requests().count == 2 || server.requests().count == 3)
        #expect(run.seconds < 10)
    }

    @Test("TLS with a private CA: exit 2 without --cacert, imported with it, and with --insecure after a warning")
    func tls() async throws {
        let pki = try TestCertificates()
        defer { pki.remove() }
        let server = try InventoryHTTPServer(tls: (pki.serverCertificate, pki.serverKey))
        let url = server.url("/netbox/netbox-api-ip-addresses.json/api/ipam/ip-addresses/")
        let refused = try await IPAuditRunner.run(["audit", "--retries", "0", url])
        #expect(refused.status == 2)
        #expect(refused.stderr.contains(url))
        #expect(refused.stderr.contains("--cacert"))
        let dir = try IPAuditRunner.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        // Headers over https:// draw no warning.
        let trusted = try await IPAuditRunner.run(["audit", "--cacert", pki.caCertificate, "--header-file", try server.headerFile(in: dir),
                                                   "--format", "json", url])
        #expect(trusted.status != 2, "\(trusted.stderr)")
        let report = try JSONSerialization.jsonObject(with: Data(trusted.stdout.utf8)) as? [String: Any]
        #expect((report?["stats"] as? [String: Any])?["records"] as? Int == 9, "\(trusted.stdout)")
        #expect(!trusted.stderr.contains("warning"))
        let insecure = try await IPAuditRunner.run(["audit", "--insecure", "--format", "json", url])
        #expect(insecure.status == trusted.status)
        #expect(insecure.stdout == trusted.stdout)
        #expect(insecure.stderr.contains("warning: --insecure"))
    }

    @Test("A long pull shows its pages on a terminal's stderr, and nothing when stderr is not one")
    func progressOnTerminal() async throws {
        let server = try InventoryHTTPServer(extra: ["--page-delay", "0.4"])
        let url = server.url("/netbox/netbox-api-ip-addresses.json/api/ipam/ip-addresses/")
        // util-linux's script(1) gives ipaudit a pseudo-terminal and copies what it writes.
        let command = "\(IPAuditRunner.binary.path) audit --quiet \(url)"
        let onTerminal = try await IPAuditRunner.runProgram("/usr/bin/script", ["-qec", command, "/dev/null"])
        #expect(onTerminal.status == 0, "\(onTerminal.all)")
        #expect(onTerminal.stdout.contains("pulling \(url): page 5, 9 objects"), "\(onTerminal.stdout)")
        #expect(onTerminal.stdout.contains("\r\u{1b}[K"))
        let piped = try await IPAuditRunner.run(["audit", "--quiet", url])
        #expect(piped.status == 0)
        #expect(!piped.stderr.contains("pulling"))
    }

    @Test("scan --inventory takes a URL as it takes the file")
    func scanInventory() async throws {
        let dir = try IPAuditRunner.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        try """
            address,name,role,region,zone,rack,mac,network,vlan,host,owner
            10.0.0.5,db-1,agent,dc1,dc1-a,r1,,,,,ops
            10.0.0.100,web-1,agent,dc1,dc1-a,r1,,,,,ops
            10.0.0.101,web-2,agent,dc1,dc1-a,r1,,,,,ops

            """.write(to: dir.appendingPathComponent("hosts.csv"), atomically: true, encoding: .utf8)
        let server = try InventoryHTTPServer(fixtures: dir)
        let capture = InventoryHTTPServer.packageRoot.appendingPathComponent("fixtures/pcap/duplicate-static.pcap").path
        let fromFile = try await IPAuditRunner.run(["scan", "--read", capture, "--inventory", dir.appendingPathComponent("hosts.csv").path, "--format", "csv"])
        let fromURL = try await IPAuditRunner.run(["scan", "--read", capture, "--inventory", server.url("/fixture/hosts.csv"), "--format", "csv"])
        #expect(fromFile.status == 1)
        #expect(fromURL.status == fromFile.status, "\(fromURL.stderr)")
        #expect(fromURL.stdout == fromFile.stdout)
        #expect(fromURL.stdout.contains("unknown-address,"))
    }

    @Test("A bad header file line: exit 2 naming file:line, the value not shown")
    func badHeaderFile() async throws {
        let server = try InventoryHTTPServer()
        let dir = try IPAuditRunner.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let headers = try server.headerFile(in: dir, line: "# token\nAuthorization Token s3cr3t-value")
        let run = try await IPAuditRunner.run(["audit", "--header-file", headers, server.url("/fixture/cluster.csv")])
        #expect(run.status == 2)
        #expect(run.stderr.contains("\(headers):2: expected 'Name: value'"))
        #expect(!run.all.contains("s3cr3t-value"))
        #expect(try server.requests().isEmpty)
    }

    @Test("A header file others may read draws a warning")
    func looseHeaderFile() async throws {
        let server = try InventoryHTTPServer()
        let dir = try IPAuditRunner.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let headers = try server.headerFile(in: dir)
        try FileManager.default.setAttributes([.posixPermissions: 0o644], ofItemAtPath: headers)
        let run = try await IPAuditRunner.run(["audit", "--header-file", headers, server.url("/auth/fixture/cluster.csv")])
        #expect(run.status == 0, "\(run.stderr)")
        #expect(run.stderr.contains("warning: \(headers): group or others may read it (mode 644); chmod 600"))
    }

    @Test("Credentials in the URL are refused without being shown")
    func credentialsInURL() async throws {
        let server = try InventoryHTTPServer()
        let run = try await IPAuditRunner.run(["audit", "http://ops:pw-\(server.token)@127.0.0.1:\(server.port)/fixture/cluster.csv"])
        #expect(run.status == 2)
        #expect(run.stderr.contains("http://127.0.0.1:\(server.port)/fixture/cluster.csv: credentials in the URL are refused"))
        #expect(!run.all.contains(server.token))
        #expect(try server.requests().isEmpty)
    }

    @Test("The input cap holds for a URL as for a file")
    func sizeCap() async throws {
        let server = try InventoryHTTPServer()
        let run = try await IPAuditRunner.run(["audit", server.url("/fixture/mesos-state.json")], environment: ["IPAUDIT_MAX_INPUT_BYTES": "1000"])
        #expect(run.status == 2)
        #expect(run.stderr.contains("\(server.url("/fixture/mesos-state.json")): larger than the input limit of 1000 bytes"))
    }

    @Test("A format check names the URL as it names a file")
    func wrongFormat() async throws {
        let server = try InventoryHTTPServer()
        let run = try await IPAuditRunner.run(["audit", "--input-format", "marathon", server.url("/fixture/mesos-state.json")])
        #expect(run.status == 2)
        #expect(run.stderr.contains("\(server.url("/fixture/mesos-state.json")) at $: not marathon input"))
    }

    @Test("The report names an inventory URL without its ?token= query")
    func reportHidesTheURLToken() async throws {
        let server = try InventoryHTTPServer()
        let dir = try IPAuditRunner.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let headers = try server.headerFile(in: dir)
        let url = server.url("/auth/fixture/cluster.csv") + "?token=\(server.token)"
        let page = dir.appendingPathComponent("plan.html").path
        let run = try await IPAuditRunner.run(["report", "--header-file", headers, url, "--plan", Self.fixture("plan.yaml"), "--output", page])
        #expect(run.status == 0, "\(run.all)")
        let html = try String(contentsOfFile: page, encoding: .utf8)
        #expect(!html.contains(server.token))
        #expect(html.contains("<dd>\(server.url("/auth/fixture/cluster.csv"))</dd>"))
    }
}
