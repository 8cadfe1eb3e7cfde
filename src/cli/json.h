/* certdeck: writing JSON on the command line. */
#ifndef CD_CLI_JSON_H
#define CD_CLI_JSON_H

#include <stdio.h>

/* S as a JSON string (null when S is NULL), escaping what RFC 8259 asks
 * and any byte that is not valid UTF-8 as \u00XX. */
void cli_json_string(FILE *out, const char *s);

#endif
