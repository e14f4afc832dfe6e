// libpsl: the Public Suffix List, to tell "this domain does not exist" from "this resolver is broken".
#include <libpsl.h>
