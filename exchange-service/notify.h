/*
 * notify.h — what serve tells its service manager (sd_notify(3)): that it
 * is ready once it listens, and that it is stopping once a signal came.
 * systemd's Type=notify unit waits for the first before it counts the
 * service as started, so units ordered after it find it answering.
 *
 * Built with libsystemd (configure's HAVE_SYSTEMD) these send to
 * $NOTIFY_SOCKET, and do nothing where it is unset (started by hand, by
 * tools/system or by the tests); built without it they do nothing at all,
 * and the unit is Type=simple. Never fails: a manager that cannot be told
 * is no reason to stop serving.
 */
#ifndef GOVDX_SVC_NOTIFY_H
#define GOVDX_SVC_NOTIFY_H

/* READY=1, with the address in STATUS= (systemctl status shows it). */
void notify_ready(const char *listen, unsigned port);

/* STOPPING=1. */
void notify_stopping(void);

#endif
