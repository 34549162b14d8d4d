import ArgumentParser
import IPAuditKit

/// `ipaudit audit`: checks inventories (files and/or the store) against the cluster's rules.
struct Audit: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Audit inventories: duplicates, unroutable and out-of-zone addresses, overlaps, master quorum.",
        discussion: """
            FILEs (any format of 'ipaudit import', or http(s):// URLs as there) are audited directly. Without FILEs, or with --store \
            (or $IPAUDIT_STORE) given, the store's inventory, allocations and scan observations are audited \
            together.

            Entities (who holds an address): a NetBox record's device or VM (unassigned records \
            are each their own), a Mesos agent (with the master on its machine and the tasks in its \
            host networking), a Kubernetes node, pod or service by name within its cluster (a \
            hostNetwork pod is its node), a dnsmasq lease's client (its MAC or DUID), a name in \
            ipaudit's own formats; two sources giving one address different MACs are two machines. Kubernetes pods are \
            their cluster's own routing domain (--cluster, default the file name) unless \
            --pod-network underlay. An overlay or a DC/OS default range in \
            public space, or a pool in discouraged space, is one cause: one finding per network and \
            range, with "count" and "first_addresses" in the evidence.

            Rules (id, default severity; `ipaudit rules` lists them all):
            """ + Rule.helpList(for: .audit) + """

            JSON output (--format json) is one object:
              {"tool": "audit",
               "findings": [{"rule": string, "severity": "error"|"warning"|"info",
                             "address": string (address or prefix, optional),
                             "entities": [string], "zone": string (optional),
                             "message": string, "evidence": {rule-specific object},
                             "macs": [string] (optional)}],
               "summary": {"total", "error", "warning", "info": int, "by_rule": {rule: int}},
               "stats": {"records", "addresses", "prefixes", "masters", "observations", \
            "topology_blocks": int}}
            Findings are sorted by severity (most severe first), rule, address. Evidence \
            holds the records involved ("records": [{name, role, source, location, network, \
            host, zone, rack, mac, live, unassigned, host_network, task_id}]), the registry entry ("registry": {name, rfc, prefix, \
            class, host_use, source}, in every unroutable-address, public-space and \
            outside-routable-space finding, from audit and scan alike), the routable space \
            ("routable": [CIDR], outside-routable-space), blocks ("expected_blocks", "found_in", "outer", "inner"), \
            or counts ("count", "first_addresses", "quorum", "lost", "left", "used", "size", "ratio").

            Exit status: 0 when no finding reaches --fail-on (default error), 1 when one does, \
            2 on bad input (file, line or JSON path, and field are named), including a non-empty \
            FILE that yields no records (unless --allow-empty) and an --input-format that does \
            not fit the file.
            """)

    @OptionGroup var input: AuditInputOptions
    @OptionGroup var output: FindingsOutputOptions

    func run() throws {
        try output.emit(try input.run().report)
    }
}
