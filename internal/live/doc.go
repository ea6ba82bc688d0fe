// Package live carries parley's live updates from the node that caused them
// to every browser watching, across however many stateless nodes are
// running.
//
// A change is published as a Message on a Bus. Three buses exist: an
// in-process MemoryBus for a single node, a NATSBus, and a PostgresBus built
// on LISTEN/NOTIFY for deployments that have no NATS. Every node subscribes
// its Broker to the bus, and a node hears its own publications as well, so
// local and remote events reach browsers along one path.
//
// The Broker is the per-node Server-Sent Events hub. It keeps a short ring
// of recent events per topic so a browser that reconnects, to this node or
// any other, can resume from its Last-Event-ID. Event ids are assigned by
// the publisher and carried on the bus, which is what makes them agree
// between nodes. A browser that cannot keep up is disconnected rather than
// allowed to slow delivery for everyone else; it reconnects and resumes from
// the ring.
//
// The NATS and LISTEN/NOTIFY buses can lose their connection, and neither
// keeps what other nodes published meanwhile. They implement Watcher, so
// the node hears of the loss and of the return; Broker.Reset then tells
// every open stream to reload and forgets the history, so no browser
// misses an event without being told.
//
// live is a leaf: it imports the standard library, github.com/nats-io/nats.go
// and github.com/jackc/pgx/v5 only, never another parley package.
package live
