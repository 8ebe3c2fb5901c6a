/* /dev/hoist's grant map and event channels for the daemon (dev.c). */
#ifndef XSD_DEV_H
#define XSD_DEV_H

#include <stdbool.h>
#include <stdint.h>

#include "domain.h"

struct xsd_dev {
	int fd;			/* /dev/hoist */
	int evtchn_fd;		/* HOIST_IOC_EVTCHN_OPEN */
	int events_fd;		/* HOIST_IOC_DOMAIN_EVENTS, -1 if refused */
};

/* 0, or an errno (no /dev/hoist: the daemon serves its socket only). */
int xsd_dev_open(struct xsd_dev *dev, const char *path);
void xsd_dev_close(struct xsd_dev *dev);
void xsd_dev_ops(struct xsd_dev *dev, struct xsd_dev_ops *ops);
/* Pending ports into ports[] (count, or -1); each is unmasked again. */
int xsd_dev_pending(struct xsd_dev *dev, uint32_t *ports, int max);
/* Reads the domain-events counter; true if something changed. */
bool xsd_dev_domains_changed(struct xsd_dev *dev);
/* For xsd_domains_reap: is domid still in HOIST_IOC_DOMAIN_LIST? */
bool xsd_dev_alive(void *ctx, uint16_t domid);

#endif /* XSD_DEV_H */
