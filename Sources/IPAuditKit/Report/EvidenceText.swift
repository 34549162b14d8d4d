/// A finding's evidence as short lines for people: `key: value` per top-level key, an array of
/// objects one `k=v k=v` line each. The page carries 10,000 of these; JSON's quotes and braces
/// would be a third of it, and `audit --format json` is there for programs.
enum EvidenceText {
    /// A list of plain values shows this many: an out-of-zone finding in a zone of 50 racks lists
    /// 100 expected blocks, and 4,000 such rows would make the page five times its size.
    static let maxListed = 8

    static func render(_ evidence: [String: JSONValue]) -> String {
        var lines: [String] = []
        for key in evidence.keys.sorted() { lines.append(contentsOf: self.lines(key, evidence[key]!)) }
        return lines.joined(separator: "\n")
    }

    /// The same lines as nodes, with each list in `shared` replaced by its length and a link to
    /// where it is listed once (the lines stay text nodes between the links, kept by pre-wrap).
    /// A text value the row's message already quotes (`routing_domain: underlay` under "… in the
    /// underlay") is left out: 6,000 duplicate-address rows each said it twice.
    /// A record's `zone=` equal to the row's own zone (its zone column) is left out too.
    static func nodes(_ evidence: [String: JSONValue], shared: SharedEvidenceLists, message: String, zone: String? = nil) -> [HTMLNode] {
        var nodes: [HTMLNode] = []
        var text = ""
        for key in evidence.keys.sorted() {
            let value = evidence[key]!
            if case .string(let s) = value, s.count >= 4, says(message, s) { continue }
            if !text.isEmpty || !nodes.isEmpty { text += "\n" }
            if let list = shared.list(key: key, value: value) {
                text += "\(key): \(list.values.count) values, "
                nodes.append(.text(text))
                text = ""
                nodes.append(.el("a", [HTMLAttribute("href", "#" + list.anchor)], text: "list \(list.number)"))
            } else {
                text += withoutZone(lines(key, value).joined(separator: "\n"), zone)
            }
        }
        if !text.isEmpty { nodes.append(.text(text)) }
        return nodes.flatMap { node -> [HTMLNode] in
            if case .text(let t) = node.content { return unbroken(t) }
            return [node]
        }
    }

    /// `text` without its ` zone=ZONE` fields: 4,000 out-of-zone rows each said their zone twice.
    static func withoutZone(_ text: String, _ zone: String?) -> String {
        guard let zone, !zone.isEmpty else { return text }
        let field = " zone=" + zone
        guard text.contains(field) else { return text }
        return text.split(separator: "\n", omittingEmptySubsequences: false).map { line -> String in
            var words = line.split(separator: " ", omittingEmptySubsequences: false).map(String.init)
            words.removeAll { $0 == "zone=" + zone }
            return words.joined(separator: " ")
        }.joined(separator: "\n")
    }

    /// `text` as nodes in which each word that a browser would break after a hyphen (`region-0-a`,
    /// `duplicate-address`; not `host-9999`: no break falls between a hyphen and a digit) is kept
    /// whole in an `<i>` (the HTML element for a technical term) the style sheet does not wrap:
    /// no style rule turns those breaks off (browsers do not break after a slash). 28,000 such
    /// words are in the benchmark's page, so the wrapper is the shortest element there is.
    /// Words over 40 characters stay breakable, so a long one cannot push the table wider than the page.
    static func unbroken(_ text: String) -> [HTMLNode] {
        var nodes: [HTMLNode] = []
        var plain = ""
        var word = ""
        func flushWord() {
            if word.count <= 40, breaksAtHyphen(word) {
                if !plain.isEmpty { nodes.append(.text(plain)); plain = "" }
                nodes.append(.el("i", text: word))
            } else {
                plain += word
            }
            word = ""
        }
        for c in text {
            if c.isWhitespace {
                flushWord()
                plain.append(c)
            } else {
                word.append(c)
            }
        }
        flushWord()
        if !plain.isEmpty { nodes.append(.text(plain)) }
        return nodes
    }

    /// Whether a hyphen in `word` is followed by something other than a digit (UAX #14: a line
    /// may break after a hyphen, except before a number).
    static func breaksAtHyphen(_ word: String) -> Bool {
        var afterHyphen = false
        for c in word {
            if afterHyphen && !c.isNumber && c != "-" { return true }
            afterHyphen = c == "-"
        }
        return false
    }

    /// Whether `message` quotes `value` as a whole token: "10.0.0.5" is not said by a message
    /// about 10.0.0.55, nor "zone-a" by one about zone-ab.
    static func says(_ message: String, _ value: String) -> Bool {
        func partOfToken(_ c: Character?) -> Bool {
            guard let c else { return false }
            return c.isLetter || c.isNumber || ".:-_/".contains(c)
        }
        var rest = message[...]
        while let found = rest.range(of: value) {
            let before = found.lowerBound > message.startIndex ? message[message.index(before: found.lowerBound)] : nil
            var next = found.upperBound
            // A full stop, comma or colon followed by a space (or the end) closes a sentence or a
            // clause, not an address.
            if next < message.endIndex, ".:,;)".contains(message[next]) {
                let following = message.index(after: next)
                if following == message.endIndex || message[following].isWhitespace { next = following }
            }
            let after = next < message.endIndex ? message[next] : nil
            if !partOfToken(before), !partOfToken(after) || next != found.upperBound { return true }
            rest = message[message.index(after: found.lowerBound)...]
        }
        return false
    }

    static func lines(_ key: String, _ value: JSONValue) -> [String] {
        switch value {
        case .array(let items) where items.contains(where: { if case .object = $0 { true } else { false } }):
            [key + ":"] + items.map { "  " + inline($0) }
        default:
            [key + ": " + inline(value)]
        }
    }

    /// An inventory record (`{name, role, location, source, ...}`) reads best as
    /// `name (role) at location`, the other fields after it; `source` is left out when the
    /// location already names it.
    static func record(_ o: [String: JSONValue]) -> String? {
        guard case .string(let name)? = o["name"], case .string(let location)? = o["location"] else { return nil }
        var text = name
        if case .string(let role)? = o["role"] { text += " (\(role))" }
        // `/var/lib/ipaudit/mesos-state.json:12` imported as source `mesos-state.json` reads as
        // `mesos-state.json:12`: the source names the file, and the directory, repeated on
        // 10,000 rows, would be a tenth of the page.
        var shown = location
        if case .string(let source)? = o["source"], let slash = location.lastIndex(of: "/"),
           location[location.index(after: slash)...].hasPrefix(source) {
            shown = String(location[location.index(after: slash)...])
        }
        text += " at " + shown
        for key in o.keys.sorted() where !["name", "role", "location"].contains(key) {
            if key == "source", case .string(let source)? = o[key], shown.hasPrefix(source) { continue }
            text += " \(key)=\(inline(o[key]!))"
        }
        return text
    }

    static func inline(_ value: JSONValue) -> String {
        switch value {
        case .object(let o): record(o) ?? o.keys.sorted().map { "\($0)=\(inline(o[$0]!))" }.joined(separator: " ")
        case .array(let a) where a.count > maxListed:
            a.prefix(maxListed).map(inline).joined(separator: ", ") + ", … and \(a.count - maxListed) more (audit --format json lists all)"
        case .array(let a): a.map(inline).joined(separator: ", ")
        default: FindingsRenderer.scalarText(value)
        }
    }
}
