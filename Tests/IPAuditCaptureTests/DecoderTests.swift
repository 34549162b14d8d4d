import IPAuditKit
import IPCore
import Testing
@testable import IPAuditCapture

@Suite struct DecoderTests {
    @Test func ethernetARPReply() throws {
        let frame = Frames.ethernet(src: "02:00:00:00:00:0a", type: 0x0806,
                                    payload: Frames.arp(op: 2, sha: "02:00:00:00:00:0a", spa: "10.0.0.5", tpa: "10.0.0.1"))
        let d = try Frames.decode(frame)
        #expect(d.linkSource == MACAddress("02:00:00:00:00:0a"))
        #expect(d.vlans.isEmpty)
        guard case .arp(let m) = d.event else { Issue.record("not ARP: \(d.event)"); return }
        #expect(m.operation == 2)
        #expect(m.senderIP == IPv4Address(10, 0, 0, 5))
        #expect(m.targetIP == IPv4Address(10, 0, 0, 1))
        #expect(!m.isProbe && !m.isGratuitous)
    }

    @Test func probeAndAnnouncementAreRecognised() throws {
        let probe = Frames.arp(op: 1, sha: "02:00:00:00:00:01", spa: "0.0.0.0", tpa: "10.0.0.9")
        let announce = Frames.arp(op: 1, sha: "02:00:00:00:00:01", spa: "10.0.0.9", tpa: "10.0.0.9")
        guard case .arp(let p) = try Frames.decode(Frames.ethernet(src: "02:00:00:00:00:01", type: 0x0806, payload: probe)).event,
              case .arp(let a) = try Frames.decode(Frames.ethernet(src: "02:00:00:00:00:01", type: 0x0806, payload: announce)).event
        else { Issue.record("not ARP"); return }
        #expect(p.isProbe && !p.isGratuitous)
        #expect(a.isGratuitous && !a.isProbe)
    }

    @Test func stackedQinQTagsAreKeptOutermostFirst() throws {
        let frame = Frames.ethernet(src: "02:00:00:00:00:0a", type: 0x0806, vlans: [(0x88a8, 100), (0x8100, 20)],
                                    payload: Frames.arp(op: 2, sha: "02:00:00:00:00:0a", spa: "10.0.0.5", tpa: "10.0.0.1"))
        let d = try Frames.decode(frame)
        #expect(d.vlans.ids == [100, 20])
        #expect(d.vlans.description == "/vlan:100/vlan:20")
        if case .arp = d.event {} else { Issue.record("tagged ARP not decoded") }
    }

    @Test func fiveTagsAreTooMany() {
        let tags: [(UInt16, UInt16)] = (1...5).map { (0x8100, UInt16($0)) }
        let frame = Frames.ethernet(src: "02:00:00:00:00:0a", type: 0x0800, vlans: tags, payload: Frames.ipv4Header(src: "10.0.0.1", dst: "10.0.0.2"))
        #expect(throws: DecodeError.tooManyVLANTags) { try Frames.decode(frame) }
    }

    @Test func linuxCookedV1AndV2CarryTheSenderMAC() throws {
        let arp = Frames.arp(op: 2, sha: "02:00:00:00:00:0b", spa: "10.0.0.5", tpa: "10.0.0.1")
        let v1: [UInt8] = [0, 0, 0, 1, 0, 6] + Frames.mac("02:00:00:00:00:0b") + [0, 0] + [0x08, 0x06] + arp
        let v2: [UInt8] = [0x08, 0x06, 0, 0, 0, 0, 0, 2, 0, 1, 0, 6] + Frames.mac("02:00:00:00:00:0b") + [0, 0] + arp
        for (bytes, link) in [(v1, LinkType.linuxCooked), (v2, .linuxCooked2)] {
            let d = try Frames.decode(bytes, link)
            #expect(d.linkSource == MACAddress("02:00:00:00:00:0b"))
            guard case .arp(let m) = d.event else { Issue.record("\(link): not ARP"); continue }
            #expect(m.senderIP == IPv4Address(10, 0, 0, 5))
        }
    }

    @Test func rawIPPicksTheFamilyFromTheVersionNibble() throws {
        let v4 = try Frames.decode(Frames.ipv4Header(src: "127.0.0.1", dst: "10.0.0.1"), .rawIP)
        #expect(v4.event == .ipv4(source: IPv4Address(127, 0, 0, 1), destination: IPv4Address(10, 0, 0, 1)))
        #expect(v4.linkSource == nil)
        let v6 = try Frames.decode(Frames.ipv6Header(src: "::1", dst: "fd00::1", next: 59, payload: []), .rawIP)
        #expect(v6.event == .ipv6(source: try IPv6Address("::1"), destination: try IPv6Address("fd00::1")))
        #expect(throws: DecodeError.badIPVersion) { try Frames.decode([0x50] + [UInt8](repeating: 0, count: 30), .rawIP) }
    }

