import IPAuditKit
import IPCore
import Testing
@testable import IPAuditCapture

/// Bounded state and the binding rules, driven with decoded frames directly.
@Suite struct WireAnalyzerTests {
    static func arp(_ op: UInt16, _ sha: UInt64, _ spa: UInt32, tpa: UInt32 = 0x0a00_0001, link: UInt64? = nil,
                    vlans: VLANStack = VLANStack()) -> DecodedFrame {
        DecodedFrame(vlans: vlans, linkSource: MACAddress(bits: link ?? sha),
                     event: .arp(ARPMessage(operation: op, senderMAC: MACAddress(bits: sha), senderIP: IPv4Address(bits: spa),
                                            targetMAC: MACAddress(bits: 0), targetIP: IPv4Address(bits: tpa))))
    }

    @Test func macsPerAddressAreCapped() {
        var policy = ScanPolicy()
        policy.maxMACsPerAddress = 3
        var a = WireAnalyzer(policy: policy, domainBase: "t")
        for m in 1...10 { a.observe(Self.arp(2, 0x0200_0000_0000 + UInt64(m), 0x0a00_0005), time: Double(m), frame: m) }
        let f = a.findings()
        #expect(f.count == 1)
        #expect(f.first?.macs?.count == 3)
        #expect(f.first?.evidence["overflow_macs"] == .int(7))
    }

    @Test func tableIsBoundedAndIdleEntriesAgeOutKeepingTheirFindings() {
        var policy = ScanPolicy()
        policy.maxEntries = 4
        policy.idleTimeout = 10
        var a = WireAnalyzer(policy: policy, domainBase: "t")
        // a conflict early on, then the table fills
        a.observe(Self.arp(2, 0x0200_0000_00aa, 0x0a00_0063), time: 0, frame: 1)
        a.observe(Self.arp(2, 0x0200_0000_00bb, 0x0a00_0063), time: 0.5, frame: 2)
        a.observe(Self.arp(2, 0x0200_0000_00aa, 0x0a00_0063), time: 0.9, frame: 3)
        for i in 0..<5 { a.observe(Self.arp(2, 0x0200_0000_0100 + UInt64(i), 0x0a00_0100 + UInt32(i)), time: 1, frame: 3 + i) }
        #expect(a.trackedAddresses == 4)
        #expect(a.counters.untrackedAddresses == 2)
        // much later: the old entries are idle and make room for the newcomer
        a.observe(Self.arp(2, 0x0200_0000_0200, 0x0a00_0200), time: 100, frame: 20)
        #expect(a.counters.agedOutEntries == 4)
        #expect(a.trackedAddresses == 1)
        #expect(a.findings().map(\.rule.id) == ["duplicate-address"])
        #expect(a.observations().count == 6)   // 2 for the conflict, 3 others, 1 new
    }

    @Test func watchRetiresASilentMACWhileTheAddressStaysLive() {
        var policy = ScanPolicy()
        policy.idleTimeout = 10
        var a = WireAnalyzer(policy: policy, domainBase: "t")
        // 10.0.0.99: aa and bb at once (a duplicate), then bb renumbers and aa goes on alone.
        a.observe(Self.arp(2, 0x0200_0000_00aa, 0x0a00_0063), time: 0, frame: 1)
        a.observe(Self.arp(2, 0x0200_0000_00bb, 0x0a00_0063), time: 0.5, frame: 2)
        a.observe(Self.arp(2, 0x0200_0000_00bb, 0x0a00_0063), time: 1, frame: 3)
        for i in 0..<20 { a.observe(Self.arp(2, 0x0200_0000_00aa, 0x0a00_0063), time: 1 + Double(i), frame: 4 + i) }
        #expect(a.findings().map(\.rule.id) == ["duplicate-address"])
        // At 12 bb has been silent 11 s (> 10): dropped, the address judged on aa alone.
        let retired = a.retireIdle(now: 12)
        #expect(a.trackedAddresses == 1)
        #expect(a.findings().isEmpty)
        #expect(retired.map(\.mac.description) == ["02:00:00:00:00:bb"])
        #expect(retired.first?.frames == 2)
        #expect(a.observations().map(\.mac.description) == ["02:00:00:00:00:aa"])
        // Not before its idle timeout: a MAC silent 9 s of 10 stays.
        var b = WireAnalyzer(policy: policy, domainBase: "t")
        b.observe(Self.arp(2, 0x0200_0000_00aa, 0x0a00_0063), time: 0, frame: 1)
        b.observe(Self.arp(2, 0x0200_0000_00bb, 0x0a00_0063), time: 1, frame: 2)
        b.observe(Self.arp(2, 0x0200_0000_00aa, 0x0a00_0063), time: 10, frame: 3)
        #expect(b.retireIdle(now: 10).isEmpty)
        #expect(b.findings().map(\.rule.id) == ["duplicate-address"])
    }

