import Foundation

/// What a finished program did: its exit status and everything it wrote.
public struct ProcessResult: Sendable {
    public let status: Int32
    /// `.uncaughtSignal` when a signal ended it (then `status` is the signal's number).
    public let terminationReason: Process.TerminationReason
    public let stdoutData: Data
    public let stderrData: Data
    /// From start to exit, taken when the process ended (not when a busy test process looked).
    public let seconds: Double

    public var stdout: String { String(decoding: stdoutData, as: UTF8.self) }
    public var stderr: String { String(decoding: stderrData, as: UTF8.self) }
    public var all: String { stdout + stderr }
}

/// The one way the tests run a program to its end (ipaudit, python3 as an oracle, openssl,
/// sqlite3, a shell around them). Output goes to files, never pipes: any amount of it is safe,
/// and a daemon the program leaves behind (a database server) cannot hold the read open.
/// The environment is the test process's without `IPAUDIT_STORE` (a developer's own store must
/// never reach a test) and sudo's `SUDO_*` (tests run through sudo would otherwise drop root to
/// the developer, not nobody), plus `environment`.
public enum ProcessRunner {
    /// One program to start: what `runTogether` takes.
    public struct Command: Sendable {
        public var executable: String
        public var arguments: [String]
        public var stdin: String?
        public var environment: [String: String]
        public var currentDirectory: URL?

        public init(_ executable: String, _ arguments: [String], stdin: String? = nil,
                    environment: [String: String] = [:], currentDirectory: URL? = nil) {
            self.executable = executable
            self.arguments = arguments
            self.stdin = stdin
            self.environment = environment
            self.currentDirectory = currentDirectory
        }
    }

    /// The environment a child gets.
    public static func environment(_ overrides: [String: String]) -> [String: String] {
        var env = ProcessInfo.processInfo.environment
        for name in ["IPAUDIT_STORE", "SUDO_UID", "SUDO_GID", "SUDO_USER"] { env.removeValue(forKey: name) }
        return env.merging(overrides) { _, new in new }
    }

    /// Runs `executable` (a path) to its end; blocks the calling thread.
    @discardableResult
    public static func run(_ executable: String, _ arguments: [String], stdin: String? = nil,
                           environment: [String: String] = [:], currentDirectory: URL? = nil) throws -> ProcessResult {
        try runTogether([Command(executable, arguments, stdin: stdin, environment: environment,
                                 currentDirectory: currentDirectory)])[0]
    }

    /// Starts every command at once, then waits for all; results in order.
    public static func runTogether(_ commands: [Command]) throws -> [ProcessResult] {
        let launches = try commands.map { try Launch($0) }
        defer { launches.forEach { $0.cleanUp() } }
        for launch in launches { try launch.start() }
        return try launches.map { launch in
            launch.process.waitUntilExit()
            return try launch.result(ended: Date())
        }
    }

    /// The same, without blocking a thread while it waits: async tests' timers share the few
    /// threads of the test process.
    public static func run(_ executable: String, _ arguments: [String], stdin: String? = nil,
                           environment: [String: String] = [:], currentDirectory: URL? = nil) async throws -> ProcessResult {
        let launch = try Launch(Command(executable, arguments, stdin: stdin, environment: environment,
                                        currentDirectory: currentDirectory))
        defer { launch.cleanUp() }
        let ended = try await withCheckedThrowingContinuation { (finished: CheckedContinuation<Date, Error>) in
            launch.process.terminationHandler = { _ in finished.resume(returning: Date()) }
            do { try launch.start() } catch {
                launch.process.terminationHandler = nil
                finished.resume(throwing: error)
            }
        }
        return try launch.result(ended: ended)
    }

    /// A process set up with output files and its standard input, not yet started.
    private final class Launch {
        let process = Process()
        let directory: URL
        let out: URL, err: URL
        let input = Pipe()
        let stdin: String?
        var started = Date()

        init(_ command: Command) throws {
            directory = try TemporaryDirectory.make(prefix: "ipaudit-run")
            out = directory.appendingPathComponent("out")
            err = directory.appendingPathComponent("err")
            _ = FileManager.default.createFile(atPath: out.path, contents: nil)
            _ = FileManager.default.createFile(atPath: err.path, contents: nil)
            process.executableURL = URL(fileURLWithPath: command.executable)
            process.arguments = command.arguments
            process.environment = ProcessRunner.environment(command.environment)
            if let currentDirectory = command.currentDirectory { process.currentDirectoryURL = currentDirectory }
            process.standardOutput = try FileHandle(forWritingTo: out)
            process.standardError = try FileHandle(forWritingTo: err)
            process.standardInput = input
            stdin = command.stdin
        }

        func start() throws {
            started = Date()
            try process.run()
            // A program that exits without reading its input (or never starts: a missing tool)
            // closes the pipe: the write then fails with EPIPE, which is no error of the test's.
            if let stdin, !stdin.isEmpty { try? input.fileHandleForWriting.write(contentsOf: Data(stdin.utf8)) }
            try? input.fileHandleForWriting.close()
        }

        func result(ended: Date) throws -> ProcessResult {
            ProcessResult(status: process.terminationStatus, terminationReason: process.terminationReason,
                          stdoutData: try Data(contentsOf: out), stderrData: try Data(contentsOf: err),
                          seconds: ended.timeIntervalSince(started))
        }

        func cleanUp() { try? FileManager.default.removeItem(at: directory) }
    }
}
