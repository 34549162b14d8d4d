import Foundation
import Testing

/// `scan --watch` on a live bridge in network namespaces (scripts/live-watch-test.sh): the open
/// event while it runs, /metrics inside the namespace, SIGTERM ending it with exit 0 and the
/// final flush. Needs root, as CI has.
@Suite(.requires(.networkNamespaces), .serialized) struct ScanWatchLiveTests {
    @Test func sigtermEndsTheWatchWithAFinalFlush() throws {
        let script = CLIRunner.packageRoot.appendingPathComponent("scripts/live-watch-test.sh").path
        let output = try CLIRunner.runTool("/bin/bash", [script, CLIRunner.binary.path])
        var header: [String: String] = [:]
        var events: [String] = []
        var inEvents = false
        for line in output.split(separator: "\n").map(String.init) {
            if inEvents { events.append(line); continue }
            if line == "events:" { inEvents = true; continue }
            if let colon = line.firstIndex(of: ":") {
                header[String(line[..<colon])] = line[line.index(after: colon)...].trimmingCharacters(in: .whitespaces)
            }
        }
        let macs = try #require(header["macs"]).split(separator: " ").map(String.init).sorted()
        #expect(macs.count == 2)
        // Printed while the watch was still running, before any signal.
        #expect(header["seen_open"] == "yes", "\(output)")
        #expect(header["metrics_status"] == "200")
        #expect(header["metrics_duplicate"]?.hasPrefix("ipaudit_findings{tool=\"scan\",rule=\"duplicate-address\",severity=\"error\",l2_domain=\"") == true)
        #expect(header["metrics_duplicate"]?.hasSuffix("\"} 1") == true, "\(header["metrics_duplicate"] ?? "")")
        #expect(header["other_status"] == "404")
        #expect(header["status"] == "0", "\(output)")
        // --flush 60s never came round: what is stored was written by the flush at exit.
        #expect(header["store"] == macs.joined(separator: " "))
        // The verdict the event stream opened is what the audit of the store raises.
        #expect(header["audit_wire"] == "duplicate-address 10.199.0.5 error", "\(output)")
        #expect(header["textfile_duplicate"]?.hasPrefix("ipaudit_findings{tool=\"scan\",rule=\"duplicate-address\",severity=\"error\",l2_domain=\"") == true)
        #expect(header["textfile_duplicate"]?.hasSuffix("\"} 1") == true, "\(header["textfile_duplicate"] ?? "")")
        let opened = try events.compactMap { line -> [String: Any]? in
            try JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any]
        }.filter { $0["event"] as? String == "open" }
        let duplicate = try #require(opened.first { ($0["finding"] as? [String: Any])?["address"] as? String == "10.199.0.5" })
        #expect(((duplicate["finding"] as? [String: Any])?["macs"] as? [String])?.sorted() == macs)
        // No close at exit: the finding did not age out, the watch ended.
        #expect(!events.contains { $0.contains("\"event\":\"close\"") })
    }
}
