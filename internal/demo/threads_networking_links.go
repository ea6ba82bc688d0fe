package demo

// networkingLinks covers link-level behaviour: peer-to-peer Wi-Fi, QUIC on
// hostile networks and connections that survive a network change.
func networkingLinks() []Thread {
	return []Thread{
		{
			Subtopic:   "networking",
			Title:      "NeighborLink: second session always fails with “peer unavailable” — 再接続できない",
			Author:     "aiko_t",
			Tags:       []string{"neighbor-link", "kotlin"},
			AgeMinutes: 1*day + 2*hour + 17,
			Views:      152,
			BoostedBy:  []string{"yuki_sensors"},
			Body: `
Hello, I am building a photo-sharing app between two Slate Air tablets with NeighborLink. The first session after pairing works perfectly (~180 Mbit/s). After I close it and try to open a new session with the same peer, it always fails with “peer unavailable”. Only rebooting the *other* tablet helps.

‵‵‵kotlin
val session = NeighborSession(peer = pairedPeer, service = "_photoshare._udp")
session.onStateChange { state ->
    Log.i(TAG, "state=$state")
}
session.open()
// ... transfer ...
session.close()          // and later:
NeighborSession(peer = pairedPeer, service = "_photoshare._udp").open()   // -> FAILED(peerUnavailable)
‵‵‵

Log from ‵nlinkd‵ on the receiving tablet:

‵‵‵console
2026-05-14 10:22:31.770412 +0900 nlinkd[244:1b08] [session] open request from peer=<NLPeer 0x6000017a4c80 id=7F3A handle=12 addr=00:00:5e:00:53:a1 name="Aiko's Slate"> service=_photoshare._udp datapath={state=torn-down, ndi=nl1, channel=149, security=pmk-cached, last-close=2026-05-14 10:21:58.114020 +0900, close-reason=app-initiated, pending-release=true} -> reject reason=datapath-busy (previous datapath still releasing, refcount=1)
2026-05-14 10:22:31.770588 +0900 nlinkd[244:1b08] [session] reply to 00:00:5e:00:53:a1: PEER_UNAVAILABLE (0x0b)
‵‵‵

‵pending-release=true‵ stays forever. Corvid OS 26.4.2 on both. Am I closing the session wrong? ご助言いただけると助かります。
`,
			Replies: []Reply{
				{
					Author:       "priya_net",
					AfterMinutes: 6*hour + 40,
					BoostedBy:    []string{"aiko_t"},
					Body: `
Thanks for the log, it makes this clear: the receiving side still holds a reference to the old datapath (‵refcount=1‵). On the receiving tablet, are you closing the *incoming* session object too, or only the one on the sending side? Each side owns its own ‵NeighborSession‵, and the datapath is only released when both are closed. If the receiver keeps its session in a list and never closes it, you get exactly this.
`,
				},
			},
		},
		{
			Subtopic:   "networking",
			Title:      "QUIC connections fall back to TCP on some carrier networks — how do I find out why?",
			Author:     "svetlana_k",
			Tags:       []string{"quic", "netpath", "debugging"},
			AgeMinutes: 4*day + 6*hour + 2,
			Views:      264,
			BoostedBy:  []string{"pkt_capture", "priya_net", "wren_labs"},
			Body: `
We enabled HTTP/3 on our media API. Metrics from the app show that about 18% of sessions on two particular carriers end up on HTTP/2 over TCP. On Wi‑Fi it's under 1%. I'd like to understand the reason before I tell our CDN people anything.

A user sent me a networking log (they ran it through our redaction script first, hence the placeholders):

‵‵‵console
2026-05-10 18:03:12.004117 +0300 com.example.streamer[2210:5a1c] [corvid.netpath:quic] [C14 <IPv4-redacted>:443 quic, sni=media.example.net, alpn=h3, path={status=satisfied, interface=pdp_ip0[cellular], ipv4, dns, expensive}] handshake started, initial_pmtu=1350, version=v1, races={quic: started, tcp: deferred(250ms)}
2026-05-10 18:03:12.261904 +0300 com.example.streamer[2210:5a1c] [corvid.netpath:quic] [C14 <IPv4-redacted>:443 quic] no response to Initial after 250ms (retransmits=1, pto=250ms, bytes_sent=1350, bytes_received=0), starting deferred race tcp:[C15 <IPv4-redacted>:443 tcp]
2026-05-10 18:03:12.318466 +0300 com.example.streamer[2210:5a1c] [corvid.netpath:race] [C15 <IPv4-redacted>:443 tcp, tls1.3, alpn=h2] won race in 57ms, cancelling [C14 quic] reason=lost-race, quic-fallback={cause=handshake-timeout, blackhole-suspected=true, cached-for=300s, key=<private>}
‵‵‵

Is ‵blackhole-suspected‵ something the system concludes, or the carrier telling us? And does ‵cached-for=300s‵ mean the app won't even try QUIC for five minutes?
`,
			Replies: []Reply{
				{
					Author:       "priya_net",
					AfterMinutes: 5*hour + 20,
					Recommended:  true,
					BoostedBy:    []string{"svetlana_k", "pkt_capture", "wren_labs"},
					Body: `
The system concludes it; carriers never tell anyone anything. The sequence is: our first Initial (1350 bytes, padded as QUIC requires) got no reply within one PTO, TCP won the race, and because *zero* bytes came back we suspect the UDP path is dropping large datagrams or UDP/443 altogether. We remember that per network for five minutes so we don't pay the 250 ms again on every connection.

To tell the two causes apart, run this on an affected device:

‵‵‵bash
netdctl quic probe media.example.net --pmtu 1200,1280,1350 --count 5
‵‵‵

If 1200 succeeds and 1350 fails, it's an MTU problem on that carrier and your CDN can lower its maximum datagram size. If everything fails, UDP/443 is blocked and there is nothing to fix on your side.
`,
				},
				{
					Author:       "svetlana_k",
					AfterMinutes: 1*day + 3*hour,
					Body: `
‵‵‵text
probe media.example.net (<IPv4-redacted>) over pdp_ip0
  pmtu 1200  5/5 ok   rtt 48ms
  pmtu 1280  5/5 ok   rtt 47ms
  pmtu 1350  0/5      timeout
‵‵‵

MTU it is. Passing this on to the CDN.
`,
				},
				{
					Author:       "pkt_capture",
					AfterMinutes: 1*day + 5*hour,
					BoostedBy:    []string{"svetlana_k"},
					Body: `
Tip for the CDN conversation: some of them let you set the initial datagram size per hostname. 1252 is a common safe choice for mobile-heavy traffic.
`,
				},
			},
		},
		{
			Subtopic:   "networking",
			Title:      "After switching Wi‑Fi networks my NPConnection keeps sending from the old address for ~90 s",
			Author:     "tcp_tomas",
			Tags:       []string{"netpath", "debugging"},
			AgeMinutes: 20,
			Views:      31,
			Body: `
Our telemetry client keeps one TCP ‵NPConnection‵ open to our collector. When the device moves from the office Wi‑Fi to the guest Wi‑Fi, the connection keeps trying to send from the old address for about 90 seconds before it fails and we reconnect. During that time we lose data.

Log (Corvid OS 26.4.2, Lumen Pocket 7 Pro):

‵‵‵console
2026-05-15 11:48:02.331870 +0200 com.example.telemetry[901:2f11] [corvid.netpath:connection] [C3 198.51.100.23:8443 tcp, local: 192.0.2.61:50122, interface: en0[802.11] (00:00:5e:00:53:7b), user=tomas.ibarra@example.com, ssid="Office-5G", bssid=00:00:5e:00:53:10] path changed: satisfied -> satisfied, interface en0 now has addresses {203.0.113.87}, previous local address 192.0.2.61 no longer valid, viable=false, better-path-available=true, migration={supported=false, reason=tcp}
2026-05-15 11:49:33.902214 +0200 com.example.telemetry[901:2f11] [corvid.netpath:connection] [C3 198.51.100.23:8443 tcp] failed: POSIX error 60 (Operation timed out), retransmits=9, last-ack-age=91.57s
‵‵‵

Is there a way to be told sooner? 90 seconds seems far too long.
`,
			Replies: []Reply{
				{
					Author:       "pkt_capture",
					AfterMinutes: 12,
					Body: `
You are being told sooner — look at ‵viable=false, better-path-available=true‵ in the first line. Register a viability handler and a better-path handler on the connection and reconnect as soon as either fires; don't wait for TCP to time out.

(Also, you may want to edit your post: the log has your work email and the office network's addresses in it.)
`,
				},
			},
		},
	}
}
