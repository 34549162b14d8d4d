import Foundation

/// One stored verdict's columns, as both engines write and read them: the finding whole as
/// JSON (rule, severity, address, message and evidence also in columns of their own, for
/// people and queries reading the table).
public struct WireVerdictRow: Sendable {
    public var scope: String
    public var domain: String
    public var rule: String
    public var subject: String
    public var severity: String
    public var address: String?
    public var message: String
    public var finding: String

    public init(scope: String, finding f: Finding) throws {
        self.scope = scope
        (domain, subject) = StoredVerdict.subject(of: f)
        rule = f.rule.rawValue
        severity = f.severity.rawValue
        address = f.address
        message = f.message
        finding = try Self.encode(f)
    }

    /// A finding that does not encode (a non-finite number in its evidence) fails the save:
    /// a verdict stored as nothing would read back as a corrupt row.
    static func encode(_ f: Finding) throws -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        do {
            return String(decoding: try encoder.encode(f), as: UTF8.self)
        } catch {
            throw InputError(path: "wire_verdict", "the \(f.rule.rawValue) verdict on \(f.address ?? "-") cannot be stored: \(error)")
        }
    }

    /// The stored finding; a row that does not decode was not written by ipaudit.
    public static func decode(_ text: String, store: String) throws -> Finding {
        do {
            return try JSONDecoder().decode(Finding.self, from: Data(text.utf8))
        } catch {
            throw InputError(file: store, path: "wire_verdict", "stored row is corrupt: \(error)")
        }
    }

    /// Verdicts that are the same (scope, domain, rule, subject) are one: the last kept. The
    /// engine raises one per subject, so this only guards the stores' one-row-per-key insert.
    public static func rows(_ evaluation: WireEvaluation) throws -> [WireVerdictRow] {
        var seen: [String: Int] = [:]
        var out: [WireVerdictRow] = []
        for batch in evaluation.verdicts {
            for f in batch.findings {
                let row = try WireVerdictRow(scope: batch.scope, finding: f)
                let key = [row.scope, row.domain, row.rule, row.subject].joined(separator: "\u{0}")
                if let i = seen[key] { out[i] = row } else { seen[key] = out.count; out.append(row) }
            }
        }
        return out
    }
}
