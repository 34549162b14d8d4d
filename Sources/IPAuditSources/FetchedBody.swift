import Foundation

/// A successful answer: its body (decompressed) and the URL that gave it (after redirects).
struct FetchedBody: Sendable {
    let bytes: [UInt8]
    let status: Int
    let finalURL: URL
}
