import ArgumentParser
import Foundation
import IPAuditKit
import IPCore

/// stdout / stderr writing and the mapping from errors to exit statuses.
enum Terminal {
    static func out(_ text: String) {
        FileHandle.standardOutput.write(Data(text.utf8))
    }

    static func out(bytes: [UInt8]) {
        bytes.withUnsafeBytes { raw in
            var off = 0
            while off < raw.count {
                let n = write(1, raw.baseAddress! + off, raw.count - off)
                if n <= 0 { return }
                off += n
            }
        }
    }

    static func err(_ text: String) {
        FileHandle.standardError.write(Data(text.utf8))
    }

    static func warn(_ text: String) {
        err("ipaudit: warning: \(text)\n")
    }

    /// Facts about the input that are not findings (tasks without an address, one page of many).
    static func note(_ text: String) {
        err("ipaudit: note: \(text)\n")
    }

    static var stderrIsTerminal: Bool { isatty(2) == 1 }

    /// 0 clean, 1 findings (thrown as ExitCode(1)), 2 everything that is bad input or usage.
    static func exit(for error: Error) -> Never {
        switch error {
        case let code as ExitCode:
            Foundation.exit(code.rawValue)
        case let e as InputError:
            err("ipaudit: error: \(e)\n")
            Foundation.exit(2)
        case let e as IPParseError:
            err("ipaudit: error: \(e)\n")
            Foundation.exit(2)
        case let e as AtomicFileError:
            err("ipaudit: error: \(e)\n")
            Foundation.exit(2)
        default:
            let code = IPAudit.exitCode(for: error)
            let message = IPAudit.fullMessage(for: error)
            if code == .success {
                if !message.isEmpty { out(message + "\n") }
                Foundation.exit(0)
            }
            err(message.hasPrefix("Error") || message.hasPrefix("Usage") ? message + "\n" : "ipaudit: error: \(message)\n")
            Foundation.exit(2)
        }
    }
}
