import IPCore
/// What a decoder needs to see, declared next to it and registered in `DecoderRegistry`.
///
/// The analyzer's fast path skips untagged IPv4/IPv6 frames that cannot bind anything; it asks
/// the registered interests which frames those are instead of knowing it itself, so a new
/// decoder sees its frames on real (untagged) traffic, not only in tagged test captures.
public enum DecoderInterest: Sendable {
    /// Every frame of an EtherType (ARP).
    case etherType(UInt16)
    /// Every IPv4 packet of a protocol number.
    case ipv4Protocol(UInt8)
    /// Every IPv6 packet whose fixed header names this next header (ICMPv6 for NDP).
    case ipv6NextHeader(UInt8)
    /// UDP datagrams between these ports (nil: any port) over one IP version.
    case udp(UDPPorts)
}

/// The UDP datagrams a payload decoder reads: `source → destination` over IPv4 or IPv6.
public struct UDPPorts: Sendable, Equatable {
    public var ipv6: Bool
    public var source: UInt16?
    public var destination: UInt16?

    public static func ipv4(from source: UInt16?, to destination: UInt16?) -> UDPPorts {
        UDPPorts(ipv6: false, source: source, destination: destination)
    }

    public static func ipv6(from source: UInt16?, to destination: UInt16?) -> UDPPorts {
        UDPPorts(ipv6: true, source: source, destination: destination)
    }

    func matches(source s: UInt16, destination d: UInt16) -> Bool {
        (source == nil || source == s) && (destination == nil || destination == d)
    }
}

/// The registered interests folded into what the fast path can test in a few instructions:
/// protocol numbers and the low bytes of ports as 256-bit masks. It may let more
/// through than a decoder wants (a datagram from a watched source port to another port), never
/// less: a frame let through is only decoded in full, with the same counts.
///
/// A class: the analyzer holds one reference and asks it per frame, never copying its masks.
public final class FastPathFilter: Sendable {
    /// An EtherType registered whole: none of its frames may be skipped.
    let allIPv4: Bool
    let allIPv6: Bool
    let ipv4Protocols: ProtocolMask
    let ipv6NextHeaders: ProtocolMask
    let ipv4Ports: PortLanes
    let ipv6Ports: PortLanes
    /// Whether any IPv4 protocol or IPv6 next header is watched at all (most runs: none).
    let watchesIPv4Protocols: Bool
    let watchesIPv6NextHeaders: Bool

    public init(_ interests: [DecoderInterest]) {
        var allIPv4 = false, allIPv6 = false
        var ipv4Protocols = ProtocolMask(), ipv6NextHeaders = ProtocolMask()
        var ipv4Ports = PortLanes(), ipv6Ports = PortLanes()
        for interest in interests {
            switch interest {
            case .etherType(let type):
                if type == NetworkDecoder.ipv4 { allIPv4 = true }
                if type == NetworkDecoder.ipv6 { allIPv6 = true }
            case .ipv4Protocol(let p): ipv4Protocols.insert(p)
            case .ipv6NextHeader(let p): ipv6NextHeaders.insert(p)
            case .udp(let ports):
                if ports.ipv6 { ipv6Ports.insert(ports) } else { ipv4Ports.insert(ports) }
            }
        }
        self.allIPv4 = allIPv4
        self.allIPv6 = allIPv6
        self.ipv4Protocols = ipv4Protocols
        self.ipv6NextHeaders = ipv6NextHeaders
        self.ipv4Ports = ipv4Ports
        self.ipv6Ports = ipv6Ports
        watchesIPv4Protocols = allIPv4 || !ipv4Protocols.isEmpty
        watchesIPv6NextHeaders = allIPv6 || !ipv6NextHeaders.isEmpty
    }

    /// Leading bytes of the registry's non-forwardable sources (see `SourceScreen`).
    let nonForwardableV4 = SourceScreen(SpecialPurposeRegistry.nonForwardableSources.v4)
    let nonForwardableV6 = SourceScreen(SpecialPurposeRegistry.nonForwardableSources.v6)

    /// `OnLinkSourceCheck.mayBeNonForwardable`, most sources answered by the screen alone.
    @inline(__always)
    func mayBeNonForwardable(_ a: IPv4Address) -> Bool {
        nonForwardableV4.mayHold(leadingByte: UInt8(truncatingIfNeeded: a.bits >> 24)) && OnLinkSourceCheck.mayBeNonForwardable(a)
    }

