/// Why a frame could not be decoded. Such frames are counted (by reason) and skipped, never fatal.
public enum DecodeError: String, Error, Sendable, CaseIterable {
    case truncatedEthernet = "truncated-ethernet"
    case truncatedVLAN = "truncated-vlan"
    case tooManyVLANTags = "too-many-vlan-tags"
    case truncatedCooked = "truncated-cooked"
    case truncatedLoopback = "truncated-loopback"
    case truncatedLLC = "truncated-llc"
    case truncatedARP = "truncated-arp"
    case truncatedIPv4 = "truncated-ipv4"
    case badIPv4Header = "bad-ipv4-header"
    case truncatedIPv6 = "truncated-ipv6"
    case badExtensionHeader = "bad-extension-header"
    case truncatedICMPv6 = "truncated-icmpv6"
    case badNDPOption = "bad-ndp-option"
    case badIPVersion = "bad-ip-version"
    case unsupportedLinkType = "unsupported-link-type"
}
