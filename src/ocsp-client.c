/* certdeck: asking an OCSP responder about one certificate, as
 * `openssl ocsp -issuer -cert -url` does: a request with a nonce POSTed
 * over HTTP, the response read and checked with GnuTLS's OCSP reader
 * (for this certificate, signed for the issuer, the nonce echoed). */
#include <config.h>

#include <errno.h>
#include <netdb.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/time.h>
#include <unistd.h>

#include <gnutls/ocsp.h>

#include "error.h"
#include "file.h"
#include "i18n.h"
#include "ocsp.h"

#define ANSWER_MAX 262144 /* an OCSP response, with its signer's chain */

struct ask {
	gnutls_x509_crt_t issuer, cert;
	gnutls_ocsp_req_t req;
	gnutls_ocsp_resp_t resp;
	gnutls_datum_t req_der, nonce, answer;
};

static void ask_free(struct ask *a)
{
	if (a->issuer)
		gnutls_x509_crt_deinit(a->issuer);
	if (a->cert)
		gnutls_x509_crt_deinit(a->cert);
	if (a->req)
		gnutls_ocsp_req_deinit(a->req);
	if (a->resp)
		gnutls_ocsp_resp_deinit(a->resp);
	gnutls_free(a->req_der.data);
	gnutls_free(a->nonce.data);
	free(a->answer.data);
}

static int make_request(struct cd_ctx *ctx, struct ask *a)
{
	int ret = gnutls_ocsp_req_init(&a->req);

	if (ret == 0)
		ret = gnutls_ocsp_req_add_cert(a->req, GNUTLS_DIG_SHA1,
					       a->issuer, a->cert);
	if (ret == 0)
		ret = gnutls_ocsp_req_randomize_nonce(a->req);
	if (ret == 0)
		ret = gnutls_ocsp_req_get_nonce(a->req, NULL, &a->nonce);
	if (ret == 0)
		ret = gnutls_ocsp_req_export(a->req, &a->req_der);
	return ret < 0 ? cd_gnutls_error(ctx, ret, _("making the OCSP request"))
		       : 0;
}

static int connect_to(struct cd_ctx *ctx, const char *host, unsigned port,
		      unsigned timeout_ms)
{
	struct addrinfo hints, *ai = NULL;
	struct timeval tv = {timeout_ms / 1000, (timeout_ms % 1000) * 1000};
	char service[16];
	int fd = -1, ret;

	memset(&hints, 0, sizeof(hints));
	hints.ai_socktype = SOCK_STREAM;
	hints.ai_flags = AI_NUMERICHOST | AI_NUMERICSERV;
	snprintf(service, sizeof(service), "%u", port);
	ret = getaddrinfo(host, service, &hints, &ai);
	if (ret != 0)
		return cd_error(ctx, CD_E_INVALID, "%s: %s", host,
				gai_strerror(ret));
	fd = socket(ai->ai_family, SOCK_STREAM | SOCK_CLOEXEC, 0);
	if (fd >= 0) {
		setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof(tv));
		setsockopt(fd, SOL_SOCKET, SO_SNDTIMEO, &tv, sizeof(tv));
	}
	if (fd >= 0 && connect(fd, ai->ai_addr, ai->ai_addrlen) < 0) {
		close(fd);
		fd = -1;
	}
	freeaddrinfo(ai);
	if (fd < 0)
		return cd_error(ctx, CD_E_IO, _("cannot reach %s:%u: %s"), host,
				port, strerror(errno));
	return fd;
}

/* POST the request, and read the whole answer (the server closes). */
static int post(struct cd_ctx *ctx, int fd, const char *host, unsigned port,
		struct ask *a)
{
	char head[256];
	size_t size = 0;
	ssize_t n;
	int len = snprintf(head, sizeof(head),
			   "POST / HTTP/1.0\r\nHost: %s:%u\r\n"
			   "Content-Type: application/ocsp-request\r\n"
			   "Content-Length: %u\r\n\r\n",
			   host, port, a->req_der.size);

	a->answer.data = malloc(ANSWER_MAX);
	if (a->answer.data == NULL)
		return cd_error(ctx, CD_E_NOMEM, _("out of memory"));
	if (send(fd, head, (size_t)len, MSG_NOSIGNAL) != len ||
	    send(fd, a->req_der.data, a->req_der.size, MSG_NOSIGNAL) !=
		(ssize_t)a->req_der.size)
		return cd_error(ctx, CD_E_IO,
				_("sending the OCSP request failed: %s"),
				strerror(errno));
	while (size < ANSWER_MAX &&
	       (n = recv(fd, a->answer.data + size, ANSWER_MAX - size, 0)) > 0)
		size += (size_t)n;
	a->answer.size = (unsigned)size;
	return 0;
}

