import Foundation

/// A classic pcap file cut into its global header and records, to feed a capture bit by bit.
struct PcapRecords {
    let header: Data
    /// Each record with its 16-byte header, and its time (seconds, microseconds).
    let records: [(time: Double, bytes: Data)]

    init(path: String) throws {
        let data = try Data(contentsOf: URL(fileURLWithPath: path))
        header = data.prefix(24)
        var out: [(Double, Data)] = []
        var offset = 24
        func u32(_ at: Int) -> Int {
            Int(data[data.startIndex + at]) | Int(data[data.startIndex + at + 1]) << 8
                | Int(data[data.startIndex + at + 2]) << 16 | Int(data[data.startIndex + at + 3]) << 24
        }
        while offset + 16 <= data.count {
            let length = u32(offset + 8)
            let time = Double(u32(offset)) + Double(u32(offset + 4)) / 1e6
            out.append((time, data.subdata(in: (data.startIndex + offset)..<(data.startIndex + offset + 16 + length))))
            offset += 16 + length
        }
        records = out
    }
}
