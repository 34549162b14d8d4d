/// A 48-bit Ethernet address held in the low bits of a UInt64: cheap to hash and compare
/// on the hot path; text only when a finding is written. In the domain module, so stored
/// observations carry it typed from the decoder to the audit.
public struct MACAddress: Hashable, Comparable, Sendable, CustomStringConvertible {
    public let bits: UInt64

    public init(bits: UInt64) { self.bits = bits & 0xffff_ffff_ffff }

    /// Reads six bytes at `offset`; the caller has checked that they exist. Inlinable: the
    /// decoders (another module) call it for every frame.
    @inlinable
    public init(_ bytes: UnsafeRawBufferPointer, at offset: Int) {
        let high = UInt64(bytes.loadUnaligned(fromByteOffset: offset, as: UInt32.self).bigEndian)
        let low = UInt64(bytes.loadUnaligned(fromByteOffset: offset + 4, as: UInt16.self).bigEndian)
        bits = high << 16 | low
    }

    public static func < (a: MACAddress, b: MACAddress) -> Bool { a.bits < b.bits }

    public var isZero: Bool { bits == 0 }
    public var isBroadcast: Bool { bits == 0xffff_ffff_ffff }
    /// Group bit of the first octet: multicast and broadcast never own an address.
    public var isMulticast: Bool { bits & 0x0100_0000_0000 != 0 }

    /// Lower-case `aa:bb:cc:dd:ee:ff`, the form findings and the store use.
    public var description: String {
        let hex: [UInt8] = Array("0123456789abcdef".utf8)
        var out = [UInt8]()
        out.reserveCapacity(17)
        for i in stride(from: 40, through: 0, by: -8) {
            let octet = UInt8(truncatingIfNeeded: bits >> UInt64(i))
            if i != 40 { out.append(UInt8(ascii: ":")) }
            out.append(hex[Int(octet >> 4)])
            out.append(hex[Int(octet & 0xf)])
        }
        return String(decoding: out, as: UTF8.self)
    }

    /// Parses `aa:bb:cc:dd:ee:ff` or `aa-bb-cc-dd-ee-ff` (either case); nil otherwise.
    public init?(_ text: String) {
        let parts = text.split(separator: text.contains("-") ? "-" : ":", omittingEmptySubsequences: false)
        guard parts.count == 6 else { return nil }
        var value: UInt64 = 0
        for p in parts {
            guard p.count == 2, let octet = UInt8(p, radix: 16) else { return nil }
            value = value << 8 | UInt64(octet)
        }
        bits = value
    }
}
