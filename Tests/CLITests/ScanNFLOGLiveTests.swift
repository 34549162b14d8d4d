import Foundation
import Testing

/// Live capture on an NFLOG group (scripts/live-nflog-test.sh): libpcap's NFLOG reader in
/// non-blocking mode and a `--filter` that libpcap cannot compile for NFLOG, run on the payload.
@Suite(.requires(.networkNamespaces, .nft), .serialized) struct ScanNFLOGLiveTests {
    static func run(_ filter: String? = nil) throws -> (status: String, stats: [String: Any]) {
        let script = CLIRunner.packageRoot.appendingPathComponent("scripts/live-nflog-test.sh").path
        let output = try CLIRunner.runTool("/bin/bash", [script, CLIRunner.binary.path] + (filter.map { [$0] } ?? []))
        let lines = output.split(separator: "\n", maxSplits: 1).map(String.init)
        let status = try #require(lines.first?.split(separator: " ").last.map(String.init), "no status in: \(output)")
        let json = try #require(try JSONSerialization.jsonObject(with: Data((lines.count > 1 ? lines[1] : "").utf8)) as? [String: Any],
                                "no JSON report in: \(output)")
        return (status, try #require(json["stats"] as? [String: Any]))
    }

    @Test func loggedPacketsAreRead() throws {
        let (status, stats) = try Self.run()
        #expect(status == "0")
        #expect(stats["link_type"] as? String == "NFLOG")
        #expect(stats["ipv4"] as? Int == 6)
        #expect(stats["decode_errors"] as? Int == 0)
    }

    @Test func filterRunsOnThePayloadLive() throws {
        let (status, stats) = try Self.run("udp port 53")
        #expect(status == "0")
        #expect(stats["packets"] as? Int == 3)
    }
}
