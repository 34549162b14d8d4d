import Foundation

/// A child process that runs alongside the test (a watcher, a server, a program to kill
/// mid-way); its stdout and stderr are collected while it runs. Same environment rule as
/// `ProcessRunner`.
public final class RunningProcess: @unchecked Sendable {
    public struct Output: Sendable {
        public var stdout = ""
        public var stderr = ""
    }

    private let process = Process()
    private let lock = NSLock()
    private var output = Output()
    private var openStreams = 2

    public init(_ path: String, _ arguments: [String], environment: [String: String] = [:],
                currentDirectory: URL? = nil) throws {
        process.executableURL = URL(fileURLWithPath: path)
        process.arguments = arguments
        process.environment = ProcessRunner.environment(environment)
        if let currentDirectory { process.currentDirectoryURL = currentDirectory }
        let out = Pipe(), err = Pipe()
        process.standardOutput = out
        process.standardError = err
        process.standardInput = FileHandle.nullDevice
        out.fileHandleForReading.readabilityHandler = { [weak self] h in self?.append(h, stdout: true) }
        err.fileHandleForReading.readabilityHandler = { [weak self] h in self?.append(h, stdout: false) }
        try process.run()
    }

    private func append(_ handle: FileHandle, stdout: Bool) {
        let data = handle.availableData
        lock.lock()
        defer { lock.unlock() }
        if data.isEmpty {   // end of file: the child (and whatever inherited the pipe) closed it
            handle.readabilityHandler = nil
            openStreams -= 1
            return
        }
        if stdout { output.stdout += String(decoding: data, as: UTF8.self) } else { output.stderr += String(decoding: data, as: UTF8.self) }
    }

    public var stdout: String { lock.lock(); defer { lock.unlock() }; return output.stdout }
    public var stderr: String { lock.lock(); defer { lock.unlock() }; return output.stderr }
    public var pid: Int32 { process.processIdentifier }
    public var isRunning: Bool { process.isRunning }
    /// How it ended (valid once it has).
    public var terminationReason: Process.TerminationReason { process.terminationReason }

    /// Polls `condition` on the output so far until it holds or `timeout` seconds pass.
    public func waitUntil(timeout: Double, _ condition: (Output) -> Bool) -> Bool {
        let deadline = Date().addingTimeInterval(timeout)
        while Date() < deadline {
            lock.lock()
            let now = output
            lock.unlock()
            if condition(now) { return true }
            usleep(20_000)
        }
        return false
    }

    /// The first line of stdout (a server's port), once written, or nil after `timeout`.
    public func firstLine(timeout: Double) -> String? {
        guard waitUntil(timeout: timeout, { $0.stdout.contains("\n") }) else { return nil }
        return stdout.split(separator: "\n", omittingEmptySubsequences: false).first.map(String.init)
    }

    /// The exit status, or nil when it is still running after `timeout`.
    public func wait(timeout: Double) -> Int32? {
        let deadline = Date().addingTimeInterval(timeout)
        while process.isRunning, Date() < deadline { usleep(20_000) }
        guard !process.isRunning else { return nil }
        drain()
        return process.terminationStatus
    }

    /// Waits however long it takes; the exit status.
    @discardableResult
    public func waitUntilExit() -> Int32 {
        process.waitUntilExit()
        drain()
        return process.terminationStatus
    }

    /// After the exit: the last reads of both pipes, for at most a second (a grandchild may
    /// hold them open).
    private func drain() {
        _ = waitUntil(timeout: 1) { _ in self.lock.withLock { self.openStreams } == 0 }
    }

    /// SIGKILL: also ends a child that inherited a mask blocking SIGTERM.
    public func kill() {
        if process.isRunning { Foundation.kill(process.processIdentifier, SIGKILL) }
    }

    /// SIGTERM, for a clean shutdown.
    public func terminate() {
        if process.isRunning { process.terminate() }
    }
}
