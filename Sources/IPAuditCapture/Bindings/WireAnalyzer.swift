import IPAuditKit
import IPCore

/// The scanner's state machine: frames in (in capture order), bindings and side records kept,
/// findings out at the end. Binds only from on-link evidence (ARP sender fields, NS source +
/// SLLA option, NA target + TLLA option or link source, a DHCPACK's yiaddr + chaddr on the
/// client's segment, a DHCPv6 REPLY's leases + the client's MAC); IP headers feed the
/// unroutable check only.
///
/// A value type driven from one loop, so the hot path has no locks and no reference counting.
public struct WireAnalyzer: Sendable {
    public let policy: ScanPolicy
    /// `"<host>/<iface>"`: the L2 domain name before the VLAN suffix.
    public let domainBase: String
    /// The tool whose registered wire rules judge what it keeps: `scan` (and `scan --watch`) or `probe`.
    public let scope: Rule.Scope
    public private(set) var counters = ScanCounters()
    /// Which untagged IP frames no registered decoder needs (folded once, read per frame).
    private let fastPath = DecoderRegistry.fastPath
    private(set) var entries: [BindingKey: BindingEntry] = [:]
    private(set) var mismatches: [MismatchKey: SourceRecord] = [:]
    private(set) var unroutableSources: [BindingKey: SourceRecord] = [:]
    /// Sources outside `--routable` per carrying MAC, judged at the end if the MAC is a host's.
    private(set) var hostSources: [HostSourceKey: SourceRecord] = [:]
    /// MACs that showed themselves routers (RA, NA router flag, next hop of off-link traffic).
    private(set) var routerSigns: [DomainMAC: RouterSign] = [:]
    /// Distinct foreign sources kept per carrying MAC, up to `routerSourceThreshold`.
    private var foreignSourceCounts: [DomainMAC: Int] = [:]
    /// The first carriers found to be routers: most frames of a capture are theirs, and a
    /// compare with these spares the hash of a table lookup per frame.
    private var knownRouterCarriers: [DomainMAC] = []
    /// Who asks for each address by ARP (up to `GatewayDetection.askerCap` MACs): the clear
    /// favourite is the gateway.
    private(set) var arpRequesters: [BindingKey: [MACAddress]] = [:]
    /// DHCP servers and routers answering on the link (the rogue-server and rogue-router rules).
    private(set) var services = LinkServices()
    /// Link-local claims only Router Advertisements made: an RA is judged for impersonation
    /// against NDP's claims and the link's first advertiser (`LinkServices`), never against a
    /// claim another RA made, or a forger's RA would make the real router's next one suspect.
    private var advertisedOnly: Set<AdvertisedClaim> = []
    /// Routers DHCPACKs name (option 3) on the client's segment, with how many ACKs named each.
    private(set) var dhcpRouters: [BindingKey: Int] = [:]
    /// Who still sources contested addresses, and 169.254/16 sources (see `SourceActivity`).
    private(set) var activity = SourceActivity()
    /// Findings of entries aged out before the end, and their observations.
    private(set) var concludedFindings: [Finding] = []
    private(set) var evictedBindings: [BindingRow] = []
    private var latestTime: Double = 0
    private var earliestTime = Double.infinity
    private var nextAgeOutAttempt: Double = -.infinity
    private var reservedFullSize = false
    static let bigTable = 1 << 16

    public init(policy: ScanPolicy = ScanPolicy(), domainBase: String, scope: Rule.Scope = .scan) {
        self.policy = policy
        self.domainBase = domainBase
        self.scope = scope
    }

