import IPAuditKit
import IPCore
import Testing
@testable import IPAuditCapture

/// ARP in 802.3 LLC/SNAP frames with hardware type 6 (IEEE 802), as RFC 1042 stacks send it
/// (issue 22): it binds like hardware type 1.
@Suite struct IEEE802ARPTests {
    static func snapARP(op: UInt16, sha: String, spa: String, tpa: String, hardwareType: UInt16 = 6) -> [UInt8] {
        var arp = Frames.arp(op: op, sha: sha, spa: spa, tpa: tpa)
        arp[0] = UInt8(hardwareType >> 8); arp[1] = UInt8(hardwareType & 0xff)
        let body: [UInt8] = [0xaa, 0xaa, 0x03, 0, 0, 0, 0x08, 0x06] + arp
        return Frames.mac("ff:ff:ff:ff:ff:ff") + Frames.mac(sha) + Frames.be16(UInt16(body.count)) + body + [UInt8](repeating: 0, count: 10)
    }

    static var conflict: [TimedFrame] {
        [TimedFrame(1_700_000_000, snapARP(op: 2, sha: "02:00:00:00:00:3a", spa: "10.0.0.33", tpa: "10.0.0.1")),
         TimedFrame(1_700_000_000.5, snapARP(op: 2, sha: "02:00:00:00:00:3b", spa: "10.0.0.33", tpa: "10.0.0.1"))]
    }

    @Test("tshark reads the frames as 802.3 LLC/SNAP ARP with hardware type 6", .requires(.tshark))
    func tsharkAgrees() throws {
        let rows = try LinkFrames.tshark(Self.conflict, fields: ["llc.dsap", "arp.hw.type", "arp.src.hw_mac", "arp.src.proto_ipv4"])
        #expect(rows.map { $0[1] } == ["6", "6"])
        #expect(rows.map { $0[3] } == ["10.0.0.33", "10.0.0.33"])
        #expect(rows.allSatisfy { $0[0] == "0xaa" })
    }

    @Test("Hardware type 6 binds as 1 does: two MACs answering for one address are a duplicate")
    func ieee802ARPBinds() {
        let a = LinkFrames.analyze(Self.conflict)
        #expect(LinkFrames.summary(a.findings()) == ["duplicate-address 10.0.0.33"])
        #expect(a.counters.arp == 2)
    }

    @Test("Other hardware types are still not bindings")
    func otherHardwareTypesAreNot() throws {
        for type: UInt16 in [7, 15, 0] {
            let frame = Self.snapARP(op: 2, sha: "02:00:00:00:00:3a", spa: "10.0.0.33", tpa: "10.0.0.1", hardwareType: type)
            #expect(try Frames.decode(frame).event == .other(etherType: 0x0806))
        }
    }
}
