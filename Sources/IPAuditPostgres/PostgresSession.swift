import Foundation
import IPCore
import NIOConcurrencyHelpers
import NIOSSL
import PostgresNIO

/// One PostgreSQL connection used synchronously, with a deadline on everything.
///
/// The CLI and the store protocols are synchronous; postgres-nio is not. Each call builds
/// an `EventLoopFuture`, races it against a timer on the same event loop and blocks the
/// calling thread in `wait()`. The caller is never an event-loop thread (it is the
/// command's main thread or a test's thread), so this cannot deadlock. On a timeout the
/// connection is closed: the server then rolls back whatever transaction was open.
final class PostgresSession: @unchecked Sendable {
    let connection: PostgresConnection
    let statementTimeout: Double
    let logger: Logger

    private init(connection: PostgresConnection, statementTimeout: Double, logger: Logger) {
        self.connection = connection
        self.statementTimeout = statementTimeout
        self.logger = logger
    }

    /// The TLS part of the connection for `location.tls` (see `PostgresLocation`).
    /// `insist`: `prefer` without falling back to clear text (the first try off this machine).
    static func tlsSetting(_ location: PostgresLocation, insist: Bool = false) throws -> PostgresConnection.Configuration.TLS {
        var tls = TLSConfiguration.makeClientConfiguration()
        switch location.tls {
        case .disable: return .disable
        case .prefer: tls.certificateVerification = .none
        case .require, .verifyCA: tls.certificateVerification = .noHostnameVerification
        case .verifyFull: tls.certificateVerification = .fullVerification
        }
        do {
            if let file = location.rootCertificate {
                tls.trustRoots = .certificates(try NIOSSLCertificate.fromPEMFile(file))
            }
            let context = try NIOSSLContext(configuration: tls)
            return location.tls == .prefer && !insist ? .prefer(context) : .require(context)
        } catch {
            throw PostgresFailure(kind: .connect, message: "cannot set up TLS\(location.rootCertificate.map { " with sslrootcert \($0)" } ?? ""): \(error)")
        }
    }

    /// Connects and logs in within `location.connectTimeout`. postgres-nio's pooled client
    /// would retry a wrong password or a closed port forever; a single connection fails.
    static func connect(_ location: PostgresLocation) throws -> PostgresSession {
        // postgres-nio answers whatever password request the server makes, cleartext and MD5
        // included, so a server (or a man in the middle) that declines TLS must never get the
        // password: off this machine `prefer` insists on TLS first, and without it logs in
        // with no password at all (enough for trust or cert-less setups, refused otherwise).
        guard location.tls == .prefer, !location.isLocal else { return try connect(location, insist: false) }
        do {
            return try connect(location, insist: true)
        } catch let failure as PostgresFailure where failure.tlsDeclined {
            var clear = location
            clear.password = nil
            do {
                return try connect(clear, insist: false)
            } catch let failure as PostgresFailure where failure.passwordWanted {
                throw PostgresFailure(kind: .connect, message: "the server declined TLS and asked for a password; ipaudit sends "
                                      + "no password without TLS to a host off this machine (sslmode=disable allows it)")
            }
        }
    }

