import Foundation
import IPAuditKit
import IPCore
import Testing
@testable import IPAuditCapture

/// DHCPv6 leases as on-link evidence. The exchanges mirror tcpdump's published captures
/// `dhcpv6-ia-na.pcap` and `dhcpv6-ia-ta.pcap` (a client 00:01:02:03:04:05 with a DUID-LL, a
/// server 00:11:22:33:44:55 with a DUID-LLT; SOLICIT, ADVERTISE, REQUEST, REPLY), built here
/// byte by byte, untagged as on a real link; tshark is the oracle for what each frame says.
@Suite struct DHCPv6Tests {
    static let clientMAC = "00:01:02:03:04:05"
    static let serverMAC = "00:11:22:33:44:55"
    static let clientLinkLocal = "fe80::201:2ff:fe03:405"
    static let serverLinkLocal = "fe80::211:22ff:fe33:4455"
    static let naAddress = "2a00:1:1:200:38e6:b22e:c440:acdf"
    static let taAddress = "2a00:1:1:200:5da2:f920:84c4:88cc"

    // MARK: building messages

    static func be32(_ v: UInt32) -> [UInt8] { Frames.be16(UInt16(v >> 16)) + Frames.be16(UInt16(v & 0xffff)) }

    static func option(_ code: UInt16, _ data: [UInt8]) -> [UInt8] {
        Frames.be16(code) + Frames.be16(UInt16(data.count)) + data
    }

    static func duidLL(_ mac: String) -> [UInt8] { Frames.be16(3) + Frames.be16(1) + Frames.mac(mac) }
    static func duidLLT(_ mac: String, time: UInt32) -> [UInt8] { Frames.be16(1) + Frames.be16(1) + be32(time) + Frames.mac(mac) }

    static func iaAddress(_ address: String, preferred: UInt32 = 4500, valid: UInt32 = 7200, status: UInt16? = nil) -> [UInt8] {
        option(5, Frames.ipv6(address) + be32(preferred) + be32(valid) + (status.map { option(13, Frames.be16($0)) } ?? []))
    }

    static func iaNA(_ inner: [UInt8], iaid: UInt32 = 33_752_069) -> [UInt8] {
        option(3, be32(iaid) + be32(3600) + be32(5400) + inner)
    }

    static func iaTA(_ inner: [UInt8], iaid: UInt32 = 33_752_069) -> [UInt8] { option(4, be32(iaid) + inner) }

    static func message(_ type: UInt8, xid: UInt32, _ options: [UInt8]) -> [UInt8] {
        [type, UInt8(xid >> 16 & 0xff), UInt8(xid >> 8 & 0xff), UInt8(xid & 0xff)] + options
    }

    /// An Ethernet frame carrying `payload` over UDP/IPv6 (checksum left 0: not read here).
    static func frame(_ payload: [UInt8], from: (mac: String, ip: String, port: UInt16), to: (mac: String, ip: String, port: UInt16),
                      vlans: [(UInt16, UInt16)] = []) -> [UInt8] {
        let udp = Frames.be16(from.port) + Frames.be16(to.port) + Frames.be16(UInt16(8 + payload.count)) + [0, 0] + payload
        return Frames.ethernet(dst: to.mac, src: from.mac, type: 0x86dd, vlans: vlans,
                               payload: Frames.ipv6Header(src: from.ip, dst: to.ip, next: 17, hopLimit: 64, payload: udp))
    }

    static var client: (mac: String, ip: String, port: UInt16) { (clientMAC, clientLinkLocal, 546) }
    static var server: (mac: String, ip: String, port: UInt16) { (serverMAC, serverLinkLocal, 547) }
    static var allServers: (mac: String, ip: String, port: UInt16) { ("33:33:00:01:00:02", "ff02::1:2", 547) }

    static func reply(_ ia: [UInt8], client duid: [UInt8] = duidLL(clientMAC), xid: UInt32 = 0x2ffdd1) -> [UInt8] {
        message(7, xid: xid, ia + option(1, duid) + option(2, duidLLT(serverMAC, time: 407_259_276)))
    }

