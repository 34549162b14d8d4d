import IPCore
import Testing

@Suite("Set operations: tricky cases")
struct SetOperationTests {
    func set(_ items: [String]) throws -> IPSet {
        IPSet(prefixes: try items.map { try IPPrefix(addressOrPrefix: $0) })
    }

    func texts(_ s: IPSet) -> [String] { s.prefixes.map(\.description) }

    func rangePrefixes(_ a: String, _ b: String) throws -> [String] {
        try #require(IPRange(first: try IPAddress(a), last: try IPAddress(b))).prefixes.map(\.description)
    }

    @Test func rangeToCIDRs() throws {
        #expect(try rangePrefixes("0.0.0.4", "0.0.0.11") == ["0.0.0.4/30", "0.0.0.8/30"])
        #expect(try rangePrefixes("10.0.0.0", "11.10.255.255") == ["10.0.0.0/8", "11.0.0.0/13", "11.8.0.0/15", "11.10.0.0/16"])
        #expect(try rangePrefixes("0.0.0.0", "255.255.255.255") == ["0.0.0.0/0"])
        #expect(try rangePrefixes("192.0.2.0", "192.0.2.130") == ["192.0.2.0/25", "192.0.2.128/31", "192.0.2.130/32"])
        let inner = try rangePrefixes("0.0.0.1", "255.255.255.254")
        #expect(inner.count == 62)
        #expect(inner.first == "0.0.0.1/32")
        #expect(inner.last == "255.255.255.254/32")
        #expect(try rangePrefixes("::", "ffff:ffff:ffff:ffff:ffff:ffff:ffff:ffff") == ["::/0"])
        #expect(try IPRange("10.0.0.5-10.0.0.5").prefixes.map(\.description) == ["10.0.0.5/32"])
        #expect(throws: IPParseError.self) { try IPRange("10.0.0.5-10.0.0.4") }
        #expect(throws: IPParseError.self) { try IPRange("10.0.0.5-::1") }
    }

    @Test func aggregation() throws {
        #expect(texts(try set(["10.0.0.0/8", "11.0.0.0/8"])) == ["10.0.0.0/7"])
        #expect(texts(try set(["192.0.129.0/24", "192.0.130.0/24"])) == ["192.0.129.0/24", "192.0.130.0/24"])
        #expect(texts(try set(["192.0.2.112/31", "192.0.2.116/31", "192.0.2.118/31"])) == ["192.0.2.112/31", "192.0.2.116/30"])
        #expect(texts(try set(["128.0.0.0/1"])) == ["128.0.0.0/1"])
        #expect(texts(try set(["255.255.255.254/32"])) == ["255.255.255.254/32"])
        #expect(texts(try set(["::ffff:10.0.0.0/104", "10.0.0.0/8"])) == ["10.0.0.0/8", "::ffff:10.0.0.0/104"])
        #expect(texts(try set(["0.0.0.0/1", "128.0.0.0/1", "::/1", "8000::/1"])) == ["0.0.0.0/0", "::/0"])
    }

    @Test func subtraction() throws {
        let r = try set(["10.0.0.0/8"]).subtracting(try set(["10.1.2.3"]))
        #expect(r.prefixes.count == 24)
        #expect(texts(r).first == "10.0.0.0/16")
        #expect(texts(r).contains("10.1.2.2/32"))
        #expect(texts(r).contains("10.1.2.4/30"))
        #expect(texts(r).last == "10.128.0.0/9")
        let mixed = try set(["10.0.0.0/8", "::/0"]).subtracting(try set(["10.2.0.0/16"]))
        #expect(texts(mixed).prefix(3) == ["10.0.0.0/15", "10.3.0.0/16", "10.4.0.0/14"])
        #expect(texts(mixed).last == "::/0")
        let edges = try set(["0.0.0.0/0"]).subtracting(try set(["0.0.0.0/32", "255.255.255.255/32"]))
        #expect(edges.prefixes.count == 62)
    }

    @Test func complementAndIntersection() throws {
        #expect(texts(IPSet().complement) == ["0.0.0.0/0", "::/0"])
        #expect(IPSet.everything.complement.isEmpty)
        let a = try set(["10.0.0.0/8"]), b = try set(["10.128.0.0/9", "11.0.0.0/8"])
        #expect(texts(a.intersection(b)) == ["10.128.0.0/9"])
        #expect(texts(try set(["10.0.0.0/24"]).complement).count == 24 + 1)
    }

    @Test func containsUsesNormalizedRanges() throws {
        let s = try set(["10.0.0.0/24", "10.0.1.0/24", "192.168.0.0/16"])
        #expect(s.contains(try IPPrefix("10.0.0.0/23")))
        #expect(!s.contains(try IPPrefix("10.0.0.0/22")))
        #expect(s.contains(try IPAddress("192.168.255.255")))
        #expect(!s.contains(try IPAddress("192.169.0.0")))
        #expect(!s.contains(try IPAddress("::ffff:10.0.0.1")))
    }

    @Test func sizesAreExact() throws {
        #expect(IPSet.everything.size.isFullIPv6Space)
        #expect(try set(["10.0.0.0/8", "10.0.0.0/9", "192.168.0.1"]).size.description == "16777217")
    }

    @Test func allocationFits() throws {
        // Free space: 10.0.0.0/24 minus 10.0.0.0/26 leaves .64/26 and .128/25.
        let free = try set(["10.0.0.0/24"]).subtracting(try set(["10.0.0.0/26"]))
        #expect(free.v4.firstFit(length: 26)?.description == "10.0.0.64/26")
        #expect(free.v4.firstFit(length: 25)?.description == "10.0.0.128/25")
        #expect(free.v4.firstFit(length: 24) == nil)
        let holes = try set(["10.0.0.0/29", "10.0.1.0/24", "10.0.4.0/30"])
        #expect(holes.v4.bestFit(length: 30)?.description == "10.0.4.0/30")
        #expect(holes.v4.bestFit(length: 29)?.description == "10.0.0.0/29")
        #expect(holes.v4.bestFit(length: 25)?.description == "10.0.1.0/25")
        #expect(holes.v4.bestFit(length: 23) == nil)
        #expect(holes.v4.firstFit(length: 30)?.description == "10.0.0.0/30")
        let (block, rest) = try #require(free.removingFreePrefix(length: 27, family: 4))
        #expect(block.description == "10.0.0.64/27")
        #expect(!rest.overlaps(block))
        #expect(IPSet.everything.v6.firstFit(length: 0)?.description == "::/0")
    }
}
