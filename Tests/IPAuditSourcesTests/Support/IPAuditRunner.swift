import Foundation

/// The `ipaudit` binary built next to the test bundle, run with its output captured
/// (IPAuditTestSupport's runner, without blocking a thread while it waits).
enum IPAuditRunner {
    typealias Run = ProcessResult

    static var binary: URL { BuiltBinary.ipaudit }

    static func run(_ arguments: [String], environment: [String: String] = [:]) async throws -> Run {
        try await runProgram(binary.path, arguments, environment: environment)
    }

    /// Any program (script(1) wrapping ipaudit) with the same capture.
    static func runProgram(_ path: String, _ arguments: [String], environment: [String: String] = [:]) async throws -> Run {
        try await ProcessRunner.run(path, arguments, environment: environment)
    }

    static func temporaryDirectory() throws -> URL { try TemporaryDirectory.make(prefix: "ipaudit-src") }
}
