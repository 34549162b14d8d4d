import Foundation
import IPAuditKit
import PostgresNIO

/// What went wrong talking to PostgreSQL, sorted by what the store should do about it.
/// Internal: the public API turns it into an `InputError` naming the server.
struct PostgresFailure: Error, CustomStringConvertible {
    enum Kind {
        /// Could not reach or log in to the server (wrong host/port, password, database).
        case connect
        /// The connection broke or the server is shutting down/starting: the transaction
        /// was rolled back by the server unless COMMIT had already been sent.
        case connectionLost
        /// Serialization failure or deadlock: the server rolled back; running again is safe.
        case conflict
        /// No answer within the deadline; the connection was closed, so the server rolls back.
        case timedOut
        /// Anything else the server refused (constraint, syntax, permissions).
        case server
    }

    var kind: Kind
    var message: String
    var sqlState: String?
    /// postgres-nio's own error code when the failure is not the server's (e.g. sslUnsupported).
    var clientCode: String?

    var description: String { message }

    /// The server answered the TLS request with "no".
    var tlsDeclined: Bool { clientCode == "sslUnsupported" }
    /// The server asked for a password and none was given.
    var passwordWanted: Bool { clientCode == "authMechanismRequiresPassword" }

    var isRetryable: Bool { kind == .connectionLost || kind == .conflict }

    /// Classifies an error from postgres-nio. `PSQLError.description` hides the server's
    /// message on purpose, so the fields are read one by one.
    static func from(_ error: any Error, connecting: Bool) -> PostgresFailure {
        if let failure = error as? PostgresFailure { return failure }
        guard let psql = error as? PSQLError else {
            if connecting { return PostgresFailure(kind: .connect, message: String(describing: error)) }
            // NIO's own channel errors mean the socket is gone; anything else (a row that
            // does not decode) is a fault of this statement, not of the connection.
            // (A COPY writer that found its connection closed says so with PostgresError.)
            var socketGone = error is ChannelError || error is IOError
            if case .connectionClosed? = error as? PostgresError { socketGone = true }
            return PostgresFailure(kind: socketGone ? .connectionLost : .server, message: String(describing: error))
        }
        if let info = psql.serverInfo, let state = info[.sqlState] {
            // The server's words may carry a hostile peer's ESC or BEL: never raw to a terminal.
            let text = escapingControls([info[.message], info[.detail]].compactMap { $0 }.joined(separator: ": "))
                + " (SQLSTATE \(escapingControls(state)))"
            switch state {
            case "40001", "40P01":
                return PostgresFailure(kind: .conflict, message: text, sqlState: state)
            case "57P01", "57P02", "57P03":  // admin/crash shutdown, cannot connect now
                return PostgresFailure(kind: connecting ? .connect : .connectionLost, message: text, sqlState: state)
            case "55P03", "57014":  // lock_timeout, statement_timeout
                return PostgresFailure(kind: .timedOut, message: text, sqlState: state)
            default:
                if state.hasPrefix("08") { return PostgresFailure(kind: .connectionLost, message: text, sqlState: state) }
                return PostgresFailure(kind: connecting ? .connect : .server, message: text, sqlState: state)
            }
        }
        var text = sentence(for: psql.code)
        if let underlying = psql.underlying { text = plain(underlying) }
        return PostgresFailure(kind: connecting ? .connect : .connectionLost, message: text, clientCode: "\(psql.code)")
    }

    /// postgres-nio's codes as sentences (the rest are rare enough to show as they are).
    static func sentence(for code: PSQLError.Code) -> String {
        switch code {
        case .sslUnsupported: return "the server does not offer TLS (sslmode=disable connects without it)"
        case .serverClosedConnection: return "the server closed the connection"
        case .authMechanismRequiresPassword: return "the server asks for a password and none was given (URL or PGPASSWORD)"
        default: return "\(code)"
        }
    }

    /// A server's text as the terminal may show it: the one escape every peer's text takes
    /// (`TerminalText`), so it cannot move the cursor, clear the screen or set the window title.
    static func escapingControls(_ text: String) -> String { TerminalText.escaped(text) }

    /// NIO's connect errors nest (every address tried, each with its socket error): say
    /// what the first one was, e.g. "connection refused", "no address for host".
    static func plain(_ error: any Error) -> String {
        if let connect = error as? NIOConnectionError {
            if let first = connect.connectionErrors.first { return plain(first.error) }
            if let dns = connect.dnsAError ?? connect.dnsAAAAError { return "cannot resolve \(connect.host): \(dns)" }
            return "cannot reach \(connect.host)"
        }
        if let io = error as? IOError { return String(cString: strerror(io.errnoCode)).lowercased() }
        return String(describing: error)
    }
}
