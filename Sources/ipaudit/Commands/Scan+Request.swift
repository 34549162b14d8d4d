import ArgumentParser
import IPAuditCapture
import IPAuditKit

/// `scan`'s options read once into typed values. A bad one is a usage error (exit 2) naming
/// the option and the value, raised before any device is opened.
extension Scan {
    func request() throws -> ScanRequest {
        guard (interface == nil) != (read == nil) else { throw ValidationError("give an interface or --read FILE (exactly one)") }
        if let count, count <= 0 { throw ValidationError("--count must be positive") }
        if snaplen < 64 || snaplen > 262_144 { throw ValidationError("--snaplen must be between 64 and 262144") }
        if maxAddresses <= 0 { throw ValidationError("--max-addresses must be positive") }
        if bindings, output.format == .csv || output.format == .prometheus {
            throw ValidationError("--bindings prints a table in text; --format json always has it as `bindings`, --format \(output.format.rawValue) has none")
        }
        if let given = storeOptions.store, given.isEmpty { throw ValidationError("--store: the store path is empty") }
        if !linkPrefix.isEmpty, !storeOptions.isGiven {
            throw ValidationError("--link-prefix needs --store (it tells the store which space the capture watched)")
        }

        var capture = CaptureConfiguration(source: read.map { .file($0) } ?? .interface(interface ?? ""))
        capture.snaplen = snaplen
        capture.bufferSize = try bufferSize?.value("--buffer-size").bytes
        capture.promiscuous = promiscuous
        capture.filter = filter
        capture.duration = try duration?.value("--duration").seconds
        capture.count = count

        var request = ScanRequest(capture: capture)
        request.user = user
        request.allowPath = allowList.allow
        request.planPath = planOption.plan
        request.routable = try routable.values("--routable").map(\.prefix)
        request.routers = Set(try router.values("--router").map(\.mac))
        for server in try dhcpServer.values("--dhcp-server") { request.dhcpServers.formUnion(server.names) }
        request.inventory = sources.inventory
        request.moveGrace = try moveGrace.value("--move-grace").seconds
        request.maxAddresses = maxAddresses
        request.domainName = domainName
        request.linkPrefixes = try linkPrefix.values("--link-prefix").map(\.prefix)
        return request
    }
}