    /// Decodes and analyses one captured frame. `frame` is its 1-based number in the capture.
    public mutating func process(_ bytes: UnsafeRawBufferPointer, linkType: LinkType, time: Double, frame: Int) {
        counters.packets += 1
        if counters.packets & 0xffff == 0 { ageOutIfFull() }
        if case .ethernet = linkType {
            // Fast path for most of the traffic (TCP/UDP, untagged or with one VLAN tag): nothing
            // to bind, and a source that may be non-forwardable still takes the full path below.
            let l3 = Self.plainIPOffset(bytes, fastPath)
            if l3 != 0 {
                var vlans = VLANStack()
                if l3 == Self.taggedIPOffset { _ = vlans.push(bytes.loadUnaligned(fromByteOffset: 14, as: UInt16.self).bigEndian & 0x0fff) }
                processPlainIP(bytes, at: l3, vlans: vlans, time: time, frame: frame)
                return
            }
        }
        do {
            let decoded = try FrameDecoder.decode(bytes, linkType: linkType)
            observe(decoded, time: time, frame: frame)
        } catch {
            counters.decodeErrors += 1
            counters.decodeErrorsByReason[error, default: 0] += 1
        }
    }

    /// What the full path would do with a plain IP frame, without decoding it again.
    @inline(__always)
    private mutating func processPlainIP(_ bytes: UnsafeRawBufferPointer, at l3: Int, vlans: VLANStack, time: Double, frame: Int) {
        let mac = MACAddress(bytes, at: 6)
        let source: IPAddress, destination: IPAddress
        if bytes[l3] >> 4 == 4 {
            counters.ipv4 += 1
            source = .v4(IPv4Address(bits: bytes.loadUnaligned(fromByteOffset: l3 + 12, as: UInt32.self).bigEndian))
            destination = .v4(IPv4Address(bits: bytes.loadUnaligned(fromByteOffset: l3 + 16, as: UInt32.self).bigEndian))
        } else {
            counters.ipv6 += 1
            source = .v6(IPv6Address(bytes, at: l3 + 8))
            destination = .v6(IPv6Address(bytes, at: l3 + 24))
        }
        if !activity.isIdle { noteClaimantTraffic(source, mac: mac, vlans: vlans, time: time, frame: frame) }
        if policy.routable != nil {
            noteHostTraffic(source: source, destination: destination, linkSource: mac, linkDestination: MACAddress(bytes, at: 0),
                            vlans: vlans, time: time, frame: frame)
        }
    }

    static let untaggedIPOffset = 14
    static let taggedIPOffset = 18

    /// A well-formed IPv4 (IHL ≥ 5) or IPv6 (TCP/UDP next header) frame, untagged or with one
    /// VLAN tag, whose source is certainly forwardable and that no registered decoder needs
    /// (`DecoderRegistry`: a DHCP or DHCPv6 reply binds): it cannot bind anything nor be an
    /// on-link leak. Same checks as the full decoders, so counts agree with the slow path.
    static func isPlainUntaggedIP(_ bytes: UnsafeRawBufferPointer) -> Bool {
        plainIPOffset(bytes, DecoderRegistry.fastPath) == untaggedIPOffset
    }

    /// Where such a frame's IP header starts (14, or 18 after one tag); 0 for any other frame.
    @inline(__always)
    static func plainIPOffset(_ bytes: UnsafeRawBufferPointer, _ filter: FastPathFilter) -> Int {
        guard bytes.count >= 54 else { return 0 }
        // All-zero MACs: Linux `lo`, which the full path skips and counts as loopback.
        if bytes.loadUnaligned(fromByteOffset: 0, as: UInt64.self) == 0,
           bytes.loadUnaligned(fromByteOffset: 8, as: UInt32.self) == 0 { return 0 }
        var etherType = bytes.loadUnaligned(fromByteOffset: 12, as: UInt16.self).bigEndian
        var l3 = untaggedIPOffset
        if EthernetDecoder.isVLANTag(etherType) {
            guard bytes.count >= 58 else { return 0 }
            etherType = bytes.loadUnaligned(fromByteOffset: 16, as: UInt16.self).bigEndian
            l3 = taggedIPOffset
        }
        if etherType == NetworkDecoder.ipv4 {
            let versionAndLength = bytes[l3]
            guard versionAndLength >> 4 == 4, versionAndLength & 0x0f >= 5 else { return 0 }
            let p = bytes[l3 + 9]
            let ports = p == IPv4Decoder.udp ? udpPorts(bytes, at: l3 + Int(versionAndLength & 0x0f) * 4) : nil
            guard filter.maySkipIPv4(protocol: p, ports: ports) else { return 0 }
            // 169.254/16 too: an APIPA host's traffic is judged (`LinkLocalSourceRule`).
            let source = IPv4Address(bits: bytes.loadUnaligned(fromByteOffset: l3 + 12, as: UInt32.self).bigEndian)
            return !SourceActivity.isAPIPA(source) && !filter.mayBeNonForwardable(source) ? l3 : 0
        }
        if etherType == NetworkDecoder.ipv6 {
            let next = bytes[l3 + 6]
            guard bytes[l3] >> 4 == 6, next == 6 || next == 17,
                  filter.maySkipIPv6(nextHeader: next, ports: next == 17 ? udpPorts(bytes, at: l3 + 40) : nil) else { return 0 }
            return !filter.mayBeNonForwardable(IPv6Address(bytes, at: l3 + 8)) ? l3 : 0
        }
        return 0
    }

