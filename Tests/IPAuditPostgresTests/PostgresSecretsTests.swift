import Foundation
import IPAuditKit
import Testing
@testable import IPAuditPostgres
#if canImport(Glibc)
import Glibc
#endif

/// The password of a PostgreSQL store never reaches a terminal or a server that declined TLS,
/// and a server's words reach the terminal with control characters escaped.
@Suite struct PostgresSecretsTests {
    static let malformed = [
        "postgres://ipaudit:s3cretpw@db.example:5432:1/ipaudit",
        "postgres://ipaudit:s3cretpw@[::1/ipaudit",
        "postgres://ipaudit:s3cret/pw@db.example:x/ipaudit",
        "postgresql://ipaudit:s3cret?pw@db.example/ipaudit?sslmode=bogus",
    ]

    @Test(arguments: malformed) func aURLThatDoesNotParseIsShownWithoutItsPassword(_ url: String) throws {
        #expect(!PostgresLocation.redacted(url).contains("s3cret"))
        #expect(!StoreLocator.displayName(url).contains("s3cret"))
        do {
            _ = try PostgresLocation(url: url)
            Issue.record("\(url) parsed")
        } catch {
            #expect(!"\(error)".contains("s3cret"), "\(error)")
        }
        // Through the CLI, from --store and from IPAUDIT_STORE.
        for run in [try FleetCLITests.run(["release", "r1", "--store", url]),
                    try FleetCLITests.run(["release", "r1"], environment: ["IPAUDIT_STORE": url])] {
            #expect(run.status == 2)
            #expect(!run.stderr.contains("s3cret") && !run.stdout.contains("s3cret"), "\(run.stderr)")
            #expect(run.stderr.contains("ipaudit:***@") || run.stderr.contains("postgres"), "\(run.stderr)")
        }
    }

    @Test(.requires(.postgres)) func serverErrorTextHasItsControlCharactersEscaped() throws {
        let db = try TestServer.freshDatabase()
        defer { db.drop() }
        let store = try PostgresStore(url: db.url)
        do {
            try store.transaction(idempotent: true) { s in
                try s.execute(#"DO $$ BEGIN RAISE EXCEPTION E'title\x1b]0;owned\x07 cleared\x1b[2J'; END $$"#)
            }
            Issue.record("the statement did not fail")
        } catch {
            let text = "\(error)"
            #expect(!text.unicodeScalars.contains { $0.value < 0x20 || $0.value == 0x7f }, "\(text.debugDescription)")
            #expect(text.contains(#"title\x1b]0;owned\x07 cleared\x1b[2J"#), "\(text)")
        }
    }

    @Test func offLoopbackTheDefaultNeverSendsAPasswordWithoutTLS() throws {
        #expect(try PostgresLocation(url: "postgres://u:p@db.example/x").tls == .prefer)
        #expect(try PostgresLocation(url: "postgres://u:p@db.example/x").isLocal == false)
        #expect(try PostgresLocation(url: "postgres://u:p@127.0.0.1/x").isLocal)
        #expect(try PostgresLocation(url: "postgres://u:p@db.example/x?hostaddr=127.0.0.1").isLocal)
    }

    /// A server (or a man in the middle) on a host treated as remote that declines TLS and asks
    /// for the password in clear text, or as MD5: it never gets it under `prefer` (the default)
    /// or `require`; `disable`, asked for, sends it.
    @Test(arguments: [(3, "prefer"), (5, "prefer"), (3, "require"), (3, "disable")])
    func aServerDecliningTLSGetsNoPassword(_ authentication: Int, _ mode: String) throws {
        let fake = try DowngradingServer(authentication: Int32(authentication))
        defer { fake.stop() }
        var location = try PostgresLocation(url: "postgres://ipaudit:s3cretpw@127.0.0.1:\(fake.port)/ipaudit?connect_timeout=3&sslmode=\(mode)")
        location.isLocal = false
        #expect(throws: (any Error).self) { _ = try PostgresSession.connect(location) }
        Thread.sleep(forTimeInterval: 0.2)
        let received = fake.received
        if mode == "disable" {
            #expect(received.contains { $0.first == UInt8(ascii: "p") }, "sslmode=disable should log in as asked")
        } else {
            #expect(!received.contains { Data($0).range(of: Data("s3cretpw".utf8)) != nil }, "the password reached the server")
        }
    }
}

/// Answers every TLS request with 'N', every startup with an authentication request
/// (3: cleartext password, 5: MD5), records the typed messages it gets, and closes.
final class DowngradingServer: @unchecked Sendable {
    let port: Int
    private let listener: LoopbackPort
    private let lock = NSLock()
    private var messages: [[UInt8]] = []

    init(authentication: Int32) throws {
        listener = try LoopbackPort(listening: true)
        port = listener.port
        let fd = listener.fd
        Thread.detachNewThread { [self] in
            while true {
                let client = accept(fd, nil, nil)
                guard client >= 0 else { return }
                Thread.detachNewThread { [self] in serve(client, authentication) }
            }
        }
    }

    var received: [[UInt8]] { lock.withLock { messages } }

    func stop() { shutdown(listener.fd, Int32(SHUT_RDWR)) }

    private func serve(_ fd: Int32, _ authentication: Int32) {
        defer { close(fd) }
        // Untyped messages first: SSLRequest (80877103) gets 'N'; the startup message gets the
        // authentication request. Then typed messages until the client goes.
        while true {
            guard let length = readInt(fd), let body = readBytes(fd, Int(length) - 4), body.count >= 4 else { return }
            let code = Int32(bigEndian: body.withUnsafeBytes { $0.loadUnaligned(as: Int32.self) })
            if code == 80_877_103 { _ = send(fd, "N", 1, Int32(MSG_NOSIGNAL)); continue }
            var request: [UInt8] = [UInt8(ascii: "R")] + bigEndian(authentication == 5 ? 12 : 8) + bigEndian(authentication)
            if authentication == 5 { request += [1, 2, 3, 4] }  // the salt
            _ = request.withUnsafeBytes { send(fd, $0.baseAddress, $0.count, Int32(MSG_NOSIGNAL)) }
            break
        }
        while let type = readBytes(fd, 1), let length = readInt(fd), let body = readBytes(fd, Int(length) - 4) {
            lock.withLock { messages.append(type + body) }
        }
    }

    private func bigEndian(_ value: Int32) -> [UInt8] { withUnsafeBytes(of: value.bigEndian) { Array($0) } }

    private func readInt(_ fd: Int32) -> Int32? {
        guard let bytes = readBytes(fd, 4) else { return nil }
        return Int32(bigEndian: bytes.withUnsafeBytes { $0.loadUnaligned(as: Int32.self) })
    }

    private func readBytes(_ fd: Int32, _ count: Int) -> [UInt8]? {
        guard count >= 0, count < 1 << 20 else { return nil }
        var out = [UInt8](repeating: 0, count: count)
        var got = 0
        while got < count {
            let n = out[got...].withUnsafeMutableBytes { recv(fd, $0.baseAddress, count - got, 0) }
            if n <= 0 { return nil }
            got += n
        }
        return out
    }
}
