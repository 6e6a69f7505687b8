"""Which network a request comes from, for counting tries: one key per household or office."""

import ipaddress

from flask import request

# One IPv6 customer is usually handed a whole /64, so counting each IPv6 address on its own
# would give one person 2**64 fresh allowances. IPv4 is kept as the single address: councils,
# schools and care homes sit behind one NAT address, and grouping wider would let a stranger
# in the same block slow down everyone there.
IPV6_PREFIX = 64


def network_of(address: str | None) -> str:
    """ "203.0.113.7" stays as it is; "2001:db8:1:2:a:b:c:d" becomes "2001:db8:1:2::/64"."""
    if not address:
        return "unknown"
    try:
        ip = ipaddress.ip_address(address.split("%", 1)[0])
    except ValueError:
        return address
    if isinstance(ip, ipaddress.IPv6Address):
        if ip.ipv4_mapped:
            return str(ip.ipv4_mapped)
        return str(ipaddress.IPv6Network((ip, IPV6_PREFIX), strict=False))
    return str(ip)


def client_network() -> str:
    """The rate-limit key for this request (Flask-Limiter's key_func and the throttles)."""
    return network_of(request.remote_addr)
