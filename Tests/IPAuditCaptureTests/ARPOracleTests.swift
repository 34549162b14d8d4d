import Foundation
import Testing
@testable import IPAuditCapture

/// ARP bindings checked against tcpdump's own ARP dissector, frame by frame, on the fixtures
/// of issue 11 (LLC/SNAP, loopback, the one-request duplicate, planted leaks).
@Suite struct ARPOracleTests {
    /// "sender-address sender-MAC" of every ARP request and reply tcpdump prints with a
    /// sender address (probes from 0.0.0.0 are not claims).
    static func tcpdumpSenders(_ file: String) throws -> Set<String> {
        let text = try Tcpdump.output(["-nn", "-e", "-r", file, "arp or (len <= 1500 and ether[14:2] = 0xaaaa)"])
        var senders = Set<String>()
        for line in text.split(separator: "\n") {
            let words = line.split(separator: " ").map(String.init)
            guard words.count > 2 else { continue }
            let ethernetSource = words[1]
            if let tell = words.firstIndex(of: "tell"), tell + 1 < words.count {
                let address = words[tell + 1].trimmingCharacters(in: CharacterSet(charactersIn: ","))
                if address != "0.0.0.0" { senders.insert("\(address) \(ethernetSource)") }
            } else if let reply = words.firstIndex(of: "Reply"), reply + 3 < words.count, words[reply + 2] == "is-at" {
                senders.insert("\(words[reply + 1]) \(words[reply + 3].trimmingCharacters(in: CharacterSet(charactersIn: ",")))")
            }
        }
        return senders
    }

    @Test(.requires(.tcpdump), arguments: ["arp-snap.pcap", "duplicate-one-request.pcap", "host-leaks.pcap", "lo-ethernet.pcap"])
    func ipv4BindingsAreTheARPSendersTcpdumpSees(_ file: String) throws {
        let expected = try Self.tcpdumpSenders(Fixture.pcap(file))
        #expect(!expected.isEmpty)
        let result = try FixtureVerdictTests.scan(file)
        let seen = Set(result.observations.filter { $0.address.family == 4 }.map { "\($0.address) \($0.mac)" })
        #expect(seen == expected)
    }
}