/* The HTTP answer's body as an OCSP response. */
static int read_response(struct cd_ctx *ctx, struct ask *a)
{
	unsigned char *end = NULL;
	gnutls_datum_t body;
	size_t i;
	int ret;

	for (i = 0; i + 4 <= a->answer.size && end == NULL; i++)
		if (memcmp(a->answer.data + i, "\r\n\r\n", 4) == 0)
			end = a->answer.data + i + 4;
	if (end == NULL || a->answer.size < 12 ||
	    memcmp(a->answer.data + 8, " 200", 4) != 0)
		return cd_error(ctx, CD_E_VERIFY,
				_("the responder gave no OCSP response (HTTP: "
				  "%.40s)"),
				a->answer.size ? (const char *)a->answer.data
					       : _("nothing"));
	body.data = end;
	body.size = (unsigned)(a->answer.size - (size_t)(end - a->answer.data));
	ret = gnutls_ocsp_resp_init(&a->resp);
	if (ret == 0)
		ret = gnutls_ocsp_resp_import(a->resp, &body);
	if (ret < 0)
		return cd_gnutls_error(ctx, ret,
				       _("reading the OCSP response"));
	ret = gnutls_ocsp_resp_get_status(a->resp);
	if (ret != GNUTLS_OCSP_RESP_SUCCESSFUL)
		return cd_error(ctx, CD_E_VERIFY,
				_("the responder refused the request "
				  "(OCSPResponseStatus %d)"),
				ret);
	return 0;
}

static void fill_result(struct ask *a, struct cd_ocsp_check *out)
{
	unsigned status = 0, reason = 0, verify = 1;
	gnutls_datum_t nonce = {NULL, 0};
	time_t revoked = -1;

	gnutls_ocsp_resp_get_single(a->resp, 0, NULL, NULL, NULL, NULL, &status,
				    &out->this_update, &out->next_update,
				    &revoked, &reason);
	out->status = status == GNUTLS_OCSP_CERT_GOOD	   ? CD_OCSP_GOOD
		      : status == GNUTLS_OCSP_CERT_REVOKED ? CD_OCSP_REVOKED
							   : CD_OCSP_UNKNOWN;
	out->revoked_at = out->status == CD_OCSP_REVOKED ? revoked : -1;
	out->reason = out->status == CD_OCSP_REVOKED ? (int)reason : -1;
	out->signature_ok = gnutls_ocsp_resp_verify_direct(a->resp, a->issuer,
							   &verify, 0) == 0 &&
			    verify == 0;
	out->nonce_ok =
	    gnutls_ocsp_resp_get_nonce(a->resp, NULL, &nonce) == 0 &&
	    nonce.size == a->nonce.size &&
	    memcmp(nonce.data, a->nonce.data, nonce.size) == 0;
	gnutls_free(nonce.data);
}

int cd_ocsp_ask(struct cd_ctx *ctx, const char *host, unsigned port,
		const char *issuer_file, const char *cert_file,
		unsigned timeout_ms, struct cd_ocsp_check *out)
{
	struct ask a;
	int fd = -1, ret;

	memset(&a, 0, sizeof(a));
	memset(out, 0, sizeof(*out));
	ret = cd_file_load_crt(ctx, issuer_file, &a.issuer);
	if (ret == 0)
		ret = cd_file_load_crt(ctx, cert_file, &a.cert);
	if (ret == 0)
		ret = make_request(ctx, &a);
	if (ret == 0)
		ret = fd =
		    connect_to(ctx, host, port, timeout_ms ? timeout_ms : 5000);
	if (ret >= 0)
		ret = post(ctx, fd, host, port, &a);
	if (ret == 0)
		ret = read_response(ctx, &a);
	if (ret == 0 && gnutls_ocsp_resp_check_crt(a.resp, 0, a.cert) < 0)
		ret = cd_error(ctx, CD_E_VERIFY,
			       _("the response is about another certificate "
				 "than %s"),
			       cert_file);
	if (ret == 0)
		fill_result(&a, out);
	if (fd >= 0)
		close(fd);
	ask_free(&a);
	return ret;
}
