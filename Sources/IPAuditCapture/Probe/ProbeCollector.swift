import IPAuditKit
import IPCore

/// Reads what comes back during a probe run and keeps only the answers: ARP packets whose sender
/// is a probed address (replies, and requests defending or announcing it, RFC 5227 §2.1.1) and
/// Neighbor Advertisements for a probed address, on the probed VLAN. Those
/// go through the scanner's own analyzer, so bindings, duplicates, ARP flux, proxy ARP and
/// FHRP virtual MACs are judged by the same code as `scan`. Everything else on the wire (ARP
/// from unprobed addresses, RFC 5227 probes, other VLANs) is ignored: a probe reports on
/// its targets only.
public struct ProbeCollector: Sendable {
    public let ownMAC: MACAddress
    /// The VLAN stack answers must carry: the probes' tag, or none.
    public let vlans: VLANStack
    private let targets: Set<IPAddress>
    private var analyzer: WireAnalyzer
    public private(set) var answered: Set<IPAddress> = []
    /// Answer frames accepted.
    public private(set) var answers = 0
    /// Distinct MACs that answered.
    public private(set) var responders: Set<MACAddress> = []
    /// Frames read that were not answers to our probes.
    public private(set) var otherFrames = 0
    /// `--dhcp`, `--routers`: DHCP answers to this host and Router Advertisements are judged too.
    public var listensForServices = false
    /// Those frames accepted.
    public private(set) var serviceAnswers = 0

    public init(targets: some Sequence<IPAddress>, ownMAC: MACAddress, vlan: Int?, policy: ScanPolicy, domainBase: String) {
        self.targets = Set(targets)
        self.ownMAC = ownMAC
        vlans = VLANStack(vlan.map { [$0] } ?? [])
        analyzer = WireAnalyzer(policy: policy, domainBase: domainBase, scope: .probe)
    }

    public mutating func frame(_ bytes: UnsafeRawBufferPointer, linkType: LinkType, time: Double, frame: Int) {
        guard let decoded = try? FrameDecoder.decode(bytes, linkType: linkType) else { otherFrames += 1; return }
        observe(decoded, time: time, frame: frame)
    }

    public mutating func observe(_ decoded: DecodedFrame, time: Double, frame: Int) {
        if listensForServices, decoded.vlans == vlans, isServiceAnswer(decoded) {
            serviceAnswers += 1
            analyzer.observe(decoded, time: time, frame: frame)
            return
        }
        guard decoded.vlans == vlans, let found = answer(decoded), targets.contains(found.address) else {
            otherFrames += 1
            return
        }
        answers += 1
        answered.insert(found.address)
        responders.insert(found.mac)
        if found.claims { analyzer.observe(decoded, time: time, frame: frame) }
    }

    /// The address an answer speaks for, the MAC it names, and whether it claims the address:
    /// a Neighbor Advertisement with Override clear (RFC 4861 §7.2.7-8: an anycast member or an
    /// NDP proxy) says the address is in use without holding it, so it is never half of a duplicate.
    private func answer(_ decoded: DecodedFrame) -> (address: IPAddress, mac: MACAddress, claims: Bool)? {
        switch decoded.event {
        case .arp(let m):
            // RFC 5227 §2.1.1: any ARP packet, request or reply, whose sender address is the
            // one probed shows it in use: a reply to us, a defence or announcement (a request
            // from the address), a reply to someone else. Probes (sender 0.0.0.0) claim nothing.
            guard m.operation == ARPMessage.reply || m.operation == ARPMessage.request, m.senderIP.bits != 0 else { return nil }
            return (.v4(m.senderIP), m.senderMAC, true)
        case .neighborAdvertisement(_, let target, let targetLinkLayer, let flags):
            guard let mac = targetLinkLayer ?? decoded.linkSource else { return nil }
            return (.v6(target), mac, flags.contains(.override))
        default:
            return nil
        }
    }

    /// The scanner's verdicts on the answers, plus `unresponsive-address` for each expected
    /// address that was probed and never answered, with the number of probes it was sent.
    /// An expected address never probed (the run was stopped first) is no finding: silence
    /// nobody asked for says nothing. After an interrupted run no address is judged silent at
    /// all, since its last probe may not have had its wait.
    public func findings(expected: Set<IPAddress>, probesSent: [IPAddress: Int], interrupted: Bool) -> [Finding] {
        let domain = analyzer.domainBase + vlans.description
        let silent = interrupted ? [] : expected.subtracting(answered).sorted()
        return analyzer.findings() + silent.compactMap { address in
            guard let probes = probesSent[address], probes > 0 else { return nil }
            return UnresponsiveAddressRule.finding(address, domain: domain, probes: probes, vlan: vlans.ids)
        }
    }

    /// Who answered `--dhcp` and `--routers` (see `servicesHeard`).
    var analyzerServices: LinkServices { analyzer.services }

    /// One observation per (address, MAC) that answered, for `--save`.
    public func observations() -> [Observation] { analyzer.observations() }

    /// The verdicts on the answers (not `unresponsive-address`: no binding's) and the link the
    /// run covered from `start` to `end` (wall clock), for `--save`. A probe judges only its
    /// targets, so its verdicts are kept apart from a scan's of the same link (scope
    /// `probe:DOMAIN`): the next probe supersedes those on its targets only, and a scan of the
    /// domain those on the addresses it saw bound and did not raise. `probesSent`: a target
    /// never probed (the run was stopped first) was not judged, so its verdicts stand.
    public func evaluation(linkPrefixes: [IPPrefix], start: Double, end: Double, probesSent: [IPAddress: Int]? = nil) -> WireEvaluation {
        let domain = analyzer.domainBase + vlans.description
        let judged = probesSent.map { sent in targets.filter { (sent[$0] ?? 0) > 0 || answered.contains($0) } } ?? targets
        return WireEvaluation(verdicts: [DomainVerdicts(scope: VerdictClosure.probeScope(domain), findings: analyzer.findings(), targets: judged)],
                              coverage: linkPrefixes.map { LinkCoverage(domain: domain, prefix: $0, firstWatched: start, lastWatched: end) },
                              time: end)
    }
}
