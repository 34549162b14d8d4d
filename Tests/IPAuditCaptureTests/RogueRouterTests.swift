import Foundation
import IPAuditKit
import IPCore
import Testing
@testable import IPAuditCapture

/// `rogue-router`, `multiple-routers`, `router-impersonation` and `ra-prefix-outside-routable`:
/// Router Advertisements judged per link, as NDPMon and ramond judge them.
@Suite struct RogueRouterTests {
    static let routerA = (mac: "02:00:00:00:0a:fe", ip: "fe80::a")
    static let routerB = (mac: "02:00:00:00:0b:fe", ip: "fe80::b")
    static let attacker = "02:00:00:00:66:66"
    static let prefix1 = ("2001:db8:1::", UInt8(64), UInt32(86_400), UInt32(14_400))
    static let prefix2 = ("2001:db8:2::", UInt8(64), UInt32(86_400), UInt32(14_400))

    static func verdicts(_ frames: [[UInt8]], routers: [String] = [], routable: [String]? = nil) throws -> [String] {
        var policy = ScanPolicy()
        policy.routerMACs = Set(routers.compactMap(MACAddress.init))
        if let routable { policy.routable = IPSet(prefixes: try routable.map { try IPPrefix($0) }) }
        return RogueDHCPServerTests.analyze(frames, policy: policy).findings().map { "\($0.rule) \($0.address ?? "-")" }.sorted()
    }

    static var twoRouters: [[UInt8]] {
        [ServiceFrames.ra(from: routerA, prefixes: [prefix1]), ServiceFrames.ra(from: routerB, prefixes: [prefix2]),
         ServiceFrames.ra(from: routerA, prefixes: [prefix1])]
    }

    @Test("Two RA sources, nobody named: a warning naming each with its prefixes and lifetimes")
    func twoRoutersWarn() throws {
        let findings = RogueDHCPServerTests.analyze(Self.twoRouters).findings()
        #expect(findings.map(\.rule) == [.multipleRouters])
        let f = try #require(findings.first)
        #expect(f.severity == .warning)
        #expect(f.macs == [Self.routerA.mac, Self.routerB.mac])
        for text in ["2001:db8:1::/64 valid 86400 s preferred 14400 s", "2001:db8:2::/64", "router lifetime 1800 s", "fe80::a", "fe80::b"] {
            #expect(f.message.contains(text), "\(text) in \(f.message)")
        }
    }

    @Test("Two routers named are silent; one named makes the other rogue, an error")
    func namedRouters() throws {
        #expect(try Self.verdicts(Self.twoRouters, routers: [Self.routerA.mac, Self.routerB.mac]) == [])
        #expect(try Self.verdicts(Self.twoRouters, routers: [Self.routerA.mac]) == ["rogue-router fe80::b"])
        #expect(try Self.verdicts([ServiceFrames.ra(from: Self.routerA, prefixes: [Self.prefix1])]) == [])
    }

    @Test("A router renumbering (same MAC, old prefix's lifetimes to 0, a new prefix) is one router, and silent")
    func renumberingIsSilent() throws {
        let old = Self.prefix1, fresh = Self.prefix2
        let frames = [ServiceFrames.ra(from: Self.routerA, prefixes: [old]),
                      ServiceFrames.ra(from: Self.routerA, prefixes: [(old.0, 64, 0, 0), fresh]),
                      ServiceFrames.ra(from: Self.routerA, prefixes: [fresh])]
        #expect(try Self.verdicts(frames) == [])
        #expect(try Self.verdicts(frames, routers: [Self.routerA.mac]) == [])
        #expect(try Self.verdicts(frames, routable: ["2001:db8::/32"]) == [])
        // The new prefix outside the plan is named; the withdrawn one (valid lifetime 0) is not.
        #expect(try Self.verdicts(frames, routable: ["2001:db8:1::/48"]) == ["ra-prefix-outside-routable 2001:db8:2::/64"])
    }

