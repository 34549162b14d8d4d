import CPcap

/// One Interface Description Block of a pcapng file: how to read its packets' link layer
/// and timestamps, and the filter compiled for its link type.
struct PcapngInterface {
    var dlt: Int32
    var linkType: LinkType
    var snaplen: Int
    var name: String?
    /// Timestamp units per second (`if_tsresol`, default 10^6) and `if_tsoffset` seconds.
    var unitsPerSecond: UInt64 = 1_000_000
    var offsetSeconds: Int64 = 0
    var filter: OfflineFilter?
    /// The filter libpcap refused for this link type (valid for others): no frame of it matches.
    var filterRejection: CaptureError?
    /// Its first frame was handed on (the sink was told about the interface).
    var started = false

    static let optionEnd: UInt16 = 0
    static let optionName: UInt16 = 2
    static let optionTimestampResolution: UInt16 = 9
    static let optionTimestampOffset: UInt16 = 14

    /// Parses the block body (after type and length, before the trailing length).
    /// Returns nil with a reason when a field is out of bounds or makes no sense.
    static func parse(_ body: PcapngBytes) -> Result<PcapngInterface, PcapngFormatError> {
        guard body.count >= 8 else { return .failure(.init("interface block shorter than 8 bytes")) }
        let dlt = Int32(body.u16(0))
        var interface = PcapngInterface(dlt: dlt, linkType: LinkType(dlt: dlt), snaplen: Int(body.u32(4)))
        var cursor = 8
        while cursor + 4 <= body.count {
            let code = body.u16(cursor), length = Int(body.u16(cursor + 2))
            let value = cursor + 4
            guard value + length <= body.count else { return .failure(.init("option \(code) runs past its block")) }
            switch code {
            case optionEnd:
                return .success(interface)
            case optionName:
                interface.name = body.string(value, length)
            case optionTimestampResolution:
                guard length >= 1 else { return .failure(.init("empty if_tsresol")) }
                let r = body.byte(value)
                if r & 0x80 == 0 {
                    guard r <= 19 else { return .failure(.init("if_tsresol 10^-\(r) is finer than 64 bits hold")) }
                    interface.unitsPerSecond = (0..<r).reduce(1) { v, _ in v * 10 }
                } else {
                    guard r & 0x7f <= 63 else { return .failure(.init("if_tsresol 2^-\(r & 0x7f) is finer than 64 bits hold")) }
                    interface.unitsPerSecond = 1 << UInt64(r & 0x7f)
                }
            case optionTimestampOffset:
                guard length >= 8 else { return .failure(.init("if_tsoffset shorter than 8 bytes")) }
                interface.offsetSeconds = Int64(bitPattern: body.u64(value))
            default:
                break
            }
            cursor = value + (length + 3) & ~3
        }
        return .success(interface)
    }

    /// Epoch seconds of a 64-bit timestamp in this interface's units.
    func seconds(_ stamp: UInt64) -> Double {
        Double(stamp / unitsPerSecond) + Double(stamp % unitsPerSecond) / Double(unitsPerSecond) + Double(offsetSeconds)
    }
}
