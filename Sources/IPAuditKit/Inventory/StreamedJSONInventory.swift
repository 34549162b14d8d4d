/// ipaudit's own JSON inventory (a list of records, or an object with a `records`,
/// `inventory` or `hosts` list) read one record at a time: each record's tree is built,
/// turned into a row of the column-stored `Inventory` and dropped, so memory is the file's
/// bytes plus the rows kept, not a tree of the whole file (76 times the file for 500k small
/// records) nor a list of `InventoryRecord`s beside the rows.
///
/// It gives exactly what the tree walk of `DocumentInventoryReader` gives, or nil whenever
/// that is not certain (the file is not valid JSON, is another format, repeats a top-level
/// key): the loader then parses the whole file as before, for the same error message.
enum StreamedJSONInventory {
    /// The records, or nil for "read the whole tree". A bad record throws only once the whole
    /// file is known to be valid JSON of this format, as the tree walk would (the first one,
    /// unless `skipInvalid`: then all are returned in `skipped`).
    static func read(_ bytes: [UInt8], file: String, source: String, explicitFormat: Bool, skipInvalid: Bool,
                     skipped: inout [InputError], tally: inout ReadTally) throws -> Inventory? {
        var outcome: Outcome?
        bytes.withUnsafeBufferPointer { buffer in
            outcome = walk(JSONValueSpans(buffer), file: file, source: source, explicitFormat: explicitFormat, skipInvalid: skipInvalid)
        }
        guard var outcome else { return nil }
        if let error = outcome.rows.skipped.first, !skipInvalid { throw error }
        skipped += outcome.rows.skipped
        tally.count("records", outcome.count)
        return outcome.rows.take()
    }

    private struct Outcome {
        /// Built with every bad record kept aside: whether one fails the file is decided once
        /// the whole file is known to be this format.
        var rows: InventoryRowBuilder
        var count = 0
        /// Every element is a NetBox object (then a bare list is NetBox API JSON, not records).
        var allNetBox = true
        /// Every element is a Marathon pod status (`GET /v2/pods/::status`).
        var allPodStatus = true
    }

    private static func walk(_ spans: JSONValueSpans, file: String, source: String, explicitFormat: Bool,
                             skipInvalid: Bool) -> Outcome? {
        var spans = spans
        spans.skipWhiteSpace()
        let outcome: Outcome
        switch spans.current {
        case UInt8(ascii: "["):
            guard let list = elements(&spans, listPath: "$", file: file, source: source, skipInvalid: skipInvalid) else { return nil }
            // A non-empty list of NetBox objects is NetBox API JSON, one of pod statuses a
            // Marathon answer (InventoryFormat.detectJSON).
            if list.count > 0 && (list.allNetBox || list.allPodStatus) { return nil }
            outcome = list
        case UInt8(ascii: "{"):
            guard let list = recordsMember(&spans, file: file, source: source, explicitFormat: explicitFormat,
                                           skipInvalid: skipInvalid) else { return nil }
            outcome = list
        default:
            return nil
        }
        spans.skipWhiteSpace()
        return spans.atEnd ? outcome : nil
    }

    /// The records list of a top-level object, streamed; the other members are parsed whole
    /// (they decide the format: a Mesos state or a NetBox page is not read here).
    private static func recordsMember(_ spans: inout JSONValueSpans, file: String, source: String, explicitFormat: Bool,
                                      skipInvalid: Bool) -> Outcome? {
        var members: [(key: String, span: Range<Int>)] = []
        guard spans.take(UInt8(ascii: "{")) else { return nil }
        if !spans.take(UInt8(ascii: "}")) {
            repeat {
                guard let keySpan = spans.value(), let key = spans.key(keySpan), spans.take(UInt8(ascii: ":")),
                      let span = spans.value() else { return nil }
                members.append((key, span))
            } while spans.take(UInt8(ascii: ","))
            guard spans.take(UInt8(ascii: "}")) else { return nil }
        }
        // As DocumentInventoryReader: `records`, else `inventory`, else `hosts` (present, whatever its value).
        guard Set(members.map(\.key)).count == members.count,
              let listKey = ["records", "inventory", "hosts"].first(where: { key in members.contains { $0.key == key } }),
              let list = members.first(where: { $0.key == listKey }),
              spans.bytes[list.span.lowerBound] == UInt8(ascii: "[") else { return nil }
        // The top level as the format detection sees it, the list standing in empty (no
        // signature looks inside a records, inventory or hosts list).
        var top: [String: Any] = [:]
        for member in members {
            if member.key == listKey { top[member.key] = [Any](); continue }
            guard let value = spans.parse(member.span) else { return nil }
            top[member.key] = value
        }
        let detected = InventoryFormat.detectJSON(top)
        guard explicitFormat ? detected != .netbox : detected == .json else { return nil }
        var inner = JSONValueSpans(UnsafeBufferPointer(rebasing: spans.bytes[..<list.span.upperBound]))
        inner.position = list.span.lowerBound
        guard let outcome = elements(&inner, listPath: "$.\(listKey)", file: file, source: source, skipInvalid: skipInvalid),
              inner.atEnd else { return nil }
        return outcome
    }

    /// `[ value, ... ]` from here: each element parsed alone and made a record at once.
    private static func elements(_ spans: inout JSONValueSpans, listPath: String, file: String, source: String,
                                 skipInvalid: Bool) -> Outcome? {
        var outcome = Outcome(rows: InventoryRowBuilder(file: file, source: source, skipInvalid: true))
        guard spans.take(UInt8(ascii: "[")) else { return nil }
        if spans.take(UInt8(ascii: "]")) { return outcome }
        repeat {
            guard let span = spans.value(), let item = spans.parse(span) else { return nil }
            let index = outcome.count
            outcome.count += 1
            if outcome.allNetBox && !InventoryFormat.isNetBoxObject(item) { outcome.allNetBox = false }
            if outcome.allPodStatus && !MarathonReader.isPodStatusList([item]) { outcome.allPodStatus = false }
            // After the first bad record without skipInvalid, the rest is only checked.
            guard skipInvalid || outcome.rows.skipped.isEmpty else { continue }
            do {
                try outcome.rows.attempt { try DocumentInventoryReader.record(item, path: "\(listPath)[\(index)]", into: &$0) }
            } catch {
                return nil
            }
        } while spans.take(UInt8(ascii: ","))
        guard spans.take(UInt8(ascii: "]")) else { return nil }
        return outcome
    }
}
