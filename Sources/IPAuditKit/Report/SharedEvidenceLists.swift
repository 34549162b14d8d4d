/// Long evidence lists that several findings carry alike, each kept once under the findings
/// table and referenced from the rows. Every out-of-zone finding of a zone lists that zone's
/// expected blocks, the same hundred values: 4,000 such rows repeated it 4,000 times (over a
/// third of a 6.5 MB page). Listed once, the list can also be shown whole, where a row shows
/// only `EvidenceText.maxListed` values.
struct SharedEvidenceLists {
    struct List {
        /// 1-based, in the order the rows first use it; the anchor is `ev-<number>`.
        let number: Int
        let key: String
        let values: [String]
        let uses: Int
        var anchor: String { "ev-\(number)" }
    }

    private(set) var lists: [List] = []
    private var byContent: [String: Int] = [:]

    /// A list is shared when it has more values than a row shows and two or more findings carry
    /// it under the same key; a list one finding carries stays in its row.
    init(_ findings: [Finding]) {
        var uses: [String: Int] = [:]
        var firstSeen: [(content: String, key: String, values: [String])] = []
        for f in findings {
            for (key, value) in f.evidence {
                guard let values = Self.plainValues(value) else { continue }
                let content = Self.content(key, values)
                if uses[content] == nil { firstSeen.append((content, key, values)) }
                uses[content, default: 0] += 1
            }
        }
        for seen in firstSeen where uses[seen.content]! >= 2 {
            byContent[seen.content] = lists.count
            lists.append(List(number: lists.count + 1, key: seen.key, values: seen.values, uses: uses[seen.content]!))
        }
    }

    func list(key: String, value: JSONValue) -> List? {
        guard !byContent.isEmpty, let values = Self.plainValues(value),
              let i = byContent[Self.content(key, values)] else { return nil }
        return lists[i]
    }

    /// The values of a list of scalars longer than a row shows, as the row would write them.
    private static func plainValues(_ value: JSONValue) -> [String]? {
        guard case .array(let items) = value, items.count > EvidenceText.maxListed else { return nil }
        var values: [String] = []
        values.reserveCapacity(items.count)
        for item in items {
            switch item {
            case .object, .array: return nil
            default: values.append(EvidenceText.inline(item))
            }
        }
        return values
    }

    private static func content(_ key: String, _ values: [String]) -> String {
        key + "\u{0}" + values.joined(separator: "\u{0}")
    }
}
