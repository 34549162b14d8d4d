import Foundation

extension CloudLabels {
    /// On a network's rows: the transit hubs (AWS transit gateways) it is attached to, joined by
    /// spaces. Every network attached to one hub routes to every other: one space.
    static let hubs = "cloud_hubs"
    /// On a row read from a peering answer: the peering's id.
    static let peering = "cloud_peering"

    /// The entries of a `cloud_peers` label: `peer` (an Azure peering, named by its remote
    /// network) or `peer@via` (the peering's id or name).
    static func peerEntries(_ text: String?) -> [(peer: String, via: String?)] {
        (text ?? "").split(separator: " ").map { entry in
            let parts = entry.split(separator: "@", maxSplits: 1)
            return (String(parts[0]), parts.count == 2 ? String(parts[1]) : nil)
        }
    }
}

/// Which cloud networks route to each other: VPC peerings (AWS, GCP; Azure's come with its VNet
/// rows), and transit hubs (AWS transit gateways) whose attached VPCs share one space. Read
/// from the link answers before the files are read one by one, so that another file's VPCs,
/// VNets, networks and subnets carry them (`cloud_peers`, `cloud_hubs`): the audit then finds
/// an overlap between two joined networks wherever their CIDRs came from.
struct CloudJoins: Sendable {
    /// Network key → `peer@via` entries.
    private(set) var peers: [String: Set<String>] = [:]
    /// Network key → hubs.
    private(set) var hubs: [String: Set<String>] = [:]

    var isEmpty: Bool { peers.isEmpty && hubs.isEmpty }

    /// A peering joins both ends (a peering is not transitive: only its two networks).
    mutating func peer(_ a: String, _ b: String, via: String) {
        guard a != b else { return }
        peers[a, default: []].insert("\(b)@\(via)")
        peers[b, default: []].insert("\(a)@\(via)")
    }

    mutating func attach(_ network: String, hub: String) {
        hubs[network, default: []].insert(hub)
    }

    mutating func merge(_ other: CloudJoins) {
        for (k, v) in other.peers { peers[k, default: []].formUnion(v) }
        for (k, v) in other.hubs { hubs[k, default: []].formUnion(v) }
    }

    /// `labels` with this network's joins added to what they already say.
    func label(_ labels: inout [String: String], network: String) {
        if let p = peers[network] { labels[CloudLabels.peers] = Self.union(labels[CloudLabels.peers], p) }
        if let h = hubs[network] { labels[CloudLabels.hubs] = Self.union(labels[CloudLabels.hubs], h) }
    }

    static func union(_ existing: String?, _ more: Set<String>) -> String {
        var all = Set((existing ?? "").split(separator: " ").map(String.init))
        all.formUnion(more)
        return all.sorted().joined(separator: " ")
    }

    /// The joins a parsed JSON answer carries (AWS peerings and transit gateway attachments,
    /// GCP networks); nil when it is none of those. Throws on a join it cannot read.
    static func of(_ tree: Any, file: String) throws -> CloudJoins? {
        if let o = DocumentValue.object(tree), AWSReader.carriesJoins(o) {
            return try AWSReader.joins(o, file: file)
        }
        if GCPReader.carriesNetworks(tree) { return try GCPReader.joins(tree, file: file) }
        return nil
    }

    /// Strings only link answers hold: a file without any is not parsed twice.
    static let markers = ["VpcPeeringConnections", "TransitGatewayAttachments", "TransitGatewayVpcAttachments", "compute#network"]
}

extension Inventory {
    /// Adds `joins` to every cloud prefix row (VPC, VNet, subnet, secondary range) of a network
    /// they name.
    mutating func apply(_ joins: CloudJoins) {
        guard !joins.isEmpty else { return }
        for i in labels.keys.sorted() where rows[i].prefixLength >= 0 {
            guard var l = labels[i], l[CloudLabels.cloud] != nil, let network = l[CloudLabels.vpc] else { continue }
            joins.label(&l, network: network)
            labels[i] = l
        }
    }
}

extension InventoryLoader {
    /// Before `files` are read one by one (audit, import): the joins in the link answers among
    /// them (AWS peerings and transit gateway attachments, GCP networks), so that every file's
    /// networks carry them. Standard input and URLs are read once: their joins apply to their
    /// own rows only. A file that cannot be read or parsed here gives none: its own read
    /// reports the problem.
    public mutating func joinCloudFiles(_ files: [String]) {
        // A link answer alone labels its own rows: the pass matters only beside other files.
        guard files.count >= 2 else { return }
        var seen = Set<String>()
        var joins = CloudJoins()
        for file in files where seen.insert(file).inserted && !file.contains("://") && Self.isPlainFile(file) && Self.mayHoldJoins(file) {
            guard let bytes = try? InputReader.readAll(file), let tree = try? parseJSON(bytes, file: file),
                  let found = try? CloudJoins.of(tree, file: file) else { continue }
            joins.merge(found)
        }
        cloudJoins = joins
    }

    /// Whether the file's head names a link answer: the EC2 answers start with their key, a
    /// network list's first item carries its kind. Looking at the head only keeps a pass over
    /// a large inventory (a million-row JSON or CSV) from reading it twice.
    static func mayHoldJoins(_ path: String) -> Bool {
        guard let handle = FileHandle(forReadingAtPath: path) else { return false }
        defer { try? handle.close() }
        let head = [UInt8]((try? handle.read(upToCount: 1 << 16)) ?? Data())
        return CloudJoins.markers.contains { head.firstRange(of: Array($0.utf8)) != nil }
    }

    /// Only a regular file can be read twice (not standard input, a pipe or a device).
    static func isPlainFile(_ path: String) -> Bool {
        var status = stat()
        return stat(path, &status) == 0 && (status.st_mode & S_IFMT) == S_IFREG
    }
}
