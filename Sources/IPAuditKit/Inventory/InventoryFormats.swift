/// Every inventory format, registered once: adding a format is its reader's file plus one
/// entry here (and a `static let` name on `InventoryFormat`).
enum InventoryFormats {
    /// How a format's bytes become something its reader reads.
    enum Syntax: Sendable {
        /// The reader takes the bytes (CSV: the column store is built in place).
        case bytes
        /// A YAML tree.
        case yaml
        /// A JSON tree.
        case json
        /// A JSON tree, or a YAML one when the file does not start like JSON (`kubectl -o yaml`).
        case jsonOrYAML
        /// A JSON tree, or when the file does not start like JSON, another format's reading
        /// (NetBox's CSV exports are CSV).
        case jsonOr(InventoryFormat)

        var readsYAML: Bool {
            switch self {
            case .yaml, .jsonOrYAML: true
            case .bytes, .json, .jsonOr: false
            }
        }
    }

    /// A JSON API answer's top-level shape: detection and the refusal of a wrong `--format`.
    struct Signature: Sendable {
        /// Lower is tried first when detecting: the more specific shapes before the looser.
        var strength: Int
        /// What the format's JSON looks like, in words.
        var looksLike: String
        var matches: @Sendable ([String: Any]) -> Bool
    }

    /// What a tree reader is handed: the tree, the row builder (file, source, skipped rows),
    /// the tally of what it counted, and the Kubernetes settings.
    typealias TreeReader = @Sendable (Any, inout InventoryRowBuilder, inout ReadTally, KubernetesSettings) throws -> Void
    /// What a reader of a `bytes` format other than CSV is handed: the file's bytes.
    typealias BytesReader = @Sendable ([UInt8], inout InventoryRowBuilder, inout ReadTally) throws -> Void

    struct Entry: Sendable {
        var format: InventoryFormat
        /// How the format is named in a command's abstract.
        var title: String
        var syntax: Syntax
        var signature: Signature?
        /// Reads a YAML or JSON tree into rows (nil: the `bytes` readers).
        var read: TreeReader?
        /// Reads a `bytes` format's file into rows (nil: CSV, whose reader builds its column store in place).
        var readBytes: BytesReader?
    }

