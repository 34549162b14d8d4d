extension Observation {
    /// Folds `other` (same domain, address and MAC) into `self` with the stores' merge rule.
    public mutating func merge(_ other: Observation) {
        firstSeen = min(firstSeen, other.firstSeen)
        lastSeen = max(lastSeen, other.lastSeen)
        frames += other.frames
    }

    /// A batch as the store will hold it: repeats of one (domain, address, MAC) merged, sorted by
    /// the stored text (the rows' lock order on PostgreSQL). Both engines detect the wire's
    /// events on this, so a repeated key raises the same events on either.
    public static func mergingRepeats(_ batch: [Observation]) -> [Observation] {
        struct Key: Hashable { var domain: String, address: String, mac: String }
        var merged: [Key: Observation] = [:]
        for o in batch {
            let key = Key(domain: o.domain, address: o.address.description, mac: o.mac.description)
            if var existing = merged[key] {
                existing.merge(o)
                merged[key] = existing
            } else {
                merged[key] = o
            }
        }
        return merged.sorted { ($0.key.domain, $0.key.address, $0.key.mac) < ($1.key.domain, $1.key.address, $1.key.mac) }.map(\.value)
    }
}
