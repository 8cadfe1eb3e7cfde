/* certdeck: the table of commands (tmux's cmd_table[]). */
#include <config.h>

#include "cli.h"

extern const struct cli_command cli_cmd_check, cli_cmd_init_ca, cli_cmd_issue,
    cli_cmd_list, cli_cmd_request, cli_cmd_selfsign, cli_cmd_sign,
    cli_cmd_template;
extern const struct cli_command cli_cmd_genkey, cli_cmd_import;
extern const struct cli_command cli_cmd_inspect;
extern const struct cli_command cli_cmd_verify;
extern const struct cli_command cli_cmd_lint;
extern const struct cli_command cli_cmd_connect, cli_cmd_serve;
extern const struct cli_command cli_cmd_ocsp_serve;
extern const struct cli_command cli_cmd_crl, cli_cmd_revoke;
extern const struct cli_command cli_cmd_export;
extern const struct cli_command cli_cmd_rekey, cli_cmd_reissue, cli_cmd_renew;

const struct cli_command *const cli_commands[] = {
    &cli_cmd_check,
    &cli_cmd_connect,
    &cli_cmd_crl,
    &cli_cmd_export,
    &cli_cmd_genkey,
    &cli_cmd_import,
    &cli_cmd_init_ca,
    &cli_cmd_inspect,
    &cli_cmd_issue,
    &cli_cmd_lint,
    &cli_cmd_list,
    &cli_cmd_ocsp_serve,
    &cli_cmd_rekey,
    &cli_cmd_reissue,
    &cli_cmd_renew,
    &cli_cmd_request,
    &cli_cmd_revoke,
    &cli_cmd_selfsign,
    &cli_cmd_serve,
    &cli_cmd_sign,
    &cli_cmd_template,
    &cli_cmd_verify,
    NULL,
};