    @inline(__always)
    func mayBeNonForwardable(_ a: IPv6Address) -> Bool {
        nonForwardableV6.mayHold(leadingByte: UInt8(truncatingIfNeeded: a.bits >> 120)) && OnLinkSourceCheck.mayBeNonForwardable(a)
    }

    /// Whether an IPv4 packet of protocol `p` may skip the decoders. `ports` are its UDP
    /// ports (source, destination), nil when it is not UDP or the ports are not in the frame.
    @inline(__always)
    func maySkipIPv4(protocol p: UInt8, ports: (UInt16, UInt16)?) -> Bool {
        if watchesIPv4Protocols, allIPv4 || ipv4Protocols.contains(p) { return false }
        return p != IPv4Decoder.udp || ipv4Ports.maySkip(ports)
    }

    /// The same for the next header of an IPv6 fixed header.
    @inline(__always)
    func maySkipIPv6(nextHeader p: UInt8, ports: (UInt16, UInt16)?) -> Bool {
        if watchesIPv6NextHeaders, allIPv6 || ipv6NextHeaders.contains(p) { return false }
        return p != IPv4Decoder.udp || ipv6Ports.maySkip(ports)
    }
}

/// A set of protocol numbers (0...255) as a bit mask, in four words (one load and one shift
/// per test: no 128-bit shifts on the per-frame path).
struct ProtocolMask: Sendable {
    private var w0: UInt64 = 0, w1: UInt64 = 0, w2: UInt64 = 0, w3: UInt64 = 0

    var isEmpty: Bool { w0 | w1 | w2 | w3 == 0 }

    mutating func insert(_ p: UInt8) {
        let bit = UInt64(1) << UInt64(p & 63)
        switch p >> 6 {
        case 0: w0 |= bit
        case 1: w1 |= bit
        case 2: w2 |= bit
        default: w3 |= bit
        }
    }

    @inline(__always)
    func contains(_ p: UInt8) -> Bool {
        let word: UInt64
        switch p >> 6 {
        case 0: word = w0
        case 1: word = w1
        case 2: word = w2
        default: word = w3
        }
        return word >> UInt64(p & 63) & 1 != 0
    }
}

/// Watched UDP ports: a registration naming a source port is watched by it alone (enough to
/// let all its datagrams through), else by its destination port.
struct PortLanes: Sendable {
    var sources = PortSet()
    var destinations = PortSet()
    /// A registration for every datagram (no port named).
    var everyDatagram = false

    var isEmpty: Bool { sources.isEmpty && destinations.isEmpty && !everyDatagram }

    mutating func insert(_ ports: UDPPorts) {
        if let s = ports.source { sources.insert(s) }
        else if let d = ports.destination { destinations.insert(d) }
        else { everyDatagram = true }
    }

    /// True when no watched port is among `ports`; a datagram whose ports are cut off is
    /// never skipped (the decoders judge it).
    @inline(__always)
    func maySkip(_ ports: (UInt16, UInt16)?) -> Bool {
        if isEmpty { return true }
        guard let (s, d) = ports, !everyDatagram else { return false }
        return !sources.contains(s) && !destinations.contains(d)
    }
}

/// Up to four ports, tested per datagram without touching memory outside the analyzer: a
/// 256-bit mask of their low bytes rules out nearly every other port in a few instructions,
/// and only a low-byte hit compares the ports, packed 16 bits each into one word.
struct PortSet: Sendable {
    static let capacity = 4
    private var lowBytes = ProtocolMask()
    private var packed: UInt64 = 0
    private(set) var count = 0

    var isEmpty: Bool { count == 0 }

    mutating func insert(_ port: UInt16) {
        if contains(port) { return }
        precondition(count < Self.capacity, "more than \(Self.capacity) watched UDP ports in one direction: widen PortSet")
        packed |= UInt64(port) << UInt64(16 * count)
        count += 1
        lowBytes.insert(UInt8(truncatingIfNeeded: port))
    }

    @inline(__always)
    func contains(_ port: UInt16) -> Bool {
        guard lowBytes.contains(UInt8(truncatingIfNeeded: port)) else { return false }
        for i in 0..<count where UInt16(truncatingIfNeeded: packed >> UInt64(16 * i)) == port { return true }
        return false
    }
}
