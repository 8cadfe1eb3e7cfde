/* certdeck list: the store's certificates: name, serial, status, expiry,
 * days left, subject. */
#include <config.h>

#include <langinfo.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <wchar.h>

#include "i18n.h"
#include "json.h"
#include "storeopts.h"

#define LIST_FLAGS CLI_S_JSON
#define LIST_ARGS N_("[--json]")

/* The words of index.txt's statuses, for --json. */
static const char *status_json(char status)
{
	return status == 'R'   ? "revoked"
	       : status == 'E' ? "expired"
	       : status == 'N' ? "not-yet-valid"
			       : "valid";
}

/* The terminal columns of S. */
static int text_width(const char *s)
{
	size_t n = mbstowcs(NULL, s, 0);
	int w = -1;

	if (n != (size_t)-1) {
		wchar_t *ws = malloc((n + 1) * sizeof(*ws));

		if (ws && mbstowcs(ws, s, n + 1) != (size_t)-1)
			w = wcswidth(ws, n);
		free(ws);
	}
	return w < 0 ? (int)strlen(s) : w;
}

static void print_date(time_t t, char out[32])
{
	struct tm tm;

	gmtime_r(&t, &tm);
	strftime(out, 32, "%Y-%m-%d", &tm);
}

/* Print S left-aligned in WIDTH terminal columns, then a space: printf's
 * %-20s counts bytes, and translations have accented letters. */
static void print_cell(const char *s, int width)
{
	int w = text_width(s);

	fputs(s, stdout);
	for (; w < width; w++)
		putchar(' ');
	putchar(' ');
}

/* A subject as text: in a locale that is not UTF-8, its characters
 * beyond ASCII escaped again as index.txt has them. */
static void print_subject(const char *s, int utf8)
{
	for (; !utf8 && *s; s++)
		if ((unsigned char)*s >= 0x80)
			printf("\\x%02X", (unsigned char)*s);
		else
			putchar(*s);
	if (utf8)
		fputs(s, stdout);
	putchar('\n');
}

static void list_text(const struct cd_store_entry *e, size_t n)
{
	int utf8 = strcmp(nl_langinfo(CODESET), "UTF-8") == 0;
	char date[32];
	int status_w = text_width(_("STATUS"));
	size_t i;

	/* the status column as wide as its longest word */
	for (i = 0; i < n; i++)
		if (text_width(cd_store_status_text(e[i].status)) > status_w)
			status_w =
			    text_width(cd_store_status_text(e[i].status));
	print_cell(_("NAME"), 20);
	print_cell(_("SERIAL"), 32);
	print_cell(_("STATUS"), status_w);
	print_cell(_("EXPIRES"), 10);
	printf("%6s  %s\n", _("DAYS"), _("SUBJECT"));
	for (i = 0; i < n; i++) {
		print_date(e[i].expiry, date);
		print_cell(e[i].name ? e[i].name : "-", 20);
		print_cell(e[i].serial, 32);
		print_cell(cd_store_status_text(e[i].status), status_w);
		print_cell(date, 10);
		printf("%6ld  ", e[i].days_left);
		print_subject(e[i].subject ? e[i].subject : "", utf8);
	}
}

static void list_json(const struct cd_store_entry *e, size_t n)
{
	char date[32];
	struct tm tm;
	size_t i;

	fputs("[", stdout);
	for (i = 0; i < n; i++) {
		gmtime_r(&e[i].expiry, &tm);
		strftime(date, sizeof(date), "%Y-%m-%dT%H:%M:%SZ", &tm);
		fputs(i ? ",\n {" : "\n {", stdout);
		fputs("\"name\": ", stdout);
		cli_json_string(stdout, e[i].name);
		printf(", \"serial\": \"%s\", \"status\": \"%s\", "
		       "\"expires\": \"%s\", \"days_left\": %ld, \"subject\": ",
		       e[i].serial, status_json(e[i].status), date,
		       e[i].days_left);
		cli_json_string(stdout, e[i].subject);
		fputs("}", stdout);
	}
	fputs(n ? "\n]\n" : "]\n", stdout);
}

static int list(struct cli *cli, const struct cli_store_opts *o)
{
	struct cd_store *store = NULL;
	struct cd_store_entry *e = NULL;
	size_t n = 0;
	int ret = cd_store_open(&cli->ctx, cli->store_dir, &store);

	if (ret == 0)
		ret = cd_store_list(&cli->ctx, store, &e, &n);
	if (ret == 0 && o->json)
		list_json(e, n);
	else if (ret == 0)
		list_text(e, n);
	cd_store_entries_free(e, n);
	cd_store_close(store);
	return ret;
}

static int list_run(struct cli *cli, int argc, char **argv)
{
	struct cli_store_opts o;
	int ret = cli_store_parse(cli, argc, argv, LIST_FLAGS, &o);

	if (ret == 0 && o.help)
		cli_store_help("list", LIST_ARGS,
			       N_("The certificates of the store: name, "
				  "serial, status, expiry, days left, "
				  "subject."),
			       LIST_FLAGS);
	else if (ret == 0 && o.first_arg < argc)
		ret =
		    cli_usage_error(cli, argv[0], _("unexpected argument '%s'"),
				    argv[o.first_arg]);
	else if (ret == 0)
		ret = cli_finish(cli, list(cli, &o));
	cli_store_opts_free(&o);
	return ret;
}

const struct cli_command cli_cmd_list = {
    "list",
    LIST_ARGS,
    N_("the store's certificates, with status and days left"),
    list_run,
};