    /// In the order `--format` lists them.
    static let registered: [Entry] = [
        Entry(format: .csv, title: "CSV", syntax: .bytes),
        Entry(format: .json, title: "JSON", syntax: .json,
              signature: Signature(strength: 99, looksLike: "ipaudit records (a list, or a records list)") { o in
                  ["records", "inventory", "hosts"].contains { DocumentValue.array(o[$0]) != nil }
              },
              read: { tree, rows, tally, _ in try DocumentInventoryReader.read(tree, into: &rows, tally: &tally) }),
        Entry(format: .yaml, title: "YAML", syntax: .yaml,
              read: { tree, rows, tally, _ in try DocumentInventoryReader.read(tree, into: &rows, tally: &tally) }),
        Entry(format: .mesos, title: "Mesos", syntax: .json,
              signature: Signature(strength: 2, looksLike: "a Mesos GET /master/state (slaves, frameworks, leader_info) or GET_STATE, GET_AGENTS or GET_TASKS answer (get_state, get_agents, get_tasks)") { o in
                  ["get_state", "get_agents", "get_tasks", "slaves", "recovered_slaves", "frameworks", "completed_frameworks", "leader_info"].contains { o[$0] != nil }
              },
              read: records { tree, rows, tally, _ in
                  try MesosStateReader.read(tree, file: rows.file, source: rows.source, skipInvalid: rows.skipInvalid,
                                            skipped: &rows.skipped, tally: &tally)
              }),
        Entry(format: .marathon, title: "Marathon", syntax: .json,
              signature: Signature(strength: 3, looksLike: "a Marathon answer (apps, app, groups, or tasks with appId)") { o in
                  if o["apps"] != nil || DocumentValue.object(o["app"]) != nil || DocumentValue.array(o["groups"]) != nil { return true }
                  guard let tasks = DocumentValue.array(o["tasks"]) else { return false }
                  return tasks.isEmpty || tasks.contains { DocumentValue.object($0)?["appId"] != nil }
              },
              read: records { tree, rows, tally, _ in
                  try MarathonReader.read(tree, file: rows.file, source: rows.source, skipInvalid: rows.skipInvalid,
                                          skipped: &rows.skipped, tally: &tally)
              }),
        Entry(format: .netbox, title: "NetBox", syntax: .jsonOr(.csv),
              signature: Signature(strength: 4, looksLike: "NetBox API JSON (results, a list of objects, or one object with family and address or prefix)") { o in
                  if let results = DocumentValue.array(o["results"]) { return o["count"] != nil || results.contains(where: InventoryFormat.isNetBoxObject) }
                  return InventoryFormat.isNetBoxObject(o)
              },
              read: { tree, rows, tally, _ in try NetBoxAPIReader.read(tree, into: &rows, tally: &tally) }),
        Entry(format: .dcosOverlay, title: "DC/OS overlay", syntax: .json,
              // An overlay state stays one even when a mock also carries `frameworks` (Mesos).
              signature: Signature(strength: 1, looksLike: "a DC/OS GET /overlay-master/state (agents[].overlays, network.overlays)") { o in
                  if DocumentValue.lookup(o, "network.overlays") != nil { return true }
                  guard let agents = DocumentValue.array(o["agents"]) else { return false }
                  return agents.contains { DocumentValue.object($0)?["overlays"] != nil }
              },
              read: records { tree, rows, tally, _ in
                  try OverlayStateReader.read(tree, file: rows.file, source: rows.source, skipInvalid: rows.skipInvalid,
                                              skipped: &rows.skipped, tally: &tally)
              }),
        Entry(format: .kubernetes, title: "Kubernetes", syntax: .jsonOrYAML,
              // apiVersion and kind: nothing else has both at the top.
              signature: Signature(strength: 0, looksLike: "Kubernetes objects (apiVersion and kind List, NodeList, PodList, ServiceList, Node, Pod or Service; Calico, Cilium, Whereabouts or MetalLB IPAM objects)",
                                   matches: KubernetesReader.isKubernetes),
              read: records { tree, rows, tally, settings in
                  try KubernetesReader.read(tree, file: rows.file, source: rows.source, settings: settings,
                                            skipInvalid: rows.skipInvalid, skipped: &rows.skipped, tally: &tally)
              }),
        Entry(format: .aws, title: "AWS EC2", syntax: .json,
              signature: Signature(strength: 5, looksLike: "an AWS EC2 answer (Vpcs, Subnets, NetworkInterfaces, Reservations, VpcPeeringConnections or TransitGatewayAttachments)",
                                   matches: AWSReader.matches),
              read: records { tree, rows, tally, _ in try AWSReader.read(tree, file: rows.file, source: rows.source, tally: &tally) }),
        Entry(format: .azure, title: "Azure", syntax: .json,
              signature: Signature(strength: 7, looksLike: "an Azure list of virtual networks or network interfaces ({\"value\": [...]} or the az CLI's list)",
                                   matches: AzureReader.matches),
              read: records { tree, rows, tally, _ in try AzureReader.read(tree, file: rows.file, source: rows.source, tally: &tally) }),
        Entry(format: .gcp, title: "Google Cloud", syntax: .json,
              signature: Signature(strength: 8, looksLike: "a Google Cloud subnetwork, instance or network list (aggregatedList too) or a GKE cluster list",
                                   matches: GCPReader.matches),
              read: records { tree, rows, tally, _ in try GCPReader.read(tree, file: rows.file, source: rows.source, tally: &tally) }),
        Entry(format: .terraform, title: "Terraform", syntax: .json,
              signature: Signature(strength: 6, looksLike: "terraform show -json output (format_version with planned_values or values)",
                                   matches: TerraformReader.matches),
              read: records { tree, rows, tally, _ in try TerraformReader.read(tree, file: rows.file, source: rows.source, tally: &tally) }),
        // Never auto-detected: a lease line has no header and no JSON/YAML shape, and a CSV
        // file could hold lines just like it; only `--format dnsmasq-leases` reads one.
        Entry(format: .dnsmasqLeases, title: "dnsmasq leases", syntax: .bytes,
              readBytes: { bytes, rows, tally in try DnsmasqLeaseReader.read(bytes, into: &rows, tally: &tally) }),
    ]

    /// A reader that decides whole records (the cluster APIs) fed to the row builder, which
    /// checks each and fills the columns.
    static func records(_ read: @escaping @Sendable (Any, inout InventoryRowBuilder, inout ReadTally, KubernetesSettings) throws -> [InventoryRecord]) -> TreeReader {
        { tree, rows, tally, settings in
            let records = try read(tree, &rows, &tally, settings)
            rows.reserveCapacity(records.count)
            for r in records { try rows.attempt { try $0.add(r) } }
        }
    }
}
