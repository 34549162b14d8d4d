import IPAuditKit
import IPCore
import Testing
@testable import IPAuditCapture

/// A Windows host at boot takes a 169.254/16 address when DHCP is slow and leaves it for its
/// lease seconds later (a published two-VM VMware capture): a warning that says so. A host that
/// never gets an ordinary address stays an error, as it is cut off from everything off the link.
@Suite struct APIPALateLeaseTests {
    static func findings(_ file: String) throws -> [String: Finding] {
        let report = try FixtureVerdictTests.scan(file).report
        return Dictionary(uniqueKeysWithValues: report.findings.map { ($0.address ?? "-", $0) })
    }

    @Test("apipa-late-dhcp.pcap (generated): the host that got its lease 24 s later is a warning, the one that never did an error")
    func lateLeaseIsAWarning() throws {
        let found = try Self.findings("apipa-late-dhcp.pcap")
        #expect(found.keys.sorted() == ["169.254.145.153", "169.254.67.194"])
        let late = try #require(found["169.254.145.153"])
        #expect(late.rule == .unroutableAddress)
        #expect(late.severity == .warning)
        #expect(late.message.contains("DHCP answered late"))
        let lost = try #require(found["169.254.67.194"])
        #expect(lost.severity == .error)
        #expect(!lost.message.contains("later"))
    }

    @Test("An ordinary address held only before the APIPA spell (a lease lost, as an 802.1X client's) is no recovery: an error")
    func leaseBeforeIsNoRecovery() {
        let who = DomainMAC(vlans: VLANStack(), mac: MACAddress(bits: 0x0200_0000_0a61))
        let spell = TimeSpan(60, 70)
        #expect(LinkLocalService.leaseAfter(who, spell, answerers: [who: TimeSpan(5, 10)]) == nil)
        #expect(LinkLocalService.leaseAfter(who, spell, answerers: [:]) == nil)
        #expect(LinkLocalService.leaseAfter(who, spell, answerers: [who: TimeSpan(5, 95)]) == 95)
        // A router (held "always") is exempt elsewhere, never "recovered".
        #expect(LinkLocalService.leaseAfter(who, spell, answerers: [who: .always]) == nil)
    }
}
