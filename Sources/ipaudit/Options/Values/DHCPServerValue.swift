import IPAuditKit

/// A DHCP server as `--dhcp-server` names it: an address (its server identifier or the source
/// of its answers) or a MAC.
struct DHCPServerValue: OptionValue {
    var names = LinkServiceNames()

    init(optionText text: String) throws(OptionValueProblem) {
        guard names.addDHCPServer(text) else {
            throw OptionValueProblem("neither an IP address nor a unicast MAC address (aa:bb:cc:dd:ee:ff)")
        }
    }
}
