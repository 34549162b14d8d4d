import IPAuditKit
import IPCore
import Testing
@testable import IPAuditCapture

/// The answers a probe run reads, judged by the scanner's verdicts: frames built byte by byte
/// as hosts send them (Linux answers an RFC 5227 probe with a reply from the target address to
/// the prober's MAC, and DAD with an NA to all-nodes carrying the target link-layer option).
@Suite struct ProbeCollectorTests {
    static let prober = "02:13:00:00:00:01"
    static let a = "02:00:00:00:00:0a", b = "02:00:00:00:00:0b"

    static func reply(from mac: String, address: String, to target: String = prober, vlans: [(UInt16, UInt16)] = []) -> [UInt8] {
        Frames.ethernet(dst: target, src: mac, type: 0x0806, vlans: vlans,
                        payload: Frames.arp(op: 2, sha: mac, spa: address, tha: target, tpa: "0.0.0.0"))
    }

    /// Flags 0xa0: router and override, as a Linux router answers DAD for its own address,
    /// from its own link-local address (two MACs sending from one would be a duplicate of it).
    static func advertisement(from mac: String, target: String, flags: UInt8 = 0xa0) -> [UInt8] {
        Frames.ethernet(dst: "33:33:00:00:00:01", src: mac, type: 0x86dd,
                        payload: Frames.ipv6Header(src: "fe80::\(mac.suffix(2))", dst: "ff02::1", next: 58,
                                                   payload: Frames.neighborAdvertisement(target: target, targetLinkLayer: mac, flags: flags)))
    }

    static func collector(_ targets: [String], vlan: Int? = nil, known: [String]? = nil) throws -> ProbeCollector {
        var policy = ScanPolicy()
        policy.knownAddresses = try known.map { Set(try $0.map { try IPPrefix(addressOrPrefix: $0).network }) }
        return ProbeCollector(targets: try targets.map { try IPPrefix(addressOrPrefix: $0).network },
                              ownMAC: MACAddress(prober)!, vlan: vlan, policy: policy, domainBase: "test/vp")
    }

    static func feed(_ c: inout ProbeCollector, _ frames: [[UInt8]]) {
        for (i, f) in frames.enumerated() {
            f.withUnsafeBytes { c.frame($0, linkType: .ethernet, time: 100 + Double(i) * 0.01, frame: i + 1) }
        }
    }

    static func counts(_ targets: Set<IPAddress>, _ n: Int) -> [IPAddress: Int] {
        Dictionary(uniqueKeysWithValues: targets.map { ($0, n) })
    }

    static func rules(_ findings: [Finding]) -> [String] { findings.map(\.rule.id).sorted() }

    /// A probe's stored verdicts supersede only what it judged: targets it probed or that
    /// answered, not those a stopped run never reached.
    @Test func theEvaluationJudgesOnlyProbedOrAnsweringTargets() throws {
        var c = try Self.collector(["10.213.0.5", "10.213.0.6", "10.213.0.7"])
        Self.feed(&c, [Self.reply(from: Self.a, address: "10.213.0.7")])
        let sent: [IPAddress: Int] = [try IPAddress("10.213.0.5"): 2]
        let evaluation = c.evaluation(linkPrefixes: [], start: 0, end: 1, probesSent: sent)
        #expect(evaluation.verdicts.map(\.scope) == ["probe:test/vp"])
        #expect(evaluation.verdicts.first?.targets?.map(\.description).sorted() == ["10.213.0.5", "10.213.0.7"])
        #expect(c.evaluation(linkPrefixes: [], start: 0, end: 1).verdicts.first?.targets?.count == 3)
    }

