/// Input formats of `ipaudit import` and `ipaudit audit FILE`.
public enum InventoryFormat: String, CaseIterable, Sendable {
    case auto, csv, json, yaml, mesos, marathon, netbox
    /// DC/OS `GET /overlay-master/state`.
    case dcosOverlay = "dcos-overlay"

    /// Guesses from the content (and, for an ambiguous start, the file name).
    /// JSON is recognized by its first byte, then by the keys that each API answer has;
    /// CSV by a header line naming an address or prefix column; everything else is YAML.
    static func detect(_ bytes: [UInt8], json: Any?, file: String) -> InventoryFormat {
        if let json { return detectJSON(json) }
        let lower = file.lowercased()
        if lower.hasSuffix(".yaml") || lower.hasSuffix(".yml") { return .yaml }
        if lower.hasSuffix(".csv") { return .csv }
        // First non-comment line.
        var start = 0
        if bytes.starts(with: [0xEF, 0xBB, 0xBF]) { start = 3 }
        var lineStart = start
        var firstLine = ""
        while lineStart < bytes.count {
            var end = lineStart
            while end < bytes.count && bytes[end] != 0x0A { end += 1 }
            let line = String(decoding: bytes[lineStart..<end], as: UTF8.self)
            lineStart = end + 1
            if line.trimmingSpaces.isEmpty || line.hasPrefix("#") { continue }
            firstLine = line
            break
        }
        if firstLine.contains(",") {
            let columns = firstLine.split(separator: ",").map { InventoryColumn(header: String($0).replacingOccurrences(of: "\"", with: "")) }
            if columns.contains(.address) || columns.contains(.prefix) { return .csv }
        }
        return .yaml
    }

    static func detectJSON(_ json: Any) -> InventoryFormat {
        if let o = DocumentValue.object(json) {
            if o["slaves"] != nil || o["frameworks"] != nil || o["leader_info"] != nil { return .mesos }
            if o["apps"] != nil { return .marathon }
            if let agents = DocumentValue.array(o["agents"]),
               o["network"] != nil || agents.contains(where: { DocumentValue.object($0)?["overlays"] != nil }) { return .dcosOverlay }
            if let tasks = DocumentValue.array(o["tasks"]),
               tasks.contains(where: { DocumentValue.object($0)?["appId"] != nil }) || tasks.isEmpty { return .marathon }
            if let results = DocumentValue.array(o["results"]), o["count"] != nil || results.contains(where: isNetBoxObject) {
                return .netbox
            }
            return .json
        }
        if let a = DocumentValue.array(json), !a.isEmpty, a.allSatisfy(isNetBoxObject) { return .netbox }
        return .json
    }

    /// NetBox objects carry a `family` object or number next to `address`/`prefix`.
    private static func isNetBoxObject(_ v: Any) -> Bool {
        guard let o = DocumentValue.object(v) else { return false }
        return o["family"] != nil && (o["address"] != nil || o["prefix"] != nil)
    }
}
