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
            MAC (bound on-link, no sign of routing) carried them. Each pcapng interface is its own L2 domain. \
            Started as root, it runs as --user (default nobody) once the capture is open. \
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
    var duration: String?

    @Option(name: .long, help: "Stop after N packets.")
    var count: Int?

    @Option(name: .long, help: "Bytes captured per packet (live); the default keeps a whole 1500-byte frame, DHCP replies included.")
    var snaplen: Int32 = CaptureConfiguration.defaultSnaplen

    @Option(name: .customLong("move-grace"), help: ArgumentHelp("Two MACs claiming one address less than this apart are a duplicate, not a move (same forms as --duration).", valueName: "TIME"))
    var moveGrace = "2s"

    @Option(name: .long, help: ArgumentHelp("Run as this user once the capture is open (default: nobody when started as root); all files are read and written as this user.", valueName: "NAME"))
    var user: String?

    @Option(name: .customLong("buffer-size"), help: ArgumentHelp("Kernel capture buffer (live): bytes, or with K/M suffix (default 4M).", valueName: "SIZE"))
    var bufferSize: String?

    @Flag(name: .long, help: "Put the interface in promiscuous mode.")
    var promiscuous = false

    @Option(name: .customLong("allow"), help: ArgumentHelp("Allow-list, the same file as audit's: CSV 'address,entities,reason' (entities: MACs separated by ';') or YAML/JSON.", valueName: "FILE"))
    var allowList: String?

    @Option(name: .long, help: ArgumentHelp("The cluster's routable space (repeat for more); on-link addresses outside it are reported.", valueName: "CIDR"))
    var routable: [String] = []

    @Option(name: .long, help: ArgumentHelp("A MAC that forwards traffic (router, firewall, load balancer; repeat for more): sources it carries are not judged as on-link. Routers showing themselves on the wire are learnt.", valueName: "MAC"))
    var router: [String] = []

    @Option(name: .long, help: ArgumentHelp("Address plan (YAML) whose routable space on-link addresses must be in.", valueName: "FILE"))
    var plan: String?

    @Option(name: .long, help: ArgumentHelp("Inventory file or http(s):// URL (any format 'import' reads; repeat for more); on-link addresses it lacks are reported.", valueName: "FILE"))
    var inventory: [String] = []

    @Option(name: .customLong("l2-domain"), help: ArgumentHelp("Name of the L2 domain (default <host>/<iface>, or pcap/<file name>).", valueName: "NAME"))
    var domainName: String?

    @Option(name: .customLong("max-addresses"), help: "Tracked (domain, address) entries before idle ones are aged out.")
    var maxAddresses = 1 << 20

    /// Observations (address, MAC, domain, first/last seen, frames) are saved to the store
    /// only when one is named (--store or $IPAUDIT_STORE): a scan has no default store.
    @OptionGroup(title: "Store (observations, the findings on them and the watched prefixes are saved only when --store or $IPAUDIT_STORE names one; `audit --store` raises the findings while they stand)") var storeOptions: StoreOptions

    @Option(name: .customLong("link-prefix"), help: ArgumentHelp("With --store: a prefix the capture watched (repeat for more), so `audit --store` may call its silent inventory addresses stale; a live capture adds its interface's prefixes and connected routes itself.", valueName: "CIDR"))
    var linkPrefix: [String] = []

    @Flag(name: .long, help: "Run until SIGTERM/SIGINT (then exit 0), printing one line per finding as it opens, changes (new MAC, new evidence) and closes (aged out); JSON lines with --format json.")
    var watch = false

    @Option(name: .long, help: ArgumentHelp("With --watch: write --store and --prometheus this often, and at exit (same forms as --duration; default: at exit only).", valueName: "TIME"))
    var flush: String?

    @Option(name: .customLong("spool-dir"), help: ArgumentHelp("With --watch and --store: keep what the last flush could not save here, replayed by the next watch of that store or `ipaudit import FILE` (default $IPAUDIT_SPOOL_DIR, $STATE_DIRECTORY/spool, else /var/tmp/ipaudit-spool-UID).", valueName: "DIR"))
    var spoolDir: String?

    @Option(name: .customLong("metrics-listen"), help: ArgumentHelp("With --watch: serve /metrics in the Prometheus text format on this address (e.g. 127.0.0.1:9740).", valueName: "HOST:PORT"))
    var metricsListen: String?

    @OptionGroup var output: FindingsOutputOptions
    @OptionGroup var http: HTTPSourceOptions

    func validate() throws {
        if (interface == nil) == (read == nil) { throw ValidationError("give an interface or --read FILE (exactly one)") }
        if let count, count <= 0 { throw ValidationError("--count must be positive") }
        if let duration, Self.seconds(duration) == nil { throw ValidationError("--duration '\(duration)': expected e.g. 60s, 5m, 1h, 500ms") }
        if Self.seconds(moveGrace) == nil { throw ValidationError("--move-grace '\(moveGrace)': expected e.g. 2s, 500ms") }
        if let bufferSize, Self.bytes(bufferSize) == nil { throw ValidationError("--buffer-size '\(bufferSize)': expected bytes, e.g. 4194304 or 4M") }
        if snaplen < 64 || snaplen > 262_144 { throw ValidationError("--snaplen must be between 64 and 262144") }
        if maxAddresses <= 0 { throw ValidationError("--max-addresses must be positive") }
        if let given = storeOptions.store, given.isEmpty { throw ValidationError("--store: the store path is empty") }
        try validateWatch()
        try validateLinkPrefixes()
    }

    func run() throws {
        // First: a SIGTERM while the device, the store (a PostgreSQL connect) or the listener
        // is being opened then ends the scan cleanly instead of killing it by the default action.
        StopSignal.install()
        var config = CaptureConfiguration(source: read.map { .file($0) } ?? .interface(interface!))
        config.snaplen = snaplen
        config.bufferSize = bufferSize.flatMap(Self.bytes)
        config.promiscuous = promiscuous
        config.filter = filter
        config.duration = duration.flatMap(Self.seconds)
        config.count = count

        // Open what needs privileges first, then give them up for good: the policy files,
        // every frame, the store and the metrics file are handled as --user only.
        let capture: OpenedCapture
        let identity: PrivilegeDrop.Identity
        do throws(CaptureError) {
            capture = try Scanner.open(config)
            identity = try PrivilegeDrop.drop(to: user ?? PrivilegeDrop.defaultUser)
        } catch {
            throw error.inputError
        }
        // Fail now, not after an hour of capture, when the outputs cannot be written as that user.
        if let prometheus = output.prometheus { try Self.checkWritable(prometheus, option: "--prometheus", as: identity) }
        let store = try storeOptions.givenPath()
        if let store, !StoreLocator.isRemote(store) { try Self.checkWritable(store, option: "--store", as: identity) }
        // Opened (created, migrated, logged in) now, as that user: a wrong URL, password or
        // store file fails in a second, not after --duration with the capture lost.
        let openedStore = try store.map { try StoreLocator.open($0) }

        var policy = ScanPolicy()
        policy.maxEntries = maxAddresses
        policy.moveGrace = Self.seconds(moveGrace) ?? policy.moveGrace
        for (i, text) in router.enumerated() {
            guard let mac = MACAddress(text), !mac.isMulticast else {
                throw InputError(path: "--router[\(i)]", field: "router", "'\(text)' is not a unicast MAC address (aa:bb:cc:dd:ee:ff)")
            }
            policy.routerMACs.insert(mac)
        }
        if let allowList { policy.allowing(try AllowList.load(path: allowList)) }
        if !routable.isEmpty || plan != nil {
            var prefixes: [IPPrefix] = []
            for (i, text) in routable.enumerated() {
                do { prefixes.append(try IPPrefix(text)) } catch {
                    throw InputError(path: "--routable[\(i)]", field: "routable", "\(error)")
                }
            }
            // A plan's routable space (default: its pools and overlay pools) joins --routable.
            if let plan { prefixes += try Plan.load(path: plan).routable }
            policy.routable = IPSet(prefixes: prefixes)
        }
        if !inventory.isEmpty {
            var known = Set<IPAddress>()
            var inputs = try http.inputs(InventoryLoader(), locations: inventory)
            for path in inventory {
                inputs.loader = InventoryLoader()
                for record in try HTTPSourceOptions.load(path, with: &inputs).records {
                    if let address = record.address, record.prefix == nil { known.insert(address) }
                }
            }
            policy.knownAddresses = known
        }
        let domainBase = domainName ?? read.map { "pcap/" + URL(fileURLWithPath: $0).lastPathComponent }
            ?? "\(Self.hostName())/\(interface!)"
        let watched = openedStore == nil ? [] : try linkPrefixes()
        if watch {
            return try runWatch(capture, config: config, policy: policy, domainBase: domainBase, store: openedStore,
                                linkPrefixes: watched)
        }

        let statusLine = Terminal.stderrIsTerminal
        let progress: ((ScanProgress) -> Void)? = statusLine ? { Self.showProgress($0) } : nil
        let result: ScanResult
        do throws(CaptureError) {
            result = try Scanner.run(capture, config: config, policy: policy, domainBase: domainBase,
                                     observations: store != nil, progress: progress)
        } catch {
            if statusLine { Terminal.err("\r\u{1b}[K") }
            throw error.inputError
        }
        if statusLine { Terminal.err("\r\u{1b}[K") }
        if let cut = result.truncation {
            // Stopping tcpdump or copying a file still being written cuts the last record:
            // what came before is whole and the report stands.
            Terminal.warn("\(config.name): the record at byte \(cut.offset) is cut (\(cut.detail)); the report covers frames 1-\(cut.lastFrame)")
        }
        // The report is printed whatever happens to the save; a failed save still exits 2.
        var saveError: Error?
        if let openedStore {
            let evaluation = Self.evaluation(result, domain: domainBase, linkPrefixes: watched, live: read == nil)
            do { try openedStore.saveObservations(result.observations, evaluation: evaluation) } catch { saveError = error }
        }
        do {
            try output.emit(result.report)
        } catch let status as ExitCode where saveError != nil {
            _ = status  // findings exit 1, but the lost observations are the worse news: exit 2 below
        }
        if let saveError {
            Terminal.err("ipaudit: error: the report above stands, but its observations were not saved\n")
            throw saveError
        }
    }

    /// The file (if it exists) and its directory (new files, SQLite's journal, atomic renames)
    /// must be writable by the user the scanner now runs as.
    static func checkWritable(_ path: String, option: String, as identity: PrivilegeDrop.Identity) throws {
        let url = URL(fileURLWithPath: path)
        let directory = url.deletingLastPathComponent().path
        let fileOK = access(path, F_OK) != 0 || access(path, W_OK) == 0
        guard fileOK, access(directory, W_OK | X_OK) == 0 else {
            throw InputError(path: path, field: option,
                             "not writable by user '\(identity.user)', whom scan runs as once the capture is open; write it where that user may, or give --user")
        }
    }

    /// The kernel's host name, without a DNS lookup (the scanner resolves no names).
    static func hostName() -> String {
        var buffer = [CChar](repeating: 0, count: 256)
        guard gethostname(&buffer, buffer.count - 1) == 0 else { return "localhost" }
        return buffer.withUnsafeBufferPointer { String(cString: $0.baseAddress!) }
    }

    static func showProgress(_ p: ScanProgress) {
        var line = "scan: \(p.packets) packets, \(Int(p.packetsPerSecond)) pkt/s"
        if let d = p.dropped { line += ", \(d) dropped" }
        line += ", \(p.multiMACAddresses) multi-MAC address\(p.multiMACAddresses == 1 ? "" : "es")"
        Terminal.err("\r\u{1b}[K" + line)
    }

    /// `60s`, `5m`, `1h`, `500ms`, or plain seconds.
    static func seconds(_ text: String) -> Double? {
        let units: [(String, Double)] = [("ms", 0.001), ("s", 1), ("m", 60), ("h", 3600)]
        for (suffix, scale) in units where text.hasSuffix(suffix) {
            guard let v = Double(text.dropLast(suffix.count)), v > 0, v.isFinite else { return nil }
            return v * scale
        }
        guard let v = Double(text), v > 0, v.isFinite else { return nil }
        return v
    }

    static func bytes(_ text: String) -> Int32? {
        let scale: Int64 = text.hasSuffix("K") ? 1 << 10 : text.hasSuffix("M") ? 1 << 20 : 1
        guard let v = Int64(scale == 1 ? Substring(text) : text.dropLast()), v > 0 else { return nil }
        let (product, overflow) = v.multipliedReportingOverflow(by: scale)
        guard !overflow, product <= Int64(Int32.max) else { return nil }
        return Int32(product)
    }
}
