/// The 802.1Q / 802.1ad tags of a frame, outermost first, packed into one word so a frame
/// decode never allocates. Up to `capacity` tags; deeper stacks are a decode error.
public struct VLANStack: Hashable, Sendable, CustomStringConvertible {
    public static let capacity = 4
    /// Tag i (12-bit VID) sits at bits 16*i ..< 16*i+12.
    private(set) var packed: UInt64 = 0
    public private(set) var count: Int = 0

    public init() {}

    init(packed: UInt64, count: Int) {
        self.packed = packed
        self.count = count
    }

    public init(_ ids: [Int]) {
        for id in ids.prefix(Self.capacity) { _ = push(UInt16(truncatingIfNeeded: id)) }
    }

    /// Adds an inner tag; false when the stack is full.
    @discardableResult
    public mutating func push(_ vid: UInt16) -> Bool {
        guard count < Self.capacity else { return false }
        packed |= UInt64(vid & 0x0fff) << UInt64(16 * count)
        count += 1
        return true
    }

    public var ids: [Int] {
        (0..<count).map { Int((packed >> UInt64(16 * $0)) & 0x0fff) }
    }

    public var isEmpty: Bool { count == 0 }

    /// `/vlan:10/vlan:20`, appended to the interface name to name an L2 domain.
    public var description: String { ids.map { "/vlan:\($0)" }.joined() }
}
