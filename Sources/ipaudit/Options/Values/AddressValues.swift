import IPAuditKit
import IPCore

/// A MAC that sends as a host: a router, a firewall (`--router`). A group address is no host.
struct UnicastMAC: OptionValue {
    var mac: MACAddress

    init(optionText text: String) throws(OptionValueProblem) {
        guard let mac = MACAddress(text), !mac.isMulticast else {
            throw OptionValueProblem("not a unicast MAC address (aa:bb:cc:dd:ee:ff)")
        }
        self.mac = mac
    }
}

/// A CIDR prefix with no host bits (`--routable`, `--link-prefix`).
struct CIDR: OptionValue {
    var prefix: IPPrefix

    init(optionText text: String) throws(OptionValueProblem) {
        do { prefix = try IPPrefix(text) } catch { throw OptionValueProblem("\(error)") }
    }
}

/// A probe target: an address (its host prefix) or a CIDR with no host bits.
struct AddressOrCIDR: OptionValue {
    var prefix: IPPrefix

    init(optionText text: String) throws(OptionValueProblem) {
        do { prefix = try IPPrefix(addressOrPrefix: text) } catch {
            throw OptionValueProblem("neither an address nor a CIDR (host bits must be zero)")
        }
    }
}

/// An IPv4 address (`--arp-sender`).
struct IPv4Value: OptionValue {
    var address: IPv4Address

    init(optionText text: String) throws(OptionValueProblem) {
        do { address = try IPv4Address(text) } catch { throw OptionValueProblem("not an IPv4 address") }
    }
}

/// Where a server listens: `HOST:PORT` or `[IPv6]:PORT`, port 0-65535 (0: any free port).
struct ListenAddress: OptionValue, Equatable {
    var host: String
    var port: Int

    init(optionText text: String) throws(OptionValueProblem) {
        let problem = OptionValueProblem("expected HOST:PORT, e.g. 127.0.0.1:9740 or [::1]:9740")
        guard let colon = text.lastIndex(of: ":"), let port = Int(text[text.index(after: colon)...]),
              (0...65535).contains(port) else { throw problem }
        var host = String(text[..<colon])
        if host.hasPrefix("["), host.hasSuffix("]") { host = String(host.dropFirst().dropLast()) }
        guard !host.isEmpty else { throw problem }
        self.host = host
        self.port = port
    }
}

/// Probes per second, or `unlimited` (nil).
struct ProbeRate: OptionValue {
    var perSecond: Double?

    init(optionText text: String) throws(OptionValueProblem) {
        if text == "unlimited" { perSecond = nil; return }
        guard let rate = Double(text), rate > 0, rate.isFinite else {
            throw OptionValueProblem("expected a positive number of probes per second or 'unlimited'")
        }
        perSecond = rate
    }
}
