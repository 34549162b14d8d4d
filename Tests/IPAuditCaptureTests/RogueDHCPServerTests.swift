import Foundation
import IPAuditKit
import IPCore
import Testing
@testable import IPAuditCapture

/// `rogue-dhcp-server` and `multiple-dhcp-servers`: who answers clients, named by server
/// identifier, never confused with the relay agent or router that hands an answer over.
@Suite struct RogueDHCPServerTests {
    static let client = "02:00:00:00:0c:01"
    static let serverA = (mac: "02:00:00:00:0a:01", ip: "10.0.0.2")
    static let serverB = (mac: "02:00:00:00:0b:01", ip: "10.0.0.3")
    static let rogue = (mac: "02:00:00:00:66:66", ip: "192.168.1.1")
    static let relay = (mac: "02:00:00:00:00:fe", ip: "10.0.0.1")

    static func analyze(_ frames: [[UInt8]], policy: ScanPolicy = ScanPolicy()) -> WireAnalyzer {
        var analyzer = WireAnalyzer(policy: policy, domainBase: "t")
        for (i, f) in frames.enumerated() {
            f.withUnsafeBytes { analyzer.process($0, linkType: .ethernet, time: Double(i), frame: i + 1) }
        }
        return analyzer
    }

    static func verdicts(_ frames: [[UInt8]], named: [String] = []) -> [String] {
        var policy = ScanPolicy()
        for n in named {
            let added = policy.dhcpServers.addDHCPServer(n)
            #expect(added)
        }
        return analyze(frames, policy: policy).findings().map { "\($0.rule) \($0.address ?? "-")" }.sorted()
    }

    /// One DISCOVER answered by the cluster's server and by a home router plugged into the rack.
    static var twoServers: [[UInt8]] {
        [ServiceFrames.dhcpAnswer(from: serverA, yiaddr: "10.0.0.50", chaddr: client, router: "10.0.0.1", dns: "10.0.0.53"),
         ServiceFrames.dhcpAnswer(from: rogue, yiaddr: "192.168.1.100", chaddr: client, router: "192.168.1.1", dns: "192.168.1.1"),
         ServiceFrames.dhcpAnswer(kind: 5, from: rogue, yiaddr: "192.168.1.100", chaddr: client, router: "192.168.1.1")]
    }

    @Test("Two servers answering one link, nobody named: a warning naming each with what it handed out")
    func twoServersWarn() throws {
        let analyzer = Self.analyze(Self.twoServers)
        let findings = analyzer.findings()
        #expect(findings.map(\.rule) == [.multipleDHCPServers])
        let f = try #require(findings.first)
        #expect(f.severity == .warning)
        #expect(f.macs == [Self.serverA.mac, Self.rogue.mac])
        for text in ["10.0.0.2", "offered 10.0.0.50", "router 10.0.0.1", "DNS 10.0.0.53",
                     "192.168.1.1", "offered 192.168.1.100", "router 192.168.1.1"] {
            #expect(f.message.contains(text), "\(text) in \(f.message)")
        }
        guard case .array(let servers) = f.evidence["servers"] else { Issue.record("no servers"); return }
        #expect(servers.count == 2)
        // The ACK bound its lease as before.
        #expect(analyzer.observations().map { "\($0.address) \($0.mac)" } == ["192.168.1.100 \(Self.client)"])
    }

    @Test("Named servers: any other answering is rogue (an error); named by address or by MAC")
    func namedServers() {
        #expect(Self.verdicts(Self.twoServers, named: ["10.0.0.2"]) == ["rogue-dhcp-server 192.168.1.1"])
        #expect(Self.verdicts(Self.twoServers, named: [Self.serverA.mac]) == ["rogue-dhcp-server 192.168.1.1"])
        #expect(Self.verdicts(Self.twoServers, named: ["10.0.0.2", Self.rogue.mac]) == [])
        let rogue = Self.analyze(Self.twoServers, policy: { var p = ScanPolicy(); _ = p.dhcpServers.addDHCPServer("10.0.0.2"); return p }())
            .findings()
        #expect(rogue.map(\.severity) == [.error])
        #expect(rogue.first?.macs == [Self.rogue.mac])
    }

    @Test("A failover pair named twice with --dhcp-server is silent; unnamed, it is the question it should be")
    func failoverPair() {
        let pair = [ServiceFrames.dhcpAnswer(from: Self.serverA, yiaddr: "10.0.0.50", chaddr: Self.client, router: "10.0.0.1"),
                    ServiceFrames.dhcpAnswer(from: Self.serverB, yiaddr: "10.0.0.150", chaddr: Self.client, router: "10.0.0.1"),
                    ServiceFrames.dhcpAnswer(kind: 5, from: Self.serverA, yiaddr: "10.0.0.50", chaddr: Self.client, router: "10.0.0.1")]
        #expect(Self.verdicts(pair, named: ["10.0.0.2", "10.0.0.3"]) == [])
        #expect(Self.verdicts(pair) == ["multiple-dhcp-servers -"])
    }

