import Foundation
import IPCore

/// An address plan: the pools to carve, what must never be handed out, and the
/// region → zone → rack tree with role subnets. Read from YAML (`Plan.load`) or built
/// from `ipaudit allocate` flags.
public struct Plan: Sendable, Hashable {
    public var cluster: String?
    /// Underlay pools, either family. With no IPv6 pool and `ula` on, the allocator adds the
    /// store's ULA /48.
    public var pools: [IPPrefix]
    /// Never handed out.
    public var reserved: [IPPrefix]
    /// Space that routes inside the cluster; defaults to the pools plus the overlay pools.
    public var routable: [IPPrefix] {
        get { explicitRoutable ?? (pools + (overlay?.pools ?? [])) }
        set { explicitRoutable = newValue }
    }
    /// `routable` as the plan file gave it; nil means "the pools", including pools added later by flags.
    public var explicitRoutable: [IPPrefix]?
    /// Add a generated RFC 4193 ULA /48 when no IPv6 pool is given.
    public var ula: Bool
    public var sizes: LevelSizes
    public var overlay: OverlayPlan?
    public var regions: [PlanRegion]
    /// `dhcp_servers` and `routers` at the top of the plan (each zone may name its own too).
    public var linkServices = LinkServiceNames()

    /// Every DHCP server and router the plan names, at the top or in any zone: a scan does not
    /// know which zone its link is, so each is legitimate on every link.
    public var namedLinkServices: LinkServiceNames {
        var all = linkServices
        for zone in regions.flatMap(\.zones) { all.formUnion(zone.linkServices) }
        return all
    }

    public init(cluster: String? = nil, pools: [IPPrefix] = [], reserved: [IPPrefix] = [], routable: [IPPrefix]? = nil,
                ula: Bool = true, sizes: LevelSizes = LevelSizes(), overlay: OverlayPlan? = nil, regions: [PlanRegion] = []) {
        self.cluster = cluster
        self.pools = pools
        self.reserved = reserved
        self.explicitRoutable = routable
        self.ula = ula
        self.sizes = sizes
        self.overlay = overlay
        self.regions = regions
    }

    /// Reads and validates a plan file. Errors are `InputError`s naming the file, the line
    /// and the key.
    public static func load(path: String) throws -> Plan {
        let bytes = try InputReader.readAll(path)  // the same size cap and errors as every input
        try UTF8Check.check(bytes, file: path)
        return try parse(yaml: String(decoding: bytes, as: UTF8.self), file: path)
    }

    /// Parses plan YAML; `file` only names the source in errors.
    public static func parse(yaml: String, file: String = "<plan>") throws -> Plan {
        try PlanParser(file: file).parse(yaml)
    }
}
