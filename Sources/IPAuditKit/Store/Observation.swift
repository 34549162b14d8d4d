/// One address-to-MAC binding seen on the wire by `scan`, in one L2 domain.
///
/// `domain` names the broadcast domain the binding was seen in: `"<host>/<iface>"`, plus
/// `"/vlan:<id>"` for each 802.1Q/802.1ad tag, outermost first. The same address on two
/// VLANs is two different facts, so it is part of the key.
public struct Observation: Sendable, Hashable, Codable {
    /// Canonical text: dotted quad, or RFC 5952 for IPv6.
    public var address: String
    /// Lower-case `aa:bb:cc:dd:ee:ff`.
    public var mac: String
    public var domain: String
    /// Epoch seconds.
    public var firstSeen: Double
    public var lastSeen: Double
    public var frames: Int

    public init(address: String, mac: String, domain: String, firstSeen: Double, lastSeen: Double, frames: Int) {
        self.address = address
        self.mac = mac
        self.domain = domain
        self.firstSeen = firstSeen
        self.lastSeen = lastSeen
        self.frames = frames
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
