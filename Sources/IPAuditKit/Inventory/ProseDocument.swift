import Foundation

/// Documentation pages (README sections, Calico's and Cilium's docs, the AWS CLI's examples)
/// show inventories inside prose. Read as YAML they fail with a parser's complaint about some
/// line; the refusal should say the file is a document and how to get its example out.
enum ProseDocument {
    /// Extensions of documentation formats, and what to call them.
    static let kinds: [String: String] = [
        "md": "a Markdown document", "markdown": "a Markdown document", "mdx": "an MDX (Markdown) document",
        "rst": "a reStructuredText document", "adoc": "an AsciiDoc document", "asciidoc": "an AsciiDoc document",
        "html": "an HTML page", "htm": "an HTML page",
    ]
    /// Plain text (a command's table or `--output text`): named only once YAML fails on it.
    static let textKinds: [String: String] = ["txt": "plain text", "text": "plain text", "log": "a log", "out": "command output"]

    /// The document kind of `file` by its extension, or by the marks only prose carries (a
    /// Markdown code fence, a reStructuredText literal or code block) when `content` is given.
    static func kind(file: String, content bytes: [UInt8]? = nil) -> String? {
        let ext = (file as NSString).pathExtension.lowercased()
        if let kind = kinds[ext] { return kind }
        guard let bytes else { return nil }
        if let kind = textKinds[ext] { return kind }
        let text = String(decoding: bytes.prefix(1 << 20), as: UTF8.self)
        if text.contains("\n```") || text.hasPrefix("```") { return "a Markdown document" }
        if text.contains(".. code-block::") || text.contains("::\n\n ") { return "a reStructuredText document" }
        return nil
    }

    static func refusal(_ kind: String) -> String {
        "\(kind), not an inventory: ipaudit reads the JSON, YAML or CSV a tool writes "
            + "(`ipaudit import --help` lists them); copy the example or output block you mean into a file of its own"
    }
}
