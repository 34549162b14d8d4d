import Foundation
import IPAuditKit
import NIOHTTP1
import Testing
@testable import IPAuditSources

/// Issue 27: tokens echoed in disguise, and TLS and empty answers said in words.
@Suite("Hardening round 2: secrets in every form, TLS and answers in words", .serialized)
struct HardeningRound2SourceTests {
    static let token = "s3cr3t-T0ken/with+odd=chars"
    static let user = "marathon-admin"
    static let password = "pa55:word/with+odd=chars"
    static var basic: String { "Basic " + Data("\(user):\(password)".utf8).base64EncodedString() }

    /// Every spelling of a secret a test looks for in the output: none may show.
    static func leaks(_ text: String, secret: String) -> [String] {
        let percent = secret.addingPercentEncoding(withAllowedCharacters: .alphanumerics.union(CharacterSet(charactersIn: "-._~"))) ?? secret
        let base64 = Data(secret.utf8).base64EncodedString()
        let half = secret.count / 2
        return [secret, percent, percent.lowercased(), base64, String(secret.prefix(half)) + "\n" + String(secret.dropFirst(half)),
                String(secret.dropFirst(half))]
            .filter { $0.count >= 4 && text.contains($0) }
    }

    @Test("Each form of an echoed token is cut out: raw, percent-encoded, split by a line break, base64")
    func excerptForms() {
        let header = "Token \(Self.token)"
        let bodies = [
            "bad credentials: \(Self.token)",
            "bad credentials: \(Self.token.addingPercentEncoding(withAllowedCharacters: .alphanumerics)!)",
            "bad credentials: \(Self.token.addingPercentEncoding(withAllowedCharacters: .alphanumerics)!.lowercased())",
            "bad credentials: \(Self.token.prefix(9))\r\n   \(Self.token.dropFirst(9))",
            "bad credentials: \(Data(Self.token.utf8).base64EncodedString())",
            "{\"detail\": \"bad credentials: \(Data(Self.token.utf8).base64EncodedString().dropLast())\"}",
        ]
        for body in bodies {
            let excerpt = ErrorExcerpt.make(Array(body.utf8), status: 500, redacting: [header])
            #expect(excerpt.hasPrefix("bad credentials: "), "\(excerpt)")
            #expect(Self.leaks(excerpt, secret: Self.token).isEmpty, "\(excerpt)")
            #expect(!excerpt.contains("T0ken"), "\(excerpt)")
        }
    }

    @Test("Basic: the decoded user:password and the password alone are cut out")
    func excerptBasic() {
        for echoed in ["\(Self.user):\(Self.password)", Self.password,
                       "\(Self.user):\(Self.password)".addingPercentEncoding(withAllowedCharacters: .alphanumerics)!] {
            let excerpt = ErrorExcerpt.make(Array("login refused for \(echoed) today".utf8), status: 400, redacting: [Self.basic])
            #expect(excerpt == "login refused for [redacted] today", "\(excerpt)")
        }
    }

    @Test("A 401/403 body is shown to its first line only, its forms cut first")
    func refusedAnswersFirstLine() {
        let body = "Unauthorized: Token \(Self.token.prefix(6))\n\(Self.token.dropFirst(6)) is unknown\nmore: \(Self.token.lowercased())"
        let excerpt = ErrorExcerpt.make(Array(body.utf8), status: 401, redacting: ["Token \(Self.token)"])
        #expect(excerpt == "Unauthorized: [redacted] is unknown …", "\(excerpt)")
        // Words of a message that only look like parts of a token stay: nothing is over-cut.
        #expect(ErrorExcerpt.make(Array("Invalid token.".utf8), status: 401, redacting: ["Token \(Self.token)"]) == "Invalid token.")
    }

