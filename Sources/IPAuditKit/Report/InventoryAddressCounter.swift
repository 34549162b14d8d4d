import IPCore

/// Counts the inventory's distinct live host addresses inside a block, by binary search over
/// one sorted array: the "used" figure of a block with no blocks inside it.
struct InventoryAddressCounter {
    let sorted: [IPAddress]

    init(_ inventory: Inventory) {
        var addresses: [IPAddress] = []
        addresses.reserveCapacity(inventory.count)
        for row in inventory.rows where row.live && row.prefixLength < 0 { addresses.append(row.address) }
        addresses.sort()
        var unique: [IPAddress] = []
        unique.reserveCapacity(addresses.count)
        for a in addresses where unique.last != a { unique.append(a) }
        sorted = unique
    }

    func count(in prefix: IPPrefix) -> Int {
        lowerBound(after: prefix.last) - lowerBound(prefix.first)
    }

    /// Index of the first address ≥ `a`.
    func lowerBound(_ a: IPAddress) -> Int {
        var lo = 0, hi = sorted.count
        while lo < hi {
            let mid = (lo + hi) / 2
            if sorted[mid] < a { lo = mid + 1 } else { hi = mid }
        }
        return lo
    }

    /// Index of the first address > `a`.
    func lowerBound(after a: IPAddress) -> Int {
        var lo = 0, hi = sorted.count
        while lo < hi {
            let mid = (lo + hi) / 2
            if sorted[mid] <= a { lo = mid + 1 } else { hi = mid }
        }
        return lo
    }
}
