#!/usr/bin/env python3
# A TLS handshake in memory (no socket): does a client that checks HOST
# accept CRT? BROWSERLIKE=1: never fall back to the subject's CN, as
# browsers do. Exit 0 accepted, 1 refused (the reason on stdout).
import ssl, sys
ca, crt, key, host, browserlike = sys.argv[1:6]
srv = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
srv.load_cert_chain(crt, key)
cli = ssl.SSLContext(ssl.PROTOCOL_TLS_CLIENT)
cli.load_verify_locations(ca)
cli.hostname_checks_common_name = browserlike != '1'
bios = [ssl.MemoryBIO() for _ in range(4)]
c = cli.wrap_bio(bios[0], bios[1], server_hostname=host)
s = srv.wrap_bio(bios[2], bios[3], server_side=True)
done = set()
for _ in range(20):
    for name, end in (('client', c), ('server', s)):
        if name in done:
            continue
        try:
            end.do_handshake()
            done.add(name)
        except ssl.SSLWantReadError:
            pass
        except ssl.SSLCertVerificationError as e:
            print(e.verify_message)
            sys.exit(1)
        except ssl.SSLError as e:
            print(e)
            sys.exit(1)
    bios[2].write(bios[1].read())
    bios[0].write(bios[3].read())
    if done == {'client', 'server'}:
        sys.exit(0)
print('handshake did not finish')
sys.exit(1)