    /// The four-message exchange, as the published capture has it (IA_NA or IA_TA).
    static func exchange(temporary: Bool) -> [[UInt8]] {
        let address = temporary ? taAddress : naAddress
        func ia(_ inner: [UInt8]) -> [UInt8] { temporary ? iaTA(inner) : iaNA(inner) }
        let clientID = option(1, duidLL(clientMAC)), serverID = option(2, duidLLT(serverMAC, time: 407_259_276))
        let oro = option(6, Frames.be16(23) + Frames.be16(24)), elapsed = option(8, [0, 0])
        return [
            frame(message(1, xid: 0x90b45c, clientID + oro + elapsed + ia([])), from: client, to: allServers),
            frame(message(2, xid: 0x90b45c, ia(iaAddress(address)) + clientID + serverID), from: server, to: client),
            frame(message(3, xid: 0x2ffdd1, clientID + serverID + oro + elapsed + ia(iaAddress(address, preferred: 7200, valid: 7500))),
                  from: client, to: allServers),
            frame(reply(ia(iaAddress(address))), from: server, to: client),
        ]
    }

    static func analyze(_ frames: [[UInt8]], link: LinkType = .ethernet) -> WireAnalyzer {
        var analyzer = WireAnalyzer(domainBase: "t")
        for (i, f) in frames.enumerated() {
            f.withUnsafeBytes { analyzer.process($0, linkType: link, time: Double(i), frame: i + 1) }
        }
        return analyzer
    }

    static func bindings(_ analyzer: WireAnalyzer) -> Set<String> {
        Set(analyzer.observations().map { "\($0.address) \($0.mac)" })
    }

    // MARK: tests

