import Foundation
import Testing

/// Issue 23: URL inventories' errors as a new user meets them, through the binary: what
/// happened, in one line naming the host, without the TLS library's words; and root-only
/// header and CA files read by scan started as root.
@Suite("First hour: URL errors that say what happened", .serialized)
struct FirstHourSourceErrorTests {
    /// Nothing a user cannot act on: BoringSSL's and NIO's names, source files and lines.
    static func expectNoInternals(_ text: String, sourceLocation: SourceLocation = #_sourceLocation) {
        for word in ["NIOSSL", "BoringSSL", "OPENSSL_internal", "CERTIFICATE_VERIFY_FAILED", ".cc:", ".swift:", "Sources/"] {
            #expect(!text.contains(word), "\(word) in: \(text)", sourceLocation: sourceLocation)
        }
    }

    @Test("A self-signed certificate fails at once, in one line naming the host and --cacert; trusted with --cacert")
    func selfSignedCertificate() async throws {
        let pki = try TestCertificates(selfSigned: true)
        defer { pki.remove() }
        let server = try InventoryHTTPServer(tls: (pki.serverCertificate, pki.serverKey))
        let url = server.url("/fixture/cluster.csv")
        let refused = try await IPAuditRunner.run(["audit", url])
        // The child's own lifetime (a busy test process may resume this task much later).
        #expect(refused.seconds < 5, "a refused connection is retried for 10 s; a certificate never is")
        #expect(refused.status == 2)
        #expect(refused.stderr.split(separator: "\n").count == 1, "\(refused.stderr)")
        #expect(refused.stderr.contains("https://127.0.0.1:\(server.port)/"), "\(refused.stderr)")
        #expect(refused.stderr.contains("--cacert"), "\(refused.stderr)")
        Self.expectNoInternals(refused.stderr)
        let trusted = try await IPAuditRunner.run(["audit", "--cacert", pki.caCertificate, url])
        #expect(trusted.status != 2, "\(trusted.stderr)")
    }

    @Test("A trusted certificate for another name says which names it holds and which was asked, without library words")
    func certificateForAnotherName() async throws {
        let pki = try TestCertificates()
        defer { pki.remove() }
        let server = try InventoryHTTPServer(tls: (pki.serverCertificate, pki.serverKey), extra: ["--bind", "127.0.0.2"])
        let r = try await IPAuditRunner.run(["audit", "--cacert", pki.caCertificate, server.url("/fixture/cluster.csv", host: "127.0.0.2")])
        #expect(r.status == 2)
        #expect(r.stderr.split(separator: "\n").count == 1, "\(r.stderr)")
        #expect(r.stderr.contains("the server's certificate names 127.0.0.1, localhost, not 127.0.0.2"), "\(r.stderr)")
        Self.expectNoInternals(r.stderr)
    }

    /// A single sign-on proxy answers 200 with its login page (often after a redirect).
    @Test("An HTML login page where JSON was expected says so, with the page's title and where it was redirected")
    func htmlLoginPage() async throws {
        let fixtures = try IPAuditRunner.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: fixtures) }
        try """
            <!DOCTYPE html>
            <html lang="en"><head><meta charset="utf-8"><title>Sign in \u{1b}[31mto SSO</title></head>
            <body><form method="post" action="/login"><input name="username"><input type="password" name="password"></form></body></html>
            """.write(to: fixtures.appendingPathComponent("state"), atomically: true, encoding: .utf8)
        let server = try InventoryHTTPServer(fixtures: fixtures)
        let direct = try await IPAuditRunner.run(["audit", server.url("/fixture/state")])
        #expect(direct.status == 2)
        #expect(direct.stderr == "ipaudit: error: \(server.url("/fixture/state")): got an HTML page (a login page?) where JSON was expected, "
                + "titled 'Sign in [31mto SSO'; check the URL, and that --header-file holds credentials the server takes (an API token, not a browser login)\n",
                "\(direct.stderr)")
        let redirected = try await IPAuditRunner.run(["import", "--store", fixtures.appendingPathComponent("s.db").path,
                                                      server.url("/redirect/fixture/state")])
        #expect(redirected.status == 2)
        #expect(redirected.stderr.contains("got an HTML page (a login page?) where JSON was expected (redirected to \(server.url("/fixture/state")))"),
                "\(redirected.stderr)")
    }

    @Test("scan as root reads a root-only 0600 header file and --cacert from a 0700 directory", .requires(.root))
    func rootOnlyHeaderFileAndCA() async throws {
        let pki = try TestCertificates()
        defer { pki.remove() }
        let server = try InventoryHTTPServer(tls: (pki.serverCertificate, pki.serverKey))
        let dir = try IPAuditRunner.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        try FileManager.default.setAttributes([.posixPermissions: 0o700], ofItemAtPath: dir.path)
        let headers = try server.headerFile(in: dir)
        let ca = dir.appendingPathComponent("ca.pem").path
        try FileManager.default.copyItem(atPath: pki.caCertificate, toPath: ca)
        for file in [headers, ca] { try FileManager.default.setAttributes([.posixPermissions: 0o600], ofItemAtPath: file) }
        let pcap = Repository.fixture("pcap/duplicate-static.pcap")
        let r = try await IPAuditRunner.run(["scan", "--read", pcap, "--header-file", headers, "--cacert", ca,
                                             "--inventory", server.url("/auth/fixture/cluster.csv"), "--format", "json"])
        #expect(r.status == 1, "\(r.stderr)")   // the pcap's duplicate
        #expect(!r.stderr.contains("Permission denied"), "\(r.stderr)")
        let doc = try #require(try JSONSerialization.jsonObject(with: Data(r.stdout.utf8)) as? [String: Any])
        // With an inventory read, the addresses it lacks are reported: the pull went through.
        #expect((doc["findings"] as? [[String: Any]] ?? []).contains { $0["rule"] as? String == "unknown-address" }, "\(r.stdout)")
        #expect(try server.requests().contains { $0["path"] as? String == "/auth/fixture/cluster.csv" })
        // A header file others may read is still said so, though the user the run became
        // cannot look at it by name.
        try FileManager.default.setAttributes([.posixPermissions: 0o644], ofItemAtPath: headers)
        let loose = try await IPAuditRunner.run(["scan", "--read", pcap, "--header-file", headers, "--cacert", ca,
                                                 "--inventory", server.url("/auth/fixture/cluster.csv"), "--quiet"])
        #expect(loose.status == 1, "\(loose.stderr)")
        #expect(loose.stderr.contains("group or others may read it (mode 644); chmod 600"), "\(loose.stderr)")
    }
}