    /// The (source, destination) ports at `offset`, when both are in the frame.
    @inline(__always)
    private static func udpPorts(_ bytes: UnsafeRawBufferPointer, at offset: Int) -> (UInt16, UInt16)? {
        guard offset + 4 <= bytes.count else { return nil }
        return (bytes.loadUnaligned(fromByteOffset: offset, as: UInt16.self).bigEndian,
                bytes.loadUnaligned(fromByteOffset: offset + 2, as: UInt16.self).bigEndian)
    }

    public mutating func observe(_ decoded: DecodedFrame, time: Double, frame: Int) {
        if time > latestTime { latestTime = time }
        if time < earliestTime { earliestTime = time }
        switch decoded.event {
        case .arp(let m):
            counters.arp += 1
            observeARP(m, decoded: decoded, time: time, frame: frame)
        case .ipv4(let source, let destination):
            counters.ipv4 += 1
            // 0.0.0.0 reaches here only as a DHCP client or IGMP (the decoder sorted it out).
            if source.bits != 0, OnLinkSourceCheck.mayBeNonForwardable(source) {
                noteSource(.v4(source), decoded: decoded, time: time, frame: frame)
            }
            if let mac = decoded.linkSource {
                if SourceActivity.isAPIPA(source) {
                    activity.noteLinkLocal(source, mac: mac, vlans: decoded.vlans, time: time, frame: frame,
                                           limit: policy.maxSideRecords, dropped: &counters.droppedSideRecords)
                }
                if !activity.isIdle { noteClaimantTraffic(.v4(source), mac: mac, vlans: decoded.vlans, time: time, frame: frame) }
            }
            noteHostTraffic(.v4(source), .v4(destination), decoded: decoded, time: time, frame: frame)
        case .unspecifiedSource:
            counters.ipv4 += 1
            Self.recordSide(&unroutableSources, BindingKey(vlans: decoded.vlans, address: .v4(IPv4Address(bits: 0))),
                            mac: decoded.linkSource, time: time, frame: frame,
                            limit: policy.maxSideRecords, dropped: &counters.droppedSideRecords)
        case .routerAdvertisement(let source, let advertisement):
            counters.neighborDiscovery += 1
            if let mac = decoded.linkSource { routerSigns[DomainMAC(vlans: decoded.vlans, mac: mac), default: .routerAdvertisement] = .routerAdvertisement }
            if let mac = decoded.linkSource ?? advertisement?.sourceLinkLayer {
                // Who held the link-local source before this RA (impersonation), then the RA's own claim.
                let key = BindingKey(vlans: decoded.vlans, address: .v6(source))
                let claims = entries[key]?.claims.map(\.mac) ?? []
                let holders = advertisedOnly.isEmpty ? claims : claims.filter { !advertisedOnly.contains(AdvertisedClaim(key: key, mac: $0)) }
                services.note(advertisement, source: source, mac: mac, holders: holders, vlans: decoded.vlans,
                              time: time, frame: frame, limit: policy.maxSideRecords)
                let fresh = decoded.linkSource == mac && !claims.contains(mac) && OnLinkSourceCheck.isLinkLocal(.v6(source))
                bindLinkLocal(source, decoded: decoded, time: time, frame: frame)
                if fresh && advertisedOnly.count < policy.maxSideRecords { advertisedOnly.insert(AdvertisedClaim(key: key, mac: mac)) }
            } else {
                bindLinkLocal(source, decoded: decoded, time: time, frame: frame)
            }
        case .routerSolicitation(let source):
            counters.neighborDiscovery += 1
            bindLinkLocal(source, decoded: decoded, time: time, frame: frame)
        case .dhcpServerAnswer(let answer):
            counters.ipv4 += 1
            services.note(answer, linkSource: decoded.linkSource, vlans: decoded.vlans, time: time, frame: frame, limit: policy.maxSideRecords)
            if OnLinkSourceCheck.mayBeNonForwardable(answer.source) {
                noteSource(.v4(answer.source), decoded: decoded, time: time, frame: frame)
            }
            noteHostTraffic(.v4(answer.source), .v4(answer.destination), decoded: decoded, time: time, frame: frame)
        case .dhcpAck(let source, let address, let client, let server):
            counters.ipv4 += 1
            services.note(server, linkSource: decoded.linkSource, vlans: decoded.vlans, time: time, frame: frame, limit: policy.maxSideRecords)
            if source.bits != 0, OnLinkSourceCheck.mayBeNonForwardable(source) {
                noteSource(.v4(source), decoded: decoded, time: time, frame: frame)
            }
            // The router option of an ACK on the client's segment names this segment's gateway.
            if let router = server.routers.first, let destination = decoded.linkDestination, destination == client || destination.isBroadcast {
                noteDHCPRouter(router, vlans: decoded.vlans)
            }
            // An ACK to a DHCPINFORM (RFC 2131 §4.3.5) gives no address (yiaddr 0): the client
            // already had one. Counted apart, so `dhcp_acks` is the number of leases seen.
            if address.bits == 0 {
                counters.dhcpInformAcks += 1
                return
            }
            // Delivered to the client itself (or broadcast to its segment). A unicast ACK for a
            // renewing client is routed like any datagram: seen on the server's segment it is
            // addressed to a router's MAC and says nothing about this link.
            if let destination = decoded.linkDestination, destination == client || destination.isBroadcast {
                counters.dhcpAcks += 1
                bind(.v4(address), to: client, vlans: decoded.vlans, time: time, frame: frame, via: .dhcp)
            }
        case .dhcpv6Reply(let reply):
            counters.ipv6 += 1
            if OnLinkSourceCheck.mayBeNonForwardable(reply.source) {
                noteSource(.v6(reply.source), decoded: decoded, time: time, frame: frame)
            }
            noteHostTraffic(.v6(reply.source), .v6(reply.destination), decoded: decoded, time: time, frame: frame)
            services.note(reply, linkSource: decoded.linkSource, vlans: decoded.vlans, time: time, frame: frame, limit: policy.maxSideRecords)
            // Leases bind like a DHCPACK's yiaddr, to the client this frame was delivered to.
            if !reply.leased.isEmpty, let client = reply.client(linkDestination: decoded.linkDestination) {
                counters.dhcpv6Replies += 1
                for address in reply.leased { bind(.v6(address), to: client, vlans: decoded.vlans, time: time, frame: frame, via: .dhcpv6) }
            }
        case .ipv6(let source, let destination):
            counters.ipv6 += 1
            if OnLinkSourceCheck.mayBeNonForwardable(source) {
                noteSource(.v6(source), decoded: decoded, time: time, frame: frame)
            }
            if !activity.isIdle, let mac = decoded.linkSource {
                noteClaimantTraffic(.v6(source), mac: mac, vlans: decoded.vlans, time: time, frame: frame)
            }
            noteHostTraffic(.v6(source), .v6(destination), decoded: decoded, time: time, frame: frame)
        case .neighborSolicitation(let source, let target, let sourceLinkLayer):
            counters.neighborDiscovery += 1
            if source.bits == 0 {
                // DAD (RFC 4862): a probe for `target`, never a binding of `::`.
                if let mac = decoded.linkSource { probe(.v6(target), by: mac, vlans: decoded.vlans, time: time, frame: frame) }
            } else if let mac = sourceLinkLayer {
                bind(.v6(source), to: mac, vlans: decoded.vlans, time: time, frame: frame, via: .ndp)
            } else {
                bindLinkLocal(source, decoded: decoded, time: time, frame: frame)
            }
        case .neighborAdvertisement(let source, let target, let targetLinkLayer, let flags):
            counters.neighborDiscovery += 1
            if let mac = targetLinkLayer ?? decoded.linkSource {
                // Override clear (RFC 4861 §7.2.7-8): an anycast member or an NDP proxy speaks
                // for the address without holding it; two such routers are no duplicate.
                if flags.contains(.override) { bind(.v6(target), to: mac, vlans: decoded.vlans, time: time, frame: frame, via: .ndp) }
                if flags.contains(.router) { routerSigns[DomainMAC(vlans: decoded.vlans, mac: mac)] = .routerFlag }
            }
            // The sender's own link-local source, unless the target binding above already was it.
            if source != target || !flags.contains(.override) { bindLinkLocal(source, decoded: decoded, time: time, frame: frame) }
        case .loopback:
            counters.loopbackFrames += 1
        case .other:
            counters.otherFrames += 1
        }
    }

