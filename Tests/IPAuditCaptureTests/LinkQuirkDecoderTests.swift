import IPCore
import Testing
@testable import IPAuditCapture

/// Link-layer quirks at the decoder: LLC/SNAP, loopback devices, IPv6 bounded by its payload length.
@Suite struct LinkQuirkDecoderTests {
    static let arpBody = Frames.arp(op: 2, sha: "02:00:00:00:00:3a", spa: "10.0.0.33", tpa: "10.0.0.1")

    static func snap(_ llc: [UInt8], payload: [UInt8]) -> [UInt8] {
        let body = llc + payload
        return Frames.mac("ff:ff:ff:ff:ff:ff") + Frames.mac("02:00:00:00:00:3a") + Frames.be16(UInt16(body.count)) + body
    }

    @Test func snapARPIsARP() throws {
        let frame = Self.snap([0xaa, 0xaa, 0x03, 0, 0, 0, 0x08, 0x06], payload: Self.arpBody) + [UInt8](repeating: 0, count: 8)
        guard case .arp(let m) = try Frames.decode(frame).event else { Issue.record("not ARP"); return }
        #expect(m.senderIP == IPv4Address(10, 0, 0, 33))
        #expect(m.senderMAC.description == "02:00:00:00:00:3a")
    }

    @Test func otherLLCIsNotOurs() throws {
        let netbeui = Self.snap([0xf0, 0xf0, 0x03], payload: [UInt8](repeating: 0x20, count: 40))
        #expect(try Frames.decode(netbeui).event == .other(etherType: 43))
        let cutSNAP = Self.snap([0xaa, 0xaa, 0x03, 0], payload: [])
        #expect(throws: DecodeError.truncatedLLC) { try Frames.decode(cutSNAP) }
    }

    @Test func loopbackDevicesAreRecognised() throws {
        let lo = Frames.ethernet(dst: "00:00:00:00:00:00", src: "00:00:00:00:00:00", type: 0x0800,
                                 payload: Frames.ipv4Header(src: "127.0.0.53", dst: "127.0.0.1"))
        #expect(try Frames.decode(lo).event == .loopback)
        // Linux cooked v1 from `any`: hardware type 772 (ARPHRD_LOOPBACK).
        let cooked: [UInt8] = [0, 0] + Frames.be16(772) + Frames.be16(6) + [UInt8](repeating: 0, count: 8) + Frames.be16(0x0800)
            + Frames.ipv4Header(src: "127.0.0.53", dst: "127.0.0.1")
        #expect(try Frames.decode(cooked, .linuxCooked).event == .loopback)
        // BSD loopback: 127/8 is lo0's; other addresses are utun's traffic and decoded.
        let null: [UInt8] = [2, 0, 0, 0]
        #expect(try Frames.decode(null + Frames.ipv4Header(src: "127.0.0.1", dst: "127.0.0.1"), .bsdLoopback).event == .loopback)
        #expect(try Frames.decode(null + Frames.ipv4Header(src: "10.8.0.2", dst: "10.8.0.1"), .bsdLoopback).event
                == .ipv4(source: IPv4Address(10, 8, 0, 2), destination: IPv4Address(10, 8, 0, 1)))
        #expect(throws: DecodeError.truncatedLoopback) { try Frames.decode([2, 0], .bsdLoopback) }
    }

    @Test func ndpIgnoresBytesAfterThePayload() throws {
        let na = Frames.neighborAdvertisement(target: "fd00::7", targetLinkLayer: "02:00:00:00:00:71")
        let frame = Frames.ethernet(src: "02:00:00:00:00:71", type: 0x86dd,
                                    payload: Frames.ipv6Header(src: "fd00::7", dst: "ff02::1", next: 58, payload: na)) + [0xde, 0xad, 0xbe, 0xef]
        guard case .neighborAdvertisement(_, _, let tlla, _) = try Frames.decode(frame).event else { Issue.record("not an NA"); return }
        #expect(tlla?.description == "02:00:00:00:00:71")
    }

    @Test func ndpOfPayloadLengthZeroBindsNothing() throws {
        let ns = Frames.neighborSolicitation(target: "fd00::9", sourceLinkLayer: "02:00:00:00:00:72")
        var ip = Frames.ipv6Header(src: "fd00::8", dst: "ff02::1:ff00:9", next: 58, payload: ns)
        ip[4] = 0; ip[5] = 0
        #expect(throws: DecodeError.truncatedICMPv6) { try Frames.decode(Frames.ethernet(src: "02:00:00:00:00:72", type: 0x86dd, payload: ip)) }
    }

    @Test func fastPathLeavesLoopbackToTheFullPath() {
        let lo = Frames.ethernet(dst: "00:00:00:00:00:00", src: "00:00:00:00:00:00", type: 0x0800,
                                 payload: Frames.ipv4Header(src: "10.0.0.1", dst: "10.0.0.2") + [UInt8](repeating: 0, count: 20))
        var a = WireAnalyzer(domainBase: "t")
        lo.withUnsafeBytes { a.process($0, linkType: .ethernet, time: 0, frame: 1) }
        #expect(a.counters.loopbackFrames == 1)
        #expect(a.counters.ipv4 == 0)
    }
}
