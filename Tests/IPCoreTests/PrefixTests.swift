import IPCore
import Testing

@Suite("Prefixes")
struct PrefixTests {
    @Test("invalid prefixes are rejected", arguments: [
        "1.1.1.0/33", "2001::/129", "1.1.1.0/-1", "1.1.1.0/q", "2001:db8::%a/32", "1.1.1.0%a/24",
        "1.2.3.0/+24", "1.2.3.0/024", "2001:db8::/032", "1.2.3.0/255.255.255.0", "1.2.3.0/0.0.0.255",
        "0.0.0.0/0.0.0.0", "1.2.3.0/", "1.2.3.0", "/24", "1.2.3.0/24/1", "1.2.3.0/ 24",
    ])
    func rejects(_ text: String) {
        #expect(throws: IPParseError.self) { try IPPrefix(text) }
    }

    @Test func hostBitsNameTheFix() throws {
        do {
            _ = try IPPrefix("10.1.2.3/8")
            Issue.record("accepted host bits")
        } catch {
            #expect(error.reason == .hostBitsSet)
            #expect(error.suggestion == "10.0.0.0/8")
            #expect(error.description.contains("did you mean 10.0.0.0/8?"))
        }
        #expect(try IPPrefix(masking: "10.1.2.3/8").description == "10.0.0.0/8")
        #expect(try IPPrefix(masking: "2001:db8::1/32").description == "2001:db8::/32")
    }

    @Test func canonicalForms() throws {
        #expect(try IPPrefix("2001:0658:022a:cafe:0000:0000:0000:0000/66").description == "2001:658:22a:cafe::/66")
        #expect(try IPPrefix("::ffff:0:0/96").description == "::ffff:0.0.0.0/96")
        #expect(try IPPrefix(addressOrPrefix: "10.1.2.3").description == "10.1.2.3/32")
        #expect(try IPPrefix(addressOrPrefix: "::1").description == "::1/128")
    }

    @Test func boundsAndSizesAtTheEdgesOfEachFamily() throws {
        let all4 = try IPPrefix("0.0.0.0/0")
        #expect(all4.size.description == "4294967296")
        #expect(all4.last.description == "255.255.255.255")
        let all6 = try IPPrefix("::/0")
        #expect(all6.size.description == "340282366920938463463374607431768211456")
        #expect(all6.size.isFullIPv6Space)
        #expect(all6.last.description == "ffff:ffff:ffff:ffff:ffff:ffff:ffff:ffff")
        let top = try IPPrefix("255.255.255.255/32")
        #expect(top.first == top.last)
        #expect(top.size.description == "1")
        #expect(try IPPrefix("128.0.0.0/1").contains(try IPAddress("255.255.255.255")))
        #expect(try IPPrefix("255.255.255.254/31").size.description == "2")
    }

    @Test func containmentAndOverlap() throws {
        let p = try IPPrefix("10.0.0.0/8")
        #expect(p.contains(try IPPrefix("10.1.0.0/16")))
        #expect(!(try IPPrefix("10.1.0.0/16")).contains(p))
        #expect(p.overlaps(try IPPrefix("10.255.255.0/24")))
        #expect(!p.overlaps(try IPPrefix("11.0.0.0/8")))
        #expect(!p.overlaps(try IPPrefix("::/0")))
    }

    @Test func subnetsAndSupernet() throws {
        let p = try IPPrefix("10.0.0.0/22")
        let subs = try #require(p.subnets(length: 24))
        #expect(subs.map(\.description) == ["10.0.0.0/24", "10.0.1.0/24", "10.0.2.0/24", "10.0.3.0/24"])
        #expect(p.subnets(length: 21) == nil)
        #expect(p.subnets(length: 33) == nil)
        #expect(p.supernet()?.description == "10.0.0.0/21")
        #expect(p.supernet(length: 8)?.description == "10.0.0.0/8")
        #expect(try IPPrefix("0.0.0.0/0").supernet() == nil)
        let last = try #require(try IPPrefix("ffff:ffff:ffff:ffff:ffff:ffff:ffff:fffc/126").subnets(length: 128))
        #expect(last.count == 4)
        #expect(last.last?.description == "ffff:ffff:ffff:ffff:ffff:ffff:ffff:ffff/128")
        let whole = try #require(try IPPrefix("0.0.0.0/0").subnets(length: 1))
        #expect(whole.map(\.description) == ["0.0.0.0/1", "128.0.0.0/1"])
    }

    @Test func prefixOrderIsAddressThenLength() throws {
        let ps = try ["10.0.0.0/16", "::/0", "10.0.0.0/8", "9.0.0.0/8"].map { try IPPrefix($0) }
        #expect(ps.sorted().map(\.description) == ["9.0.0.0/8", "10.0.0.0/8", "10.0.0.0/16", "::/0"])
    }
}