    private mutating func observeARP(_ m: ARPMessage, decoded: DecodedFrame, time: Double, frame: Int) {
        guard !m.senderMAC.isZero, !m.senderMAC.isMulticast else { counters.invalidSenderMACs += 1; return }
        if let link = decoded.linkSource, link != m.senderMAC {
            // Wi-Fi MAC-NAT, broken probes, spoofing: its own finding, and not a binding.
            let key = MismatchKey(vlans: decoded.vlans, address: m.isProbe ? m.targetIP : m.senderIP,
                                  linkSource: link, senderMAC: m.senderMAC)
            Self.recordSide(&mismatches, key, mac: link, time: time, frame: frame,
                            limit: policy.maxSideRecords, dropped: &counters.droppedSideRecords)
            return
        }
        if m.isProbe {
            probe(.v4(m.targetIP), by: m.senderMAC, vlans: decoded.vlans, time: time, frame: frame)
        } else if m.operation == ARPMessage.request || m.operation == ARPMessage.reply {
            if m.operation == ARPMessage.request, !m.isGratuitous { noteRequest(for: m.targetIP, by: m.senderMAC, vlans: decoded.vlans) }
            bind(.v4(m.senderIP), to: m.senderMAC, vlans: decoded.vlans, time: time, frame: frame, via: .arp)
        }
    }

