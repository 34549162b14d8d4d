import Foundation
import IPAuditKit
import PostgresNIO
import Testing
@testable import IPAuditPostgres

/// A fleet store on a server whose certificate a private CA signed (made here with openssl):
/// trusted with `sslrootcert`, refused without it, refused under the wrong host name or CA.
@Suite(.requires(.postgres), .serialized) struct PostgresTLSTests {
    struct Server {
        let root: URL
        let port: Int
        var ca: String { root.appendingPathComponent("ca/ca.crt").path }
        var rogueCA: String { root.appendingPathComponent("ca/rogue.crt").path }
        func url(host: String, _ query: String) -> String { "postgres://ipaudit:ipaudit@\(host):\(port)/ipaudit?\(query)" }
    }

    static func openssl(_ arguments: [String], in dir: URL) throws {
        let process = try ProcessRunner.run("/usr/bin/env", ["openssl"] + arguments, currentDirectory: dir)
        guard process.status == 0 else { throw TestServerError("openssl \(arguments.joined(separator: " ")) failed") }
    }

    /// A CA, a server certificate it signs for the name db.ipaudit.test only, and a second
    /// (rogue) CA. The name resolves nowhere: `hostaddr=127.0.0.1` connects while TLS checks it.
    static func makeCertificates(ssl: URL, ca: URL) throws {
        try FileManager.default.createDirectory(at: ssl, withIntermediateDirectories: true)
        try FileManager.default.createDirectory(at: ca, withIntermediateDirectories: true)
        for name in ["ca", "rogue"] {
            try openssl(["req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "2", "-subj", "/CN=ipaudit test \(name)",
                         "-keyout", "\(name).key", "-out", "\(name).crt"], in: ca)
        }
        try openssl(["req", "-newkey", "rsa:2048", "-nodes", "-subj", "/CN=localhost", "-keyout", ssl.appendingPathComponent("server.key").path,
                     "-out", "server.csr"], in: ca)
        try "subjectAltName=DNS:db.ipaudit.test\n".write(to: ca.appendingPathComponent("san.ext"), atomically: true, encoding: .utf8)
        try openssl(["x509", "-req", "-in", "server.csr", "-CA", "ca.crt", "-CAkey", "ca.key", "-CAcreateserial", "-days", "2",
                     "-extfile", "san.ext", "-out", ssl.appendingPathComponent("server.crt").path], in: ca)
    }

    static func withServer(_ body: (Server) throws -> Void) throws {
        let root = URL(fileURLWithPath: "/tmp/ipaudit-pg-tls-\(UUID().uuidString.prefix(8))")
        let port = 55433
        let env = ["PGPORT": String(port), "PGROOT": root.path, "PGSSLDIR": root.appendingPathComponent("ssl").path]
        defer { _ = try? TestServer.script("stop.sh", ["--purge"], environment: env) }
        try makeCertificates(ssl: root.appendingPathComponent("ssl"), ca: root.appendingPathComponent("ca"))
        _ = try TestServer.startScript(environment: env)
        // The CA files must stay readable by us after start.sh hands PGROOT to the server's user.
        try body(Server(root: root, port: port))
    }

    static func encrypted(_ url: String) throws -> Bool {
        let session = try PostgresSession.connect(try PostgresLocation(url: url))
        defer { session.close() }
        let rows = try session.query("SELECT ssl FROM pg_stat_ssl WHERE pid = pg_backend_pid()")
        return try rows.first?.decode(Bool.self) ?? false
    }

    @Test func privateCAIsTrustedOnlyWhereItShouldBe() throws {
        try Self.withServer { server in
            let named = { (query: String) in server.url(host: "db.ipaudit.test", "hostaddr=127.0.0.1&" + query) }
            // sslrootcert alone means verify-full: accepted under the certificate's name, encrypted.
            #expect(try Self.encrypted(named("sslrootcert=\(server.ca)")))
            let store = try PostgresStore(url: named("sslrootcert=\(server.ca)"))
            #expect(try store.inventorySources().isEmpty)
            // Without the CA the system roots do not know the server: refused.
            #expect(throws: (any Error).self) { try Self.encrypted(named("sslmode=verify-full")) }
            // The right CA but names the certificate lacks: refused.
            #expect(throws: (any Error).self) { try Self.encrypted(server.url(host: "localhost", "sslrootcert=\(server.ca)")) }
            #expect(throws: (any Error).self) { try Self.encrypted(server.url(host: "127.0.0.1", "sslrootcert=\(server.ca)")) }
            #expect(throws: (any Error).self) {
                try Self.encrypted(server.url(host: "other.ipaudit.test", "hostaddr=127.0.0.1&sslrootcert=\(server.ca)"))
            }
            // Another CA: refused.
            #expect(throws: (any Error).self) { try Self.encrypted(named("sslrootcert=\(server.rogueCA)")) }
            // verify-ca checks the chain but not the name.
            #expect(try Self.encrypted(server.url(host: "localhost", "sslmode=verify-ca&sslrootcert=\(server.ca)")))
            // prefer encrypts whenever the server offers TLS; disable does not.
            #expect(try Self.encrypted(server.url(host: "127.0.0.1", "sslmode=prefer")))
            #expect(try Self.encrypted(server.url(host: "127.0.0.1", "sslmode=disable")) == false)
        }
    }

    @Test func preferFallsBackWhereTheServerHasNoTLS() throws {
        let base = try PostgresLocation(url: try TestServer.baseURL())
        let url = "postgres://\(base.user):\(base.password ?? "")@\(base.host):\(base.port)/\(base.database)?sslmode=prefer"
        #expect(try Self.encrypted(url) == false)
        #expect(throws: (any Error).self) {
            try Self.encrypted("postgres://\(base.user):\(base.password ?? "")@\(base.host):\(base.port)/\(base.database)?sslmode=require")
        }
    }
}

@Suite(.requires(.postgres)) struct PostgresSchemaVersionTests {
    @Test func aDatabaseMigratedByANewerIPAuditIsRefusedByName() throws {
        let db = try TestServer.freshDatabase()
        defer { db.drop() }
        let store = try PostgresStore(url: db.url)
        try store.transaction(idempotent: false) { s in
            try s.execute("INSERT INTO schema_migrations (version) VALUES ('zz-from-the-future')")
        }
        let error = try #require(throws: (any Error).self) { try PostgresStore(url: db.url) }
        #expect("\(error)".contains("written by a newer ipaudit"), "\(error)")
        #expect("\(error)".contains("zz-from-the-future"), "\(error)")
    }
}
