import CPcap

/// A `--filter` that libpcap refuses for one link type but accepts for Ethernet: `arp` or
/// `ether host ...` on a BSD-loopback interface of a pcapng file that also holds Ethernet ones.
/// Such an expression is valid, it just cannot match a frame of that link type, so that
/// interface contributes nothing (as tcpdump per interface would say: "rejects all packets").
/// Only when every interface of the file rejects it is the filter an error.
enum LinkTypeFilterRejection {
    /// Whether `user` compiles for Ethernet, i.e. the failure for another link type was the link
    /// type's, not the expression's.
    static func isLinkTypeSpecific(userFilter user: String?) -> Bool {
        guard let user, let expression = CaptureFilter.expression(user: user, live: false, linkType: .ethernet),
              let dead = pcap_open_dead(DLT_EN10MB, 262_144) else { return false }
        defer { pcap_close(dead) }
        var program = bpf_program()
        guard pcap_compile(dead, &program, expression, 1, PCAP_NETMASK_UNKNOWN) == 0 else { return false }
        pcap_freecode(&program)
        return true
    }
}