    private mutating func bind(_ address: IPAddress, to mac: MACAddress, vlans: VLANStack, time: Double, frame: Int, via method: BindingMethods) {
        guard OnLinkSourceCheck.isBindable(address), !mac.isZero, !mac.isMulticast else { return }
        let key = BindingKey(vlans: vlans, address: address)
        guard hasRoom(for: key) else { return }
        // NDP (or DHCPv6) confirms a claim an RA made: from now on it counts as a holder.
        if !advertisedOnly.isEmpty, address.family == 6 { advertisedOnly.remove(AdvertisedClaim(key: key, mac: mac)) }
        if entries[key, default: BindingEntry()].claim(by: mac, time: time, frame: frame, maxMACs: policy.maxMACsPerAddress, via: method) {
            counters.multiMACAddresses += 1
            activity.contest(key, limit: policy.maxSideRecords)
        }
    }

    /// fe80::/10 never crosses a router: the IPv6 source of an NS, NA, RS or RA that is
    /// link-local belongs to the frame's link source. `::` (DAD, an RS before any address) binds nothing.
    private mutating func bindLinkLocal(_ source: IPv6Address, decoded: DecodedFrame, time: Double, frame: Int) {
        guard OnLinkSourceCheck.isLinkLocal(.v6(source)), let mac = decoded.linkSource else { return }
        bind(.v6(source), to: mac, vlans: decoded.vlans, time: time, frame: frame, via: .ndp)
    }

