import Foundation
import Testing
@testable import IPAuditKit

/// ipaudit's JSON read one record at a time must give what the whole-tree walk gives: the same
/// records in the same order, the same first error, the same skipped rows, the same format.
@Suite("Streamed JSON inventory")
struct StreamedJSONInventoryTests {
    /// What the loader gives for `text`: records, or the error text; skipped rows and format.
    struct Outcome: Equatable {
        var records: [InventoryRecord] = []
        var error: String?
        var skipped: [String] = []
        var format: InventoryFormat = .auto
    }

    static func load(_ text: String, format: InventoryFormat = .auto, skipInvalid: Bool = false) -> Outcome {
        var loader = InventoryLoader(format: format, skipInvalid: skipInvalid)
        var outcome = Outcome()
        do {
            outcome.records = try loader.load(bytes: Array(text.utf8), file: "t.json", source: "t").records
        } catch {
            outcome.error = "\(error)"
        }
        outcome.skipped = loader.skipped.map { "\($0)" }
        outcome.format = loader.lastFormat
        return outcome
    }

    /// The records list as the tree walk reads it (the reader before streaming).
    static func tree(_ text: String, skipInvalid: Bool = false) -> Outcome {
        var outcome = Outcome(format: .json)
        var skipped: [InputError] = []
        var tally = ReadTally()
        do {
            let root = try JSONSerialization.jsonObject(with: Data(text.utf8), options: [.fragmentsAllowed])
            outcome.records = Inventory(try DocumentInventoryReader.read(root, file: "t.json", source: "t", skipInvalid: skipInvalid,
                                                                         skipped: &skipped, tally: &tally)).records
        } catch {
            outcome.error = "\(error)"
        }
        outcome.skipped = skipped.map { "\($0)" }
        return outcome
    }

    static let documents = [
        #"[{"address": "10.0.0.1", "name": "a"}, {"address": "10.0.0.2", "name": "b", "tags": ["x", {"slug": "y"}], "vlan": 12}]"#,
        #"{"records": [{"address": "10.0.0.1", "name": "a", "rack": 7, "live": true}], "generated": {"by": "tool", "at": [1, 2]}}"#,
        #"{"hosts": [{"prefix": "10.1.0.0/24", "role": "pods"}, {"address": "fd00::1", "extra": {"k": [1, null]}}]}"#,
        #"{"inventory" : [ ] , "note" : "empty"}"#,
        "[\n  {\"address\":\"10.0.0.9\",\"name\":\"caf\\u00e9 \\\"q\\\" \\\\ ]}\"}\n]\n",
        // Bad records: the first is the error; with skipInvalid all are skipped, in order.
        #"[{"address": "10.0.0.1"}, {"address": "10.0.0.300", "name": "bad"}, 5, {"name": "no address"}, {"address": "10.0.0.4"}]"#,
        #"{"records": [{"address": "10.0.0.1", "prefix": "10.0.0.0/8"}, {"address": "10.0.0.2", "vlan": 9999}]}"#,
    ]

    @Test("Records, errors and skipped rows are those of the tree walk")
    func sameAsTheTreeWalk() {
        for text in Self.documents {
            for skip in [false, true] {
                let streamed = Self.load(text, skipInvalid: skip)
                let expected = Self.tree(text, skipInvalid: skip)
                #expect(streamed.records == expected.records, "\(text) skip \(skip)")
                #expect(streamed.skipped == expected.skipped, "\(text) skip \(skip)")
                // The tree walk alone does not refuse an empty list; the loader does.
                if expected.records.isEmpty && expected.error == nil {
                    #expect(streamed.error?.contains("no records in a non-empty json file") == true, "\(text)")
                } else {
                    #expect(streamed.error == expected.error, "\(text) skip \(skip)")
                }
                #expect(streamed.format == .json)
                #expect(Self.load(text, format: .json, skipInvalid: skip) == streamed, "\(text) as --input-format json")
            }
        }
    }

