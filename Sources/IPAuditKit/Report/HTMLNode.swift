/// A piece of an HTML document, escaped by construction.
///
/// Tag and attribute names are `StaticString`s: only the program text can name them. Every
/// `String` (names, labels, messages from inventories) is text or an attribute value and is
/// escaped when written. The one unescaped form, `trusted`, takes a `StaticString` too, so
/// only the renderer's own CSS and script constants can reach the page verbatim.
public struct HTMLNode: Sendable {
    enum Content: Sendable {
        case element(tag: StaticString, attributes: [HTMLAttribute], children: [HTMLNode], foreign: Bool)
        case text(String)
        case trusted(StaticString)
        case fragment([HTMLNode])
    }

    let content: Content

    /// An HTML element. Void elements (`meta`, `input`, `br`...) are written without a closing tag.
    public static func el(_ tag: StaticString, _ attributes: [HTMLAttribute] = [], _ children: [HTMLNode] = []) -> HTMLNode {
        HTMLNode(content: .element(tag: tag, attributes: attributes, children: children, foreign: false))
    }

    /// An element without attributes.
    public static func el(_ tag: StaticString, _ children: [HTMLNode]) -> HTMLNode {
        el(tag, [], children)
    }

    /// An element with one text child, the commonest shape (`td`, `th`, `code`...).
    public static func el(_ tag: StaticString, _ attributes: [HTMLAttribute] = [], text: String) -> HTMLNode {
        el(tag, attributes, [.text(text)])
    }

    /// An SVG element: written self-closed (`<rect .../>`) when it has no children.
    public static func svg(_ tag: StaticString, _ attributes: [HTMLAttribute] = [], _ children: [HTMLNode] = []) -> HTMLNode {
        HTMLNode(content: .element(tag: tag, attributes: attributes, children: children, foreign: true))
    }

    public static func text(_ s: String) -> HTMLNode { HTMLNode(content: .text(s)) }

    /// The renderer's own constants (style sheet, script): never data.
    public static func trusted(_ s: StaticString) -> HTMLNode { HTMLNode(content: .trusted(s)) }

    public static func fragment(_ nodes: [HTMLNode]) -> HTMLNode { HTMLNode(content: .fragment(nodes)) }

    /// HTML elements with no content and no closing tag.
    static let voidTags: Set<String> = ["meta", "input", "br", "hr", "img", "link", "col", "wbr"]
    /// Elements whose end tag HTML lets out because the next sibling or the parent's end closes
    /// them (table cells and rows, list items, options). Tens of thousands of rows make this
    /// a tenth of a large report.
    static let optionalEndTags: Set<String> = ["td", "th", "tr", "li", "option"]

    /// The document's bytes.
    public func render() -> String {
        var out: [UInt8] = []
        out.reserveCapacity(1 << 16)
        write(to: &out)
        return String(decoding: out, as: UTF8.self)
    }

    func write(to out: inout [UInt8]) {
        switch content {
        case .text(let s):
            HTMLEscape.text(s, into: &out)
        case .trusted(let s):
            s.withUTF8Buffer { out.append(contentsOf: $0) }
        case .fragment(let nodes):
            for n in nodes { n.write(to: &out) }
        case .element(let tag, let attributes, let children, let foreign):
            out.append(UInt8(ascii: "<"))
            tag.withUTF8Buffer { out.append(contentsOf: $0) }
            for a in attributes { a.write(to: &out) }
            if foreign && children.isEmpty {
                out.append(contentsOf: "/>".utf8)
                return
            }
            out.append(UInt8(ascii: ">"))
            let name = foreign ? "" : tag.description
            if !foreign && Self.voidTags.contains(name) { return }
            for c in children { c.write(to: &out) }
            if !foreign && Self.optionalEndTags.contains(name) { return }
            out.append(contentsOf: "</".utf8)
            tag.withUTF8Buffer { out.append(contentsOf: $0) }
            out.append(UInt8(ascii: ">"))
        }
    }
}

/// One attribute: a fixed name and an escaped value (double-quoted, except a number's).
public struct HTMLAttribute: Sendable {
    let name: StaticString
    let value: String?
    /// A number needs no quotes: 20,000 map rectangles' coordinates save 80 kB unquoted.
    var unquoted = false

    /// An integer attribute, written without quotes (digits and a sign cannot end the value).
    public static func number(_ name: StaticString, _ value: Int) -> HTMLAttribute {
        var a = HTMLAttribute(name: name, value: String(value))
        a.unquoted = true
        return a
    }

    public init(_ name: StaticString, _ value: String) {
        self.name = name
        self.value = value
    }

    /// A boolean attribute (`hidden`, `open`, `selected`).
    public static func flag(_ name: StaticString) -> HTMLAttribute { HTMLAttribute(name: name, value: nil) }

    init(name: StaticString, value: String?) {
        self.name = name
        self.value = value
    }

    func write(to out: inout [UInt8]) {
        out.append(UInt8(ascii: " "))
        name.withUTF8Buffer { out.append(contentsOf: $0) }
        guard let value else { return }
        if unquoted {
            out.append(UInt8(ascii: "="))
            out.append(contentsOf: value.utf8)
            return
        }
        out.append(contentsOf: "=\"".utf8)
        HTMLEscape.attribute(value, into: &out)
        out.append(UInt8(ascii: "\""))
    }
}

/// The escapes that keep text text: `&` and `<` always (and `>` for readers' sake); quotes too in
/// attribute values, which are always double-quoted.
enum HTMLEscape {
    static func text(_ s: String, into out: inout [UInt8]) {
        for b in s.utf8 {
            switch b {
            case UInt8(ascii: "&"): out.append(contentsOf: "&amp;".utf8)
            case UInt8(ascii: "<"): out.append(contentsOf: "&lt;".utf8)
            case UInt8(ascii: ">"): out.append(contentsOf: "&gt;".utf8)
            case 0: out.append(contentsOf: "\u{FFFD}".utf8)  // the parser would drop or replace it anyway
            default: out.append(b)
            }
        }
    }

    static func attribute(_ s: String, into out: inout [UInt8]) {
        for b in s.utf8 {
            switch b {
            case UInt8(ascii: "&"): out.append(contentsOf: "&amp;".utf8)
            case UInt8(ascii: "<"): out.append(contentsOf: "&lt;".utf8)
            case UInt8(ascii: ">"): out.append(contentsOf: "&gt;".utf8)
            case UInt8(ascii: "\""): out.append(contentsOf: "&quot;".utf8)
            case UInt8(ascii: "'"): out.append(contentsOf: "&#39;".utf8)
            case 0: out.append(contentsOf: "\u{FFFD}".utf8)
            default: out.append(b)
            }
        }
    }
}
