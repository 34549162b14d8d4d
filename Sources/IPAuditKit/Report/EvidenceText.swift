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
    static func nodes(_ evidence: [String: JSONValue], shared: SharedEvidenceLists, message: String) -> [HTMLNode] {
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
                text += lines(key, value).joined(separator: "\n")
            }
        }
        if !text.isEmpty { nodes.append(.text(text)) }
        return nodes.flatMap { node -> [HTMLNode] in
            if case .text(let t) = node.content { return unbroken(t) }
            return [node]
        }
    }

    /// `text` as nodes in which each word holding a hyphen (`region-0-a`, `duplicate-address`,
    /// `rack-1/agents`) is kept whole by a `<bdi>` the style sheet does not wrap: browsers break
    /// lines after a hyphen, and no style rule turns that off (they do not break after a slash). (`<bdi>` also
    /// isolates the direction of a name from an inventory.) Words over 40 characters stay
    /// breakable, so a long one cannot push the table wider than the page.
    static func unbroken(_ text: String) -> [HTMLNode] {
        var nodes: [HTMLNode] = []
        var plain = ""
        var word = ""
        func flushWord() {
            if word.count <= 40, word.contains("-"), word.count > 2 {
                if !plain.isEmpty { nodes.append(.text(plain)); plain = "" }
                nodes.append(.el("bdi", text: word))
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