    @Test func twoMACsAnsweringOneAddressAreADuplicateInBothFamilies() throws {
        var c = try Self.collector(["10.213.0.5", "fd5a::5"])
        Self.feed(&c, [Self.reply(from: Self.a, address: "10.213.0.5"), Self.reply(from: Self.b, address: "10.213.0.5"),
                       Self.advertisement(from: Self.a, target: "fd5a::5"), Self.advertisement(from: Self.b, target: "fd5a::5")])
        let findings = c.findings(expected: [], probesSent: [:], interrupted: false)
        #expect(Self.rules(findings) == ["duplicate-address", "duplicate-address"])
        for f in findings { #expect(f.macs == [Self.a, Self.b]) }
        #expect(Set(findings.compactMap(\.address)) == ["10.213.0.5", "fd5a::5"])
        #expect(c.answers == 4 && c.responders.count == 2 && c.answered.count == 2)
    }

    /// The scanner shares the verdict: a cloned dual-stack host is two duplicates, not ARP flux
    /// (flux is ARP's; NDP is answered only by the interface holding the address).
    @Test func scanJudgesADualStackCloneAsDuplicatesToo() throws {
        var analyzer = WireAnalyzer(domainBase: "test/eth0")
        let frames = [Self.reply(from: Self.a, address: "10.213.0.5"), Self.reply(from: Self.b, address: "10.213.0.5"),
                      Self.advertisement(from: Self.a, target: "fd5a::5"), Self.advertisement(from: Self.b, target: "fd5a::5")]
        for (i, f) in frames.enumerated() {
            f.withUnsafeBytes { analyzer.process($0, linkType: .ethernet, time: 100 + Double(i) * 0.01, frame: i + 1) }
        }
        #expect(Self.rules(analyzer.findings()) == ["duplicate-address", "duplicate-address"])
    }

    /// arp-scan's `(DUP: 2)` on a card answering twice (Wi-Fi power save, retries): one MAC is one holder.
    @Test func oneMACAnsweringManyTimesIsNoDuplicate() throws {
        var c = try Self.collector(["10.213.0.5"])
        Self.feed(&c, Array(repeating: Self.reply(from: Self.a, address: "10.213.0.5"), count: 3))
        #expect(c.findings(expected: [], probesSent: [:], interrupted: false).isEmpty)
        #expect(c.answers == 3)
        #expect(c.observations().map(\.frames) == [3])
    }

    @Test func theSameMACPairOnSeveralAddressesIsFluxNotDuplicate() throws {
        var c = try Self.collector(["10.213.0.21", "10.213.0.22"])
        Self.feed(&c, ["10.213.0.21", "10.213.0.22"].flatMap { [Self.reply(from: Self.a, address: $0), Self.reply(from: Self.b, address: $0)] })
        #expect(Self.rules(c.findings(expected: [], probesSent: [:], interrupted: false)) == ["arp-flux", "arp-flux"])
    }

    @Test func oneMACAnsweringForManyAddressesIsProxyARP() throws {
        let targets = (65...78).map { "10.213.0.\($0)" }
        var c = try Self.collector(targets)
        Self.feed(&c, targets.map { Self.reply(from: Self.a, address: $0) })
        let findings = c.findings(expected: [], probesSent: [:], interrupted: false)
        #expect(Self.rules(findings) == ["proxy-arp"])
        #expect(findings.first?.evidence["address_count"] == .int(14))
        // Seven are below the threshold: ordinary hosts answering, nothing to say.
        var few = try Self.collector(Array(targets.prefix(7)))
        Self.feed(&few, targets.prefix(7).map { Self.reply(from: Self.a, address: $0) })
        #expect(few.findings(expected: [], probesSent: [:], interrupted: false).isEmpty)
    }

    @Test func silentExpectedAddressesAreUnresponsiveAndUnknownAnswersReported() throws {
        var c = try Self.collector(["10.213.0.5", "10.213.0.7", "10.213.0.9", "fd5a::9"], known: ["10.213.0.5", "10.213.0.9", "fd5a::9"])
        Self.feed(&c, [Self.reply(from: Self.a, address: "10.213.0.5"), Self.reply(from: Self.b, address: "10.213.0.7")])
        let expected = Set(try ["10.213.0.5", "10.213.0.9", "fd5a::9"].map { try IPPrefix(addressOrPrefix: $0).network })
        let findings = c.findings(expected: expected, probesSent: Self.counts(expected, 3), interrupted: false)
        #expect(findings.filter { $0.rule == .unresponsiveAddress }.compactMap(\.address).sorted() == ["10.213.0.9", "fd5a::9"])
        let unknown = findings.filter { $0.rule == .unknownAddress }
        #expect(unknown.compactMap(\.address) == ["10.213.0.7"])
        #expect(unknown.first?.macs == [Self.b])
        #expect(findings.count == 3)
        #expect(findings.first { $0.rule == .unresponsiveAddress }?.evidence["probes"] == .int(3))
    }

    @Test func framesThatAreNotAnswersToUsAreIgnored() throws {
        var c = try Self.collector(["10.213.0.5"], vlan: 42)
        Self.feed(&c, [
            Self.reply(from: Self.a, address: "10.213.0.5"),                                 // untagged: not the VLAN probed
            Self.reply(from: Self.b, address: "10.213.0.5", vlans: [(0x8100, 43)]),          // another VLAN
            Self.reply(from: Self.b, address: "10.213.0.6", vlans: [(0x8100, 42)]),          // not a target
            Frames.ethernet(src: Self.b, type: 0x0806, vlans: [(0x8100, 42)],               // another prober's RFC 5227 probe
                            payload: Frames.arp(op: 1, sha: Self.b, spa: "0.0.0.0", tpa: "10.213.0.5")),
        ])
        #expect(c.answers == 0)
        #expect(c.otherFrames == 4)
        var tagged = try Self.collector(["10.213.0.5"], vlan: 42)
        Self.feed(&tagged, [Self.reply(from: Self.a, address: "10.213.0.5", vlans: [(0x8100, 42)])])
        #expect(tagged.answered.count == 1)
        #expect(tagged.observations().map(\.domain) == ["test/vp/vlan:42"])
    }

    /// A run stopped by SIGINT before some inventory addresses were asked: those are not
    /// "silent", and each reported one names the probes it really got.
    @Test func onlyProbedSilentAddressesAreUnresponsiveWithTheirOwnCount() throws {
        let c = try Self.collector(["10.213.0.9", "10.213.0.10", "10.213.0.11"], known: ["10.213.0.9", "10.213.0.10", "10.213.0.11"])
        let expected = Set(try ["10.213.0.9", "10.213.0.10", "10.213.0.11"].map { try IPPrefix(addressOrPrefix: $0).network })
        let sent: [IPAddress: Int] = [try IPPrefix(addressOrPrefix: "10.213.0.9").network: 3,
                                      try IPPrefix(addressOrPrefix: "10.213.0.10").network: 1]
        let findings = c.findings(expected: expected, probesSent: sent, interrupted: false)
        #expect(findings.compactMap(\.address) == ["10.213.0.9", "10.213.0.10"])
        #expect(findings.map { $0.evidence["probes"] } == [.int(3), .int(1)])
        #expect(c.findings(expected: expected, probesSent: sent, interrupted: true).isEmpty)
    }

    /// Two routers both answer DAD for the Subnet-Router anycast address with Override clear
    /// (RFC 4861 §7.2.7), as a proxy NDP does: the address is in use, but nobody claims it.
    @Test func advertisementsWithOverrideClearAnswerButClaimNothing() throws {
        var c = try Self.collector(["fd5a::"], known: [])
        Self.feed(&c, [Self.advertisement(from: Self.a, target: "fd5a::", flags: 0x80),
                       Self.advertisement(from: Self.b, target: "fd5a::", flags: 0x80)])
        #expect(c.findings(expected: [], probesSent: [:], interrupted: false).isEmpty)
        #expect(c.answered.count == 1 && c.responders.count == 2)
        #expect(c.observations().isEmpty)
        // With Override set, the same pair is a duplicate.
        var claimed = try Self.collector(["fd5a::5"])
        Self.feed(&claimed, [Self.advertisement(from: Self.a, target: "fd5a::5"), Self.advertisement(from: Self.b, target: "fd5a::5")])
        #expect(Self.rules(claimed.findings(expected: [], probesSent: [:], interrupted: false)) == ["duplicate-address"])
    }

    /// RFC 5227 §2.1.1: a request from the probed address (a host defending or announcing it)
    /// or its reply to another host shows it in use as much as a reply to us.
    @Test func requestsAndRepliesToOthersFromAProbedAddressAreAnswers() throws {
        var c = try Self.collector(["10.213.0.5", "10.213.0.6"], known: ["10.213.0.5", "10.213.0.6"])
        Self.feed(&c, [
            Frames.ethernet(src: Self.a, type: 0x0806, payload: Frames.arp(op: 1, sha: Self.a, spa: "10.213.0.5", tpa: "10.213.0.5")),
            Self.reply(from: Self.b, address: "10.213.0.6", to: "02:99:00:00:00:01"),
        ])
        #expect(c.answered.count == 2 && c.answers == 2)
        let expected = Set(try ["10.213.0.5", "10.213.0.6"].map { try IPPrefix(addressOrPrefix: $0).network })
        #expect(c.findings(expected: expected, probesSent: Self.counts(expected, 1), interrupted: false).isEmpty)
        #expect(c.observations().count == 2)
    }

    /// In scan too: routers answering for an anycast address (Override clear) claim nothing, and a
    /// MAC pair that shares two IPv4 addresses and an IPv6 one is a clone (duplicates), not flux.
    @Test func scanNeitherBindsOverrideClearNorCallsADualStackClonesPairFlux() throws {
        var analyzer = WireAnalyzer(domainBase: "test/eth0")
        let frames = ["10.213.0.21", "10.213.0.22"].flatMap { [Self.reply(from: Self.a, address: $0), Self.reply(from: Self.b, address: $0)] }
            + [Self.advertisement(from: Self.a, target: "fd5a::21"), Self.advertisement(from: Self.b, target: "fd5a::21"),
               Self.advertisement(from: Self.a, target: "fd5a::", flags: 0x80), Self.advertisement(from: Self.b, target: "fd5a::", flags: 0x80)]
        for (i, f) in frames.enumerated() {
            f.withUnsafeBytes { analyzer.process($0, linkType: .ethernet, time: 100 + Double(i) * 0.01, frame: i + 1) }
        }
        let findings = analyzer.findings()
        #expect(Self.rules(findings) == ["duplicate-address", "duplicate-address", "duplicate-address"], "\(findings)")
        #expect(Set(findings.compactMap(\.address)) == ["10.213.0.21", "10.213.0.22", "fd5a::21"])
    }
}
