import ArgumentParser
import IPAuditCapture
import IPAuditKit

/// `probe`'s options read once into typed values. A bad one is a usage error (exit 2) naming
/// the option and the value, raised before the device is opened: a typo is not a permission error.
extension Probe {
    func request() throws -> ProbeRequest {
        if targets.isEmpty, sources.inventory.isEmpty, !storeOptions.isGiven, planOption.plan == nil, !dhcp, !routers {
            throw ValidationError("give targets (addresses, CIDRs), --inventory, --store, --plan, --dhcp or --routers")
        }
        if !dhcpServer.isEmpty, !dhcp { throw ValidationError("--dhcp-server needs --dhcp (it names who may answer it)") }
        if !router.isEmpty, !routers { throw ValidationError("--router needs --routers (it names who may answer it)") }
        if let vlan, !(1...4094).contains(vlan) { throw ValidationError("--vlan must be between 1 and 4094") }
        if retries < 0 || retries > 100 { throw ValidationError("--retries must be between 0 and 100") }
        if maxTargets <= 0 { throw ValidationError("--max-targets must be positive") }
        if save, !storeOptions.isGiven { throw ValidationError("--save needs --store (or $IPAUDIT_STORE)") }
        if let given = storeOptions.store, given.isEmpty { throw ValidationError("--store: the store path is empty") }

        var request = ProbeRequest(interface: interface)
        request.targets = try targets.map { try $0.value("target").prefix }
        request.inventory = sources.inventory
        request.planPath = planOption.plan
        request.allowPath = allowList.allow
        request.vlan = vlan
        request.settings.rate = try rate.value("--rate").perSecond
        request.settings.retries = retries
        request.settings.wait = try wait.value("--wait").seconds
        request.maxTargets = maxTargets
        request.arpSender = try arpSender?.value("--arp-sender").address
        request.user = user
        request.domainName = domainName
        request.dhcp = dhcp
        request.routers = routers
        for server in try dhcpServer.values("--dhcp-server") { request.namedServices.formUnion(server.names) }
        request.namedServices.routers.formUnion(try router.values("--router").map(\.mac))
        return request
    }
}
