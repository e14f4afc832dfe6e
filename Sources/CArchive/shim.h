#include <stdbool.h>
#include <archive.h>
#include <archive_entry.h>
// zlib checks the gzip trailer (CRC-32 and length) that libarchive 3.6 reads but does not verify.
#include <zlib.h>
