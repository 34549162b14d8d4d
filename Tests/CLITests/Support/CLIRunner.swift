import Foundation

/// The CLI tests' names for the shared support (IPAuditTestSupport): the built `ipaudit`, the
/// checkout, and running a program with its exit status, stdout and stderr captured.
typealias CLIResult = ProcessResult

enum CLIRunner {
    /// The `ipaudit` executable built alongside the tests.
    static var binary: URL { BuiltBinary.ipaudit }

    /// The package root (for fixtures/).
    static var packageRoot: URL { Repository.root }

    static func fixture(_ relative: String) -> String { Repository.fixture(relative) }

    @discardableResult
    static func run(_ arguments: [String], stdin: String? = nil, environment: [String: String] = [:],
                    currentDirectory: URL? = nil) throws -> CLIResult {
        try ProcessRunner.run(binary.path, arguments, stdin: stdin, environment: environment, currentDirectory: currentDirectory)
    }

    /// Any program (a shell wrapping `ipaudit`, python3 as an oracle) with the same capture.
    @discardableResult
    static func runExecutable(_ path: String, _ arguments: [String], stdin: String? = nil, environment: [String: String] = [:],
                              currentDirectory: URL? = nil) throws -> CLIResult {
        try ProcessRunner.run(path, arguments, stdin: stdin, environment: environment, currentDirectory: currentDirectory)
    }

    /// A fresh temporary directory, removed by the caller when done.
    static func temporaryDirectory() throws -> URL { try TemporaryDirectory.make() }
}
