import IPAuditKit
import IPCore
import Testing
@testable import IPAuditCapture

/// `--arp-sender` enters the targets' caches with our MAC: only an address of our own.
@Suite struct ARPSenderCheckTests {
    @Test func onlyTheInterfacesOwnIPv4AddressIsAccepted() throws {
        let link = InterfaceLink(name: "vp", mac: MACAddress("02:13:00:00:00:01")!,
                                 addresses: [.v4(try IPv4Address("10.213.0.1")), .v6(try IPv6Address("fd5a::1"))],
                                 prefixes: [])
        try link.checkARPSender(try IPv4Address("10.213.0.1"))
        let error = #expect(throws: CaptureError.self) { try link.checkARPSender(try IPv4Address("10.213.0.254")) }
        #expect(error?.description.contains("--arp-sender 10.213.0.254 is not an address of vp (it has 10.213.0.1)") == true, "\(String(describing: error))")
    }
}