    @Test func neighborSolicitationBehindExtensionHeaders() throws {
        // hop-by-hop (8 bytes) then destination options (16 bytes) then ICMPv6
        let hbh: [UInt8] = [60, 0, 1, 4, 0, 0, 0, 0]
        let dst: [UInt8] = [58, 1] + [UInt8](repeating: 0, count: 14)
        let ns = Frames.neighborSolicitation(target: "fd00::2", sourceLinkLayer: "02:00:00:00:00:01")
        let frame = Frames.ethernet(src: "02:00:00:00:00:01", type: 0x86dd,
                                    payload: Frames.ipv6Header(src: "fd00::1", dst: "ff02::1:ff00:2", next: 0, payload: hbh + dst + ns))
        let d = try Frames.decode(frame)
        #expect(d.event == .neighborSolicitation(source: try IPv6Address("fd00::1"), target: try IPv6Address("fd00::2"),
                                                 sourceLinkLayer: MACAddress("02:00:00:00:00:01")))
    }

    @Test func neighborAdvertisementWithoutOptionAndItsFlags() throws {
        let na = Frames.neighborAdvertisement(target: "fd00::5", targetLinkLayer: nil, flags: 0x60)
        let frame = Frames.ethernet(src: "02:00:00:00:00:05", type: 0x86dd,
                                    payload: Frames.ipv6Header(src: "fd00::5", dst: "ff02::1", next: 58, payload: na))
        guard case .neighborAdvertisement(_, let target, let option, let flags) = try Frames.decode(frame).event else {
            Issue.record("not an NA"); return
        }
        #expect(target == (try IPv6Address("fd00::5")))
        #expect(option == nil)
        #expect(flags == [.solicited, .override])
    }

    @Test func ndpThatCrossedARouterIsNotBelieved() throws {
        let na = Frames.neighborAdvertisement(target: "fd00::5", targetLinkLayer: "02:00:00:00:00:05")
        let frame = Frames.ethernet(src: "02:00:00:00:00:05", type: 0x86dd,
                                    payload: Frames.ipv6Header(src: "fd00::5", dst: "ff02::1", next: 58, hopLimit: 254, payload: na))
        if case .ipv6 = try Frames.decode(frame).event {} else { Issue.record("hop limit 254 NA was taken as NDP") }
    }

    @Test func zeroLengthNDPOptionIsAnError() {
        let ns: [UInt8] = [135, 0, 0, 0, 0, 0, 0, 0] + Frames.ipv6("fd00::2") + [1, 0, 0, 0, 0, 0, 0, 0]
        let frame = Frames.ethernet(src: "02:00:00:00:00:01", type: 0x86dd,
                                    payload: Frames.ipv6Header(src: "fd00::1", dst: "ff02::1", next: 58, payload: ns))
        #expect(throws: DecodeError.badNDPOption) { try Frames.decode(frame) }
    }

    @Test func nonFirstFragmentStopsTheWalk() throws {
        let fragment: [UInt8] = [58, 0, 0x00, 0x08, 0, 0, 0, 1]   // offset 1 (×8 bytes)
        let frame = Frames.ethernet(src: "02:00:00:00:00:01", type: 0x86dd,
                                    payload: Frames.ipv6Header(src: "fd00::1", dst: "fd00::2", next: 44, payload: fragment + [136, 0]))
        if case .ipv6 = try Frames.decode(frame).event {} else { Issue.record("a non-first fragment was parsed as ICMPv6") }
    }

    /// Every prefix of every valid frame decodes or throws: never a trap, never a read past the end.
    @Test(arguments: [LinkType.ethernet, .linuxCooked, .linuxCooked2, .rawIP])
    func everyTruncationIsCountedNotFatal(link: LinkType) throws {
        let ns = Frames.neighborSolicitation(target: "fd00::2", sourceLinkLayer: "02:00:00:00:00:01")
        let samples: [[UInt8]] = [
            Frames.ethernet(src: "02:00:00:00:00:01", type: 0x0806, vlans: [(0x88a8, 1), (0x8100, 2)],
                            payload: Frames.arp(op: 1, sha: "02:00:00:00:00:01", spa: "10.0.0.1", tpa: "10.0.0.2")),
            Frames.ethernet(src: "02:00:00:00:00:01", type: 0x86dd,
                            payload: Frames.ipv6Header(src: "fd00::1", dst: "ff02::1", next: 0, payload: [58, 0, 1, 4, 0, 0, 0, 0] + ns)),
            Frames.ethernet(src: "02:00:00:00:00:01", type: 0x0800, payload: Frames.ipv4Header(src: "10.0.0.1", dst: "10.0.0.2")),
        ]
        var errors = 0
        for sample in samples {
            let full = link == .rawIP ? Array(sample.dropFirst(14)) : sample
            for length in 0..<full.count {
                // Copy into an exactly sized buffer so a read past the end would hit unowned memory.
                let prefix = Array(full.prefix(length))
                do { _ = try Frames.decode(prefix, link) } catch { errors += 1 }
            }
        }
        #expect(errors > 0)
    }

    @Test func macAddressTextRoundTrip() {
        let m = MACAddress("00:00:5E:00:01:0A")
        #expect(m?.description == "00:00:5e:00:01:0a")
        #expect(MACAddress("00-00-5e-00-01-0a") == m)
        #expect(MACAddress("00:00:5e:00:01") == nil)
        #expect(MACAddress("00:00:5e:00:01:0g") == nil)
        #expect(FHRP(mac: m!) == .vrrpIPv4)
        #expect(FHRP(mac: MACAddress("00:00:0c:9f:f0:0a")!) == .hsrpV2)
        #expect(FHRP(mac: MACAddress("00:07:b4:00:01:02")!) == .glbp)
        #expect(FHRP(mac: MACAddress("02:00:00:00:00:01")!) == nil)
    }
}
