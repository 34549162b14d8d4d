import IPCore

/// The scanner's observations grouped by address (typed: nothing is parsed here): what both
/// wire rules (cross-domain duplicates, unknown addresses) walk.
///
/// A fleet store holds a million observations, almost all of one address each. Sorting
/// (address, index) pairs and cutting runs costs one sort; a dictionary of arrays keyed by
/// address cost an allocation per address.
/// Mapped IPv4 (`::ffff:a.b.c.d`) joins its IPv4 twin, as in the inventory.
struct ObservationGroups {
    struct Group {
        let address: IPAddress
        /// Positions in `order`.
        let range: Range<Int>
    }

    let groups: [Group]
    /// Indices into the observations, sorted by address, then by position.
    private let order: [Int32]
    private let observations: [Observation]

    init(_ observations: [Observation]) {
        self.observations = observations
        var keyed: [(address: IPAddress, index: Int32)] = []
        keyed.reserveCapacity(observations.count)
        for (i, o) in observations.enumerated() {
            keyed.append((AddressField.normalize(o.address).address, Int32(i)))
        }
        keyed.sort { $0.address < $1.address || ($0.address == $1.address && $0.index < $1.index) }
        var groups: [Group] = []
        var start = 0
        while start < keyed.count {
            var end = start + 1
            while end < keyed.count && keyed[end].address == keyed[start].address { end += 1 }
            groups.append(Group(address: keyed[start].address, range: start..<end))
            start = end
        }
        self.groups = groups
        order = keyed.map(\.index)
    }

    /// The group of `address` (mapped IPv4 already unmapped), by binary search.
    func group(for address: IPAddress) -> Group? {
        var low = 0, high = groups.count
        while low < high {
            let mid = (low + high) / 2
            if groups[mid].address < address { low = mid + 1 } else { high = mid }
        }
        return low < groups.count && groups[low].address == address ? groups[low] : nil
    }

    /// The observations of one group, in their input order.
    func members(_ group: Group) -> [Observation] {
        order[group.range].map { observations[Int($0)] }
    }
}