    @Test("An untagged REPLY binds its lease: the fast path no longer skips UDP/IPv6 a registered decoder needs")
    func untaggedReplyBinds() {
        let frames = Self.exchange(temporary: false)
        frames[3].withUnsafeBytes { #expect(!WireAnalyzer.isPlainUntaggedIP($0)) }
        let analyzer = Self.analyze(frames)
        #expect(Self.bindings(analyzer) == ["\(Self.naAddress) \(Self.clientMAC)"])
        #expect(analyzer.counters.dhcpv6Replies == 1)
        #expect(analyzer.counters.ipv6 == 4)
        // Plain UDP/IPv6 between other ports still takes the fast path.
        let plain = Self.frame([1, 2, 3], from: (Self.serverMAC, "2a00::1", 5353), to: (Self.clientMAC, "2a00::2", 53))
        plain.withUnsafeBytes { #expect(WireAnalyzer.isPlainUntaggedIP($0)) }
    }

    @Test("Tagged and untagged, IA_NA and IA_TA: the same binding")
    func taggedAndTemporary() {
        let tagged = Self.exchange(temporary: false).map { f -> [UInt8] in
            Array(f[0..<12]) + [0x81, 0, 0, 20] + Array(f[12...])
        }
        #expect(Self.bindings(Self.analyze(tagged)) == ["\(Self.naAddress) \(Self.clientMAC)"])
        #expect(Self.bindings(Self.analyze(Self.exchange(temporary: true))) == ["\(Self.taAddress) \(Self.clientMAC)"])
    }

    @Test("tshark reads the built exchange as the published one, and scan binds exactly the REPLYs' leases it shows",
          .requires(.tshark))
    func tsharkAgrees() throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("dhcpv6-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        for temporary in [false, true] {
            let path = dir.appendingPathComponent(temporary ? "ia-ta.pcap" : "ia-na.pcap").path
            PcapWriter.write(Self.exchange(temporary: temporary), to: path)
            let rows = try Self.tshark(path, fields: ["dhcpv6.msgtype", "eth.dst", "dhcpv6.iaaddr.ip", "dhcpv6.duidll.link_layer_addr"])
            // SOLICIT, ADVERTISE, REQUEST, REPLY; the client named by its DUID-LL in each.
            #expect(rows.map { $0[0] } == ["1", "2", "3", "7"])
            #expect(rows.allSatisfy { $0[3] == Self.clientMAC })
            let expected = Set(rows.filter { $0[0] == "7" }.map { "\($0[2]) \($0[1])" })
            #expect(expected == ["\(temporary ? Self.taAddress : Self.naAddress) \(Self.clientMAC)"])
            let result = try Scanner.run(CaptureConfiguration(source: .file(path)), policy: ScanPolicy(), domainBase: "t",
                                         observations: true)
            #expect(Set(result.observations.map { "\($0.address) \($0.mac)" }) == expected)
            #expect(result.report.stats["dhcpv6_replies"] == .int(1))
        }
    }

    @Test("Only a REPLY with a live, successful lease binds")
    func nothingElseBinds() {
        let s = Self.server, c = Self.client
        let cases: [(String, [UInt8])] = [
            ("an ADVERTISE offers, it commits nothing",
             Self.message(2, xid: 1, Self.iaNA(Self.iaAddress(Self.naAddress)) + Self.option(1, Self.duidLL(Self.clientMAC)))),
            ("the IA says NoAddrsAvail", Self.reply(Self.iaNA(Self.iaAddress(Self.naAddress) + Self.option(13, Frames.be16(2))))),
            ("the address says NotOnLink", Self.reply(Self.iaNA(Self.iaAddress(Self.naAddress, status: 4)))),
            ("valid lifetime 0: the server takes it back", Self.reply(Self.iaNA(Self.iaAddress(Self.naAddress, valid: 0)))),
            ("a top-level UseMulticast", Self.reply(Self.iaNA(Self.iaAddress(Self.naAddress)) + Self.option(13, Frames.be16(5)))),
            ("an option runs past the datagram", Array(Self.reply(Self.iaNA(Self.iaAddress(Self.naAddress))).dropLast(3))),
        ]
        for (why, payload) in cases {
            #expect(Self.bindings(Self.analyze([Self.frame(payload, from: s, to: c)])).isEmpty, "\(why)")
        }
        // A relay's copy (547 → 547) is not delivered to the client.
        let relayed = Self.frame(Self.reply(Self.iaNA(Self.iaAddress(Self.naAddress))), from: s, to: (c.mac, c.ip, 547))
        #expect(Self.bindings(Self.analyze([relayed])).isEmpty)
    }

    @Test("Whose MAC: the frame's destination on the link, the DUID's only without one or when they agree")
    func whoseMAC() throws {
        let lease = Self.iaNA(Self.iaAddress(Self.naAddress))
        // A DUID-LLT from another NIC (or a cloned machine's): the frame went to the client's NIC.
        let otherNIC = Self.reply(lease, client: Self.duidLLT("00:0a:0b:0c:0d:0e", time: 5))
        #expect(Self.bindings(Self.analyze([Self.frame(otherNIC, from: Self.server, to: Self.client)]))
                == ["\(Self.naAddress) \(Self.clientMAC)"])
        // Server unicast to the client's global address, seen on the server's side of a router:
        // the frame goes to the router's MAC, which is not the client's.
        let routed = Self.frame(Self.reply(lease), from: (Self.serverMAC, "2a00:1::547", 547),
                                to: ("00:00:5e:00:01:01", Self.naAddress, 546))
        #expect(Self.bindings(Self.analyze([routed])).isEmpty)
        let delivered = Self.frame(Self.reply(lease), from: (Self.serverMAC, "2a00:1::547", 547),
                                   to: (Self.clientMAC, Self.naAddress, 546))
        #expect(Self.bindings(Self.analyze([delivered])) == ["\(Self.naAddress) \(Self.clientMAC)"])
        // A cooked capture has no Ethernet destination: the DUID-LL names the client.
        let ethernet = Self.frame(Self.reply(lease), from: Self.server, to: Self.client)
        let cooked = Frames.be16(0) + Frames.be16(1) + Frames.be16(6) + Frames.mac(Self.serverMAC) + [0, 0]
            + Frames.be16(0x86dd) + Array(ethernet[14...])
        #expect(Self.bindings(Self.analyze([cooked], link: .linuxCooked)) == ["\(Self.naAddress) \(Self.clientMAC)"])
    }

