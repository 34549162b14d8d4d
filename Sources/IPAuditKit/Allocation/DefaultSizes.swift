/// Block lengths when neither the plan, the flags nor the store say otherwise.
///
/// Each level gets enough slots for what is asked plus room to grow: the next power of two
/// above the count, and never fewer than 16 slots (4 bits). IPv6 lengths are rounded to
/// nibble boundaries (multiples of 4) so reverse DNS delegates per block. From a 10.0.0.0/8
/// pool and a ULA /48 with 1 region, 3 zones and up to 15 racks this gives regions /12 and
/// /52, zones /16 and /56, racks /20 and /60. `LevelSizing` starts from these rooms and
/// shrinks them when the pool is too small for them.
public enum DefaultSizes {
    public static let ipv4Pool = "10.0.0.0/8"
    public static let minimumSlotBits = 4

    /// Bits needed for `count` blocks plus at least one spare slot, at least `minimumSlotBits`.
    public static func slotBits(count: Int) -> Int {
        var bits = 0
        while (1 << bits) < count + 1 { bits += 1 }
        return max(minimumSlotBits, bits)
    }

    public static func length(parentLength: Int, count: Int, family: Int) -> Int {
        var bits = slotBits(count: count)
        if family == 6 { bits = (bits + 3) / 4 * 4 }
        return parentLength + bits
    }
}