    private static func connect(_ location: PostgresLocation, insist: Bool) throws -> PostgresSession {
        var logger = Logger(label: "ipaudit.postgres")
        logger.logLevel = .critical
        var configuration = PostgresConnection.Configuration(
            host: location.hostAddress ?? location.host, port: location.port, username: location.user, password: location.password,
            database: location.database, tls: .disable)
        // postgres-nio sends a host name (never an IP address) as SNI and NIOSSL checks the
        // certificate against it, or against the peer's address when the host is an IP.
        configuration.tls = try tlsSetting(location, insist: insist)
        if location.hostAddress != nil, (try? IPAddress(location.host)) == nil { configuration.options.tlsServerName = location.host }
        configuration.options.connectTimeout = .milliseconds(Int64(location.connectTimeout * 1000))
        let eventLoop = PostgresConnection.defaultEventLoopGroup.any()
        let future = PostgresConnection.connect(on: eventLoop, configuration: configuration,
                                                id: nextID.withLockedValue { $0 += 1; return $0 }, logger: logger)
        let connection: PostgresConnection
        do {
            connection = try bounded(future, seconds: location.connectTimeout, onTimeout: { late in
                // Logged in after we gave up: nobody will use it.
                late.whenSuccess { let closing: EventLoopFuture<Void> = $0.close(); _ = closing }
            })
        } catch let failure as PostgresFailure where failure.kind == .timedOut {
            throw PostgresFailure(kind: .connect, message: "no answer within \(format(location.connectTimeout)) s")
        } catch let error as PSQLError where Self.isConnectTimeout(error) {
            // NIO's TCP connect timer (same length) fired first: one message for both.
            throw PostgresFailure(kind: .connect, message: "no answer within \(format(location.connectTimeout)) s")
        } catch {
            throw PostgresFailure.from(error, connecting: true)
        }
        let session = PostgresSession(connection: connection, statementTimeout: location.statementTimeout, logger: logger)
        // The server enforces the same deadline, so an abandoned statement stops there too.
        try session.execute("SET statement_timeout = \(Int(location.statementTimeout * 1000))")
        try session.execute("SET lock_timeout = \(Int(location.statementTimeout * 1000))")
        try session.applySessionGuards(location)
        // The store's statements are simple scans and lookups: compiling them (JIT) costs
        // more than it saves, about 0.2 s on each million-row read of an audit.
        try session.execute("SET jit = off")
        // Doubles travel as text inside packed rows (`PackedRow`): shortest exact form, whatever
        // the database's or role's default (PostgreSQL 11 and older default to 15 digits).
        try session.execute("SET extra_float_digits = 3")
        return session
    }

    private static func isConnectTimeout(_ error: PSQLError) -> Bool {
        if case .connectTimeout = error.underlying as? ChannelError { return true }
        return false
    }

    private static let nextID = NIOLockedValueBox(0)

    var isClosed: Bool { connection.isClosed }

    func close() {
        if !connection.isClosed { let closing: EventLoopFuture<Void> = connection.close(); try? closing.wait() }
    }

    /// Runs one statement and returns every row.
    @discardableResult
    func query(_ query: PostgresQuery) throws -> [PostgresRow] {
        try run(connection.query(query, logger: logger).map(\.rows))
    }

    func execute(_ sql: String) throws {
        try query(PostgresQuery(unsafeSQL: sql))
    }

    /// Streams rows to `body` (on the event loop, one at a time) instead of collecting
    /// `PostgresRow`s first: for the million-row reads of fleet mode.
    func forEachRow(_ query: PostgresQuery, _ body: @escaping @Sendable (PostgresRow) throws -> Void) throws {
        _ = try run(connection.query(query, logger: logger, body))
    }

    func run<T: Sendable>(_ future: EventLoopFuture<T>) throws -> T {
        do {
            // A second more than the server's own statement and lock timeouts: the server's
            // error (which names a lock's holder) should come first, the client's cut-off only
            // when the server or the network is gone.
            return try Self.bounded(future, seconds: statementTimeout + 1, onTimeout: { [connection] _ in
                let closing: EventLoopFuture<Void> = connection.close(); _ = closing
            })
        } catch let failure as PostgresFailure where failure.kind == .timedOut {
            throw PostgresFailure(kind: .timedOut, message: "no answer within \(Self.format(statementTimeout)) s; the connection was closed")
        } catch {
            throw PostgresFailure.from(error, connecting: false)
        }
    }

    /// Waits for `future` at most `seconds`. The timer and the future complete the same
    /// promise on the same event loop; whichever comes second is ignored.
    private static func bounded<T: Sendable>(_ future: EventLoopFuture<T>, seconds: Double,
                                             onTimeout: @escaping @Sendable (EventLoopFuture<T>) -> Void) throws -> T {
        let promise = future.eventLoop.makePromise(of: T.self)
        let timer = future.eventLoop.scheduleTask(in: .milliseconds(Int64(seconds * 1000))) {
            promise.fail(PostgresFailure(kind: .timedOut, message: "timed out"))
            onTimeout(future)
        }
        future.whenComplete { result in
            timer.cancel()
            promise.completeWith(result)
        }
        return try promise.futureResult.wait()
    }

    static func format(_ seconds: Double) -> String {
        seconds == seconds.rounded() ? String(Int(seconds)) : String(seconds)
    }
}
