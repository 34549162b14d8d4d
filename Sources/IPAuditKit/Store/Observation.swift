import IPCore

/// One address-to-MAC binding seen on the wire by `scan`, in one L2 domain.
///
/// `domain` names the broadcast domain the binding was seen in: `"<host>/<iface>"`, plus
/// `"/vlan:<id>"` for each 802.1Q/802.1ad tag, outermost first. The same address on two
/// VLANs is two different facts, so it is part of the key.
/// Address and MAC travel typed: the store parses them once when it reads a row, and the audit
/// never parses text again. Stored (and encoded) as canonical text: dotted quad or RFC 5952,
/// and lower-case `aa:bb:cc:dd:ee:ff`.
public struct Observation: Sendable, Hashable, Codable {
    public var address: IPAddress
    public var mac: MACAddress
    public var domain: String
    /// Epoch seconds.
    public var firstSeen: Double
    public var lastSeen: Double
    public var frames: Int

    public init(address: IPAddress, mac: MACAddress, domain: String, firstSeen: Double, lastSeen: Double, frames: Int) {
        self.address = address
        self.mac = mac
        self.domain = domain
        self.firstSeen = firstSeen
        self.lastSeen = lastSeen
        self.frames = frames
    }
}

extension Observation {
    private enum CodingKeys: String, CodingKey {
        case address, mac, domain, firstSeen, lastSeen, frames
    }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        let addressText = try c.decode(String.self, forKey: .address)
        let macText = try c.decode(String.self, forKey: .mac)
        guard let address = try? IPAddress(addressText) else {
            throw DecodingError.dataCorruptedError(forKey: .address, in: c, debugDescription: "not an IP address: \(addressText)")
        }
        guard let mac = MACAddress(macText) else {
            throw DecodingError.dataCorruptedError(forKey: .mac, in: c, debugDescription: "not a MAC address: \(macText)")
        }
        self.init(address: address, mac: mac, domain: try c.decode(String.self, forKey: .domain),
                  firstSeen: try c.decode(Double.self, forKey: .firstSeen), lastSeen: try c.decode(Double.self, forKey: .lastSeen),
                  frames: try c.decode(Int.self, forKey: .frames))
    }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(address.description, forKey: .address)
        try c.encode(mac.description, forKey: .mac)
        try c.encode(domain, forKey: .domain)
        try c.encode(firstSeen, forKey: .firstSeen)
        try c.encode(lastSeen, forKey: .lastSeen)
        try c.encode(frames, forKey: .frames)
    }
}

extension Observation {
    /// From canonical text, for tests and fixtures written as literals: traps on text that is
    /// not an address or a MAC. Code reading input parses it itself and reports bad text.
    public init(address: String, mac: String, domain: String, firstSeen: Double, lastSeen: Double, frames: Int) {
        guard let ip = try? IPAddress(address) else { preconditionFailure("not an IP address: \(address)") }
        guard let hardware = MACAddress(mac) else { preconditionFailure("not a MAC address: \(mac)") }
        self.init(address: ip, mac: hardware, domain: domain, firstSeen: firstSeen, lastSeen: lastSeen, frames: frames)
    }
}

/// Where observations are kept: the SQLite file, or PostgreSQL in fleet mode.
///
/// `saveObservations` merges: for an existing (domain, address, mac) it keeps the earliest
/// first-seen, the latest last-seen and adds the frame counts, all in one transaction.
public protocol ObservationStoring: Sendable {
    func saveObservations(_ observations: [Observation]) throws
    func observations() throws -> [Observation]
}