    @Test("A relay agent's hand-over, the server's copy to the relay and a routed renewal are one server, not three")
    func relayIsNotASecondServer() {
        let server = "10.9.9.9"
        let frames = [
            // The relay hands the server's OFFER over on the client's segment, from its own MAC and address.
            ServiceFrames.dhcpAnswer(from: Self.relay, yiaddr: "10.0.0.60", chaddr: Self.client, giaddr: Self.relay.ip,
                                     serverID: server, router: "10.0.0.1"),
            // The server's copy to the relay (67 → 67) seen on the same wire: not an answer to a client.
            ServiceFrames.udp4(ServiceFrames.bootReply(kind: 5, yiaddr: "10.0.0.60", chaddr: Self.client, giaddr: Self.relay.ip, serverID: server),
                               from: ("02:00:00:00:99:99", server, 67), to: (Self.relay.mac, Self.relay.ip, 67)),
            // A renewal ACK unicast from the server, routed onto the link by the router's MAC.
            ServiceFrames.dhcpAnswer(kind: 5, from: (Self.relay.mac, server), yiaddr: "10.0.0.60", chaddr: Self.client,
                                     to: (Self.client, "10.0.0.60")),
        ]
        #expect(Self.verdicts(frames) == [])
        #expect(Self.verdicts(frames, named: [server]) == [])
        // The lease still binds, from the ACK delivered to the client.
        #expect(Self.analyze(frames).observations().map { "\($0.address) \($0.mac)" } == ["10.0.0.60 \(Self.client)"])
        // A rogue on the same link is still a second server.
        #expect(Self.verdicts(frames + [Self.twoServers[1]]) == ["multiple-dhcp-servers -"])
        #expect(Self.verdicts(frames + [Self.twoServers[1]], named: [server]) == ["rogue-dhcp-server 192.168.1.1"])
    }

    @Test("One server answering many clients, NAKs and INFORM ACKs included, is one server")
    func oneBusyServer() {
        var frames: [[UInt8]] = []
        for i in 0..<20 {
            frames.append(ServiceFrames.dhcpAnswer(from: Self.serverA, yiaddr: "10.0.0.\(100 + i)", chaddr: "02:00:00:00:0d:\(String(i, radix: 16))"))
        }
        frames.append(ServiceFrames.dhcpAnswer(kind: 6, from: Self.serverA, yiaddr: "0.0.0.0", chaddr: Self.client))
        frames.append(ServiceFrames.dhcpAnswer(kind: 5, from: Self.serverA, yiaddr: "0.0.0.0", chaddr: Self.client))
        #expect(Self.verdicts(frames) == [])
        #expect(Self.verdicts(frames, named: ["10.0.0.2"]) == [])
    }

    @Test("Servers on two VLANs are two links: one each is no second server")
    func perLink() {
        let tagged = Self.twoServers[1].prefix(12) + [0x81, 0, 0, 30] + Self.twoServers[1].dropFirst(12)
        #expect(Self.verdicts([Self.twoServers[0], Array(tagged)]) == [])
    }

    @Test("Every cut of an OFFER decodes without a trap, and names a server only once its options are whole")
    func truncatedOffers() throws {
        let whole = ServiceFrames.dhcpAnswer(from: Self.serverA, yiaddr: "10.0.0.50", chaddr: Self.client, router: "10.0.0.1")
        guard case .dhcpServerAnswer(let answer) = try Frames.decode(whole).event else { Issue.record("a whole OFFER must decode"); return }
        let server = try IPv4Address("10.0.0.2"), router = try IPv4Address("10.0.0.1")
        #expect(answer.kind == .offer && answer.server == server && answer.routers == [router])
        for cut in 14..<whole.count {
            var bytes = Array(whole[0..<cut])
            if bytes.count >= 34 {   // the IP and UDP lengths say what the cut frame holds
                let total = bytes.count - 14
                bytes[16] = UInt8(total >> 8); bytes[17] = UInt8(total & 0xff)
            }
            if bytes.count >= 42 { let u = bytes.count - 34; bytes[38] = UInt8(u >> 8); bytes[39] = UInt8(u & 0xff) }
            let event = try? Frames.decode(bytes).event
            // Ethernet 14, IPv4 20, UDP 8, BOOTP 236, cookie 4, message type 3: 285 bytes.
            if case .dhcpServerAnswer = event, cut < 285 { Issue.record("a \(cut)-byte cut named a server") }
        }
    }