    @Test("kill_router6: an RA with router lifetime 0 from the router's own link-local, sent by another MAC, is an error whatever is named")
    func killRouter6() throws {
        let forged = ServiceFrames.ra(from: (Self.attacker, Self.routerA.ip), lifetime: 0, sourceLinkLayer: Self.routerA.mac)
        let frames = [ServiceFrames.ra(from: Self.routerA, prefixes: [Self.prefix1]), forged, forged]
        #expect(try Self.verdicts(frames) == ["router-impersonation fe80::a"])
        #expect(try Self.verdicts(frames, routers: [Self.routerA.mac]) == ["router-impersonation fe80::a"])
        let f = try #require(RogueDHCPServerTests.analyze(frames).findings().first)
        #expect(f.severity == .error)
        #expect(f.macs == [Self.attacker, Self.routerA.mac])
        #expect(f.message.contains("router lifetime 0"))
        #expect(f.evidence["frames"] == .int(2))
        // The router's link-local bound by its own Neighbor Advertisement first: the same verdict
        // when the forged RA is the first RA seen.
        let na = Frames.ethernet(dst: "33:33:00:00:00:01", src: Self.routerA.mac, type: 0x86dd,
                                 payload: Frames.ipv6Header(src: Self.routerA.ip, dst: "ff02::1", next: 58,
                                                            payload: Frames.neighborAdvertisement(target: Self.routerA.ip,
                                                                                                  targetLinkLayer: Self.routerA.mac, flags: 0xa0)))
        #expect(try Self.verdicts([na, forged]) == ["router-impersonation fe80::a"])
        // The router itself sending RAs from its own address, again and again, is no impersonation.
        #expect(try Self.verdicts([na] + Array(repeating: ServiceFrames.ra(from: Self.routerA, lifetime: 0), count: 3)) == [])
    }

    @Test("kill_router6 sniffing: a bare lifetime-0 RA from the router's own MAC and address between its RAs is an error; the router's own goodbye is not")
    func killRouter6FromTheRoutersOwnMAC() throws {
        let own = ServiceFrames.ra(from: Self.routerA, prefixes: [Self.prefix1])
        // What kill_router6 sends: no options at all, the router's Ethernet source and link-local.
        let bare = Frames.ethernet(dst: "33:33:00:00:00:01", src: Self.routerA.mac, type: 0x86dd,
                                   payload: Frames.ipv6Header(src: Self.routerA.ip, dst: "ff02::1", next: 58,
                                                              payload: [134, 0, 0, 0, 64, 0x08, 0, 0] + [UInt8](repeating: 0, count: 8)))
        #expect(try Self.verdicts([own, bare, own, bare, own]) == ["router-impersonation fe80::a"])
        #expect(try Self.verdicts([own, bare, own], routers: [Self.routerA.mac]) == ["router-impersonation fe80::a"])
        // A router going down for good: a bare last RA with nothing after it proves nothing.
        #expect(try Self.verdicts([own, own, bare]) == [])
        // radvd's goodbye keeps its options (lifetime 0 with SLLA and prefixes), then it comes back: a reboot.
        let goodbye = ServiceFrames.ra(from: Self.routerA, lifetime: 0, prefixes: [Self.prefix1])
        #expect(try Self.verdicts([own, goodbye, own]) == [])
        // A router that never offers itself as default (lifetime 0 always) is no kill either.
        #expect(try Self.verdicts([bare, bare, ServiceFrames.ra(from: Self.routerA, lifetime: 0, prefixes: [Self.prefix1]), bare]) == [])
    }

