import Foundation
import Testing

/// Live capture in network namespaces joined by veth pairs and a bridge (scripts/live-scan-test.sh).
/// Needs root, as CI has; the script creates and removes its own namespaces.
@Suite(.serialized) struct ScanLiveTests {
    static func runScript(_ mode: String) throws -> (header: [String: String], json: [String: Any]) {
        let script = CLIRunner.packageRoot.appendingPathComponent("scripts/live-scan-test.sh").path
        let output = try CLIRunner.runTool("/bin/bash", [script, CLIRunner.binary.path, mode])
        var header: [String: String] = [:]
        var jsonText = ""
        for line in output.split(separator: "\n", omittingEmptySubsequences: false) {
            if jsonText.isEmpty, let colon = line.firstIndex(of: ":"), !line.hasPrefix("{") {
                header[String(line[..<colon])] = line[line.index(after: colon)...].trimmingCharacters(in: .whitespaces)
            } else {
                jsonText += line + "\n"
            }
        }
        let json = try #require(try JSONSerialization.jsonObject(with: Data(jsonText.utf8)) as? [String: Any],
                                "no JSON report in: \(output)")
        return (header, json)
    }

    @Test func twoNamespacesClaimingOneAddressAreADuplicate() throws {
        let (header, doc) = try Self.runScript("conflict")
        let macs = try #require(header["macs"]).split(separator: " ").map(String.init).sorted()
        #expect(macs.count == 2)
        #expect(header["status"] == "1")
        let findings = try #require(doc["findings"] as? [[String: Any]])
        let dup = try #require(findings.first { $0["rule"] as? String == "duplicate-address" && $0["address"] as? String == "10.199.0.5" })
        #expect((dup["macs"] as? [String])?.sorted() == macs)
        let stats = try #require(doc["stats"] as? [String: Any])
        #expect(stats["received"] is Int)
        #expect(stats["dropped"] as? Int == 0)
        #expect(stats["ifdropped"] is Int)
    }

    @Test func silentLinkEndsOnTime() throws {
        let (header, doc) = try Self.runScript("idle")
        let elapsed = try #require(Double(header["elapsed"] ?? ""))
        #expect(elapsed < 2.5)
        #expect(header["status"] == "0")
        #expect((doc["stats"] as? [String: Any])?["end"] as? String == "duration")
    }

    @Test func sigintEndsTheCaptureAndStillPrints() throws {
        let (header, doc) = try Self.runScript("signal")
        #expect(header["status"] == "0")
        let stats = try #require(doc["stats"] as? [String: Any])
        #expect(stats["end"] as? String == "signal")
        #expect((stats["arp"] as? Int ?? 0) >= 1)
    }
}
