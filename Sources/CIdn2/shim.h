#include <stdbool.h>
#include <idn2.h>
