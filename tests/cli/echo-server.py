#!/usr/bin/env python3
# A TLS echo server on Python's ssl module, as a student writes one.
#
#   echo-server.py --cert C --key K [--ca CA --require-client-cert]
#                  [--tls1.2 | --tls1.3] [--connections N] [--timeout S]
#
# Listens on 127.0.0.1, a free port, and prints "Listening on
# 127.0.0.1:PORT" once ready. Each connection (a thread of its own) echoes
# every byte until the client closes its side, then closes; a failed
# handshake is logged on stderr ("handshake failed: REASON"). Exits after
# N connections (default 1) or after --timeout seconds without one.
import argparse, socket, ssl, sys, threading

ap = argparse.ArgumentParser()
ap.add_argument('--cert', required=True)
ap.add_argument('--key', required=True)
ap.add_argument('--ca')
ap.add_argument('--require-client-cert', action='store_true')
ap.add_argument('--tls1.2', dest='tls12', action='store_true')
ap.add_argument('--tls1.3', dest='tls13', action='store_true')
ap.add_argument('--connections', type=int, default=1)
ap.add_argument('--timeout', type=float, default=30)
ap.add_argument('--cut-after', type=int, default=0,
                help='once this many bytes are echoed, close the socket '
                'without closing TLS (no close_notify)')
a = ap.parse_args()

ctx = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
ctx.load_cert_chain(a.cert, a.key)
if a.ca:
    ctx.load_verify_locations(a.ca)
if a.require_client_cert:
    ctx.verify_mode = ssl.CERT_REQUIRED
if a.tls12:
    ctx.maximum_version = ssl.TLSVersion.TLSv1_2
if a.tls13:
    ctx.minimum_version = ssl.TLSVersion.TLSv1_3

ls = socket.socket()
ls.bind(('127.0.0.1', 0))
ls.listen(16)
ls.settimeout(a.timeout)
print('Listening on 127.0.0.1:%d' % ls.getsockname()[1], flush=True)


def serve(sock, peer):
    sock.settimeout(a.timeout)
    try:
        with ctx.wrap_socket(sock, server_side=True) as s:
            sys.stderr.write('%s:%d: handshake done, %s\n'
                             % (peer[0], peer[1], s.version()))
            n = 0
            while True:
                b = s.recv(65536)
                if not b:
                    break
                s.sendall(b)
                n += len(b)
                if a.cut_after and n >= a.cut_after:
                    # the TCP connection shut, TLS left open: no close_notify
                    sock.shutdown(socket.SHUT_RDWR)
                    break
            sys.stderr.write('%s:%d: closed, %d bytes echoed\n'
                             % (peer[0], peer[1], n))
    except ssl.SSLError as e:
        sys.stderr.write('handshake failed: %s\n' % e)
    except OSError as e:
        sys.stderr.write('connection failed: %s\n' % e)
    finally:
        sock.close()


threads = []
try:
    for _ in range(a.connections):
        sock, peer = ls.accept()
        t = threading.Thread(target=serve, args=(sock, peer), daemon=True)
        t.start()
        threads.append(t)
except socket.timeout:
    sys.stderr.write('no connection for %g s\n' % a.timeout)
for t in threads:
    t.join(a.timeout)
sys.stderr.flush()
