import Foundation
import Testing

/// tcpdump as the oracle: its text output for a capture (it must exit 0).
enum Tcpdump {
    static func output(_ arguments: [String]) throws -> String {
        let run = try ProcessRunner.run("/usr/bin/env", ["tcpdump"] + arguments)
        #expect(run.status == 0, "tcpdump \(arguments.joined(separator: " ")) failed")
        return run.stdout
    }
}
