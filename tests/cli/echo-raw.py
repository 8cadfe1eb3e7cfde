#!/usr/bin/env python3
# Misbehaving peers for the echo server and client, over plain TCP.
#
#   echo-raw.py garbage PORT    sends bytes that are no ClientHello
#   echo-raw.py halfopen PORT   half a ClientHello, then shuts down its
#                               sending side and waits for the server
#   echo-raw.py reset PORT      half a ClientHello, then a TCP reset
#   echo-raw.py resetecho PORT  a TLS handshake and a line echoed, then a
#                               TCP reset (no close_notify)
#   echo-raw.py stall PORT      a record header promising a ClientHello,
#                               then nothing; prints how many seconds the
#                               server took to drop it ("dropped after S")
#   echo-raw.py silent          a server that accepts and says nothing:
#                               prints "Listening on 127.0.0.1:PORT", holds
#                               each connection open until --timeout
#
# Client modes exit 0 once the server closed the connection (or reset
# it), 1 when it did not within --timeout seconds (default 60).
import socket, struct, sys, threading, time

mode = sys.argv[1]
timeout = 60.0
if '--timeout' in sys.argv:
    timeout = float(sys.argv[sys.argv.index('--timeout') + 1])

# The start of a TLS 1.2 ClientHello: record header (handshake, 512
# bytes), handshake header (ClientHello, 508 bytes), version, random.
HALF_HELLO = (b'\x16\x03\x01' + struct.pack('>H', 512) + b'\x01\x00\x01\xfc'
              + b'\x03\x03' + bytes(range(32)))


def wait_closed(s):
    """Read until the server closes; True when it did within timeout."""
    s.settimeout(timeout)
    try:
        while s.recv(4096):
            pass
    except ConnectionResetError:
        pass
    except socket.timeout:
        return False
    return True


def client(port):
    s = socket.create_connection(('127.0.0.1', port), timeout=timeout)
    if mode == 'garbage':
        s.sendall(b'GET / HTTP/1.0\r\n\r\n\x00\xff' + bytes(range(256)) * 4)
        return wait_closed(s)
    if mode == 'halfopen':
        s.sendall(HALF_HELLO)
        s.shutdown(socket.SHUT_WR)
        return wait_closed(s)
    if mode == 'reset':
        s.sendall(HALF_HELLO)
        s.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack('ii', 1, 0))
        s.close()
        return True
    if mode == 'resetecho':
        import ssl
        ctx = ssl.create_default_context()
        ctx.check_hostname = False
        ctx.verify_mode = ssl.CERT_NONE
        t = ctx.wrap_socket(s, server_hostname='localhost')
        t.sendall(b'hi\n')
        t.recv(100)
        t.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack('ii', 1, 0))
        t.close()
        return True
    if mode == 'stall':
        start = time.monotonic()
        s.sendall(HALF_HELLO[:5])
        closed = wait_closed(s)
        print('dropped after %.1f' % (time.monotonic() - start))
        return closed
    raise SystemExit('unknown mode ' + mode)


def silent():
    ls = socket.socket()
    ls.bind(('127.0.0.1', 0))
    ls.listen(8)
    ls.settimeout(timeout)
    print('Listening on 127.0.0.1:%d' % ls.getsockname()[1], flush=True)
    held = []
    end = time.monotonic() + timeout
    try:
        while time.monotonic() < end:
            ls.settimeout(max(0.1, end - time.monotonic()))
            c, _ = ls.accept()
            held.append(c)  # never read, never written, never closed
    except socket.timeout:
        pass


if mode == 'silent':
    silent()
    sys.exit(0)
sys.exit(0 if client(int(sys.argv[2])) else 1)