    @Test("Every cut of a REPLY decodes without a trap, and leases only once its IA is whole")
    func truncatedReplies() throws {
        let whole = Self.frame(Self.reply(Self.iaNA(Self.iaAddress(Self.naAddress))), from: Self.server, to: Self.client)
        guard case .dhcpv6Reply(let r) = try Frames.decode(whole).event else { Issue.record("a whole REPLY must decode"); return }
        #expect(r.leased.map(\.description) == [Self.naAddress])
        #expect(r.duidMAC == MACAddress(Self.clientMAC))
        for cut in 0..<whole.count {
            var bytes = Array(whole[0..<cut])
            // The IPv6 payload length says what the cut frame holds, as a short datagram would.
            if bytes.count >= 54 { bytes[18] = UInt8((bytes.count - 54) >> 8); bytes[19] = UInt8((bytes.count - 54) & 0xff) }
            let event = try? Frames.decode(bytes).event
            // Ethernet 14, IPv6 40, UDP 8, message header 4, IA_NA 4 + 12 + IAADDR 28: 110 bytes.
            if case .dhcpv6Reply = event, cut < 110 { Issue.record("a \(cut)-byte cut decoded as a lease") }
            if cut == 110, case .dhcpv6Reply(let cutReply) = event { #expect(cutReply.duidMAC == nil) }
            else if cut == 110 { Issue.record("a REPLY cut after its whole IA_NA still leases its address") }
        }
    }

    @Test("Each registered decoder's frames get past the fast path, untagged")
    func registryDrivesTheFastPath() {
        for interest in DecoderRegistry.interests {
            guard case .udp(let ports) = interest else { continue }
            let s = ports.source ?? 40000, d = ports.destination ?? 40001
            let frame: [UInt8]
            if ports.ipv6 {
                frame = Self.frame([0, 0, 0, 0], from: (Self.serverMAC, "2a00::1", s), to: (Self.clientMAC, "2a00::2", d))
            } else {
                var ip = Array(Frames.ipv4Header(src: "10.0.0.1", dst: "10.0.0.2").prefix(20))
                ip[3] = 32
                frame = Frames.ethernet(dst: Self.clientMAC, src: Self.serverMAC, type: 0x0800,
                                        payload: ip + Frames.be16(s) + Frames.be16(d) + Frames.be16(12) + [0, 0, 0, 0, 0, 0])
            }
            frame.withUnsafeBytes { #expect(!WireAnalyzer.isPlainUntaggedIP($0), "\(ports)") }
        }
        #expect(DecoderRegistry.interests.count == DecoderRegistry.headerInterests.count + DecoderRegistry.udpDecoders.count)
        // The port test is exact: a port sharing a watched port's low byte is still skipped.
        var lanes = PortLanes()
        lanes.insert(.ipv6(from: 547, to: 546))
        #expect(!lanes.maySkip((547, 1)) && !lanes.maySkip(nil))
        #expect(lanes.maySkip((547 + 256, 546)) && lanes.maySkip((53, 40000)))
    }

    /// tshark's fields for every frame (tab-separated, one row per frame).
    static func tshark(_ path: String, fields: [String]) throws -> [[String]] {
        let run = try ProcessRunner.run("/usr/bin/env", ["tshark", "-r", path, "-T", "fields", "-E", "occurrence=f"] + fields.flatMap { ["-e", $0] })
        #expect(run.status == 0, "\(run.stderr)")
        return run.stdout.split(separator: "\n").map { $0.split(separator: "\t", omittingEmptySubsequences: false).map(String.init) }
    }
}
