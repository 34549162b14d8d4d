/// The Hilbert curve over a grid of 2^order cells: consecutive cells are neighbours, and every
/// aligned run of 2^m cells is a square (m even) or a 2:1 rectangle (m odd) — the classic
/// IPv4 map layout, in which a CIDR block is one compact shape.
///
/// An even order fills a square of side 2^(order/2); an odd order fills two such squares side
/// by side (the curve leaves the left square at its bottom right corner, next to where it
/// enters the right one).
public struct HilbertCurve: Sendable {
    public let order: Int

    public init(order: Int) {
        precondition((0...32).contains(order))
        self.order = order
    }

    /// Side of each of the (one or two) squares.
    var squareSide: Int { 1 << (order / 2) }
    public var width: Int { order % 2 == 0 ? squareSide : 2 * squareSide }
    public var height: Int { squareSide }
    public var cellCount: Int { 1 << order }

    /// The cell of index `d` (0 ..< cellCount).
    public func point(_ d: Int) -> (x: Int, y: Int) {
        let side = squareSide
        let perSquare = side * side
        let (x, y) = Self.squarePoint(side: side, d % perSquare)
        return (x + (d / perSquare) * side, y)
    }

    /// The rectangle of the aligned run of 2^bits cells starting at `d` (`d` a multiple of 2^bits).
    public func rectangle(start d: Int, bits: Int) -> (x: Int, y: Int, width: Int, height: Int) {
        let side = 1 << (bits / 2)
        let a = point(d)
        let x0 = a.x & ~(side - 1), y0 = a.y & ~(side - 1)
        guard bits % 2 == 1 else { return (x0, y0, side, side) }
        // Two consecutive squares of the same level: always edge neighbours.
        let b = point(d + side * side)
        let x1 = b.x & ~(side - 1), y1 = b.y & ~(side - 1)
        return (min(x0, x1), min(y0, y1), x0 == x1 ? side : 2 * side, y0 == y1 ? side : 2 * side)
    }

    /// The textbook index-to-point walk for one square of side `side` (a power of two).
    static func squarePoint(side: Int, _ d: Int) -> (Int, Int) {
        var x = 0, y = 0, t = d, s = 1
        while s < side {
            let rx = 1 & (t / 2)
            let ry = 1 & (t ^ rx)
            if ry == 0 {
                if rx == 1 {
                    x = s - 1 - x
                    y = s - 1 - y
                }
                swap(&x, &y)
            }
            x += s * rx
            y += s * ry
            t /= 4
            s *= 2
        }
        return (x, y)
    }
}
