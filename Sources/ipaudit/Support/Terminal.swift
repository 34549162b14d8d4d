import ArgumentParser
import Foundation
import IPAuditKit
import IPAuditSources
import IPCore

/// stdout / stderr writing and the mapping from errors to exit statuses.
///
/// Every byte of output goes through `writeAll`: a failed stdout write (EPIPE when SIGPIPE is
/// ignored, as under systemd; ENOSPC on a full disk; EBADF on a closed descriptor) is an
/// `OutputError`, which exits 2 with a message instead of trapping or reporting success.
enum Terminal {
    static func out(_ text: String) throws {
        var text = text
        try text.withUTF8 { try writeAll(fd: 1, $0) }
    }

    /// Lines for people (a summary, a list of what was done) that name things from input or the
    /// store: control characters written out, line breaks kept.
    static func outText(_ text: String) throws {
        try out(TerminalText.escaped(text, keepingNewlines: true))
    }

    static func out(bytes: [UInt8]) throws {
        try bytes.withUnsafeBufferPointer { try writeAll(fd: 1, $0) }
    }

    /// Diagnostics: a failed stderr write has nowhere to be reported, so it is dropped.
    static func err(_ text: String) {
        var text = text
        text.withUTF8 { _ = try? writeAll(fd: 2, $0) }
    }

    /// Messages are one line each, and often quote input or a peer's words: their control
    /// characters are written out (`\x1b`), so a hostile name cannot drive the terminal.
    static func error(_ text: String) {
        err("ipaudit: error: \(TerminalText.escaped(text))\n")
    }

    static func warn(_ text: String) {
        err("ipaudit: warning: \(TerminalText.escaped(text))\n")
    }

    /// Facts about the input that are not findings (tasks without an address, one page of many).
    static func note(_ text: String) {
        err("ipaudit: note: \(TerminalText.escaped(text))\n")
    }

    static var stderrIsTerminal: Bool { isatty(2) == 1 }

    /// Writes the whole buffer, retrying on EINTR and short writes.
    private static func writeAll(fd: Int32, _ buffer: UnsafeBufferPointer<UInt8>) throws {
        guard let base = buffer.baseAddress else { return }
        var offset = 0
        while offset < buffer.count {
            let n = write(fd, base + offset, buffer.count - offset)
            if n > 0 {
                offset += n
            } else if n < 0 && errno == EINTR {
                continue
            } else {
                throw OutputError(errno: n < 0 ? errno : EIO)
            }
        }
    }

    /// A usage error as ArgumentParser words one: the message, the command's usage and where
    /// its help is; exit 2.
    static func usageError(_ message: String, command path: [String]) -> Never {
        var node: ParsableCommand.Type = IPAudit.self
        for word in path { node = node.configuration.subcommands.first { $0._commandName == word } ?? node }
        let name = (["ipaudit"] + path).joined(separator: " ")
        err(TerminalText.escaped("Error: \(message)\nUsage: \(IPAudit.usageString(for: node))\n  See '\(name) --help' for more information.\n",
                                 keepingNewlines: true))
        Foundation.exit(2)
    }

    /// 0 clean, 1 findings (thrown as ExitCode(1)), 2 everything that is bad input or usage.
    static func exit(for error: Error) -> Never {
        switch error {
        case let code as ExitCode:
            Foundation.exit(code.rawValue)
        case let e as InputError:
            Terminal.error("\(e)")
            Foundation.exit(2)
        case let e as IPParseError:
            Terminal.error("\(e)")
            Foundation.exit(2)
        case let e as AtomicFileError:
            Terminal.error("\(e)")
            Foundation.exit(2)
        case let e as OutputError:
            Terminal.error("\(e)")
            Foundation.exit(2)
        case let e as StoreError:
            Terminal.error("\(e)")
            Foundation.exit(2)
        case let e as HTTPSourceError:  // a pull that failed: URL, status, the answer's start
            Terminal.error("\(e)")
            Foundation.exit(2)
        case let e as SafeFileError:
            Terminal.error("\(e)")
            Foundation.exit(2)
        default:
            let code = IPAudit.exitCode(for: error)
            let message = IPAudit.fullMessage(for: error)
            if code == .success {
                // --help and --version: their output is the result, so a failed write is exit 2.
                if !message.isEmpty {
                    do { try out(message + "\n") } catch { exit(for: error) }
                }
                Foundation.exit(0)
            }
            // Usage messages are several lines; other errors may quote input: either way escaped.
            let shown = TerminalText.escaped(message, keepingNewlines: true)
            err(message.hasPrefix("Error") || message.hasPrefix("Usage") ? shown + "\n" : "ipaudit: error: \(shown)\n")
            Foundation.exit(2)
        }
    }
}

/// Standard output could not be written; what was printed before is incomplete.
struct OutputError: Error, CustomStringConvertible {
    let errno: Int32
    var description: String {
        let reason: String
        switch errno {
        case EPIPE: reason = "the reader closed the pipe"
        case ENOSPC: reason = "no space left on the device"
        default: reason = String(cString: strerror(errno))
        }
        return "cannot write the output: \(reason); the output is incomplete"
    }
}
