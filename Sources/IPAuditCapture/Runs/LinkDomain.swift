import Foundation

/// How scan and probe name the L2 domain they watch when the user does not.
public enum LinkDomain {
    /// `<host>/<iface>` for a live interface, `pcap/<file name>` for a file.
    public static func defaultName(for source: CaptureConfiguration.Source) -> String {
        switch source {
        case .interface(let name): "\(hostName())/\(name)"
        case .file(let path): "pcap/" + URL(fileURLWithPath: path).lastPathComponent
        }
    }

    /// The kernel's host name, without a DNS lookup (the scanner resolves no names).
    public static func hostName() -> String {
        var buffer = [CChar](repeating: 0, count: 256)
        guard gethostname(&buffer, buffer.count - 1) == 0 else { return "localhost" }
        return buffer.withUnsafeBufferPointer { String(cString: $0.baseAddress!) }
    }
}