    @Test("A server echoing the header file's token in each form: stderr never shows it", arguments: [
        ("raw", false), ("percent", false), ("split", false), ("base64", false), ("basic", true), ("percent", true), ("split", true),
    ])
    func serverEchoes(form: String, useBasic: Bool) async throws {
        let server = try InventoryHTTPServer()
        let dir = try IPAuditRunner.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let header = useBasic ? "Authorization: \(Self.basic)" : "Authorization: Token \(Self.token)"
        let file = try server.headerFile(in: dir, line: header)
        let url = server.url("/echo/\(form)")
        let run = try await IPAuditRunner.run(["audit", "--header-file", file, url])
        #expect(run.status == 2)
        #expect(run.stderr.contains("ipaudit: error: HTTP 401 from \(url): Unauthorized: the credentials [redacted] are not valid …\n"),
                "\(run.stderr)")
        for secret in useBasic ? [Self.password, "\(Self.user):\(Self.password)", Self.basic] : [Self.token] {
            #expect(Self.leaks(run.all, secret: secret).isEmpty, "\(form): \(run.stderr)")
        }
        #expect(!run.stderr.contains("second line"), "only the first line of a 401 is shown")
    }

    @Test("An expired certificate is said at once, with its date, without library internals or a wrong --cacert hint")
    func expiredCertificate() async throws {
        let pki = try TestCertificates(expired: true)
        defer { pki.remove() }
        let server = try InventoryHTTPServer(tls: (pki.serverCertificate, pki.serverKey))
        var settings = HTTPSourceSettings()
        settings.caCertificateFile = pki.caCertificate
        let started = ContinuousClock.now
        let error = try await #require(throws: HTTPSourceError.self) {
            try await InventoryPuller.pull(try SourceURL(server.url("/fixture/cluster.csv")), settings: settings)
        }
        #expect(ContinuousClock.now - started < .seconds(9), "before the 10 s connect timeout, which the old client spent retrying")
        #expect(error.detail == "TLS failed: the server's certificate expired on 2024-01-02 00:00:00 UTC", "\(error)")
        // The same server without --cacert: unknown CA, and then the hint is right.
        let untrusted = try await #require(throws: HTTPSourceError.self) {
            try await InventoryPuller.pull(try SourceURL(server.url("/fixture/cluster.csv")), settings: HTTPSourceSettings())
        }
        #expect(!untrusted.detail.contains(".cc:"), "\(untrusted)")
        #expect(!untrusted.detail.contains("CERTIFICATE_VERIFY_FAILED"), "\(untrusted)")
    }

    @Test("A certificate from an unknown CA although --cacert was given names that file, not the hint to give it")
    func wrongCA() async throws {
        let pki = try TestCertificates(), other = try TestCertificates()
        defer { pki.remove(); other.remove() }
        let server = try InventoryHTTPServer(tls: (pki.serverCertificate, pki.serverKey))
        var settings = HTTPSourceSettings()
        settings.caCertificateFile = other.caCertificate
        let error = try await #require(throws: HTTPSourceError.self) {
            try await InventoryPuller.pull(try SourceURL(server.url("/fixture/cluster.csv")), settings: settings)
        }
        #expect(error.detail == "TLS failed: the server's certificate is signed by no CA in --cacert \(other.caCertificate) nor the system's")
    }

    @Test("https:// at a plain-HTTP port: the server did not speak TLS, said at once")
    func httpsAtPlainPort() async throws {
        // A plain HTTP server that answers what it cannot parse with 400 at once, as nginx does
        // (python's http.server instead waits for a line break the TLS hello may never hold).
        let server = try RunningProcess("/usr/bin/env", ["python3", "-c", """
            import socket, threading
            s = socket.socket(); s.bind(("127.0.0.1", 0)); s.listen(8)
            print(s.getsockname()[1], flush=True)
            def serve(c):
                c.recv(4096); c.sendall(b"HTTP/1.1 400 Bad Request\\r\\nContent-Length: 0\\r\\nConnection: close\\r\\n\\r\\n"); c.close()
            while True:
                c, _ = s.accept(); threading.Thread(target=serve, args=(c,), daemon=True).start()
            """])
        // SIGKILL, not terminate(): a server spawned from a thread that blocks signals inherits
        // that mask, ignores SIGTERM, and waitUntilExit() would wait for ever.
        defer { server.kill(); server.waitUntilExit() }
        let port = try #require(server.firstLine(timeout: 60).flatMap { Int($0) })
        let url = "https://127.0.0.1:\(port)/fixture/cluster.csv"
        let started = ContinuousClock.now
        let error = try await #require(throws: HTTPSourceError.self) {
            try await InventoryPuller.pull(try SourceURL(url), settings: HTTPSourceSettings())
        }
        #expect(ContinuousClock.now - started < .seconds(9), "before the 10 s connect timeout, which the old client spent retrying")
        #expect(error.detail.hasPrefix("the server did not speak TLS"), "\(error)")
    }

    @Test("An empty answer is said as such, not as an empty YAML document")
    func emptyAnswer() async throws {
        let server = try InventoryHTTPServer()
        let run = try await IPAuditRunner.run(["audit", server.url("/empty")])
        #expect(run.status == 2)
        #expect(run.stderr.contains("empty: there is nothing to read"), "\(run.stderr)")
        #expect(!run.stderr.contains("YAML"), "\(run.stderr)")
    }
}

@Suite("Hardening round 2: transport errors in words")
struct TransportWordsTests {
    @Test("An answer that is not HTTP (http:// asked of a TLS port) is said so, not as llhttp's 'invalid constant string'")
    func notHTTP() {
        let failure = HTTPFetcher.transportFailure(HTTPParserError.invalidConstant, name: "http://h:443/x", timeout: .seconds(5),
                                                   connectTimeout: .seconds(10))
        #expect(failure.error.detail == "the server did not answer in HTTP (is it a TLS port? then ask https://)")
        #expect(!failure.retryable)
    }
}
