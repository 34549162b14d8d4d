import Foundation

/// The `ipaudit` binary built next to the test bundle, run with its output captured.
enum IPAuditRunner {
    struct Run {
        let status: Int32
        let stdout: String
        let stderr: String
        let seconds: Double
        var all: String { stdout + stderr }
    }

    static var binary: URL {
        var dir = URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent()
        for _ in 0..<4 {
            let candidate = dir.appendingPathComponent("ipaudit")
            if FileManager.default.isExecutableFile(atPath: candidate.path) { return candidate }
            dir = dir.deletingLastPathComponent()
        }
        return URL(fileURLWithPath: "/nonexistent/ipaudit")
    }

    /// Output goes to files (no pipe to drain), so any amount of it is safe. The wait does not
    /// block a thread: the async tests' timers share the few threads of the test process.
    static func run(_ arguments: [String], environment: [String: String] = [:]) async throws -> Run {
        try await runProgram(binary.path, arguments, environment: environment)
    }

    /// Any program (script(1) wrapping ipaudit) with the same capture.
    static func runProgram(_ path: String, _ arguments: [String], environment: [String: String] = [:]) async throws -> Run {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("ipaudit-run-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        let out = dir.appendingPathComponent("out"), err = dir.appendingPathComponent("err")
        _ = FileManager.default.createFile(atPath: out.path, contents: nil)
        _ = FileManager.default.createFile(atPath: err.path, contents: nil)
        let process = Process()
        process.executableURL = URL(fileURLWithPath: path)
        process.arguments = arguments
        var env = ProcessInfo.processInfo.environment
        env.removeValue(forKey: "IPAUDIT_STORE")
        process.environment = env.merging(environment) { _, new in new }
        process.standardOutput = try FileHandle(forWritingTo: out)
        process.standardError = try FileHandle(forWritingTo: err)
        process.standardInput = FileHandle.nullDevice
        let started = Date()
        // The end is taken when the process ends, not when this task runs again (which a
        // busy test process may delay).
        let ended = try await withCheckedThrowingContinuation { (finished: CheckedContinuation<Date, Error>) in
            process.terminationHandler = { _ in finished.resume(returning: Date()) }
            do { try process.run() } catch {
                process.terminationHandler = nil
                finished.resume(throwing: error)
            }
        }
        return Run(status: process.terminationStatus,
                   stdout: String(decoding: try Data(contentsOf: out), as: UTF8.self),
                   stderr: String(decoding: try Data(contentsOf: err), as: UTF8.self),
                   seconds: ended.timeIntervalSince(started))
    }

    static func temporaryDirectory() throws -> URL {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("ipaudit-src-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        return url
    }
}
