import Foundation
import PostgresNIO

/// What the server needs to know to clean up after an ipaudit that vanished, and to name it.
extension PostgresSession {
    /// An allocator whose host dies (no FIN) leaves its session idle in a transaction that holds
    /// the allocation lock; the server would keep it until its TCP keepalive gives up (2 h 11 min
    /// on Linux defaults). An ipaudit transaction never waits on its client for long (the client
    /// computes between statements), so the server ends one idle for the statement timeout, and
    /// probes a silent client after 60 s (3 probes 10 s apart). `application_name` says which
    /// ipaudit, so a waiting allocator can name the holder (`PostgresStore.lockHolder`).
    func applySessionGuards(_ location: PostgresLocation) throws {
        try execute("SET idle_in_transaction_session_timeout = \(Int(location.statementTimeout * 1000))")
        try execute("SET tcp_keepalives_idle = 60")
        try execute("SET tcp_keepalives_interval = 10")
        try execute("SET tcp_keepalives_count = 3")
        try query("SELECT set_config('application_name', \(Self.applicationName), false)")
    }

    /// "ipaudit allocate pid 4242 on web-3" (PostgreSQL keeps 63 bytes).
    static let applicationName: String = {
        let command = CommandLine.arguments.dropFirst().first { !$0.hasPrefix("-") }.map { " " + $0 } ?? ""
        let name = "ipaudit\(command.count <= 16 ? command : "") pid \(getpid()) on \(ProcessInfo.processInfo.hostName)"
        return String(decoding: Array(name.utf8.prefix(63)), as: UTF8.self).filter { $0.isASCII && !$0.isNewline }
    }()
}