    /// An IP packet from `mac` with `source`: a claimant of a contested address is still using
    /// it; a MAC that sent from 169.254/16 still holds an ordinary address. Never a new claim.
    private mutating func noteClaimantTraffic(_ source: IPAddress, mac: MACAddress, vlans: VLANStack, time: Double, frame: Int) {
        if activity.isContested(source, vlans: vlans) {
            entries[BindingKey(vlans: vlans, address: source)]?.refreshClaim(by: mac, time: time, frame: frame)
        }
        if !activity.ordinarySources.isEmpty, case .v4(let a) = source, a.bits != 0, !SourceActivity.isAPIPA(a) {
            activity.ordinarySources[DomainMAC(vlans: vlans, mac: mac)]?.extend(time)
        }
    }

    private mutating func noteDHCPRouter(_ router: IPv4Address, vlans: VLANStack) {
        let key = BindingKey(vlans: vlans, address: .v4(router))
        if dhcpRouters[key] != nil || dhcpRouters.count < policy.maxSideRecords { dhcpRouters[key, default: 0] += 1 }
    }

    private mutating func probe(_ address: IPAddress, by mac: MACAddress, vlans: VLANStack, time: Double, frame: Int) {
        guard OnLinkSourceCheck.isBindable(address) else { return }
        let key = BindingKey(vlans: vlans, address: address)
        guard hasRoom(for: key) else { return }
        entries[key, default: BindingEntry()].probe(by: mac, time: time, frame: frame, maxProbes: policy.maxProbesPerAddress)
    }

    private mutating func noteSource(_ address: IPAddress, decoded: DecodedFrame, time: Double, frame: Int) {
        guard OnLinkSourceCheck.isNonForwardable(address) else { return }
        Self.recordSide(&unroutableSources, BindingKey(vlans: decoded.vlans, address: address),
                        mac: decoded.linkSource, time: time, frame: frame,
                        limit: policy.maxSideRecords, dropped: &counters.droppedSideRecords)
    }

    private mutating func noteHostTraffic(_ source: IPAddress, _ destination: IPAddress, decoded: DecodedFrame, time: Double, frame: Int) {
        guard policy.routable != nil, let mac = decoded.linkSource else { return }
        noteHostTraffic(source: source, destination: destination, linkSource: mac, linkDestination: decoded.linkDestination,
                        vlans: decoded.vlans, time: time, frame: frame)
    }

    /// With `--routable`: a source outside it is kept per carrying MAC (a host's leak, or a
    /// router's forwarded traffic: told apart at the end), and the MAC that off-link
    /// destinations are sent to is a router.
    private mutating func noteHostTraffic(source: IPAddress, destination: IPAddress, linkSource: MACAddress, linkDestination: MACAddress?,
                                          vlans: VLANStack, time: Double, frame: Int) {
        guard let routable = policy.routable else { return }
        if let next = linkDestination, !next.isMulticast, !next.isZero, OnLinkSourceCheck.isBindable(destination),
           !OnLinkSourceCheck.isLinkLocal(destination), !routable.contains(destination) {
            let key = DomainMAC(vlans: vlans, mac: next)
            if routerSigns[key] == nil, routerSigns.count < policy.maxSideRecords { routerSigns[key] = .offLinkNextHop }
        }
        guard !linkSource.isMulticast, !linkSource.isZero, OnLinkSourceCheck.isBindable(source),
              !OnLinkSourceCheck.isLinkLocal(source), !routable.contains(source) else { return }
        // A MAC that carried enough foreign sources is a router: its north-south traffic (most
        // of a capture) costs one lookup and must not fill the table that host leaks need.
        let carrier = DomainMAC(vlans: vlans, mac: linkSource)
        if knownRouterCarriers.contains(carrier) { return }
        let carried = foreignSourceCounts[carrier] ?? 0
        if carried >= policy.routerSourceThreshold {
            if knownRouterCarriers.count < 8 { knownRouterCarriers.append(carrier) }
            return
        }
        // Non-forwardable sources are judged whatever MAC carried them (see `noteSource`).
        if OnLinkSourceCheck.isNonForwardable(source) { return }
        let key = HostSourceKey(vlans: vlans, mac: linkSource, address: source)
        if hostSources[key] == nil {
            guard hostSources.count < policy.maxSideRecords else { counters.droppedSideRecords += 1; return }
            foreignSourceCounts[carrier] = carried + 1
        }
        hostSources[key, default: SourceRecord(time: time)].record(mac: linkSource, time: time, frame: frame)
    }

