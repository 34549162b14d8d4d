import Foundation

/// Gives each distinct short text (zone, region, rack, network, source, file) a small id, so
/// a million rows carry integers instead of strings and group by integer comparison.
///
/// Open addressing on an FNV-1a hash of the bytes: the CSV fast path looks text up straight
/// from the file's bytes without making a `String` first. The texts' bytes live in one flat
/// buffer compared with `memcmp`. Id 0 is the empty text ("none").
struct TextInterner: Sendable {
    private(set) var strings: [String] = [""]
    private var flat: [UInt8] = []
    private var offsets: [Int] = [0, 0]
    private var hashes: [UInt64] = [0]
    private var slots = [Int32](repeating: -1, count: 64)

    func string(_ id: UInt32) -> String { strings[Int(id)] }

    mutating func intern(_ text: String?) -> UInt32 {
        guard let text, !text.isEmpty else { return 0 }
        var copy = text
        return copy.withUTF8 { intern($0) }
    }

    @inline(__always)
    private static func hash(_ text: UnsafeBufferPointer<UInt8>) -> UInt64 {
        var h: UInt64 = 0xcbf2_9ce4_8422_2325
        for b in text { h = (h ^ UInt64(b)) &* 0x100_0000_01b3 }
        return h
    }

    mutating func intern(_ text: UnsafeBufferPointer<UInt8>) -> UInt32 {
        if text.isEmpty { return 0 }
        let h = Self.hash(text)
        let mask = slots.count - 1
        var i = Int(truncatingIfNeeded: h) & mask
        while slots[i] >= 0 {
            let id = Int(slots[i])
            if hashes[id] == h {
                let start = offsets[id], count = offsets[id + 1] - start
                if count == text.count
                    && flat.withUnsafeBufferPointer({ memcmp($0.baseAddress! + start, text.baseAddress!, count) == 0 }) {
                    return UInt32(id)
                }
            }
            i = (i + 1) & mask
        }
        let id = strings.count
        strings.append(String(decoding: text, as: UTF8.self))
        flat.append(contentsOf: text)
        offsets.append(flat.count)
        hashes.append(h)
        slots[i] = Int32(id)
        if strings.count * 2 > slots.count { rehash() }
        return UInt32(id)
    }

    private mutating func rehash() {
        slots = [Int32](repeating: -1, count: slots.count * 2)
        let mask = slots.count - 1
        for k in 1..<hashes.count {
            var j = Int(truncatingIfNeeded: hashes[k]) & mask
            while slots[j] >= 0 { j = (j + 1) & mask }
            slots[j] = Int32(k)
        }
    }
}
