import Foundation

/// Recognizes a Mesos operator API event stream (`SUBSCRIBE` on the master or agent v1 API),
/// saved either RecordIO-framed (`<length>\n<json>...`, as the API sends it) or one JSON
/// document per line, so that it is refused as what it is rather than as broken JSON: it is
/// a sequence of events, not one state, and the first event alone is stale at once.
enum MesosEventStream {
    static let refusal = "a Mesos operator API event stream (SUBSCRIBE), not a state: give the answer of GET_STATE "
        + "(POST /api/v1 with {\"type\":\"GET_STATE\"}) or of GET /master/state"

    /// How the stream is framed, or nil when the bytes are not one.
    static func framing(_ bytes: [UInt8]) -> String? {
        let lines = firstLines(bytes, count: 2)
        guard lines.count == 2 else { return nil }
        let first = lines[0], second = lines[1]
        guard second.first == UInt8(ascii: "{") else { return nil }
        // Mesos writes each event as compact JSON: the record after a length is one line.
        if !first.isEmpty, first.allSatisfy({ $0 >= 0x30 && $0 <= 0x39 }), isEvent(second) { return "RecordIO-framed" }
        if isEvent(first) { return "one JSON document per line" }
        return nil
    }

    /// One line is a whole JSON object whose `type` is an event's (SUBSCRIBED, HEARTBEAT, TASK_ADDED…).
    static func isEvent(_ line: [UInt8]) -> Bool {
        guard line.first == UInt8(ascii: "{"),
              let object = try? JSONSerialization.jsonObject(with: Data(line)) as? [String: Any],
              let type = object["type"] as? String else { return false }
        return type == "SUBSCRIBED" || type == "HEARTBEAT" || type.hasPrefix("TASK_") || type.hasPrefix("AGENT_")
            || type.hasPrefix("FRAMEWORK_") || type.hasPrefix("OPERATION_")
    }

    /// The first `count` non-blank lines, each without its line break (at most 1 MiB read).
    static func firstLines(_ bytes: [UInt8], count: Int) -> [[UInt8]] {
        var out: [[UInt8]] = [], start = 0
        let end = min(bytes.count, 1 << 20)
        var i = 0
        while i <= end && out.count < count {
            if i == end || bytes[i] == 0x0A {
                var line = Array(bytes[start..<i])
                if line.last == 0x0D { line.removeLast() }
                if !line.allSatisfy({ $0 == 0x20 || $0 == 0x09 }) { out.append(line) }
                start = i + 1
            }
            i += 1
        }
        return out
    }
}
