/// What a reader saw besides its records: counts of the things it walked (for the reason a
/// file gave no records) and notes worth telling the operator (tasks without an address, a
/// NetBox page that is not the last).
public struct ReadTally: Sendable {
    /// In the order first counted: ("tasks", 12), ("tasks without an address", 12), ...
    public private(set) var counts: [(what: String, count: Int)] = []
    public var notes: [String] = []
    /// The file holds joins between networks (peerings, transit gateways), which may come
    /// without a single address: no records is no error then.
    var joinsOnly = false

    public init() {}

    mutating func count(_ what: String, _ n: Int = 1) {
        if let k = counts.firstIndex(where: { $0.what == what }) { counts[k].count += n } else { counts.append((what, n)) }
    }

    func count(of what: String) -> Int { counts.first { $0.what == what }?.count ?? 0 }

    /// "12 tasks, 12 tasks without an address", or nil when nothing was counted.
    var summary: String? {
        counts.isEmpty ? nil : counts.map { "\($0.count) \($0.what)" }.joined(separator: ", ")
    }
}
