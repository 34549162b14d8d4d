// Capture and packet decoding: the only layer that touches libpcap.
