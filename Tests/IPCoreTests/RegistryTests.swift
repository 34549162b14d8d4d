import IPCore
import Testing

@Suite("Special-purpose registry")
struct RegistryTests {
    func cls(_ s: String) throws -> SpecialPurposeEntry { SpecialPurposeRegistry.classify(try IPAddress(s)) }

    @Test("most specific entry wins", arguments: [
        ("10.1.2.3", "private-use"), ("0.0.0.0", "unspecified"), ("0.1.2.3", "this-network"),
        ("127.0.0.1", "loopback"), ("169.254.169.254", "link-local"), ("192.0.0.9", "anycast"),
        ("192.0.0.100", "ietf-protocol-assignments"), ("192.0.0.5", "service-continuity"),
        ("192.88.99.2", "anycast"), ("192.88.99.1", "deprecated"), ("224.0.0.251", "multicast"),
        ("239.255.255.250", "multicast"), ("240.0.0.1", "reserved"), ("255.255.255.255", "broadcast"),
        ("9.0.0.1", "dcos-overlay"), ("44.128.0.1", "dcos-vtep"), ("44.128.16.1", "public"),
        ("11.0.0.1", "dcos-vip"), ("8.8.8.8", "public"), ("100.64.0.1", "shared-address-space"),
        ("198.51.100.1", "documentation"), ("::1", "loopback"), ("::", "unspecified"),
        ("::ffff:10.0.0.1", "ipv4-mapped"), ("fe80::1", "link-local"), ("fec0::1", "site-local"),
        ("ff02::1", "multicast"), ("fd00::1", "unique-local"), ("2001:db8::1", "documentation"),
        ("3fff::1", "documentation"), ("2001:1::3", "anycast"), ("2001:1::4", "ietf-protocol-assignments"),
        ("2001::1", "teredo"), ("2001:10::1", "deprecated"), ("2600::1", "public"), ("4000::1", "reserved"),
        ("100:0:0:1::1", "dummy"), ("5f00::1", "srv6-sid"), ("::1.2.3.4", "ipv4-compatible"),
    ])
    func classifies(_ address: String, _ expected: String) throws {
        #expect(try cls(address).className == expected)
    }

    @Test func flagsComeFromTheRegistry() throws {
        let loop = try cls("127.0.0.1")
        #expect(loop.isSource == false && loop.isReservedByProtocol == true && loop.rfc.contains("1122"))
        #expect(loop.hostUse == .unroutable)
        #expect(try cls("192.0.0.9").isGloballyReachable == true)
        #expect(try cls("2001::1").isGloballyReachable == nil)  // N/A in the registry
        #expect(try cls("10.0.0.1").hostUse == .usable)
        #expect(try cls("9.9.9.9").hostUse == .discouraged)
    }

    @Test func registryHoldsEveryIANARow() {
        let iana4 = SpecialPurposeRegistry.entries.filter { $0.source == .ianaIPv4 }
        let iana6 = SpecialPurposeRegistry.entries.filter { $0.source == .ianaIPv6 }
        #expect(iana4.count == 26)
        #expect(iana6.count == 25)
    }

    @Test func classifyPrefixes() throws {
        #expect(SpecialPurposeRegistry.classify(try IPPrefix("10.1.0.0/16")).className == "private-use")
        #expect(SpecialPurposeRegistry.classify(try IPPrefix("8.0.0.0/6")).className == "public")
    }
}
