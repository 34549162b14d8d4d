import IPCore

/// IPv4 header: only the addresses are kept.
public enum IPv4Decoder {
    public static func decode(_ bytes: UnsafeRawBufferPointer, at offset: Int) throws(DecodeError) -> FrameEvent {
        guard bytes.count >= offset + 20 else { throw .truncatedIPv4 }
        let versionAndLength = bytes[offset]
        guard versionAndLength >> 4 == 4, versionAndLength & 0x0f >= 5 else { throw .badIPv4Header }
        return .ipv4(source: IPv4Address(bits: bytes.loadUnaligned(fromByteOffset: offset + 12, as: UInt32.self).bigEndian),
                     destination: IPv4Address(bits: bytes.loadUnaligned(fromByteOffset: offset + 16, as: UInt32.self).bigEndian))
    }
}