    private mutating func noteRequest(for target: IPv4Address, by mac: MACAddress, vlans: VLANStack) {
        let key = BindingKey(vlans: vlans, address: .v4(target))
        if let askers = arpRequesters[key] {
            if askers.count < GatewayDetection.askerCap, !askers.contains(mac) { arpRequesters[key]!.append(mac) }
        } else if arpRequesters.count < policy.maxSideRecords {
            arpRequesters[key] = [mac]
        }
    }

    private static func recordSide<K: Hashable>(_ table: inout [K: SourceRecord], _ key: K, mac: MACAddress?, time: Double,
                                                frame: Int, limit: Int, dropped: inout Int) {
        if table[key] == nil, table.count >= limit {
            dropped += 1
            return
        }
        table[key, default: SourceRecord(time: time)].record(mac: mac, time: time, frame: frame)
    }

    /// True when `key` is tracked or can be: a full table first tries to age out idle entries
    /// (at most once per eighth of the idle timeout, so a table full of live entries costs nothing).
    private mutating func hasRoom(for key: BindingKey) -> Bool {
        if entries.count >= Self.bigTable, !reservedFullSize {
            // Jump straight to the full size once the table is big: growing a million-entry
            // dictionary step by step holds the old and the new storage at once (+50 % peak).
            // Small captures keep a small, cache-friendly table.
            reservedFullSize = true
            entries.reserveCapacity(max(policy.maxEntries, entries.count))
        }
        if entries.count < policy.maxEntries || entries[key] != nil { return true }
        if policy.agesOutWhenFull, latestTime >= nextAgeOutAttempt {
            nextAgeOutAttempt = latestTime + policy.idleTimeout / 8
            ageOutIfFull()
            if entries.count < policy.maxEntries { return true }
        }
        counters.untrackedAddresses += 1
        return false
    }

    /// Bounded state: when the table is full, entries idle for `idleTimeout` (capture time) are
    /// concluded (their findings kept) and dropped. Checked every 65,536 frames.
    mutating func ageOutIfFull() {
        guard entries.count >= policy.maxEntries else { return }
        let cutoff = latestTime - policy.idleTimeout
        let idle = entries.filter { $0.value.lastSeen < cutoff }
        guard !idle.isEmpty else { return }
        // The bindings only: side records are concluded at the end, from what is still kept.
        concludedFindings += VerdictEngine(wire: WireState(policy: policy, domainBase: domainBase, entries: idle), scope: scope).findings()
        evictedBindings += BindingRow.rows(of: idle, domainBase: domainBase)
        for key in idle.keys { entries.removeValue(forKey: key) }
        counters.agedOutEntries += idle.count
    }

    // MARK: watching

