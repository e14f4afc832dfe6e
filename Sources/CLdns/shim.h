// stdbool.h first: otherwise ldns defines bool as signed char and Swift sees Int8 (build-notes.md).
#include <stdbool.h>
#include <ldns/ldns.h>
