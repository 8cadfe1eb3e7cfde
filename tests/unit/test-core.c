/* certdeck tests: error codes, context and atomic file writes. */
#include <config.h>

#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "certdeck.h"
#include "tap.h"

static void test_errors(void)
{
	struct cd_ctx ctx;

	ok(cd_ctx_init(&ctx) == 0, "context initialises");
	is_int(cd_error(&ctx, CD_E_INVALID, "field %s: bad", "country"),
	       CD_E_INVALID, "cd_error returns its code");
	is_str(cd_ctx_message(&ctx), "field country: bad",
	       "cd_error records the message");
	is_int(cd_gnutls_error(&ctx, GNUTLS_E_BASE64_DECODING_ERROR, "x.pem"),
	       CD_E_PARSE, "a base64 error maps to CD_E_PARSE");
	ok(strncmp(cd_ctx_message(&ctx), "x.pem: ", 7) == 0,
	   "GnuTLS text appended after the file name");
	is_int(cd_gnutls_error(&ctx, GNUTLS_E_DECRYPTION_FAILED, "k"),
	       CD_E_PASSWORD, "a decryption failure maps to CD_E_PASSWORD");
	ok(cd_error_is_verdict(CD_E_VERIFY) &&
	       !cd_error_is_verdict(CD_E_INVALID),
	   "verdicts are told apart from bad input");
	ok(strcmp(cd_strerror(CD_E_LOCKED), "store is locked") == 0,
	   "cd_strerror describes a code");
	cd_ctx_set_time(&ctx, 1000);
	is_int(cd_ctx_now(&ctx), 1000, "a fixed clock is honoured");
	cd_ctx_deinit(&ctx);
}

static void test_files(void)
{
	struct cd_ctx ctx;
	char dir[] = "/tmp/cd-test-XXXXXX";
	char *path, *missing;
	gnutls_datum_t d;
	struct stat st;

	cd_ctx_init(&ctx);
	ok(mkdtemp(dir) != NULL, "temporary directory");
	path = cd_path_join(dir, "f.key");
	missing = cd_path_join(dir, "nope/f");
	is_int(cd_file_write_atomic(&ctx, path, "secret", 6, 0600, 1), 0,
	       "atomic write succeeds");
	ok(stat(path, &st) == 0 && (st.st_mode & 0777) == 0600,
	   "file created with mode 0600, not chmod'ed later");
	is_int(cd_file_write_atomic(&ctx, path, "x", 1, 0600, 1), CD_E_EXISTS,
	       "exclusive write refuses an existing file");
	is_int(cd_file_read(&ctx, path, 0, &d), 0, "read back");
	ok(d.size == 6 && memcmp(d.data, "secret", 6) == 0 && d.data[6] == 0,
	   "content intact and NUL-terminated");
	gnutls_free(d.data);
	is_int(cd_file_write_atomic(&ctx, path, "", 0, 0600, 0), 0,
	       "non-exclusive write replaces");
	is_int(cd_file_read(&ctx, path, 0, &d), CD_E_PARSE,
	       "an empty file is refused");
	is_int(cd_file_write_atomic(&ctx, missing, "x", 1, 0644, 0),
	       CD_E_NOTFOUND, "writing into a missing directory fails cleanly");
	is_int(cd_file_read(&ctx, missing, 0, &d), CD_E_NOTFOUND,
	       "reading a missing file says so");
	is_int(cd_file_read(&ctx, dir, 0, &d), CD_E_INVALID,
	       "a directory is not a file");
	unlink(path);
	rmdir(dir);
	free(path);
	free(missing);
	cd_ctx_deinit(&ctx);
}

static void test_pem(void)
{
	gnutls_datum_t d;
	char crt[] = "junk\n-----BEGIN CERTIFICATE-----\nAAAA\n";
	char der[] = "\x30\x03\x02\x01\x01";

	d.data = (unsigned char *)crt;
	d.size = sizeof(crt) - 1;
	ok(cd_file_is_pem(&d, "CERTIFICATE"),
	   "PEM certificate found after junk");
	ok(!cd_file_is_pem(&d, "PRIVATE KEY"), "label is matched");
	d.data = (unsigned char *)der;
	d.size = sizeof(der) - 1;
	ok(!cd_file_is_pem(&d, NULL), "DER is not PEM");
}

/* index.txt's escaped subjects, as text. */
static void test_subject_unescape(void)
{
	static const struct {
		const char *in, *out, *what;
	} cases[] = {
	    {"/CN=Zo\\xC3\\xAB M\\xC3\\xBCller", "/CN=Zo\xc3\xab M\xc3\xbcller",
	     "UTF-8 escapes become the text"},
	    {"/CN=\\xE2\\x82\\xAC/O=\\xF0\\x9F\\x94\\x92",
	     "/CN=\xe2\x82\xac/O=\xf0\x9f\x94\x92",
	     "three- and four-byte characters"},
	    {"/CN=a\\x0Ab", "/CN=a\\x0Ab", "a control stays escaped"},
	    {"/CN=\\xC2\\x85", "/CN=\\xC2\\x85", "a C1 control stays escaped"},
	    {"/CN=\\x00A\\x00B", "/CN=\\x00A\\x00B",
	     "a BMPString stays escaped"},
	    {"/CN=\\xC3", "/CN=\\xC3", "a cut character stays escaped"},
	    {"/CN=\\xC0\\xAF", "/CN=\\xC0\\xAF",
	     "an overlong form stays escaped"},
	    {"/CN=\\xED\\xA0\\x80", "/CN=\\xED\\xA0\\x80",
	     "a surrogate stays escaped"},
	    {"/CN=\\xC3\\xAB\\xFF", "/CN=\\xC3\\xAB\\xFF",
	     "a run with a stray byte stays escaped whole"},
	    {"/CN=a\\xZZ\\x", "/CN=a\\xZZ\\x", "what is no escape stays"},
	    {"/CN=plain", "/CN=plain", "ASCII is unchanged"},
	};
	size_t i;

	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		char *s = strdup(cases[i].in);

		if (s == NULL)
			return;
		cd_index_subject_unescape(s);
		is_str(s, cases[i].out, "subject: %s", cases[i].what);
		free(s);
	}
}

/* Serials as index.txt names them: leading zero octets dropped (a sign
 * octet, or an openssl serial written with them), one kept for zero. */
static void test_serial_hex(void)
{
	static const struct {
		unsigned char in[21];
		size_t n;
		const char *out;
	} cases[] = {
	    {{0}, 0, "00"},
	    {{0x00}, 1, "00"},
	    {{0x00, 0x80, 0x01}, 3, "8001"},
	    {{0x01, 0x02}, 2, "0102"},
	    {{0x00, 0x00, 0x0a}, 3, "0A"},
	    {{0x00, 0xff, 0xee, 0xdd, 0xcc, 0xbb, 0xaa, 0x99, 0x88, 0x77, 0x66,
	      0x55, 0x44, 0x33, 0x22, 0x11, 0x00, 0x12, 0x34, 0x56, 0x78},
	     21,
	     "FFEEDDCCBBAA998877665544332211001234567"
	     "8"},
	};
	char hex[CD_SERIAL_HEX_MAX];
	size_t i;

	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		cd_serial_hex(cases[i].in, cases[i].n, hex);
		is_str(hex, cases[i].out, "serial hex, case %zu", i);
	}
}

int main(void)
{
	test_errors();
	test_files();
	test_pem();
	test_subject_unescape();
	test_serial_hex();
	return tap_done();
}
