import ArgumentParser
import Foundation
import IPAuditCapture
import IPAuditKit
import IPAuditStorage
import IPAuditPostgres
import IPAuditSources
import IPCore

/// `ipaudit scan IFACE | --read FILE`: watch ARP, IPv4, IPv6 and NDP for duplicate and unroutable addresses.
struct Scan: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Watch the wire (live or a pcap/pcapng file) for duplicate and unroutable addresses.",
        discussion: """
            Binds addresses to MACs from on-link evidence only (ARP sender fields, NDP NS/NA with \
            link-layer options, DHCPACKs delivered to the client port), per L2 domain (interface + VLAN stack), and reports one finding per \
            (domain, address, MAC set). With --routable, IP-header sources outside it are judged when a host's \
            MAC (bound on-link, no sign of routing) carried them. DHCP and DHCPv6 answers and Router Advertisements \
            name the link's servers and routers: with --dhcp-server/--router (or the plan's) any other is rogue, \
            without them more than one is a warning. Each pcapng interface is its own L2 domain. \
            Started as root, it opens the capture, the files it names and a SQLite store, then runs as --user (default: the user who ran sudo, else nobody). \
            SIGINT/SIGTERM end the capture and still print the report. With --watch it runs until \
            SIGINT/SIGTERM (exit 0) and prints one line per finding as it opens, changes and closes.

            Rules (id, default severity; `ipaudit rules` lists them all):
            """ + Rule.helpList(for: .scan))

    @Argument(help: "Interface to capture on (needs root or CAP_NET_RAW).")
    var interface: String?

    @Option(name: .long, help: ArgumentHelp("Read a pcap or pcapng file instead of an interface.", valueName: "FILE"))
    var read: String?

    @Option(name: .long, help: ArgumentHelp("BPF filter; on Ethernet it is also applied inside one or two VLAN tags. Files are filtered frame by frame, so frame numbers stay the file's.", valueName: "BPF"))
    var filter: String?

    @Option(name: .long, help: ArgumentHelp("Stop after this long: 60s, 5m, 1h, 500ms or plain seconds.", valueName: "TIME"))
    var duration: Given<TimeSpan>?

    @Option(name: .long, help: "Stop after N packets.")
    var count: Int?

    @Option(name: .long, help: "Bytes captured per packet (live); the default keeps a whole 1500-byte frame, DHCP replies included.")
    var snaplen: Int32 = CaptureConfiguration.defaultSnaplen

    @Option(name: .customLong("move-grace"), help: ArgumentHelp("Two MACs claiming one address less than this apart are a duplicate, not a move (same forms as --duration).", valueName: "TIME"))
    var moveGrace = Given<TimeSpan>(argument: "2s")

    @Option(name: .long, help: ArgumentHelp("Run as this user once the capture and the files are open (default when started as root: the user who ran sudo, else nobody); everything after is parsed and written as this user.", valueName: "NAME"))
    var user: String?

    @Option(name: .customLong("buffer-size"), help: ArgumentHelp("Kernel capture buffer (live): bytes, or with K/M suffix (default 4M).", valueName: "SIZE"))
    var bufferSize: Given<ByteSize>?

    @Flag(name: .long, help: "Put the interface in promiscuous mode.")
    var promiscuous = false

    @OptionGroup var allowList: AllowListOption

    @Option(name: .long, help: ArgumentHelp("The cluster's routable space (repeat for more); on-link addresses outside it are reported.", valueName: "CIDR"))
    var routable: [Given<CIDR>] = []

    @Option(name: .long, help: ArgumentHelp("A MAC that forwards traffic (router, firewall, load balancer; repeat for more): sources it carries are not judged as on-link. Routers showing themselves on the wire are learnt.", valueName: "MAC"))
    var router: [Given<UnicastMAC>] = []

    @Option(name: .customLong("dhcp-server"), help: ArgumentHelp("A DHCP or DHCPv6 server that may answer on the link, by address (server identifier) or MAC (repeat for more; the plan's dhcp_servers join): answers from any other are rogue-dhcp-server. Named --router MACs are the only routers whose Router Advertisements are not rogue-router.", valueName: "ADDRESS|MAC"))
    var dhcpServer: [Given<DHCPServerValue>] = []

    @OptionGroup var planOption: PlanOption
    @OptionGroup var sources: InventorySourceOptions

    @Option(name: .customLong("l2-domain"), help: ArgumentHelp("Name of the L2 domain (default <host>/<iface>, or pcap/<file name>).", valueName: "NAME"))
    var domainName: String?

    @Option(name: .customLong("max-addresses"), help: "Tracked (domain, address) entries before idle ones are aged out.")
    var maxAddresses = 1 << 20

    /// Observations (address, MAC, domain, first/last seen, frames) are saved to the store
    /// only when one is named (--store or $IPAUDIT_STORE): a scan has no default store.
    @OptionGroup(title: "Store (observations, the findings on them and the watched prefixes are saved only when --store or $IPAUDIT_STORE names one; `audit --store` raises the findings while they stand)") var storeOptions: StoreOptions

    @Option(name: .customLong("link-prefix"), help: ArgumentHelp("With --store: a prefix the capture watched (repeat for more), so `audit --store` may call its silent inventory addresses stale; a live capture adds its interface's prefixes and connected routes itself.", valueName: "CIDR"))
    var linkPrefix: [Given<CIDR>] = []

    @Flag(name: .long, help: "Also print the bindings table (domain, address, MAC, how bound, first/last seen, frames) in text; --format json always has it as `bindings`.")
    var bindings = false

    @Flag(name: .long, help: "Run until SIGTERM/SIGINT (then exit 0), printing one line per finding as it opens, changes (new MAC, new evidence) and closes (aged out); JSON lines with --format json.")
    var watch = false

    @Option(name: .long, help: ArgumentHelp("With --watch: write --store and --prometheus this often, and at exit (same forms as --duration; default: at exit only).", valueName: "TIME"))
    var flush: Given<TimeSpan>?

    @Option(name: .customLong("spool-dir"), help: ArgumentHelp("With --watch and --store: keep what the last flush could not save here, replayed by the next watch of that store or `ipaudit import FILE` (default $IPAUDIT_SPOOL_DIR, $STATE_DIRECTORY/spool, else /var/tmp/ipaudit-spool-UID).", valueName: "DIR"))
    var spoolDir: String?

    @Option(name: .customLong("metrics-listen"), help: ArgumentHelp("With --watch: serve /metrics in the Prometheus text format on this address (e.g. 127.0.0.1:9740).", valueName: "HOST:PORT"))
    var metricsListen: Given<ListenAddress>?

    @OptionGroup var output: FindingsOutputOptions
    @OptionGroup var http: HTTPSourceOptions

    func run() throws {
        let request = try request()
        let watching = try watchRequest()
        // A SIGTERM while the device, the store (a PostgreSQL connect) or the listener is being
        // opened then ends the scan cleanly instead of killing it by the default action.
        StopSignal.install()
        // The capture, the files named and a local store are opened while privileged; the
        // policy files are parsed, every frame, the store and the metrics file handled as
        // --user only (see PrivilegeTarget).
        var local: (any IPAuditStore)?
        let scan = try ScanRun.open(request) { becoming in
            HeldInputs.hold(heldFiles)
            if let path = try storeOptions.givenPath() { local = try StoreBeforeDrop.open(path, access: .readWrite, becoming: becoming) }
        }
        let store = try openStore(as: scan.identity, local: local)
        var inventories = try sources.reader(http: http)
        let policy = try scan.policy(reader: &inventories)
        let watched = store == nil ? [] : scan.linkPrefixes()
        if let watching {
            return try runWatch(scan, policy: policy, settings: watching, store: store, linkPrefixes: watched)
        }
        let table = bindings || output.format == .json
        let result = try scanOnce(scan, policy: policy, observations: store != nil, bindings: table)
        try output.emit(result.report, section: table ? .bindings(result.bindings, inText: bindings) : nil, saving: store.map { store in {
            try store.saveObservations(result.observations, evaluation: scan.evaluation(result, linkPrefixes: watched))
        } })
    }

    /// The capture to its end, with a status line on a terminal.
    private func scanOnce(_ scan: ScanRun, policy: ScanPolicy, observations: Bool, bindings: Bool) throws -> ScanResult {
        let statusLine = Terminal.stderrIsTerminal
        let result: ScanResult
        do throws(CaptureError) {
            result = try scan.scan(policy: policy, observations: observations, bindings: bindings, progress: statusLine ? { Self.showProgress($0) } : nil)
        } catch {
            if statusLine { Terminal.err("\r\u{1b}[K") }
            throw error.inputError
        }
        if statusLine { Terminal.err("\r\u{1b}[K") }
        if let cut = result.truncation {
            // Stopping tcpdump or copying a file still being written cuts the last record:
            // what came before is whole and the report stands.
            Terminal.warn("\(scan.request.capture.name): the record at byte \(cut.offset) is cut (\(cut.detail)); the report covers frames 1-\(cut.lastFrame)")
        }
        return result
    }

    /// The files the run reads, opened before the drop and parsed after it.
    private var heldFiles: [String] {
        [http.access.headerFile, http.access.cacert, allowList.allow, planOption.plan].compactMap { $0 } + sources.inventory
    }

    /// Fails now, not after an hour of capture, when the metrics file cannot be written as the
    /// user the scan now runs as; a PostgreSQL store is connected to (logged in, migrated) as
    /// that user, so a wrong URL or password fails in a second, not after --duration.
    private func openStore(as identity: PrivilegeDrop.Identity, local: (any IPAuditStore)?) throws -> (any IPAuditStore)? {
        if let prometheus = output.prometheus { try identity.checkWritable(prometheus, option: "--prometheus", command: "scan") }
        if let local { return local }
        guard let path = try storeOptions.givenPath() else { return nil }
        return try StoreLocator.open(path)
    }

    static func showProgress(_ p: ScanProgress) {
        var line = "scan: \(p.packets) packets, \(Int(p.packetsPerSecond)) pkt/s"
        if let d = p.dropped { line += ", \(d) dropped" }
        line += ", \(p.multiMACAddresses) multi-MAC address\(p.multiMACAddresses == 1 ? "" : "es")"
        Terminal.err("\r\u{1b}[K" + line)
    }
}
