import Foundation
import Yams

/// Reads inventory files of any supported format into one `Inventory`.
public struct InventoryLoader {
    public var format: InventoryFormat
    /// With `skipInvalid`, a bad row is reported in `skipped` and left out; without, it fails the file.
    public var skipInvalid: Bool
    /// Accept a non-empty file that yields no records (by default that is bad input: a
    /// re-import must never silently replace a source's rows with nothing).
    public var allowEmpty: Bool
    /// The cluster, pod network and rack label for Kubernetes documents.
    public var kubernetes: KubernetesSettings
    public private(set) var skipped: [InputError] = []
    /// The format the last file was read as (what `auto` detected).
    public private(set) var lastFormat: InventoryFormat = .auto
    /// What the reader of the last file counted and noted (tasks without an address, ...).
    public private(set) var lastTally = ReadTally()
    /// Kubernetes clusters named after their file (no `--cluster`), with the file: two files
    /// of one name in two directories would silently become one cluster.
    private var defaultClusters: [String: String] = [:]
    /// Kubernetes files read as one cluster (`groupKubernetesFiles`).
    var kubernetesGroups = KubernetesFileGroups()
    /// Cloud networks joined by peerings and transit gateways (`joinCloudFiles`).
    var cloudJoins = CloudJoins()

    public init(format: InventoryFormat = .auto, skipInvalid: Bool = false, allowEmpty: Bool = false,
                kubernetes: KubernetesSettings = KubernetesSettings()) {
        self.format = format
        self.skipInvalid = skipInvalid
        self.allowEmpty = allowEmpty
        self.kubernetes = kubernetes
    }

    /// Reads `path` ("-" is standard input). `source` names the rows (default: the file name).
    public mutating func load(path: String, source: String? = nil) throws -> Inventory {
        let bytes = try InputReader.readAll(path)
        let name = path == "-" ? "<stdin>" : path
        return try load(input: bytes, name: name, source: source ?? Self.defaultSource(for: path))
    }

    /// Reads a whole input that came from elsewhere (a URL's answer), checked as a file is:
    /// `name` is what errors show in place of the file name.
    public mutating func load(input bytes: [UInt8], name: String, source: String) throws -> Inventory {
        var inventory = try load(bytes: bytes, file: name, source: source)
        try inventory.refuseControlCharacters(skipInvalid: skipInvalid, skipped: &skipped)
        return inventory
    }

    public mutating func load(bytes: [UInt8], file: String, source: String) throws -> Inventory {
        let first = bytes.first(where: { $0 != 0x20 && $0 != 0x0A && $0 != 0x0D && $0 != 0x09 && $0 != 0xEF && $0 != 0xBB && $0 != 0xBF })
        let looksJSON = first == UInt8(ascii: "{") || first == UInt8(ascii: "[")
        if looksJSON || first.map({ $0 >= 0x30 && $0 <= 0x39 }) == true, let framing = MesosEventStream.framing(bytes) {
            throw InputError(file: file, path: "$", "\(MesosEventStream.refusal) (this one is \(framing))")
        }
        // ipaudit's own JSON, the one format whose files grow to millions of records: one
        // record's tree at a time (anything else, or any doubt, takes the whole-tree path below).
        if looksJSON && (format == .auto || format == .json) {
            var tally = ReadTally()
            let skippedBefore = skipped.count
            let records: Inventory?
            do {
                records = try StreamedJSONInventory.read(bytes, file: file, source: source, explicitFormat: format == .json,
                                                         skipInvalid: skipInvalid, skipped: &skipped, tally: &tally)
            } catch {
                lastFormat = .json
                throw error
            }
            if let records {
                lastFormat = .json
                return try finish(records, format: .json, tally: tally, skippedBefore: skippedBefore, file: file)
            }
        }
        // A documentation page is no inventory, whatever example it shows.
        if format == .auto, !looksJSON, let kind = ProseDocument.kind(file: file) {
            throw InputError(file: file, ProseDocument.refusal(kind))
        }
        var resolved = format
        var tree: Any?
        // A JSON tree for `auto` and the formats read from JSON, unless the file does not
        // start like JSON and the format has another reading for it.
        switch format.entry?.syntax {
        case nil, .jsonOrYAML?, .jsonOr?: if looksJSON { tree = try parseJSON(bytes, file: file) }
        case .json?: tree = try parseJSON(bytes, file: file)
        case .bytes?, .yaml?: break
        }
        if resolved == .auto { resolved = InventoryFormat.detect(bytes, json: tree, file: file) }
        if tree == nil, let syntax = resolved.entry?.syntax, syntax.readsYAML {
            let yaml = try parseYAML(bytes, file: file)
            tree = yaml
            // `kubectl ... -o yaml`: YAML whose top level has the signature of a format read from YAML too.
            if resolved == .yaml, format == .auto, let o = DocumentValue.object(yaml),
               let api = InventoryFormats.registered.first(where: { $0.syntax.readsYAML && $0.signature?.matches(o) == true }) {
                resolved = api.format
            }
        }
        if tree == nil, case .jsonOr(let other)? = resolved.entry?.syntax { resolved = other }
        if resolved == .json, let tree, InventoryFormat.detectJSON(tree) == .netbox { resolved = .netbox }
        lastFormat = resolved

        // An explicit format must fit the file: reading a Marathon answer as a Mesos state
        // would give no records and no error.
        if format != .auto, let tree, let object = DocumentValue.object(tree),
           resolved.entry?.signature != nil, !resolved.matches(object) {
            throw InputError(file: file, path: "$", "not \(resolved.rawValue) input: expected \(resolved.signature); \(InventoryFormat.found(tree))")
        }

        var tally = ReadTally()
        let skippedBefore = skipped.count
        let inventory: Inventory
        if let read = resolved.entry?.read, let tree {
            var settings = kubernetes
            if resolved == .kubernetes {
                if let grouped = kubernetesSettings(for: file, tally: &tally) { settings = grouped } else { try claimDefaultCluster(file: file) }
            }
            var rows = InventoryRowBuilder(file: file, source: source, skipInvalid: skipInvalid)
            try read(tree, &rows, &tally, settings)
            skipped += rows.skipped
            inventory = rows.take()
        } else if let read = resolved.entry?.readBytes {
            var rows = InventoryRowBuilder(file: file, source: source, skipInvalid: skipInvalid)
            try read(bytes, &rows, &tally)
            skipped += rows.skipped
            inventory = rows.take()
        } else {
            inventory = try CSVInventoryReader.read(bytes, file: file, source: source, skipInvalid: skipInvalid, skipped: &skipped)
        }
        return try finish(inventory, format: resolved, tally: tally, skippedBefore: skippedBefore, file: file, empty: first == nil)
    }

