import Foundation

/// A child process whose stdout and stderr are collected while it runs.
final class RunningProcess: @unchecked Sendable {
    struct Output {
        var stdout = ""
        var stderr = ""
    }

    private let process = Process()
    private let lock = NSLock()
    private var output = Output()

    init(_ path: String, _ arguments: [String]) throws {
        process.executableURL = URL(fileURLWithPath: path)
        process.arguments = arguments
        let out = Pipe(), err = Pipe()
        process.standardOutput = out
        process.standardError = err
        process.standardInput = FileHandle.nullDevice
        out.fileHandleForReading.readabilityHandler = { [weak self] h in self?.append(h.availableData, stdout: true) }
        err.fileHandleForReading.readabilityHandler = { [weak self] h in self?.append(h.availableData, stdout: false) }
        try process.run()
    }

    private func append(_ data: Data, stdout: Bool) {
        lock.lock()
        defer { lock.unlock() }
        if stdout { output.stdout += String(decoding: data, as: UTF8.self) } else { output.stderr += String(decoding: data, as: UTF8.self) }
    }

    var stdout: String { lock.lock(); defer { lock.unlock() }; return output.stdout }
    var stderr: String { lock.lock(); defer { lock.unlock() }; return output.stderr }
    var pid: Int32 { process.processIdentifier }

    /// Polls `condition` on the output so far until it holds or `timeout` seconds pass.
    func waitUntil(timeout: Double, _ condition: (Output) -> Bool) -> Bool {
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

    /// The exit status, or nil when it is still running after `timeout`.
    func wait(timeout: Double) -> Int32? {
        let deadline = Date().addingTimeInterval(timeout)
        while process.isRunning, Date() < deadline { usleep(20_000) }
        guard !process.isRunning else { return nil }
        usleep(100_000)   // the last pipe reads
        return process.terminationStatus
    }

    func kill() {
        if process.isRunning { Foundation.kill(process.processIdentifier, SIGKILL) }
    }
}