    @Test("tshark reads the built answers as ipaudit does: server identifier, relay, offered address, router, DNS",
          .requires(.tshark))
    func tsharkAgrees() throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("rogue-dhcp-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        let path = dir.appendingPathComponent("two-servers.pcap").path
        let relayed = ServiceFrames.dhcpAnswer(from: Self.relay, yiaddr: "10.0.0.60", chaddr: Self.client, giaddr: Self.relay.ip,
                                               serverID: "10.0.0.2", router: "10.0.0.1")
        PcapWriter.write(Self.twoServers + [relayed], to: path)
        let rows = try DHCPv6Tests.tshark(path, fields: ["dhcp.option.dhcp", "dhcp.option.dhcp_server_id", "dhcp.ip.relay",
                                                         "dhcp.ip.your", "dhcp.option.router", "dhcp.option.domain_name_server", "eth.src"])
        #expect(rows.map { $0[0] } == ["2", "2", "5", "2"])
        // Who answered, by server identifier, and what each handed out, as tshark reads it.
        var expected: [String: Set<String>] = [:]
        for row in rows { expected[row[1], default: []].formUnion([row[3], row[4], row[5]].filter { !$0.isEmpty }) }
        #expect(Set(expected.keys) == ["10.0.0.2", "192.168.1.1"])
        #expect(rows[3][2] == Self.relay.ip)
        let result = try Scanner.run(CaptureConfiguration(source: .file(path)), policy: ScanPolicy(), domainBase: "t", observations: false)
        let f = try #require(result.report.findings.first { $0.rule == .multipleDHCPServers })
        guard case .array(let servers) = f.evidence["servers"] else { Issue.record("no servers"); return }
        var seen: [String: Set<String>] = [:]
        for case .object(let s) in servers {
            guard case .string(let name) = s["server"] else { continue }
            for key in ["offered", "routers", "dns"] {
                if case .array(let values) = s[key] { for case .string(let v) in values { seen[name, default: []].insert(v) } }
            }
        }
        #expect(seen == expected)
    }
}

/// DHCPv6 servers: named by their Server Identifier (DUID), as dhcp_probe names DHCPv4 ones.
@Suite struct RogueDHCPv6ServerTests {
    static let otherServer = "02:00:00:00:66:06"

    static func advertise(server mac: String, address: String, dns: String) -> [UInt8] {
        let ia = DHCPv6Tests.iaNA(DHCPv6Tests.iaAddress(address))
        let payload = DHCPv6Tests.message(2, xid: 7, ia + DHCPv6Tests.option(1, DHCPv6Tests.duidLL(DHCPv6Tests.clientMAC))
                                          + DHCPv6Tests.option(2, DHCPv6Tests.duidLLT(mac, time: 5)) + DHCPv6Tests.option(23, Frames.ipv6(dns)))
        let linkLocal = mac == DHCPv6Tests.serverMAC ? DHCPv6Tests.serverLinkLocal : "fe80::6606"
        return DHCPv6Tests.frame(payload, from: (mac, linkLocal, 547), to: DHCPv6Tests.client)
    }

    @Test("Two DHCPv6 servers ADVERTISE on one link: a warning naming each; named by the DUID's MAC or the source, silent")
    func twoServers() throws {
        let frames = [Self.advertise(server: DHCPv6Tests.serverMAC, address: DHCPv6Tests.naAddress, dns: "2001:db8::53"),
                      Self.advertise(server: Self.otherServer, address: "2001:db8:66::10", dns: "2001:db8:66::1")]
        let findings = RogueDHCPServerTests.analyze(frames).findings()
        #expect(findings.map(\.rule) == [.multipleDHCPServers])
        let message = findings.first?.message ?? ""
        for text in ["DHCPv6", "offered \(DHCPv6Tests.naAddress)", "DNS 2001:db8::53", "offered 2001:db8:66::10", "DUID 00:01:00:01"] {
            #expect(message.contains(text), "\(text) in \(message)")
        }
        #expect(RogueDHCPServerTests.verdicts(frames, named: [DHCPv6Tests.serverMAC]) == ["rogue-dhcp-server fe80::6606"])
        #expect(RogueDHCPServerTests.verdicts(frames, named: [DHCPv6Tests.serverLinkLocal, Self.otherServer]) == [])
        // An ADVERTISE binds nothing; the published exchange (one server) is silent and binds its REPLY.
        #expect(RogueDHCPServerTests.analyze(frames).observations().isEmpty)
        let exchange = RogueDHCPServerTests.analyze(DHCPv6Tests.exchange(temporary: false))
        #expect(exchange.findings().isEmpty)
        #expect(exchange.observations().count == 1)
    }

    @Test("A DHCPv4 and a DHCPv6 server on one link are one of each, not two servers")
    func familiesApart() throws {
        let frames = [Self.advertise(server: DHCPv6Tests.serverMAC, address: DHCPv6Tests.naAddress, dns: "2001:db8::53"),
                      RogueDHCPServerTests.twoServers[0]]
        #expect(RogueDHCPServerTests.verdicts(frames) == [])
    }
}
