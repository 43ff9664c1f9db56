/*
 * in6addr.c — the IPv6 address constants libsystem_info exports as data (netinet6/in6.h):
 * in6addr_any (::), in6addr_loopback (::1) and the well-known multicast groups.
 */
#include <stdint.h>

#include "machrun/darwin/private.h"

struct d_in6_addr {
    uint8_t s6_addr[16];
};

static const struct d_in6_addr d_in6addr_any = { { 0 } };
DARWIN_EXPORT_DATA("_in6addr_any", d_in6addr_any);
static const struct d_in6_addr d_in6addr_loopback = { { [15] = 1 } };
DARWIN_EXPORT_DATA("_in6addr_loopback", d_in6addr_loopback);
static const struct d_in6_addr d_in6addr_nodelocal_allnodes = { { 0xff, 0x01, [15] = 1 } };  /* ff01::1 */
DARWIN_EXPORT_DATA("_in6addr_nodelocal_allnodes", d_in6addr_nodelocal_allnodes);
static const struct d_in6_addr d_in6addr_linklocal_allnodes = { { 0xff, 0x02, [15] = 1 } };  /* ff02::1 */
DARWIN_EXPORT_DATA("_in6addr_linklocal_allnodes", d_in6addr_linklocal_allnodes);
static const struct d_in6_addr d_in6addr_linklocal_allrouters = { { 0xff, 0x02, [15] = 2 } }; /* ff02::2 */
DARWIN_EXPORT_DATA("_in6addr_linklocal_allrouters", d_in6addr_linklocal_allrouters);
static const struct d_in6_addr d_in6addr_linklocal_allv2routers = { { 0xff, 0x02, [15] = 0x16 } }; /* ff02::16 */
DARWIN_EXPORT_DATA("_in6addr_linklocal_allv2routers", d_in6addr_linklocal_allv2routers);