    /// `scan --watch`: state idle for `idleTimeout` before `now` (bindings and the side records
    /// of mismatches and sources) is dropped whether or not the table is full, so a watcher's
    /// memory follows the live hosts and its findings close. No verdicts are drawn on what is
    /// dropped: the watcher sees those findings disappear. Returns the observations of the
    /// bindings dropped, for the store.
    public mutating func retireIdle(now: Double) -> [Observation] {
        if now > latestTime { latestTime = now }
        let cutoff = now - policy.idleTimeout
        let idle = entries.filter { $0.value.lastSeen < cutoff }
        for key in idle.keys { entries.removeValue(forKey: key) }
        counters.agedOutEntries += idle.count
        // Within a live entry, a MAC silent for the idle timeout is dropped too: a duplicate that
        // was resolved (one host renumbered) closes while the address stays in use, instead of
        // staying open for as long as the other host talks.
        var retiredClaims: [Observation] = []
        let stale = entries.filter { key, entry in !entry.others.isEmpty && entry.claims.contains { $0.lastSeen < cutoff } }
        for key in stale.keys {
            let gone = entries[key]!.retireClaims(silentBefore: cutoff)
            let domain = domainBase + key.vlans.description
            retiredClaims += gone.map {
                Observation(address: key.address, mac: $0.mac, domain: domain,
                            firstSeen: $0.firstSeen, lastSeen: $0.lastSeen, frames: $0.frames)
            }
        }
        mismatches = mismatches.filter { $0.value.lastSeen >= cutoff }
        unroutableSources = unroutableSources.filter { $0.value.lastSeen >= cutoff }
        hostSources = hostSources.filter { $0.value.lastSeen >= cutoff }
        // Counts of foreign sources restart from what is still kept, but a MAC already shown a
        // router stays one; ARP askers of addresses no longer tracked are forgotten.
        var carried: [DomainMAC: Int] = [:]
        for key in hostSources.keys { carried[DomainMAC(vlans: key.vlans, mac: key.mac), default: 0] += 1 }
        for (carrier, n) in foreignSourceCounts where n >= policy.routerSourceThreshold { carried[carrier] = n }
        foreignSourceCounts = carried
        arpRequesters = arpRequesters.filter { entries[$0.key] != nil }
        services.retire(silentBefore: cutoff)
        activity.retire(entries: entries, silentBefore: cutoff)
        // What the full-table aging concluded belongs to a one-shot report; a watcher has
        // already reported those findings and only needs their bindings' last observations.
        concludedFindings.removeAll()
        let dropped = evictedBindings.map(\.observation) + Self.observations(of: idle, domainBase: domainBase) + retiredClaims
        evictedBindings.removeAll()
        return dropped
    }

    /// The time of the latest frame seen (capture time).
    public var latestFrameTime: Double { latestTime }

    /// The capture times of the first and last frame analysed (nil before any): the span a
    /// replayed file watched its link.
    public var frameSpan: ClosedRange<Double>? { earliestTime <= latestTime ? earliestTime...latestTime : nil }

    // MARK: results

    /// Every finding: the verdict on each tracked address, the mismatches, the unroutable sources.
    public func findings() -> [Finding] {
        var wire = WireState(policy: policy, domainBase: domainBase, entries: entries)
        wire.mismatches = mismatches
        wire.unroutableSources = unroutableSources
        wire.hostSources = hostSources
        wire.routerSigns = routerSigns
        wire.arpRequesters = arpRequesters
        wire.services = services
        wire.dhcpRouters = dhcpRouters
        wire.activity = activity
        return concludedFindings + VerdictEngine(wire: wire.withLinkLocalAnswerers(), scope: scope).findings()
    }

    /// One observation per (domain, address, MAC), for `--store`.
    public func observations() -> [Observation] {
        evictedBindings.map(\.observation) + Self.observations(of: entries, domainBase: domainBase)
    }

    /// The bindings table: every (domain, address, MAC) with how it was heard, in domain and
    /// address order (`scan --bindings`, and the JSON report's `bindings`).
    public func bindings() -> BindingsTable {
        BindingsTable(parts: [BindingsTable.Part(domainBase: domainBase, entries: entries,
                                                 evicted: evictedBindings.sorted(by: BindingRow.precedes))])
    }

    static func observations(of entries: [BindingKey: BindingEntry], domainBase: String) -> [Observation] {
        var out: [Observation] = []
        for (key, entry) in entries {
            let domain = domainBase + key.vlans.description
            for c in entry.claims {
                out.append(Observation(address: key.address, mac: c.mac, domain: domain,
                                       firstSeen: c.firstSeen, lastSeen: c.lastSeen, frames: c.frames))
            }
        }
        return out
    }

    public var trackedAddresses: Int { entries.count }
}

/// A MAC's claim on a link-local address that only its Router Advertisements made.
struct AdvertisedClaim: Hashable {
    var key: BindingKey
    var mac: MACAddress
}
