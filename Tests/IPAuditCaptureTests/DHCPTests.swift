import IPAuditKit
import Foundation
import IPCore
import Testing
@testable import IPAuditCapture

/// DHCPACKs as on-link evidence, checked against tcpdump's own DHCP dissector.
@Suite struct DHCPTests {
    /// (yiaddr, chaddr) of every DHCPACK tcpdump shows delivered to the client port 68 in a
    /// frame addressed to the client's MAC or broadcast (a routed one crosses this link only).
    static func tcpdumpAcks(_ file: String) throws -> Set<String> {
        let text = try Tcpdump.output(["-nn", "-e", "-v", "-r", file])
        var acks = Set<String>()
        // One packet: an unindented header line, then indented detail lines.
        var packet: [String] = []
        func flush() {
            defer { packet = [] }
            guard let header = packet.first(where: { $0.contains("BOOTP/DHCP") }), header.contains(".68: "),
                  packet.contains(where: { $0.contains("DHCP-Message (53), length 1: ACK") }),
                  let ip = packet.first(where: { $0.contains("Your-IP ") })?.split(separator: " ").last,
                  let mac = packet.first(where: { $0.contains("Client-Ethernet-Address ") })?.split(separator: " ").last,
                  let arrow = packet.first?.range(of: " > ")
            else { return }
            // "TIME SRC > DST, ethertype ...": the Ethernet destination.
            let destination = packet[0][arrow.upperBound...].prefix { $0 != "," }
            guard destination == "ff:ff:ff:ff:ff:ff" || destination == mac else { return }
            acks.insert("\(ip) \(mac)")
        }
        for line in text.split(separator: "\n").map(String.init) {
            if !line.hasPrefix(" ") && !line.hasPrefix("\t") { flush() }
            packet.append(line)
        }
        flush()
        return acks
    }

    @Test(.requires(.tcpdump), arguments: ["dhcp-ack-bindings.pcap", "dhcp-ack-conflict.pcap", "dhcp-ack-reassign.pcap"])
    func bindingsAreExactlyTheACKsTcpdumpSees(file: String) throws {
        let expected = try Self.tcpdumpAcks(Fixture.pcap(file))
        #expect(!expected.isEmpty)
        let result = try FixtureVerdictTests.scan(file)
        // Bindings that only a DHCPACK can explain: the fixtures' DHCP clients never ARP in
        // dhcp-ack-bindings, so there every observation must come from an ACK.
        let seen = Set(result.observations.map { "\($0.address) \($0.mac)" })
        #expect(expected.isSubset(of: seen), "\(expected) vs \(seen)")
        if file == "dhcp-ack-bindings.pcap" {
            #expect(seen == expected)
            #expect(expected == ["10.0.0.91 02:00:00:00:00:91", "10.0.0.95 02:00:00:00:00:95",
                                 "10.0.0.98 02:00:00:00:00:96"])
        }
        #expect(result.report.stats["dhcp_acks"] == .int(expected.count))
    }

    @Test func truncatedOrOddRepliesAreNotACKs() throws {
        // A valid ACK, then shorter cuts of it: no crash, and no ACK until the message-type
        // option (the first option, after UDP 8 + BOOTP 236 + cookie 4 bytes) is whole.
        let bootp = try Self.ackBytes()
        let udp = Frames.be16(67) + Frames.be16(68) + Frames.be16(UInt16(8 + bootp.count)) + [0, 0] + bootp
        func frame(_ payload: [UInt8]) -> [UInt8] {
            var ip = Array(Frames.ipv4Header(src: "10.0.0.2", dst: "255.255.255.255").prefix(20))
            ip[2] = UInt8((20 + payload.count) >> 8); ip[3] = UInt8((20 + payload.count) & 0xff)
            return Frames.ethernet(src: "02:00:00:00:00:53", type: 0x0800, payload: ip + payload)
        }
        guard case .dhcpAck(_, let address, let client, _) = try Frames.decode(frame(udp)).event else {
            Issue.record("a whole ACK must decode"); return
        }
        #expect(address == (try IPv4Address("10.0.0.91")) && client == MACAddress("02:00:00:00:00:91"))
        for cut in stride(from: 0, to: udp.count, by: 7) {
            let event = try Frames.decode(frame(Array(udp[0..<cut]))).event
            if case .dhcpAck = event, cut < 8 + 240 + 3 { Issue.record("a \(cut)-byte cut decoded as an ACK") }
        }
        var wrongCookie = udp
        wrongCookie[8 + 236] = 0
        if case .dhcpAck = try Frames.decode(frame(wrongCookie)).event { Issue.record("no magic cookie, yet an ACK") }
        var toServerPort = udp
        toServerPort[3] = 67
        if case .dhcpAck = try Frames.decode(frame(toServerPort)).event { Issue.record("relay copy taken as on-link") }
    }

    /// The BOOTP part of the first ACK in the committed fixture.
    static func ackBytes() throws -> [UInt8] {
        let data = try Data(contentsOf: URL(fileURLWithPath: Fixture.pcap("dhcp-ack-bindings.pcap")))
        // pcap header 24, record header 16, Ethernet 14, IPv4 20, UDP 8; BOOTP runs to the IP total length.
        let ipStart = 24 + 16 + 14
        let total = Int(data[ipStart + 2]) << 8 | Int(data[ipStart + 3])
        return Array(data[(ipStart + 28)..<(ipStart + total)])
    }
}