    @Test("Every cut of an RA decodes without a trap; a prefix is read only when its option is whole")
    func truncatedAdvertisements() throws {
        let whole = ServiceFrames.ra(from: Self.routerA, prefixes: [Self.prefix1])
        guard case .routerAdvertisement(_, let ra?) = try Frames.decode(whole).event else { Issue.record("a whole RA must decode"); return }
        #expect(ra.routerLifetime == 1800 && ra.prefixes.map(\.prefix.description) == ["2001:db8:1::/64"])
        #expect(ra.sourceLinkLayer == MACAddress(Self.routerA.mac))
        for cut in 54..<whole.count {
            var bytes = Array(whole[0..<cut])
            bytes[18] = UInt8((cut - 54) >> 8); bytes[19] = UInt8((cut - 54) & 0xff)
            guard case .routerAdvertisement(_, let cutRA) = try? Frames.decode(bytes).event else { continue }
            // Ethernet 14, IPv6 40, RA 16, Prefix Information 32: 102 bytes.
            if cut < 70 { #expect(cutRA == nil) }
            if cut < 102 { #expect(cutRA?.prefixes.isEmpty ?? true, "a \(cut)-byte cut read a prefix") }
        }
    }

    @Test("tshark reads the built RAs as ipaudit does: source, router lifetime, prefixes", .requires(.tshark))
    func tsharkAgrees() throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("rogue-ra-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        let path = dir.appendingPathComponent("two-routers.pcap").path
        PcapWriter.write(Self.twoRouters, to: path)
        let rows = try DHCPv6Tests.tshark(path, fields: ["eth.src", "ipv6.src", "icmpv6.nd.ra.router_lifetime", "icmpv6.opt.prefix",
                                                         "icmpv6.opt.prefix.valid_lifetime"])
        let expected = Set(rows.map { "\($0[0]) \($0[1]) \($0[2]) \($0[3])/64 \($0[4])" })
        let result = try Scanner.run(CaptureConfiguration(source: .file(path)), policy: ScanPolicy(), domainBase: "t", observations: false)
        let f = try #require(result.report.findings.first { $0.rule == .multipleRouters })
        guard case .array(let routers) = f.evidence["routers"] else { Issue.record("no routers"); return }
        var seen = Set<String>()
        for case .object(let r) in routers {
            guard case .string(let mac) = r["mac"], case .array(let sources) = r["sources"], case .string(let source) = sources.first,
                  case .int(let lifetime) = r["router_lifetime"], case .array(let prefixes) = r["prefixes"] else { continue }
            for case .object(let p) in prefixes {
                guard case .string(let prefix) = p["prefix"], case .int(let valid) = p["valid_lifetime"] else { continue }
                seen.insert("\(mac) \(source) \(lifetime) \(prefix) \(valid)")
            }
        }
        #expect(expected.count == 2)
        #expect(seen == expected)
    }
}

/// `scan --watch`: a server or router that fell silent is forgotten with the idle state, so its
/// finding closes; one still answering keeps it open; the tables stay bounded.
@Suite struct LinkServicesWatchTests {
    @Test func silentServersAndRoutersAreRetired() {
        var policy = ScanPolicy()
        policy.idleTimeout = 60
        var analyzer = WireAnalyzer(policy: policy, domainBase: "t")
        let frames = RogueDHCPServerTests.twoServers + RogueRouterTests.twoRouters
        for (i, f) in frames.enumerated() { f.withUnsafeBytes { analyzer.process($0, linkType: .ethernet, time: Double(i), frame: i + 1) } }
        #expect(Set(analyzer.findings().map(\.rule)) == [.multipleDHCPServers, .multipleRouters])
        // Router A and the cluster's DHCP server go on; the others fall silent.
        let later = [ServiceFrames.ra(from: RogueRouterTests.routerA, prefixes: [RogueRouterTests.prefix1]),
                     RogueDHCPServerTests.twoServers[0]]
        for (i, f) in later.enumerated() { f.withUnsafeBytes { analyzer.process($0, linkType: .ethernet, time: 100 + Double(i), frame: 100 + i) } }
        _ = analyzer.retireIdle(now: 110)
        #expect(analyzer.findings().isEmpty)
        #expect(analyzer.services.dhcpServers.count == 1 && analyzer.services.routers.count == 1)
    }

    @Test func tablesAreBounded() {
        var policy = ScanPolicy()
        policy.maxSideRecords = 4
        var frames: [[UInt8]] = []
        for i in 0..<20 {
            let mac = "02:00:00:00:99:\(String(format: "%02x", i))"
            frames.append(ServiceFrames.dhcpAnswer(from: (mac, "10.0.9.\(i + 1)"), yiaddr: "10.0.9.200", chaddr: RogueDHCPServerTests.client))
            frames.append(ServiceFrames.ra(from: (mac, "fe80::99:\(i)")))
        }
        let analyzer = RogueDHCPServerTests.analyze(frames, policy: policy)
        #expect(analyzer.services.dhcpServers.count == 4 && analyzer.services.routers.count == 4)
    }
}
