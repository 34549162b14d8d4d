#ifndef CPCAP_SHIM_H
#define CPCAP_SHIM_H
#include <pcap/pcap.h>

#ifdef __linux__
#include <sys/prctl.h>
#include <sys/syscall.h>
#include <linux/capability.h>
#include <unistd.h>

/* prctl and syscall are variadic, which Swift cannot call: thin wrappers. */

/* No exec'd program may gain privileges again (setuid bits, file capabilities). */
static inline int ipaudit_set_no_new_privs(void) {
    return prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0);
}

/* Empties the effective, permitted, inheritable and ambient capability sets
   (a non-root scanner started with CAP_NET_RAW from setcap or AmbientCapabilities). */
static inline int ipaudit_clear_capabilities(void) {
    struct __user_cap_header_struct header = { _LINUX_CAPABILITY_VERSION_3, 0 };
    struct __user_cap_data_struct data[2] = { { 0, 0, 0 }, { 0, 0, 0 } };
    (void)prctl(PR_CAP_AMBIENT, PR_CAP_AMBIENT_CLEAR_ALL, 0, 0, 0);
    return (int)syscall(SYS_capset, &header, data);
}
#endif
#endif
