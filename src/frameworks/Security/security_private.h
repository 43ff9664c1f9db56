/*
 * security_private.h — what the Security framework's files share: the system's certificates
 * (the host's CA bundle, read by trust_settings.c) that keychain.c's searches also find.
 */
#ifndef MACHRUN_SECURITY_PRIVATE_H
#define MACHRUN_SECURITY_PRIVATE_H

#include "machrun/darwin/cf.h"

/* Security's OSStatus results (<Security/SecBase.h>). */
#define errSecSuccess 0
#define errSecParam (-50)
#define errSecAllocate (-108)
#define errSecNoTrustSettings (-25263)
#define errSecItemNotFound (-25300)
#define errSecInternalComponent (-67808)
#define errSecHostNameMismatch (-67602)
#define errSecCertificateExpired (-67818)
#define errSecNotTrusted (-67843)

/* A new CFArray of SecCertificates, one per certificate of the host's CA bundle, or NULL
 * when there is none. */
struct cf *sec_system_certificates(void);

#endif
