import IPAuditKit
import IPCore
import Testing
@testable import IPAuditCapture

/// The bindings table read row by row: table order across aged-out and live entries, and how
/// each claim was heard.
@Suite struct BindingsTableTests {
    @Test("Rows aged out of a full table merge back in address order; each row says how it was bound")
    func agedOutRowsMergeInOrder() {
        var policy = ScanPolicy()
        policy.maxEntries = 2
        policy.idleTimeout = 10
        var a = WireAnalyzer(policy: policy, domainBase: "t")
        a.observe(WireAnalyzerTests.arp(2, 0x0200_0000_0001, 0x0a00_0001), time: 0, frame: 1)
        a.observe(WireAnalyzerTests.arp(2, 0x0200_0000_0003, 0x0a00_0003), time: 0, frame: 2)
        a.observe(WireAnalyzerTests.arp(2, 0x0200_0000_0002, 0x0a00_0002), time: 100, frame: 3)   // ages .1 and .3 out
        a.observe(WireAnalyzerTests.arp(2, 0x0200_0000_0004, 0x0a00_0004), time: 100, frame: 4)
        #expect(a.counters.agedOutEntries == 2)
        let rows = a.bindings().rows
        #expect(rows.map(\.observation.address.description) == ["10.0.0.1", "10.0.0.2", "10.0.0.3", "10.0.0.4"])
        #expect(rows.allSatisfy { $0.methods == .arp && $0.observation.domain == "t" })
        #expect(Set(rows.map(\.observation)) == Set(a.observations()))
    }

    @Test("A claim's methods ride in its frame count without changing the count")
    func methodsDoNotDisturbFrames() {
        var c = MACClaim(mac: MACAddress(bits: 1), time: 0, frame: 1, via: .arp)
        c.record(time: 1, frame: 2, via: .ipSource)
        c.record(time: 2, frame: 3)
        #expect(c.frames == 3 && c.methods == [.arp, .ipSource] && c.exampleFrames == [1, 2, 3])
        #expect(BindingMethods([.dhcp, .ndp, .dhcpv6]).names == ["ndp", "dhcp", "dhcpv6"])
    }
}
