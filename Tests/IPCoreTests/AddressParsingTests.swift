import IPCore
import Testing

@Suite("Address text: strict in, canonical out")
struct AddressParsingTests {
    @Test("invalid IPv4 spellings are rejected", arguments: [
        "010.000.015.001", "000001.00000002.00000003.000000004", "000.000.000.000", "192.168.000.001",
        "01.2.3.40", "1.2.3.040", "127.0.1", "42.42.42.42.42", "42..42.42.42", ".42.42.42.42",
        "0x0a.0x0a.0x0a", "42.42.42.-0", "+1.+2.+3.4", "1.2.3.4e0", "1.2.3.4::", "0300.0250.0214.0377",
        "0xc0.0xa8.0x8c.0xff", "192.168.12345", "127.1", "1234", "1.2.3.4%eth0", "256.1.1.1", "1.2.3.4 ",
        " 1.2.3.4", "1.2.3.٤", "1.2.3.4.", "", "1.2.3.999999999999999999999",
    ])
    func rejectsIPv4(_ text: String) {
        #expect(throws: IPParseError.self) { try IPAddress(text) }
    }

    @Test("invalid IPv6 spellings are rejected", arguments: [
        "::ffff:1.2.03.4", "1:2:3:4:5:6:7", "1:2:3:4:5:6:7:8:9", "1:2:3:4::5:6:7:8", "fe801::1", "fe80::1::1",
        "fe80:", "fe80::1%", "ffff:ffff:ffff:ffff:ffff:ffff:ffff:192.168.140.255", "9:8:7:6:5:4:3::2:1",
        "::8:7:6:5:4:3:2:1", "8:7:6:5:4:3:2:1::", "10:9:8:7:6:5:4:3:42.42.42.42", "02001:db8::1", ":1::",
        "1::2:", "[::1]", ":::", "1:::2", "::1.2.3", "1.2.3.4::1", "g::1", "fe80::1%eth0",
    ])
    func rejectsIPv6(_ text: String) {
        #expect(throws: IPParseError.self) { try IPAddress(text) }
    }

    @Test("canonical IPv6 text follows RFC 5952", arguments: [
        ("fd7a:115c:a1e0:ab12:4843:cd96:626b::", "fd7a:115c:a1e0:ab12:4843:cd96:626b:0"),
        ("fd7a:115c:a1e0::4843:cd96:626b:430b", "fd7a:115c:a1e0:0:4843:cd96:626b:430b"),
        ("FD9E:1A04:F01D::1", "fd9e:1a04:f01d::1"),
        ("::ffff:192.168.140.255", "::ffff:192.168.140.255"),
        ("1:2::ffff:192.168.140.255", "1:2::ffff:c0a8:8cff"),
        ("2001:0:0:4:0:0:0:8", "2001:0:0:4::8"),
        ("0:0:3:0:0:0:0:ffff", "0:0:3::ffff"),
        ("1:0:0:4:0:0:7:8", "1::4:0:0:7:8"),
        ("::7:6:5:4:3:2:1", "0:7:6:5:4:3:2:1"),
        ("7:6:5:4:3:2:1::", "7:6:5:4:3:2:1:0"),
        ("::1.2.3.4", "::102:304"),
        ("2001:db8:0:0:1:0:0:1", "2001:db8::1:0:0:1"),
        ("2001:db8:0:1:1:1:1:1", "2001:db8:0:1:1:1:1:1"),
        ("::", "::"), ("::1", "::1"), ("1::", "1::"),
        ("ffff:ffff:ffff:ffff:ffff:ffff:ffff:ffff", "ffff:ffff:ffff:ffff:ffff:ffff:ffff:ffff"),
        ("0000:0000:0000:0000:0000:ffff:0102:0304", "::ffff:1.2.3.4"),
    ])
    func canonicalIPv6(_ input: String, _ expected: String) throws {
        #expect(try IPAddress(input).description == expected)
    }

    @Test func ipv4RoundTripsAtTheEdges() throws {
        for text in ["0.0.0.0", "255.255.255.255", "1.2.3.4", "10.0.0.1", "100.64.0.0"] {
            #expect(try IPAddress(text).description == text)
        }
        #expect(try IPv4Address("255.255.255.255").bits == .max)
    }

    @Test func mappedStaysIPv6UntilUnmapped() throws {
        let a = try IPAddress("::ffff:1.2.3.4")
        guard case .v6(let v6) = a else { Issue.record("mapped address became IPv4"); return }
        #expect(v6.unmapped == IPv4Address(1, 2, 3, 4))
        #expect(try IPPrefix("0.0.0.0/0").contains(a) == false)
        #expect(IPv4Address(1, 2, 3, 4).mapped == v6)
    }

    @Test func errorsCarryInputPositionAndReason() {
        do {
            _ = try IPAddress("10.01.0.1")
            Issue.record("accepted a leading zero")
        } catch {
            #expect(error.input == "10.01.0.1")
            #expect(error.position == 3)
            #expect(error.reason == .leadingZero)
        }
        do {
            _ = try IPAddress("1:2:3::4::5")
            Issue.record("accepted two '::'")
        } catch {
            #expect(error.reason == .multipleDoubleColons)
            #expect(error.position == 8)
        }
    }

    @Test func zonesLiveOutsideTheArithmetic() throws {
        let scoped = try ScopedIPAddress("fe80::1%eth0")
        #expect(scoped.zone == "eth0")
        #expect(scoped.address == (try IPAddress("fe80::1")))
        #expect(scoped.description == "fe80::1%eth0")
        #expect(throws: IPParseError.self) { try ScopedIPAddress("1.2.3.4%eth0") }
        #expect(throws: IPParseError.self) { try ScopedIPAddress("fe80::1%") }
        #expect(throws: IPParseError.self) { try IPPrefix("fe80::%eth0/64") }
    }

    @Test func addressesOrderByFamilyThenValue() throws {
        let list = try ["::1", "10.0.0.1", "9.255.255.255", "::"].map { try IPAddress($0) }
        #expect(list.sorted().map(\.description) == ["9.255.255.255", "10.0.0.1", "::", "::1"])
    }
}
