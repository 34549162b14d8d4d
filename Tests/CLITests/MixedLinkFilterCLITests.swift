import Foundation
import Testing

/// `--filter` on a pcapng mixing link types (issue 22): Ethernet and BSD loopback, as a Mac
/// capturing on en0 and utun0 writes it. A filter libpcap refuses for one interface's link type
/// (`arp`, `ether host`: "expression rejects all packets") matches nothing there; it is an error
/// only when it rejects every interface, or does not compile at all.
@Suite struct MixedLinkFilterCLITests {
    static let ethernet = PcapngWriter.Interface(linkType: 1, name: "en0")
    static let loopback = PcapngWriter.Interface(linkType: 0, name: "utun0")

    static func mac(_ text: String) -> [UInt8] { text.split(separator: ":").map { UInt8($0, radix: 16)! } }
    static func ip(_ text: String) -> [UInt8] { text.split(separator: ".").map { UInt8($0)! } }

    /// An ARP reply on Ethernet: `sha` answers for `spa`.
    static func arpReply(_ sha: String, _ spa: String) -> [UInt8] {
        mac("ff:ff:ff:ff:ff:ff") + mac(sha) + [0x08, 0x06, 0, 1, 0x08, 0, 6, 4, 0, 2] + mac(sha) + ip(spa) + [UInt8](repeating: 0, count: 6) + ip("10.0.0.1")
    }

    /// A UDP datagram on DLT_NULL (family 2, AF_INET, in the writer's byte order).
    static func tunnelDatagram(_ src: String, _ dst: String) -> [UInt8] {
        [2, 0, 0, 0, 0x45, 0, 0, 28, 0, 0, 0, 0, 64, 17, 0, 0] + ip(src) + ip(dst) + [0, 53, 0, 53, 0, 8, 0, 0]
    }

    static func write(_ interfaces: [PcapngWriter.Interface], _ packets: [(Int, [UInt8])], in dir: URL) throws -> String {
        let path = dir.appendingPathComponent("mixed.pcapng").path
        try PcapngWriter.write(interfaces: interfaces, packets: packets.map { (interface: $0.0, frame: $0.1) }, to: path)
        return path
    }

    static var mixedPackets: [(Int, [UInt8])] {
        [(1, tunnelDatagram("10.8.0.2", "10.8.0.1")), (0, arpReply("02:00:00:00:00:0a", "10.0.0.5")),
         (1, tunnelDatagram("10.8.0.1", "10.8.0.2")), (0, arpReply("02:00:00:00:00:0b", "10.0.0.5"))]
    }

    @Test("tshark sees an Ethernet and a BSD loopback interface", .requires(.tshark))
    func tsharkAgrees() throws {
        let dir = try CLIRunner.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let path = try Self.write([Self.ethernet, Self.loopback], Self.mixedPackets, in: dir)
        let run = try CLIRunner.runExecutable("/usr/bin/env", ["tshark", "-r", path, "-T", "fields", "-e", "frame.interface_name", "-e", "frame.protocols"])
        #expect(run.status == 0, "\(run.stderr)")
        #expect(run.stdout.split(separator: "\n") == ["utun0\tnull:ip:udp", "en0\teth:ethertype:arp", "utun0\tnull:ip:udp", "en0\teth:ethertype:arp"])
    }

    @Test("--filter arp and --filter 'ether host' read the Ethernet interface and skip the loopback one")
    func linkTypeSpecificFilterMatchesNothingThere() throws {
        let dir = try CLIRunner.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let path = try Self.write([Self.ethernet, Self.loopback], Self.mixedPackets, in: dir)
        for filter in ["arp", "ether host 02:00:00:00:00:0a or ether host 02:00:00:00:00:0b"] {
            let r = try CLIRunner.run(["scan", "--read", path, "--filter", filter, "--format", "json"])
            #expect(r.status == 1, "\(filter): \(r.stderr)")
            #expect(!r.stderr.contains("rejects all packets"))
            let doc = try ScanCommandTests.json(r.stdout)
            #expect((doc["findings"] as? [[String: Any]])?.map { $0["rule"] as? String } == ["duplicate-address"])
            #expect((doc["stats"] as? [String: Any])?["arp"] as? Int == 2)
            #expect((doc["stats"] as? [String: Any])?["ipv4"] as? Int == 0)
        }
        // A filter every interface can compile still applies to both.
        let udp = try CLIRunner.run(["scan", "--read", path, "--filter", "udp", "--format", "json"])
        #expect(udp.status == 0, "\(udp.stderr)")
        #expect((try ScanCommandTests.json(udp.stdout)["stats"] as? [String: Any])?["ipv4"] as? Int == 2)
    }

    @Test("Rejected on every interface, or not an expression at all: exit 2 naming the filter")
    func filtersThatMatchNowhereAreErrors() throws {
        let dir = try CLIRunner.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let onlyTunnels = try Self.write([Self.loopback, PcapngWriter.Interface(linkType: 0, name: "utun1")],
                                         [(0, Self.tunnelDatagram("10.8.0.2", "10.8.0.1")), (1, Self.tunnelDatagram("10.9.0.2", "10.9.0.1"))], in: dir)
        let nowhere = try CLIRunner.run(["scan", "--read", onlyTunnels, "--filter", "arp"])
        #expect(nowhere.status == 2)
        #expect(nowhere.stderr.contains("--filter 'arp'") && nowhere.stderr.contains("rejects all packets"), "\(nowhere.stderr)")
        let mixed = try Self.write([Self.ethernet, Self.loopback], Self.mixedPackets, in: dir)
        let broken = try CLIRunner.run(["scan", "--read", mixed, "--filter", "arp and"])
        #expect(broken.status == 2)
        #expect(broken.stderr.contains("--filter 'arp and'"), "\(broken.stderr)")
    }
}
