import Foundation
import Yams

/// Reads inventory files of any supported format into one `Inventory`.
public struct InventoryLoader {
    public var format: InventoryFormat
    /// With `skipInvalid`, a bad row is reported in `skipped` and left out; without, it fails the file.
    public var skipInvalid: Bool
    public private(set) var skipped: [InputError] = []
    /// The format the last file was read as (what `auto` detected).
    public private(set) var lastFormat: InventoryFormat = .auto

    public init(format: InventoryFormat = .auto, skipInvalid: Bool = false) {
        self.format = format
        self.skipInvalid = skipInvalid
    }

    /// Reads `path` ("-" is standard input). `source` names the rows (default: the file name).
    public mutating func load(path: String, source: String? = nil) throws -> Inventory {
        let bytes = try InputReader.readAll(path)
        let name = path == "-" ? "<stdin>" : path
        var inventory = try load(bytes: bytes, file: name, source: source ?? Self.defaultSource(for: path))
        try inventory.refuseControlCharacters(skipInvalid: skipInvalid, skipped: &skipped)
        return inventory
    }

    public mutating func load(bytes: [UInt8], file: String, source: String) throws -> Inventory {
        let first = bytes.first(where: { $0 != 0x20 && $0 != 0x0A && $0 != 0x0D && $0 != 0x09 && $0 != 0xEF && $0 != 0xBB && $0 != 0xBF })
        let looksJSON = first == UInt8(ascii: "{") || first == UInt8(ascii: "[")
        var resolved = format
        var tree: Any?
        if format == .auto || format == .json || format == .mesos || format == .marathon || format == .dcosOverlay
            || (format == .netbox && looksJSON) {
            if looksJSON || format != .auto {
                tree = try parseJSON(bytes, file: file)
            }
        }
        if resolved == .auto { resolved = InventoryFormat.detect(bytes, json: tree, file: file) }
        if resolved == .netbox && tree == nil { resolved = .csv }
        if resolved == .json, let tree, InventoryFormat.detectJSON(tree) == .netbox { resolved = .netbox }
        lastFormat = resolved

        var records: [InventoryRecord]
        switch resolved {
        case .csv:
            return try CSVInventoryReader.read(bytes, file: file, source: source, skipInvalid: skipInvalid, skipped: &skipped)
        case .yaml:
            let yaml = try parseYAML(bytes, file: file)
            records = try DocumentInventoryReader.read(yaml, file: file, source: source, skipInvalid: skipInvalid, skipped: &skipped)
        case .json, .auto:
            records = try DocumentInventoryReader.read(tree!, file: file, source: source, skipInvalid: skipInvalid, skipped: &skipped)
        case .mesos:
            records = try MesosStateReader.read(tree!, file: file, source: source, skipInvalid: skipInvalid, skipped: &skipped)
        case .marathon:
            records = try MarathonReader.read(tree!, file: file, source: source, skipInvalid: skipInvalid, skipped: &skipped)
        case .dcosOverlay:
            records = try OverlayStateReader.read(tree!, file: file, source: source, skipInvalid: skipInvalid, skipped: &skipped)
        case .netbox:
            records = try NetBoxAPIReader.read(tree!, file: file, source: source, skipInvalid: skipInvalid, skipped: &skipped)
        }
        return Inventory(records)
    }

    /// `inventory/cluster.csv` → `cluster.csv`: re-importing the same file replaces its rows.
    public static func defaultSource(for path: String) -> String {
        path == "-" ? "stdin" : URL(fileURLWithPath: path).lastPathComponent
    }

    private func parseJSON(_ bytes: [UInt8], file: String) throws -> Any {
        do {
            return try JSONSerialization.jsonObject(with: Data(bytes), options: [.fragmentsAllowed])
        } catch {
            let detail = (error as NSError).userInfo[NSDebugDescriptionErrorKey] as? String ?? "\(error)"
            throw InputError(file: file, path: "$", "not valid JSON: \(detail)")
        }
    }

    private func parseYAML(_ bytes: [UInt8], file: String) throws -> Any {
        guard let value = try YAMLDocument.load(String(decoding: bytes, as: UTF8.self), file: file) else {
            throw InputError(file: file, path: "$", "empty YAML document")
        }
        return value
    }
}
