/// The radiotap header in front of 802.11 frames captured in monitor mode (DLT 127): version 0,
/// a little-endian length, then one or more 32-bit "present" bitmaps (bit 31 says another
/// follows) and the fields they name, each aligned to its own size from the header's start.
/// Only the Flags field matters here; the 802.11 frame starts `length` bytes in.
public enum RadiotapDecoder {
    public struct Header: Sendable, Equatable {
        public var length: Int
        /// Bit 0x10 says the frame ends with its 4-byte FCS. Nothing needs stripping it (nor could
        /// on a frame the snap length cut): every header after the MAC header is read within its
        /// own length fields, as on Ethernet with a kept FCS.
        public var flags: UInt8

        /// The driver padded the 802.11 header to a multiple of 4 bytes.
        public var dataPad: Bool { flags & 0x20 != 0 }
        public var failedFCS: Bool { flags & 0x40 != 0 }
    }

    static let tsftPresent: UInt32 = 1 << 0
    static let flagsPresent: UInt32 = 1 << 1
    static let anotherBitmap: UInt32 = 1 << 31

    public static func decode(_ bytes: UnsafeRawBufferPointer) throws(DecodeError) -> Header {
        guard bytes.count >= 8 else { throw .truncatedRadiotap }
        guard bytes[0] == 0 else { throw .badRadiotapHeader }
        let length = Int(UInt16(littleEndian: bytes.loadUnaligned(fromByteOffset: 2, as: UInt16.self)))
        guard length >= 8 else { throw .badRadiotapHeader }
        guard bytes.count >= length else { throw .truncatedRadiotap }
        let present = UInt32(littleEndian: bytes.loadUnaligned(fromByteOffset: 4, as: UInt32.self))
        // Fields start after the last bitmap; the first bitmap's own fields (the standard
        // namespace: TSFT, then Flags) always come first.
        var field = 8
        var bitmap = present
        while bitmap & anotherBitmap != 0 {
            guard field + 4 <= length else { throw .badRadiotapHeader }
            bitmap = UInt32(littleEndian: bytes.loadUnaligned(fromByteOffset: field, as: UInt32.self))
            field += 4
        }
        var flags: UInt8 = 0
        if present & tsftPresent != 0 { field = ((field + 7) & ~7) + 8 }   // 8 bytes, 8-aligned
        if present & flagsPresent != 0 {
            guard field < length else { throw .badRadiotapHeader }
            flags = bytes[field]
        }
        return Header(length: length, flags: flags)
    }
}
