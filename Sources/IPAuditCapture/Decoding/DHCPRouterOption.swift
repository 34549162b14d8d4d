import IPCore

/// The Router option (3, RFC 2132 §3.5) of a DHCP reply: the client's default gateway as the
/// server hands it out, the first address of the list. The scanner takes the MACs answering
/// for it as the segment's router (see `GatewayDetection`), even when few hosts ARP for it.
enum DHCPRouterOption {
    static let code: UInt8 = 3

    /// `options` is where the options start (after the magic cookie), `end` where the payload
    /// ends. Nil when there is none, or when it, or an option before it, is cut or malformed.
    static func first(_ bytes: UnsafeRawBufferPointer, options: Int, end: Int) -> IPv4Address? {
        var p = options
        while p < end, end <= bytes.count {
            let option = bytes[p]
            if option == 255 { return nil }
            if option == 0 { p += 1; continue }
            guard p + 2 <= end else { return nil }
            let length = Int(bytes[p + 1])
            guard p + 2 + length <= end else { return nil }
            if option == code {
                guard length >= 4 else { return nil }
                let address = IPv4Address(bits: bytes.loadUnaligned(fromByteOffset: p + 2, as: UInt32.self).bigEndian)
                return address.bits == 0 ? nil : address
            }
            p += 2 + length
        }
        return nil
    }
}