    @Test func watchPolicyNeverHoldsTwoObservationsOfOneBinding() {
        var policy = ScanPolicy()
        policy.maxEntries = 2
        policy.idleTimeout = 10
        policy.agesOutWhenFull = false
        var a = WireAnalyzer(policy: policy, domainBase: "t")
        a.observe(Self.arp(2, 0x0200_0000_00aa, 0x0a00_0001), time: 0, frame: 1)
        a.observe(Self.arp(2, 0x0200_0000_00bb, 0x0a00_0002), time: 0, frame: 2)
        // Full, both idle: a newcomer is not tracked (the full-table aging would evict .1 aside)...
        a.observe(Self.arp(2, 0x0200_0000_00cc, 0x0a00_0003), time: 50, frame: 3)
        #expect(a.counters.untrackedAddresses == 1)
        // ...and .1 coming back adds to its one binding instead of starting a second.
        a.observe(Self.arp(2, 0x0200_0000_00aa, 0x0a00_0001), time: 51, frame: 4)
        let keys = a.observations().map { "\($0.address) \($0.mac)" }
        #expect(keys.count == Set(keys).count)
        #expect(a.observations().first { $0.address.description == "10.0.0.1" }?.frames == 2)
        // The watcher's own aging then makes room.
        _ = a.retireIdle(now: 61.5)
        #expect(a.trackedAddresses == 0)
    }

    @Test func unspecifiedAndMulticastAreNeverBound() {
        var a = WireAnalyzer(domainBase: "t")
        a.observe(Self.arp(2, 0x0200_0000_0001, 0xe000_0001), time: 0, frame: 1)   // 224.0.0.1
        a.observe(Self.arp(2, 0x0100_5e00_0001, 0x0a00_0001), time: 0, frame: 2)   // multicast MAC
        a.observe(DecodedFrame(linkSource: MACAddress(bits: 1),
                               event: .neighborAdvertisement(source: IPv6Address(bits: 0), target: IPv6Address(bits: 0),
                                                             targetLinkLayer: nil, flags: [])), time: 0, frame: 3)
        #expect(a.observations().isEmpty)
        #expect(a.counters.invalidSenderMACs == 1)
    }

    @Test func neighborSolicitationWithoutOptionIsNotABinding() {
        var a = WireAnalyzer(domainBase: "t")
        a.observe(DecodedFrame(linkSource: MACAddress(bits: 1),
                               event: .neighborSolicitation(source: IPv6Address(bits: 5), target: IPv6Address(bits: 6), sourceLinkLayer: nil)),
                  time: 0, frame: 1)
        #expect(a.observations().isEmpty)
        a.observe(DecodedFrame(linkSource: MACAddress(bits: 1),
                               event: .neighborSolicitation(source: IPv6Address(bits: 5), target: IPv6Address(bits: 6),
                                                            sourceLinkLayer: MACAddress(bits: 2))), time: 0, frame: 2)
        #expect(a.observations().map(\.mac.description) == ["00:00:00:00:00:02"])
    }

    @Test func routedSourcesNeverBind() {
        var a = WireAnalyzer(domainBase: "t")
        for i in 0..<50 {
            a.observe(DecodedFrame(linkSource: MACAddress(bits: 0x0200_0000_00fe),
                                   event: .ipv4(source: IPv4Address(bits: 0x0808_0800 + UInt32(i)), destination: IPv4Address(10, 0, 0, 1))),
                      time: Double(i), frame: i + 1)
        }
        #expect(a.observations().isEmpty)
        #expect(a.findings().isEmpty)
    }

    /// The untagged-IP fast path in `process` must count exactly what the full decoder would.
    @Test func fastPathAgreesWithTheDecoder() throws {
        let udp6: [UInt8] = [0, 9, 0, 9, 0, 8, 0, 0]
        let frames: [[UInt8]] = [
            Frames.ethernet(src: "02:00:00:00:00:01", type: 0x0800, payload: Frames.ipv4Header(src: "10.0.0.1", dst: "10.0.0.2") + [UInt8](repeating: 0, count: 20)),
            Frames.ethernet(src: "02:00:00:00:00:01", type: 0x0800, payload: Frames.ipv4Header(src: "127.0.0.1", dst: "10.0.0.2") + [UInt8](repeating: 0, count: 20)),
            Frames.ethernet(src: "02:00:00:00:00:01", type: 0x86dd, payload: Frames.ipv6Header(src: "fd00::1", dst: "fd00::2", next: 17, payload: udp6)),
            Frames.ethernet(src: "02:00:00:00:00:01", type: 0x86dd, payload: Frames.ipv6Header(src: "::1", dst: "fd00::2", next: 17, payload: udp6)),
            Frames.ethernet(src: "02:00:00:00:00:01", type: 0x0800, payload: [0x44] + [UInt8](repeating: 0, count: 50)),   // IHL 4
        ]
        var fast = WireAnalyzer(domainBase: "t")
        var slow = WireAnalyzer(domainBase: "t")
        var fastHits = 0
        for (i, f) in frames.enumerated() {
            f.withUnsafeBytes { raw in
                if WireAnalyzer.isPlainUntaggedIP(raw) { fastHits += 1 }
                fast.process(raw, linkType: .ethernet, time: Double(i), frame: i + 1)
            }
            if let d = try? Frames.decode(f) { slow.observe(d, time: Double(i), frame: i + 1) }
        }
        #expect(fastHits == 2)   // the two ordinary frames; loopback sources and bad headers go the full way
        #expect(fast.counters.ipv4 == slow.counters.ipv4)
        #expect(fast.counters.ipv6 == slow.counters.ipv6)
        #expect(fast.counters.decodeErrors == 1)
        #expect(fast.findings().map(\.address) .sorted { ($0 ?? "") < ($1 ?? "") } == ["127.0.0.1", "::1"])
    }
}
