import IPAuditKit
import IPCore
import Testing
@testable import IPAuditCapture

/// A duplicate called a move (issue 22): a printer with a static address announces it three
/// seconds after a phone's last ARP for it, and the phone goes on sending 163 frames from that
/// address and MAC. A MAC sourcing the address in its IP headers is not silent.
@Suite struct DuplicateStillTalkingTests {
    static let phone = "a4:83:e7:11:22:33", printer = "00:80:77:44:55:66", peer = "02:00:00:00:00:09"
    static let address = "10.0.0.40"
    static let t0 = 1_700_000_000.0

    /// The phone ARPs for its peer (t0…t0+10), the printer announces at +13, then the phone's
    /// traffic: `phoneFrames` datagrams from the address, from +13.5 on.
    static func capture(phoneFrames: Int) -> [TimedFrame] {
        var frames = (0...5).map { TimedFrame(t0 + Double($0) * 2, LinkFrames.arpFrame(op: 1, sha: phone, spa: address, tpa: "10.0.0.9")) }
        frames.append(TimedFrame(t0 + 13, LinkFrames.arpFrame(op: 1, sha: printer, spa: address, tpa: address)))
        for i in 0..<phoneFrames {
            frames.append(TimedFrame(t0 + 13.5 + Double(i) * 0.25,
                                     LinkFrames.udp(src: address, srcMAC: phone, dst: "10.0.0.9", dstMAC: peer, sport: 5060, dport: 5060)))
        }
        return frames
    }

    @Test("tshark: the printer's announcement 3 s after the phone's last ARP, then 163 frames from the phone's MAC and the address",
          .requires(.tshark))
    func tsharkAgrees() throws {
        let rows = try LinkFrames.tshark(Self.capture(phoneFrames: 163), fields: ["frame.time_relative", "eth.src", "arp.src.proto_ipv4", "ip.src"])
        let arps = rows.filter { !$0[2].isEmpty }
        #expect(arps.last?[1] == Self.printer && arps.last?[2] == Self.address)
        let phoneLast = try #require(arps.last { $0[1] == Self.phone }.flatMap { Double($0[0]) })
        #expect(Double(arps.last![0])! - phoneLast == 3)
        #expect(rows.filter { $0[1] == Self.phone && $0[3] == Self.address }.count == 163)
    }

    @Test("The phone keeps talking: duplicate-address, not address-moved")
    func talkingPhoneIsADuplicate() {
        let findings = LinkFrames.analyze(Self.capture(phoneFrames: 163)).findings()
        #expect(LinkFrames.summary(findings) == ["duplicate-address \(Self.address)"])
        let claims = findings.first?.evidence["claims"]
        guard case .array(let list)? = claims, case .object(let phone)? = list.first else { Issue.record("no claims"); return }
        #expect(phone["mac"] == .string(Self.phone))
        // Its six ARPs and the 163 datagrams it sent once the address was contested.
        #expect(phone["frames"] == .int(6 + 163))
        // The bindings table says how each was heard.
        let rows = LinkFrames.analyze(Self.capture(phoneFrames: 163)).bindings().rows
        #expect(rows.map { "\($0.observation.mac) \($0.methods.names)" } == ["\(Self.phone) [\"arp\", \"ip-source\"]", "\(Self.printer) [\"arp\"]"])
    }

    @Test("The phone fell silent for good: a real move, address-moved")
    func silentPhoneIsAMove() {
        #expect(LinkFrames.summary(LinkFrames.analyze(Self.capture(phoneFrames: 0)).findings()) == ["address-moved \(Self.address)"])
    }

    @Test("Traffic from the old MAC before the newcomer's claim does not undo a move; a third MAC's sourcing binds nothing")
    func onlyClaimantsAfterTheClaimCount() {
        var frames = Self.capture(phoneFrames: 0)
        // The phone talked up to its last ARP (t0+10): silent 3 s when the printer came.
        frames.insert(TimedFrame(Self.t0 + 10, LinkFrames.udp(src: Self.address, srcMAC: Self.phone, dst: "10.0.0.9", dstMAC: Self.peer,
                                                             sport: 1, dport: 2)), at: 6)
        // A router forwarding a packet with that source after the claim is no claimant.
        frames.append(TimedFrame(Self.t0 + 20, LinkFrames.udp(src: Self.address, srcMAC: "02:00:00:00:00:01", dst: "10.0.0.9",
                                                             dstMAC: Self.peer, sport: 1, dport: 2)))
        let a = LinkFrames.analyze(frames)
        #expect(LinkFrames.summary(a.findings()) == ["address-moved \(Self.address)"])
        #expect(Set(a.observations().map(\.mac.description)) == [Self.phone, Self.printer])
    }
}
