/* certdeck: what genkey and import share. */
#include <config.h>

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "i18n.h"
#include "keyio.h"

static int is_stdout(const char *outfile)
{
	return outfile == NULL || strcmp(outfile, "-") == 0;
}

int cli_key_output_check(struct cli *cli, const char *command,
			 const char *outfile, int force)
{
	if (is_stdout(outfile)) {
		if (isatty(STDOUT_FILENO))
			return cli_usage_error(
			    cli, command,
			    _("will not print a private key on a terminal; "
			      "give --outfile FILE (or redirect the output)"));
		return 0;
	}
	return cli_outfile_check(cli, command, outfile, force);
}

/* PATH made absolute through its directory (which must exist): free it. */
static char *place_of(const char *path)
{
	const char *slash = strrchr(path, '/');
	char *dir = slash ? strndup(path, (size_t)(slash - path)) : NULL;
	char *real, *out = NULL;

	if (slash && dir == NULL)
		return NULL;
	real = realpath(slash ? (dir[0] ? dir : "/") : ".", NULL);
	if (real && asprintf(&out, "%s/%s", real, slash ? slash + 1 : path) < 0)
		out = NULL;
	free(real);
	free(dir);
	return out;
}

int cli_same_file(const char *a, const char *b)
{
	struct stat sa, sb;
	char *pa, *pb;
	int same;

	if (a == NULL || b == NULL || is_stdout(a) || is_stdout(b))
		return 0;
	if (stat(a, &sa) == 0 && stat(b, &sb) == 0)
		return sa.st_dev == sb.st_dev && sa.st_ino == sb.st_ino;
	pa = place_of(a);
	pb = place_of(b);
	same = pa && pb && strcmp(pa, pb) == 0;
	free(pa);
	free(pb);
	return same;
}

int cli_outfile_check(struct cli *cli, const char *command, const char *outfile,
		      int force)
{
	struct stat st;

	if (is_stdout(outfile) || lstat(outfile, &st) != 0)
		return 0;
	/* The file is replaced by rename(): never a device, a link or a
	 * directory (--outfile /dev/null would replace /dev/null). */
	if (!S_ISREG(st.st_mode))
		return cli_usage_error(
		    cli, command,
		    _("--outfile: %s is not a regular file; expected a new "
		      "file or one to replace with --force"),
		    outfile);
	if (!force)
		return cli_usage_error(
		    cli, command,
		    _("--outfile: %s already exists; choose another file or "
		      "give --force to replace it"),
		    outfile);
	return 0;
}

int cli_output_write(struct cli *cli, const char *outfile,
		     const gnutls_datum_t *data, mode_t mode, int force)
{
	if (is_stdout(outfile)) {
		if (fwrite(data->data, 1, data->size, stdout) != data->size ||
		    fflush(stdout) != 0)
			return cd_error(&cli->ctx, CD_E_IO,
					_("cannot write to standard output"));
		return 0;
	}
	return cd_file_write_atomic(&cli->ctx, outfile, data->data, data->size,
				    mode, !force);
}

int cli_parse_fd(struct cli *cli, const char *command, const char *flag,
		 const char *value, int *out)
{
	long fd;

	if (cli_parse_long(cli, command, flag, value, 0, INT_MAX, &fd) != 0)
		return CLI_EXIT_USAGE;
	if (fcntl((int)fd, F_GETFD) < 0)
		return cli_usage_error(
		    cli, command,
		    /* L10N: the flag, the number given, the flag again in an
		       example; keep 3<FILE (shell syntax). */
		    _("%s: %ld is not an open file descriptor; expected one "
		      "opened for reading, e.g. %s 3 3<FILE"),
		    flag, fd, flag);
	*out = (int)fd;
	return 0;
}

int cli_key_report(struct cli *cli, const char *command,
		   gnutls_x509_privkey_t key, int encrypted,
		   const char *outfile)
{
	char what[128], id[65];
	int ret;

	ret = cd_key_describe(&cli->ctx, key, what, sizeof(what));
	if (ret == 0)
		ret = cd_key_id_sha256(&cli->ctx, key, id);
	if (ret < 0)
		return ret;
	/* L10N: "certdeck genkey: ECDSA SECP256R1 (256 bits), encrypted,
	 * public key id sha256:..., in FILE". */
	fprintf(stderr, _("%s %s: %s%s, public key id sha256:%s, in %s\n"),
		cli->progname, command, what, encrypted ? _(", encrypted") : "",
		id, is_stdout(outfile) ? _("standard output") : outfile);
	return 0;
}

int cli_key_password(struct cli *cli, const char *file, int fd,
		     const char *prompt, int confirm, char **out)
{
	struct sigaction ignore, saved;
	int ret, prompting = file == NULL && fd < 0;

	/* A terminal closed at the prompt is then end of input (exit 2,
	 * nothing written) rather than a kill by SIGHUP. */
	memset(&ignore, 0, sizeof(ignore));
	ignore.sa_handler = SIG_IGN;
	sigemptyset(&ignore.sa_mask);
	if (prompting)
		sigaction(SIGHUP, &ignore, &saved);
	ret = cli_password_read(cli, file, fd, prompt, confirm, out);
	if (prompting)
		sigaction(SIGHUP, &saved, NULL);
	return ret;
}
