import Foundation
@testable import IPAuditKit
import Testing

/// Two watchers (ipaudit-scan@eth0 and @eth1) write one textfile each into node_exporter's
/// directory: every series must differ between them, or node_exporter fails the whole gather
/// ("collected before with the same name and label values").
@Suite("Prometheus labels of a watcher's series")
struct PrometheusLabelTests {
    static func report() -> FindingsReport {
        let finding = Finding(rule: .duplicateAddress, address: "10.0.0.5", message: "m")
        return FindingsReport(tool: "scan", findings: [finding], stats: ["packets": .int(35), "rate": .double(1.5)])
    }

    /// The series' names with their label sets (the sample values and comments cut off).
    static func series(_ text: String) -> Set<String> {
        Set(text.split(separator: "\n").filter { !$0.hasPrefix("#") }.map { String($0[..<$0.lastIndex(of: " ")!]) })
    }

    @Test func everySeriesOfTwoWatchersDiffers() {
        let eth0 = FindingsRenderer.prometheus(Self.report(), labels: [(name: "l2_domain", value: "node1/eth0")])
        let eth1 = FindingsRenderer.prometheus(Self.report(), labels: [(name: "l2_domain", value: "node1/eth1")])
        #expect(Self.series(eth0).count == 7)
        #expect(Self.series(eth0).isDisjoint(with: Self.series(eth1)))
        #expect(eth0.contains("ipaudit_findings{tool=\"scan\",rule=\"duplicate-address\",severity=\"error\",l2_domain=\"node1/eth0\"} 1\n"))
        #expect(eth0.contains("ipaudit_scan_packets{l2_domain=\"node1/eth0\"} 35\n"))
        #expect(eth0.contains("ipaudit_scan_rate{l2_domain=\"node1/eth0\"} 1.5\n"))
        #expect(eth0.contains("ipaudit_last_run_timestamp_seconds{tool=\"scan\",l2_domain=\"node1/eth0\"} "))
    }

    @Test func withoutLabelsTheOneShotOutputIsUnchanged() {
        let plain = FindingsRenderer.prometheus(Self.report())
        #expect(plain.contains("ipaudit_scan_packets 35\n"))
        #expect(plain.contains("ipaudit_findings{tool=\"scan\",rule=\"duplicate-address\",severity=\"error\"} 1\n"))
    }

    @Test func labelValuesAreEscaped() {
        let text = FindingsRenderer.prometheus(Self.report(), labels: [(name: "l2_domain", value: "a\"b\\c\nd")])
        #expect(text.contains("ipaudit_scan_packets{l2_domain=\"a\\\"b\\\\c\\nd\"} 35\n"))
        // Still one sample per line.
        #expect(!text.split(separator: "\n").contains { $0.hasPrefix("d\"") })
    }
}
