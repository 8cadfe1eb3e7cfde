/* certdeck: the table of commands (tmux's cmd_table[]). */
#include <config.h>

#include "cli.h"

const struct cli_command *const cli_commands[] = {
	NULL,
};
