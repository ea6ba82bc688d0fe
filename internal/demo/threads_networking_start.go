package demo

// networkingStartHere is the pinned, locked index of networking material.
// It is deliberately long: it is the thread every other networking answer
// links back to.
func networkingStartHere() []Thread {
	return []Thread{{
		Subtopic:   "networking",
		Title:      "Networking: start here",
		Author:     "oskar_dts",
		Tags:       []string{"netpath", "net-extension", "fetch-session"},
		Pinned:     true,
		Locked:     true,
		AgeMinutes: 30*day + 5*hour + 12,
		Views:      4712,
		Body: `
This is the page I point people to when a networking question lands in my queue. It is a map, not a tutorial: each entry has a sentence on why it is worth your time. I keep it up to date as new material appears, so bookmark it rather than copying it somewhere.

If your question is not answered by something below, start a new thread in this subtopic and tag it. Please include the Corvid OS version, the device model, and — for anything that misbehaves — a log captured with the networking logging profile (see **Debugging** below).

### Choosing an API

* [TN0412 Picking the right networking layer](https://docs.corvid.example/technotes/tn0412/) — The short version: HTTP goes through FetchSession, everything else that is TCP, UDP or QUIC goes through NetPath, and BSD sockets are for code you are porting, not code you are writing.
* [Networking overview](https://docs.corvid.example/networking/overview/) — Explains how ‵corvid.netd‵, the per-app path evaluator and the NetExtension host fit together. Old, but the architecture has not changed.
* [Why “is this Wi-Fi?” is the wrong question](https://developer.corvid.example/forums/thread/88120) — Forum post. Read it before you write code that branches on the interface type; the answer is almost always “ask whether the path is *expensive* or *constrained* instead”.
* [Ports and hosts used by Lumen services](https://support.corvid.example/kb/ports) — For people who run firewalls in front of test devices.

### FetchSession (HTTP and WebSocket)

* [FetchSession documentation](https://docs.corvid.example/networking/fetch-session/) — The recommended API for HTTP/1.1, HTTP/2 and HTTP/3.
* [Background sessions, explained properly](https://developer.corvid.example/forums/thread/90417) — Forum post. Covers why background sessions prefer a few large, resumable transfers over thousands of tiny ones, and what the system does when your app is suspended.
* [Testing background transfers](https://developer.corvid.example/forums/thread/90502) — Forum post. How to force the scheduler's hand on a development device without lying to yourself about what happens in the field.
* [Proxy handling in FetchConfiguration](https://docs.corvid.example/networking/fetch-session/proxies/) — Includes the exact semantics of ‵preferNoProxies‵ and how it interacts with PAC files.

### NetPath (TCP, UDP, QUIC)

* [NetPath documentation](https://docs.corvid.example/networking/netpath/)
* [Sample: netpipe](https://docs.corvid.example/samples/netpipe/) — A netcat-alike built on ‵NPConnection‵ and ‵NPListener‵. Small enough to read in one sitting; the best starting point for your own protocol.
* [Sample: peer-to-peer tile game](https://docs.corvid.example/samples/tilegame/) — Framing, mDNS service discovery and TLS-PSK between two devices.
* [NetPathMonitor in practice](https://developer.corvid.example/forums/thread/91033) — Forum post. What ‵satisfied‵ does and does not promise, and why you should never gate a connection attempt on it.
* [TN0431 Happy-eyeballs and connection racing](https://docs.corvid.example/technotes/tn0431/) — If you see two connections in a packet trace where you created one, this is why.

### NetExtension providers

* [NetExtension documentation](https://docs.corvid.example/networking/netextension/) — ‵FlowFilterProvider‵, ‵TunnelProvider‵ and ‵DNSRelayProvider‵.
* [TN0440 Debugging providers that stop seeing traffic](https://docs.corvid.example/technotes/tn0440/) — The first thing to read if your filter goes quiet after sleep, after a network change, or after an update.
* [Provider lifecycle cheat sheet](https://developer.corvid.example/forums/thread/92210) — Forum post with a diagram of when ‵start‵, ‵stop‵ and ‵sleep‵ are called.
* [Deploying providers to managed fleets](https://docs.corvid.example/deployment/netextension-profiles/) — Profile keys, supervised-only features and the order in which the system applies them.

### Wi-Fi and NeighborLink

* [NeighborLink documentation](https://docs.corvid.example/networking/neighborlink/) — Peer-to-peer Wi-Fi between nearby Corvid devices and certified accessories.
* [Wi-Fi basics for app developers](https://developer.corvid.example/forums/thread/87754) — Forum post. Channels, power save and why your throughput halves when the screen locks.
* [Filing a good Wi-Fi bug report](https://developer.corvid.example/forums/thread/87801) — What to capture, which logging profile to install, and how long to leave it running.

### Secure networking

* [Transport security policy](https://docs.corvid.example/security/transport-policy/) — What the system enforces by default (TLS 1.2 minimum, forward secrecy, no SHA-1) and how to declare exceptions.
* [TN0418 Evaluating server trust](https://docs.corvid.example/technotes/tn0418/) — Custom anchors, pinning and the errors you get when it goes wrong (‵CVTrustErrorDomain‵).
* [TN0419 Making certificates for test servers](https://docs.corvid.example/technotes/tn0419/) — Step by step, including the extensions Corvid OS insists on.
* [Trusted root store](https://support.corvid.example/kb/root-store) — The current list, updated with every release.

### Debugging

* [Networking logging profile](https://developer.corvid.example/downloads/profiles/networking-logging) — Install it, reproduce, then run ‵clog collect‵. Without it most networking subsystems log ‵<private>‵ in place of anything useful.
* [Capturing packets on device](https://docs.corvid.example/tools/debugging/packet-capture/) — Remote capture from a Lumen Desk or Notebook with ‵netcap --remote‵.
* [Reading a netd state dump](https://developer.corvid.example/forums/thread/93377) — Forum post that walks through the output of ‵netdctl dump‵ line by line.

### Miscellaneous

* More tags worth following: ‵quic‵, ‵ipv6‵, ‵dns‵, ‵proxy‵, ‵tls‵.
* [Local network access](https://docs.corvid.example/security/local-network/) — The grant that gates multicast, broadcast and connections to private addresses.
* [IPv6-only networks](https://developer.corvid.example/forums/thread/86400) — Forum post. Every app must work on one; here is how to build a test network with a spare Desk Mini.

— Oskar, Developer Technical Support, Lumen Systems
`,
	}}
}