    /// Keeps the tally; refuses a non-empty file that gave no records (unless `allowEmpty`).
    private mutating func finish(_ inventory: Inventory, format resolved: InventoryFormat, tally: ReadTally,
                                 skippedBefore: Int, file: String, empty: Bool = false) throws -> Inventory {
        lastTally = tally
        var inventory = inventory
        inventory.apply(cloudJoins)
        // A transit gateway's attachments or a GCP network list hold joins, not addresses.
        if inventory.isEmpty && tally.joinsOnly {
            lastTally.notes.append("no addresses here: its joins apply to the networks of the other files read with it")
        } else if inventory.isEmpty && !allowEmpty && !empty {
            let bad = skipped.count - skippedBefore
            var reason = resolved == .csv ? "a header and no rows" : tally.summary ?? "nothing to read"
            if bad > 0 { reason += ", \(bad) invalid and skipped" }
            throw InputError(file: file, "no records in a non-empty \(resolved.rawValue) file (\(reason)); "
                             + "--allow-empty accepts it (an import then empties the source)")
        }
        return inventory
    }

    /// `inventory/cluster.csv` → `cluster.csv`: re-importing the same file replaces its rows.
    public static func defaultSource(for path: String) -> String {
        path == "-" ? "stdin" : URL(fileURLWithPath: path).lastPathComponent
    }

    func parseJSON(_ bytes: [UInt8], file: String) throws -> Any {
        do {
            return try JSONSerialization.jsonObject(with: Data(bytes), options: [.fragmentsAllowed])
        } catch {
            try UTF8Check.check(bytes, file: file, keyed: false)  // said with its line, as for CSV and YAML
            let detail = (error as NSError).userInfo[NSDebugDescriptionErrorKey] as? String ?? "\(error)"
            // Foundation names a character offset; the line is what an editor opens.
            if let line = Self.line(ofCharacterIn: detail, bytes) {
                throw InputError(file: file, line: line, "not valid JSON: \(detail)")
            }
            throw InputError(file: file, path: "$", "not valid JSON: \(detail)")
        }
    }

    /// The 1-based line of the offset in "… around character 639." (nil without one).
    static func line(ofCharacterIn detail: String, _ bytes: [UInt8]) -> Int? {
        guard let range = detail.range(of: #"character \d+"#, options: .regularExpression),
              let offset = Int(detail[range].dropFirst("character ".count)) else { return nil }
        return 1 + bytes.prefix(offset).reduce(0) { $1 == 0x0A ? $0 + 1 : $0 }
    }

    func parseYAML(_ bytes: [UInt8], file: String) throws -> Any {
        try UTF8Check.check(bytes, file: file)
        let loaded: Any?
        do {
            loaded = try YAMLDocument.load(String(decoding: bytes, as: UTF8.self), file: file)
        } catch let error as InputError {
            // Prose that failed as YAML: say what the file is rather than where YAML broke.
            if let kind = ProseDocument.kind(file: file, content: bytes) {
                throw InputError(file: file, line: error.line, "\(ProseDocument.refusal(kind)) (as YAML: \(error.message))")
            }
            throw error
        }
        guard let value = loaded else {
            let blank = bytes.allSatisfy { [0x20, 0x0A, 0x0D, 0x09].contains($0) }
            throw InputError(file: file, path: "$", blank ? "empty: there is nothing to read (an empty file, or a server that answered with an empty body)"
                                                          : "the YAML document holds nothing but comments or markers")
        }
        return value
    }
}

extension InventoryLoader {
    /// Refuses a file in another directory whose name gives the same default cluster as an
    /// earlier one (`eu/prod.json`, `us/prod.json`): their pods would be one domain (false
    /// duplicates) and their control planes one ensemble. One directory's `prod.json` and
    /// `prod.yaml`, or two pages of one API server, are one cluster.
    mutating func claimDefaultCluster(file: String) throws {
        guard kubernetes.cluster == nil, !file.contains("://") else { return }
        let name = KubernetesSettings.clusterName(forFile: file)
        func directory(_ path: String) -> Substring { path.lastIndex(of: "/").map { path[..<$0] } ?? "" }
        if let other = defaultClusters[name], directory(other) != directory(file) {
            throw InputError(file: file, path: "$", "its cluster would be named \"\(name)\" after the file, as \(other)'s is: give --cluster NAME if both describe one cluster, else read them one at a time with a --cluster each (or rename the files)")
        }
        defaultClusters[name] = file
    }
}
