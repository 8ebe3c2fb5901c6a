/* The request dispatcher (proto.c): one complete message from c. */
#ifndef XSD_PROTO_H
#define XSD_PROTO_H

#include "store.h"

void xs_handle(struct xs_conn *c, const struct xsd_sockmsg *h, const char *payload);

#endif /* XSD_PROTO_H */