    @Test("A bad record is reported only if the whole file is valid JSON: the syntax error wins, as before")
    func syntaxErrorBeatsABadRecord() {
        let text = #"[{"address": "10.0.0.300"}, {"address" "10.0.0.2"}]"#
        let outcome = Self.load(text)
        #expect(outcome.error?.contains("not valid JSON") == true, "\(outcome)")
        #expect(outcome.error?.contains("10.0.0.300") == false)
        for broken in [#"[{"address": "10.0.0.1"}"#, #"[{"address": "10.0.0.1"}] x"#, #"[{"address": "10.0.0.1"}}"#,
                       #"{"records": [{"address": "10.0.0.1"}] "k": 1}"#, #"[{"address": "10.0.0.1"} {"address": "10.0.0.2"}]"#] {
            #expect(Self.load(broken).error?.contains("not valid JSON") == true, "\(broken)")
        }
        // What the parser accepts beyond strict JSON (a trailing comma) is still accepted.
        let trailing = #"[{"address": "10.0.0.1"}, {"address": "10.0.0.2",},]"#
        #expect(Self.load(trailing).records == Self.tree(trailing).records)
        #expect(Self.load(trailing).records.count == 2)
    }

    @Test("Other formats and odd files are still detected from the whole tree")
    func otherFormatsFallBack() throws {
        // A list of NetBox objects is NetBox API JSON, not records.
        let netbox = #"[{"address": "10.0.0.1/24", "family": {"value": 4}, "status": {"value": "active"}}]"#
        #expect(Self.load(netbox).format == .netbox)
        #expect(Self.load(netbox, format: .json).format == .netbox)
        // A Mesos state that happens to have a `records` key stays a Mesos state.
        let mesos = #"{"records": [], "slaves": [], "frameworks": []}"#
        #expect(Self.load(mesos).format == .mesos)
        // A BOM, or a records key that is not a list: the tree path's answer.
        let bom = "\u{FEFF}" + #"[{"address": "10.0.0.1", "name": "a"}]"#
        #expect(Self.load(bom).records.map(\.name) == ["a"], "\(Self.load(bom))")
        let notList = #"{"records": {"address": "10.0.0.1"}, "hosts": [{"address": "10.0.0.2"}]}"#
        #expect(Self.load(notList).error?.contains("not a known inventory format") == true, "\(Self.load(notList))")
        // A repeated top-level key: whatever the parser does with it, as before.
        let repeated = #"{"records": [{"address": "10.0.0.1"}], "records": [{"address": "10.0.0.2"}]}"#
        #expect(Self.load(repeated) == Self.tree(repeated))
    }

    @Test("The records forms are streamed; other formats and doubtful files are left to the tree path")
    func whatIsStreamed() throws {
        func streamed(_ text: String, explicit: Bool = false) throws -> Int? {
            var skipped: [InputError] = []
            var tally = ReadTally()
            return try StreamedJSONInventory.read(Array(text.utf8), file: "t.json", source: "t", explicitFormat: explicit,
                                                  skipInvalid: false, skipped: &skipped, tally: &tally)?.count
        }
        #expect(try streamed(#"[{"address": "10.0.0.1"}, {"address": "10.0.0.2"}]"#) == 2)
        #expect(try streamed(#" {"generated": {"by": "x"}, "records": [{"address": "10.0.0.1"}]} "#) == 1)
        #expect(try streamed(#"{"hosts": [{"address": "10.0.0.1"}]}"#) == 1)
        #expect(try streamed(#"[]"#) == 0)
        // NetBox lists and pages, Mesos states, a records key that is not a list, a repeated
        // key, a BOM, broken syntax: nil, the whole tree decides.
        for text in [#"[{"address": "10.0.0.1/24", "family": 4}]"#, #"{"results": [], "count": 0, "records": []}"#,
                     #"{"records": [], "frameworks": []}"#, #"{"records": 5, "hosts": []}"#,
                     #"{"records": [], "records": []}"#, "\u{FEFF}[]", #"[{"address": "10.0.0.1"}"#, #"[1 2]"#] {
            #expect(try streamed(text) == nil, "\(text)")
        }
        // --input-format json reads a Mesos-looking object's records, as the tree path does.
        #expect(try streamed(#"{"records": [{"address": "10.0.0.1"}], "frameworks": []}"#, explicit: true) == 1)
    }
}
