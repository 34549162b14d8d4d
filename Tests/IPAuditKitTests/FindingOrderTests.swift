import Testing
import IPAuditKit

/// Issue 23: findings are ordered by address as numbers, in every format (they share this order).
@Suite("Findings sort by address as numbers")
struct FindingOrderTests {
    @Test("10.0.0.2 before 10.0.0.10, IPv4 before IPv6, shorter prefix first, text last")
    func numericOrder() {
        let addresses: [String?] = ["::1", "10.0.0.10", "not-an-address", "10.0.0.0/24", "10.0.0.2",
                                    "9.255.255.255", "10.0.0.0/8", "2001:db8::/32", nil, "10.0.0.0"]
        let findings = addresses.map { Finding(rule: .duplicateAddress, address: $0, message: "m") }
        let sorted = FindingsReport(tool: "audit", findings: findings).findings.map(\.address)
        #expect(sorted == ["9.255.255.255", "10.0.0.0/8", "10.0.0.0/24", "10.0.0.0", "10.0.0.2",
                           "10.0.0.10", "::1", "2001:db8::/32", nil, "not-an-address"])
    }

    @Test("Severity and rule still come first")
    func severityFirst() {
        let findings = [Finding(rule: .unknownAddress, address: "10.0.0.1", message: "m"),
                        Finding(rule: .duplicateAddress, address: "10.0.0.9", message: "m")]
        let sorted = FindingsReport(tool: "audit", findings: findings).findings
        #expect(sorted.map(\.rule) == [.duplicateAddress, .unknownAddress])
    }
}
