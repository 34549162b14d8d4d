/* Baseline for the scan benchmark: the cheapest possible libpcap reader, a bare
 * pcap_next_ex loop over the file that touches one byte per packet. */
#include <pcap/pcap.h>
#include <stdio.h>

int main(int argc, char **argv) {
    char err[PCAP_ERRBUF_SIZE];
    if (argc < 2) { fprintf(stderr, "usage: bare_loop FILE\n"); return 2; }
    pcap_t *p = pcap_open_offline(argv[1], err);
    if (!p) { fprintf(stderr, "%s\n", err); return 2; }
    struct pcap_pkthdr *h;
    const u_char *d;
    unsigned long n = 0, sum = 0;
    while (pcap_next_ex(p, &h, &d) == 1) { n++; sum += d[h->caplen > 12 ? 12 : 0]; }
    printf("%lu packets (checksum %lu)\n", n, sum);
    pcap_close(p);
    return 0;
}
