#ifndef CSQLITESHIM_SHIM_H
#define CSQLITESHIM_SHIM_H
#include <sqlite3.h>

/* sqlite3_config is variadic, which Swift cannot call: a thin wrapper.
   Multi-thread mode: connections take no mutex of their own (SQLITE_OPEN_NOMUTEX for all).
   Only valid before SQLite initializes; SQLITE_MISUSE after, and nothing changes. */
static inline int ipaudit_sqlite_multithread(void) {
    return sqlite3_config(SQLITE_CONFIG_MULTITHREAD);
}
#endif
