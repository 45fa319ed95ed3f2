/*
 * notify.c — READY=1 and STOPPING=1 to the service manager; see notify.h.
 */
#include "config.h"

#ifdef HAVE_SYSTEMD
#include <systemd/sd-daemon.h>
#endif

#include "notify.h"

void notify_ready(const char *listen, unsigned port)
{
#ifdef HAVE_SYSTEMD
	sd_notifyf(0, "READY=1\nSTATUS=listening on %s (port %u)", listen, port);
#else
	(void)listen;
	(void)port;
#endif
}

void notify_stopping(void)
{
#ifdef HAVE_SYSTEMD
	sd_notify(0, "STOPPING=1\nSTATUS=stopping");
#endif
}
