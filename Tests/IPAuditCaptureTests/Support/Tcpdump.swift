import Foundation
import Testing

/// tcpdump as the oracle: its text output for a capture (it must exit 0).
enum Tcpdump {
    static func output(_ arguments: [String]) throws -> String {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["tcpdump"] + arguments
        let out = Pipe()
        process.standardOutput = out
        process.standardError = FileHandle.nullDevice
        try process.run()
        let text = String(decoding: out.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        #expect(process.terminationStatus == 0, "tcpdump \(arguments.joined(separator: " ")) failed")
        return text
    }
}
