import IPAuditKit
import IPAuditStorage
import Testing
@testable import IPAuditPostgres

@Suite struct PostgresLocationTests {
    @Test func parsesFullURLAndOptions() throws {
        let l = try PostgresLocation(url: "postgresql://ops:s3cret@db.example:6543/ipam?connect_timeout=2.5&timeout=30", environment: [:])
        #expect(l.host == "db.example")
        #expect(l.port == 6543)
        #expect(l.user == "ops")
        #expect(l.password == "s3cret")
        #expect(l.database == "ipam")
        #expect(l.connectTimeout == 2.5)
        #expect(l.statementTimeout == 30)
        #expect(l.tls == .prefer)  // another host: encrypted unless asked not to be
    }

    @Test("TLS defaults: loopback in clear, other hosts prefer TLS, a private CA means verify-full")
    func tlsDefaults() throws {
        #expect(try PostgresLocation(url: "postgres://u@127.0.0.1/d", environment: [:]).tls == .disable)
        #expect(try PostgresLocation(url: "postgres://u@localhost/d", environment: [:]).tls == .disable)
        #expect(try PostgresLocation(url: "postgres://u@[::1]/d", environment: [:]).tls == .disable)
        #expect(try PostgresLocation(url: "postgres://u@10.0.0.5/d", environment: [:]).tls == .prefer)
        #expect(try PostgresLocation(url: "postgres://u@127.db.example/d", environment: [:]).tls == .prefer)
        let ca = try PostgresLocation(url: "postgres://u@db.example/d?sslrootcert=/etc/ipaudit/ca.pem", environment: [:])
        #expect(ca.tls == .verifyFull)
        #expect(ca.rootCertificate == "/etc/ipaudit/ca.pem")
        #expect(try PostgresLocation(url: "postgres://u@db.example/d?sslmode=verify-ca&sslrootcert=ca.pem", environment: [:]).tls == .verifyCA)
        #expect(try PostgresLocation(url: "postgres://u@db.example/d?sslmode=disable", environment: [:]).tls == .disable)
        #expect(throws: InputError.self) { try PostgresLocation(url: "postgres://u@db.example/d?sslmode=prefer&sslrootcert=ca.pem", environment: [:]) }
    }

    @Test func defaultsPortAndTakesPasswordFromPGPASSWORD() throws {
        let l = try PostgresLocation(url: "postgres://ops@db/ipam?sslmode=require", environment: ["PGPASSWORD": "fromenv"])
        #expect(l.port == 5432)
        #expect(l.password == "fromenv")
        #expect(l.tls == .require)
    }

    @Test func bracketedIPv6Host() throws {
        let l = try PostgresLocation(url: "postgres://ops@[::1]:6000/ipam", environment: [:])
        #expect(l.host == "::1")
        #expect(l.port == 6000)
        #expect(l.description == "postgres://ops@[::1]:6000/ipam")
    }

    @Test func descriptionNeverShowsThePassword() throws {
        let l = try PostgresLocation(url: "postgres://ops:hunter2@10.1.2.3:5433/ipam", environment: [:])
        #expect(l.description == "postgres://ops@10.1.2.3:5433/ipam")
        #expect(!PostgresLocation.redacted("postgres://ops:hunter2@h/d").contains("hunter2"))
    }

    @Test(arguments: [
        ("postgres://db/ipam", "user"),
        ("postgres://ops@db", "database"),
        ("postgres://ops@db/ipam?timeout=-1", "timeout"),
        ("postgres://ops@db/ipam?sslmode=maybe", "sslmode"),
        ("postgres://ops@db/ipam?colour=blue", "colour"),
    ])
    func badURLNamesTheField(url: String, field: String) {
        do {
            _ = try PostgresLocation(url: url, environment: [:])
            Issue.record("\(url) was accepted")
        } catch let error as InputError {
            #expect(error.field == field)
        } catch {
            Issue.record("unexpected error \(error)")
        }
    }

    @Test func locatorTellsURLsFromPaths() {
        #expect(StoreLocator.isRemote("postgres://a@b/c"))
        #expect(StoreLocator.isRemote("POSTGRESQL://a@b/c"))
        #expect(!StoreLocator.isRemote("./ipaudit.db"))
        #expect(!StoreLocator.isRemote("/var/lib/postgres.db"))
        #expect(StoreLocator.exists("postgres://a@b/c"))
        #expect(!StoreLocator.exists("/nonexistent/ipaudit-\(UInt64.random(in: 0...UInt64.max)).db"))
    }
}
