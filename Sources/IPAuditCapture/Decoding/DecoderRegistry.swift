import IPCore

/// A decoder of UDP payloads: registered by its ports, called by the IPv4 and IPv6 decoders
/// for every whole, unfragmented datagram between them.
protocol UDPPayloadDecoder {
    static var ports: UDPPorts { get }
    /// `udp` is the offset of the UDP header (its 8 bytes are in the frame), `end` where the IP
    /// payload ends (≤ `bytes.count`): every read stays below it. Nil leaves the packet to the plain IP path.
    static func decode(_ bytes: UnsafeRawBufferPointer, udp: Int, end: Int,
                       source: IPAddress, destination: IPAddress) -> FrameEvent?
}

/// Every decoder below the link layer and what it needs to see: the one list the fast path
/// (`FastPathFilter`) and the UDP dispatch read. A new decoder is its own file plus one line
/// here; a `FrameEvent` case and the analyzer's `observe` say what its frames mean.
public enum DecoderRegistry {
    /// Decoders reached by EtherType or next header (dispatched by `NetworkDecoder` and
    /// `IPv6Decoder`), declared so the fast path never skips their frames.
    static let headerInterests: [DecoderInterest] = [
        .etherType(NetworkDecoder.arp),        // ARPDecoder
        .ipv6NextHeader(NDPDecoder.icmpv6),    // NDPDecoder
    ]

    /// UDP payload decoders, tried in this order.
    static let udpDecoders: [any UDPPayloadDecoder.Type] = [
        DHCPDecoder.self,
        DHCPv6Decoder.self,
    ]

    public static var interests: [DecoderInterest] { headerInterests + udpDecoders.map { .udp($0.ports) } }

    /// What the analyzer's fast path may skip, folded once from `interests`.
    public static let fastPath = FastPathFilter(interests)

    static let udpOverIPv4 = udpDecoders.filter { !$0.ports.ipv6 }
    static let udpOverIPv6 = udpDecoders.filter { $0.ports.ipv6 }

    /// The first registered decoder's event for a UDP datagram at `udp` (within `end`).
    static func decodeUDP(_ bytes: UnsafeRawBufferPointer, udp: Int, end: Int, ipv6: Bool,
                          source: IPAddress, destination: IPAddress) -> FrameEvent? {
        guard udp + 8 <= end, end <= bytes.count else { return nil }
        let s = bytes.loadUnaligned(fromByteOffset: udp, as: UInt16.self).bigEndian
        let d = bytes.loadUnaligned(fromByteOffset: udp + 2, as: UInt16.self).bigEndian
        // Most datagrams are no registered decoder's: ruled out by the fast path's port masks.
        if (ipv6 ? fastPath.ipv6Ports : fastPath.ipv4Ports).maySkip((s, d)) { return nil }
        for decoder in ipv6 ? udpOverIPv6 : udpOverIPv4 where decoder.ports.matches(source: s, destination: d) {
            if let event = decoder.decode(bytes, udp: udp, end: end, source: source, destination: destination) {
                return event
            }
        }
        return nil
    }
}
