#!/usr/bin/env python3
# A TLS echo client written the way a student writes one: a default
# context that trusts one CA file, then wrap_socket with the server's name.
#
#   echo-client.py --port N --ca CA.pem [--host H] [--name NAME]
#                  [--cert C --key K] [--tls1.2 | --tls1.3] [--payload FILE]
#                  [--connections N] [--timeout S]
#
# One connection (default): sends the payload (a file, default a line of
# text), shuts down its sending side, reads until the server closes, and
# writes what came back to stdout. --connections N: opens N connections at
# once (one thread each), holds them all open (a barrier), then has each
# send a payload of its own and read it back. Exit 0 when every byte came
# back unchanged, 1 with the reason on stderr. Every wait is bounded.
import argparse, select, socket, ssl, sys, threading

ap = argparse.ArgumentParser()
ap.add_argument('--host', default='127.0.0.1')
ap.add_argument('--port', type=int, required=True)
ap.add_argument('--ca', required=True)
ap.add_argument('--name', default='localhost')
ap.add_argument('--cert')
ap.add_argument('--key')
ap.add_argument('--tls1.2', dest='tls12', action='store_true')
ap.add_argument('--tls1.3', dest='tls13', action='store_true')
ap.add_argument('--payload')
ap.add_argument('--connections', type=int, default=0)
ap.add_argument('--timeout', type=float, default=30)
a = ap.parse_args()

ctx = ssl.create_default_context(cafile=a.ca)
if a.cert:
    ctx.load_cert_chain(a.cert, a.key)
if a.tls12:
    ctx.maximum_version = ssl.TLSVersion.TLSv1_2
if a.tls13:
    ctx.minimum_version = ssl.TLSVersion.TLSv1_3


def connect():
    sock = socket.create_connection((a.host, a.port), timeout=a.timeout)
    try:
        return ctx.wrap_socket(sock, server_hostname=a.name)
    except BaseException:
        sock.close()
        raise


def read_exactly(s, n):
    got = bytearray()
    while len(got) < n:
        b = s.recv(min(65536, n - len(got)))
        if not b:
            break
        got += b
    return bytes(got)


def exchange(s, payload):
    """Send the payload in 16 KiB pieces, reading what came back after
    each (one thread: an SSL socket is not for two at once), so that a
    large payload never fills both directions; then read the rest."""
    got = bytearray()
    sent = 0
    while sent < len(payload):
        s.sendall(payload[sent:sent + 16384])
        sent = min(len(payload), sent + 16384)
        # Only while some echo is due: recv waits for application data.
        while len(got) < sent and (s.pending() or select.select([s], [], [], 0)[0]):
            b = s.recv(65536)
            if not b:
                return bytes(got)
            got += b
    return bytes(got) + read_exactly(s, len(payload) - len(got))


def one():
    payload = b'hello from python\n'
    if a.payload:
        with open(a.payload, 'rb') as f:
            payload = f.read()
    with connect() as s:
        sys.stderr.write('version %s cipher %s\n' % (s.version(), s.cipher()[0]))
        got = exchange(s, payload)
    sys.stdout.buffer.write(got)
    if got != payload:
        sys.stderr.write('echo differs: sent %d bytes, got %d back\n'
                         % (len(payload), len(got)))
        return 1
    return 0


def many(n):
    barrier = threading.Barrier(n, timeout=a.timeout)
    errors = []

    def worker(i):
        try:
            with connect() as s:
                barrier.wait()  # all n handshakes done, all open at once
                msg = ('connection %d of %d\n' % (i, n)).encode()
                s.sendall(msg)
                got = read_exactly(s, len(msg))
                if got != msg:
                    errors.append('connection %d: sent %r, got %r' % (i, msg, got))
                barrier.wait()  # still all open after every echo
        except Exception as e:
            errors.append('connection %d: %s' % (i, e))
            barrier.abort()

    threads = [threading.Thread(target=worker, args=(i,), daemon=True)
               for i in range(n)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(3 * a.timeout)
    if any(t.is_alive() for t in threads):
        errors.append('some connections never finished')
    for e in errors[:10]:
        sys.stderr.write(e + '\n')
    if errors:
        return 1
    print('%d connections held open at once, all echoed' % n)
    return 0


try:
    sys.exit(many(a.connections) if a.connections else one())
except ssl.SSLCertVerificationError as e:
    sys.stderr.write('certificate verify failed: %s\n' % e.verify_message)
except (ssl.SSLError, OSError) as e:
    sys.stderr.write('failed: %s\n' % e)
sys.exit(1)
