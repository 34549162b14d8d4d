import Foundation
import IPAuditKit
import IPCore
import IPAuditStorage

/// Where a PostgreSQL store lives, parsed from `postgres://USER[:PASS]@HOST[:PORT]/DB[?opts]`
/// (also `postgresql://`). The password may instead come from `PGPASSWORD`, so it need not
/// sit on a command line or in a crontab.
///
/// Options (query string): `connect_timeout` (seconds, default 10) bounds connecting and
/// logging in; `timeout` (seconds, default 120) bounds each statement, lock waits included;
/// `sslmode`: `disable`; `prefer` (TLS when the server offers it, certificate not checked:
/// protects against eavesdropping, not impersonation); `require` and `verify-ca` (TLS, the
/// chain checked against `sslrootcert` or the system roots); `verify-full` (also the host
/// name). Default: `disable` for a loopback host, `verify-full` when `sslrootcert=FILE` is
/// given, else `prefer`, so inventories never cross a network in clear text unless asked.
/// Whatever the mode, a password goes over a connection without TLS only to a loopback host
/// or with `sslmode=disable`: off this machine `prefer` insists on TLS first and, when the
/// server (or a man in the middle) declines it, logs in without a password or not at all.
/// Not `require` by default: ipaudit's `require` checks the certificate chain, which the
/// self-signed certificate of a default PostgreSQL install fails.
public struct PostgresLocation: Sendable, Equatable, CustomStringConvertible {
    public var host: String
    public var port: Int
    public var user: String
    public var password: String?
    public var database: String
    public var connectTimeout: Double = 10
    public var statementTimeout: Double = 120
    public var tls: TLSMode
    /// `hostaddr=IP` (as libpq): connect to this address while TLS checks the certificate
    /// against `host`, for a server whose name does not resolve from here.
    public var hostAddress: String?
    /// PEM file of the CA(s) that sign the server's certificate (a private CA).
    public var rootCertificate: String?

    public enum TLSMode: String, Sendable, Equatable {
        case disable, prefer, require
        case verifyCA = "verify-ca"
        case verifyFull = "verify-full"
    }

    public init(host: String, port: Int = 5432, user: String, password: String?, database: String) {
        self.host = host
        self.port = port
        self.user = user
        self.password = password
        self.database = database
        self.tls = Self.isLoopback(host) ? .disable : .prefer
        isLocal = Self.isLoopback(host)
    }

    /// Whether the connection stays on this machine, so a password may travel without TLS.
    /// Tests set it false to play a remote server on loopback.
    var isLocal: Bool

    /// Connections that never leave the machine need no TLS by default.
    static func isLoopback(_ host: String) -> Bool {
        if host.lowercased() == "localhost" { return true }
        switch try? IPAddress(host) {
        case .v4(let a)?: return a.bits >> 24 == 127
        case .v6(let a)?: return a.bits == 1
        case nil: return false
        }
    }

    /// Parses the URL; a malformed one is an input error naming the bad part.
    public init(url text: String, environment: [String: String] = ProcessInfo.processInfo.environment) throws {
        func bad(_ field: String, _ message: String) -> InputError {
            InputError(file: Self.redacted(text), field: field, message)
        }
        guard StoreLocator.isRemote(text), let components = URLComponents(string: text) else {
            throw bad("url", "not a postgres://USER[:PASS]@HOST[:PORT]/DB URL")
        }
        guard var host = components.host, !host.isEmpty else { throw bad("host", "missing host") }
        // An IPv6 literal comes back bracketed ("[::1]"); the connection wants the address.
        if host.hasPrefix("["), host.hasSuffix("]") { host = String(host.dropFirst().dropLast()) }
        guard let user = components.user, !user.isEmpty else { throw bad("user", "missing user (postgres://USER@HOST/DB)") }
        let database = String(components.path.drop(while: { $0 == "/" }))
        guard !database.isEmpty, !database.contains("/") else { throw bad("database", "missing database name (postgres://USER@HOST/DB)") }
        self.init(host: host, port: components.port ?? 5432, user: user,
                  password: components.password ?? environment["PGPASSWORD"], database: database)
        guard (1...65535).contains(port) else { throw bad("port", "port must be between 1 and 65535") }
        var explicitMode: TLSMode?
        for item in components.queryItems ?? [] {
            switch item.name {
            case "connect_timeout", "timeout":
                guard let seconds = item.value.flatMap(Double.init), seconds > 0, seconds <= 86_400 else {
                    throw bad(item.name, "expected a number of seconds between 0 and 86400")
                }
                if item.name == "timeout" { statementTimeout = seconds } else { connectTimeout = seconds }
            case "sslmode":
                guard let mode = item.value.flatMap(TLSMode.init(rawValue:)) else {
                    throw bad("sslmode", "expected disable, prefer, require, verify-ca or verify-full")
                }
                explicitMode = mode
            case "hostaddr":
                guard let text = item.value, (try? IPAddress(text)) != nil else { throw bad("hostaddr", "expected an IP address") }
                hostAddress = text
            case "sslrootcert":
                guard let file = item.value, !file.isEmpty else { throw bad("sslrootcert", "expected a PEM file") }
                rootCertificate = file
            default:
                throw bad(item.name, "unknown option (connect_timeout, timeout, sslmode, sslrootcert, hostaddr)")
            }
        }
        if let hostAddress, explicitMode == nil, rootCertificate == nil {
            tls = Self.isLoopback(hostAddress) ? .disable : .prefer
        }
        if let hostAddress { isLocal = Self.isLoopback(hostAddress) }
        if let explicitMode {
            tls = explicitMode
        } else if rootCertificate != nil {
            tls = .verifyFull
        }
        if tls == .disable || tls == .prefer, rootCertificate != nil {
            throw bad("sslrootcert", "a root certificate needs sslmode require, verify-ca or verify-full")
        }
    }

    /// The URL without its password: what error messages show.
    public var description: String {
        "postgres://\(user)@\(host.contains(":") ? "[\(host)]" : host):\(port)/\(database)"
    }

    /// `text` with any password replaced, for messages about a URL that did not parse. Done on
    /// the text itself: a URL Foundation cannot parse (`host:5432:1`, an unclosed `[`) still
    /// holds its password in `USER:PASS@`. Everything from the user's colon to the text's last
    /// `@` goes (a malformed password may hold `/`, `?` or `@`; too much hidden beats too little).
    public static func redacted(_ text: String) -> String {
        guard let scheme = text.range(of: "://") else { return text }
        let rest = text[scheme.upperBound...]
        guard let at = rest.lastIndex(of: "@") else { return text }
        let userinfo = rest[..<at]
        guard let colon = userinfo.firstIndex(of: ":") else { return text }
        return String(text[..<scheme.upperBound]) + userinfo[..<colon] + ":***" + rest[at...]
    }
}
