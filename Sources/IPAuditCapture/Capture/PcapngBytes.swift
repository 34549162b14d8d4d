/// A pcapng field that is out of bounds or impossible.
struct PcapngFormatError: Error {
    var reason: String
    init(_ reason: String) { self.reason = reason }
}

/// A block body with the section's byte order; every read is bounds-checked by the caller
/// against `count` (the parsers check before they read, as the frame decoders do).
struct PcapngBytes {
    let raw: UnsafeRawBufferPointer
    let bigEndian: Bool

    var count: Int { raw.count }

    func byte(_ at: Int) -> UInt8 { raw[at] }

    func u16(_ at: Int) -> UInt16 {
        let v = raw.loadUnaligned(fromByteOffset: at, as: UInt16.self)
        return bigEndian ? UInt16(bigEndian: v) : UInt16(littleEndian: v)
    }

    func u32(_ at: Int) -> UInt32 {
        let v = raw.loadUnaligned(fromByteOffset: at, as: UInt32.self)
        return bigEndian ? UInt32(bigEndian: v) : UInt32(littleEndian: v)
    }

    func u64(_ at: Int) -> UInt64 {
        bigEndian ? UInt64(u32(at)) << 32 | UInt64(u32(at + 4)) : UInt64(u32(at + 4)) << 32 | UInt64(u32(at))
    }

    /// UTF-8 text, up to its first NUL.
    func string(_ at: Int, _ length: Int) -> String {
        let slice = UnsafeRawBufferPointer(rebasing: raw[at..<(at + length)])
        let end = slice.firstIndex(of: 0) ?? slice.count
        return String(decoding: UnsafeRawBufferPointer(rebasing: slice[..<end]), as: UTF8.self)
    }
}
