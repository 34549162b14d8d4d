import Testing
@testable import IPAuditKit

@Suite("Hilbert curve layout of the address map")
struct HilbertCurveTests {
    @Test("Every cell is visited once and consecutive cells are neighbours", arguments: 0...12)
    func walk(order: Int) {
        let curve = HilbertCurve(order: order)
        var seen = Set<Int>()
        var previous: (x: Int, y: Int)?
        for d in 0..<curve.cellCount {
            let p = curve.point(d)
            #expect((0..<curve.width).contains(p.x) && (0..<curve.height).contains(p.y))
            #expect(seen.insert(p.y * curve.width + p.x).inserted, "cell \(d) revisits \(p)")
            if let q = previous { #expect(abs(p.x - q.x) + abs(p.y - q.y) == 1, "cells \(d - 1) and \(d) are not neighbours") }
            previous = p
        }
        #expect(seen.count == curve.width * curve.height)
    }

    @Test("Every aligned block is exactly its rectangle: a square, or 2:1 for an odd size", arguments: 0...10)
    func alignedBlocks(order: Int) {
        let curve = HilbertCurve(order: order)
        for bits in 0...order {
            let size = 1 << bits
            for start in stride(from: 0, to: curve.cellCount, by: size) {
                let r = curve.rectangle(start: start, bits: bits)
                #expect(r.width * r.height == size)
                #expect(bits % 2 == 0 ? r.width == r.height : max(r.width, r.height) == 2 * min(r.width, r.height))
                for d in start..<(start + size) {
                    let p = curve.point(d)
                    #expect(p.x >= r.x && p.x < r.x + r.width && p.y >= r.y && p.y < r.y + r.height,
                            "cell \(d) of the block at \(start)/\(bits) lies outside \(r)")
                }
            }
        }
    }

    @Test("An odd order is two squares side by side, the curve crossing at the bottom edge")
    func oddOrder() {
        let curve = HilbertCurve(order: 3)
        #expect(curve.width == 4 && curve.height == 2)
        #expect(curve.point(0).x == 0 && curve.point(0).y == 0)
        #expect(curve.point(3).x == 1 && curve.point(3).y == 0)
        #expect(curve.point(4).x == 2 && curve.point(4).y == 0)
        #expect(curve.point(7).x == 3 && curve.point(7).y == 0)
    }
}
