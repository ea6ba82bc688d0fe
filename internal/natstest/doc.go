// Package natstest runs a nats-server process of a test's own, on a free
// loopback port, so fault tests can kill it and start it again without
// disturbing a NATS server other tests share. It is used by tests only and
// imports nothing of parley's.
package natstest
