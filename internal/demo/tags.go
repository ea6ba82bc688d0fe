package demo

func tags() []Tag {
	return []Tag{
		{"netpath", "NetPath: connections, listeners, browsers and path monitoring."},
		{"net-extension", "NetExtension providers: flow filters, tunnels and DNS relays."},
		{"fetch-session", "FetchSession and FetchConfiguration for HTTP and WebSocket loading."},
		{"neighbor-link", "NeighborLink peer-to-peer Wi-Fi between nearby devices."},
		{"tls", "Transport Layer Security, certificates and server trust evaluation."},
		{"quic", "QUIC and HTTP/3 transport."},
		{"ipv6", "IPv6 addressing, IPv6-only networks and dual-stack behaviour."},
		{"dns", "Name resolution, DNS relays and local name lookup."},
		{"proxy", "HTTP and SOCKS proxies, PAC files and proxy authentication."},
		{"background-sync", "Work that must continue while an app is not in the foreground."},
		{"push-relay", "Remote notifications delivered through the Lumen Push Relay."},
		{"vaultfs", "The VaultFS file system, containers and FileBridge providers."},
		{"privacy", "Grants, permission prompts and privacy manifests."},
		{"forge", "The forge build system and Forgefile.yaml."},
		{"perch", "The Perch package registry."},
		{"accessory-link", "AccessoryLink discovery, pairing and firmware updates."},
		{"sensor-hub", "SensorHub motion and environment sensors."},
		{"crash", "Crashes, panics and the reports they leave behind."},
		{"performance", "Speed, memory, energy and hangs."},
		{"debugging", "Techniques and tools for finding out what went wrong."},
		{"c", "The C language and the platform's C APIs."},
		{"rust", "Rust on Corvid OS, including FFI with the C frameworks."},
		{"kotlin", "Kotlin apps and the Corvid Kotlin SDK."},
		{"go", "Go programs, usually servers and command-line helpers."},
		{"meta", "Discussion about the forums themselves."},
	}
}
