package demo

// networkingFilters covers NetExtension providers: flow filters, tunnels
// and DNS relays.
func networkingFilters() []Thread {
	return []Thread{
		{
			Subtopic:   "networking",
			Title:      "FlowFilterProvider: handleNewFlow called twice for the same UDP flow, and my verdict cache never shrinks",
			Author:     "ghost_in_the_mesh",
			Tags:       []string{"net-extension", "performance", "kotlin"},
			AgeMinutes: 3*day + 4*hour + 27,
			Views:      1830,
			BoostedBy:  []string{"kestrel_dev", "tcp_tomas", "pkt_capture", "bram_vd", "svetlana_k", "arvid_n"},
			Body: `
**Summary.** Our ‵FlowFilterProvider‵ keeps a small verdict cache so that we only ask our policy engine once per flow. For TCP this works. For UDP, ‵handleNewFlow‵ is frequently called a second time for what looks like the same socket, and the cache grows by ~40 MB a day on a busy machine until ‵corvid.netextd‵ kills the provider for exceeding its memory limit.

**Environment**

* Corvid OS 26.4.2 on a Lumen Notebook 14 (2025) and a Lumen Desk Mini; also seen on 26.5 beta 2
* Lumen Studio 26.3, Corvid Kotlin SDK 26.3.1
* Provider deployed through a configuration profile, not installed by hand

**Steps to reproduce**

1. Install the provider and enable it.
2. Run any chat client that keeps a long-lived UDP socket (we use our own, but a QUIC browser tab also does it).
3. Toggle Wi-Fi off and on, or just let the Notebook sleep for a few minutes.
4. Watch the provider's log.

**Expected:** one ‵handleNewFlow‵ per socket, or at least a close callback for the old flow so we can evict it.

**Actual:** a second ‵handleNewFlow‵ with a new identifier, the same local port and the same process, and no close for the first one.

Here is the cache, trimmed down:

‵‵‵kotlin
class MeshFilter : FlowFilterProvider() {
    private val verdicts = ConcurrentHashMap<UUID, Verdict>()

    override fun handleNewFlow(flow: FilterFlow): FlowVerdict {
        val v = verdicts.getOrPut(flow.identifier) { policy.evaluate(flow.describe()) }
        return if (v.allowed) FlowVerdict.allow() else FlowVerdict.drop()
    }

    override fun handleFlowClosed(flow: FilterFlow) {
        verdicts.remove(flow.identifier)   // never called for UDP, as far as I can tell
    }
}
‵‵‵

And the provider log around a sleep/wake (identifiers and the second app's name shortened):

‵‵‵console
2026-05-11 09:12:07.381920 +0200 corvid.netextd[412:9a31] [com.wrenmesh.filter.provider:flow] handleNewFlow flow=<FFUDPFlow 0x7b0a4c2d0 id=51B3C2E0-9F1A-4C55-8E0B-3D2A41F7C912 remote=203.0.113.53:443 local=192.0.2.17:58211 proto=udp app=com.example.meshchat (pid 2231) socket-id=0x1f3 state={opened, verdict=pending, reason=<private>, attrs={direction=outbound, bound-interface=en0, traffic-class={bk=false, rt=false}, path={status=satisfied, expensive=false, constrained=false}}}}
2026-05-11 09:12:07.382114 +0200 corvid.netextd[412:9a31] [com.wrenmesh.filter.provider:flow] verdict flow=51B3C2E0-9F1A-4C55-8E0B-3D2A41F7C912 allow=true cached=false elapsed=0.000194s
2026-05-11 09:31:52.004871 +0200 kernel[0:1a4] netext_filter: sleep transition, suspending 3 providers (flows tracked: 1184)
2026-05-11 09:44:10.918233 +0200 kernel[0:1a4] netext_filter: wake transition, resuming 3 providers, re-evaluating 1184 flows
2026-05-11 09:44:11.027760 +0200 corvid.netextd[412:9a31] [com.wrenmesh.filter.provider:flow] handleNewFlow flow=<FFUDPFlow 0x7b0a51e60 id=0C44D7AB-2E65-4F0A-9D3B-77E0C1A5B2F8 remote=203.0.113.53:443 local=192.0.2.17:58211 proto=udp app=com.example.meshchat (pid 2231) socket-id=0x1f3 state={opened, verdict=pending, reason=<private>, attrs={direction=outbound, bound-interface=en0, traffic-class={bk=false, rt=false}, path={status=satisfied, expensive=false, constrained=false}, reevaluation={cause=wake, previous=<private>}}}}
2026-05-11 09:44:11.027901 +0200 corvid.netextd[412:9a31] [com.wrenmesh.filter.provider:flow] verdict flow=0C44D7AB-2E65-4F0A-9D3B-77E0C1A5B2F8 allow=true cached=false elapsed=0.000211s
‵‵‵

Note the ‵reevaluation={cause=wake, ...}‵ on the second one. Is this a new flow or the old one under a new name? And how am I supposed to know when the old identifier is dead?
`,
			Replies: []Reply{
				{
					Author:       "kestrel_dev",
					AfterMinutes: 41,
					BoostedBy:    []string{"ghost_in_the_mesh"},
					Body: `
Same here on 26.4.1. We worked around it by keying on ‵(pid, local port, remote endpoint)‵ instead of the identifier, which is ugly and breaks when a process reuses a port. I would love to know the proper answer.
`,
				},
				{
					Author:       "priya_net",
					AfterMinutes: 5*hour + 10,
					Accepted:     true,
					Recommended:  true,
					BoostedBy:    []string{"ghost_in_the_mesh", "kestrel_dev", "tcp_tomas", "bram_vd", "oskar_dts"},
					Body: `
It is a new flow object for the same socket. After a wake (and after a path change that alters the source address) the kernel re-runs every surviving flow through the filters, because your verdict might depend on the interface. Each re-evaluation gets a fresh identifier so that an old verdict can never be confused with a new one.

The missing close is the real problem. For UDP there is no FIN, so the kernel only tells you a flow is gone if you asked for it. Set ‵reportsClose‵ in your filter settings:

‵‵‵kotlin
override fun startFilter(completion: (Throwable?) -> Unit) {
    val settings = FilterSettings(rules = rules, defaultAction = FilterAction.FILTER).apply {
        reportsClose = true          // UDP flows get handleFlowClosed on socket close *and* on supersession
        closeReasonDetail = true     // adds CloseReason.SUPERSEDED so you can tell the two apart
    }
    applySettings(settings) { error -> completion(error) }
}

override fun handleFlowClosed(flow: FilterFlow, reason: CloseReason) {
    verdicts.remove(flow.identifier)
    if (reason == CloseReason.SUPERSEDED) metrics.superseded.increment()
}
‵‵‵

With that set, you will see ‵handleFlowClosed(old, SUPERSEDED)‵ immediately before ‵handleNewFlow(new)‵ on wake. Keying on the identifier is then correct, and your cache stays bounded.
`,
				},
				{
					Author:       "ghost_in_the_mesh",
					AfterMinutes: 7*hour + 3,
					BoostedBy:    []string{"priya_net"},
					Body: `
That was it. ‵reportsClose‵ defaulted to ‵false‵ in the profile we inherited. Memory has been flat for the last two hours across 30 sleep/wake cycles. Thank you!
`,
				},
				{
					Author:       "tcp_tomas",
					AfterMinutes: 9*hour + 48,
					Body: `
Is ‵reportsClose‵ documented anywhere? I searched the FlowFilterProvider reference and it only appears in a code sample.
`,
				},
				{
					Author:       "priya_net",
					AfterMinutes: 1*day + 2*hour,
					BoostedBy:    []string{"tcp_tomas"},
					Body: `
Fair point — it is not. I have filed a documentation bug (CVF-118204) to add it to the ‵FilterSettings‵ page, along with a note about re-evaluation on wake.
`,
				},
			},
		},
		{
			Subtopic:   "networking",
			Title:      "skbuf_slab.c: “zone skbuf.2048 exhausted” floods the kernel log and TunnelProvider throughput drops to ~2 Mbit/s",
			Author:     "pkt_capture",
			Tags:       []string{"net-extension", "performance", "c"},
			AgeMinutes: 6*day + 2*hour + 40,
			Views:      410,
			BoostedBy:  []string{"ghost_in_the_mesh", "svetlana_k"},
			Body: `
Our ‵TunnelProvider‵ (a lightweight VPN written in C on top of the provider's packet API) is fine for a few minutes under a sustained download and then collapses from ~400 Mbit/s to 2–3 Mbit/s. When it happens the kernel log fills with messages from ‵skbuf_slab.c‵. Stopping and restarting the tunnel recovers it until the next big download.

Environment: Corvid OS 26.4.2, Lumen Desk Mini (M-series, 2025) and Lumen Notebook 14. Not reproducible on 26.3.

‵‵‵console
2026-05-08 14:02:11.004518 +0100 kernel[0:1c2] skbuf_slab.c:412 skbuf_zone_alloc: zone skbuf.2048 exhausted (inuse=65536 max=65536 waiters=14), caller=utun_output+0x1a4 (0xfffffe0007b3c1a4), backtrace={0xfffffe0007a21f08, 0xfffffe0007a24410, 0xfffffe0007b3c1a4, 0xfffffe0007c01e9c, 0xfffffe0007c05d30}, tunnel={unit=utun4, provider=com.example.tunnel.provider, mtu=1380, queue={depth=4096, drops=18822}}
2026-05-08 14:02:11.004730 +0100 kernel[0:1c2] skbuf_slab.c:412 skbuf_zone_alloc: zone skbuf.2048 exhausted (inuse=65536 max=65536 waiters=15), caller=utun_output+0x1a4 (0xfffffe0007b3c1a4), backtrace={0xfffffe0007a21f08, 0xfffffe0007a24410, 0xfffffe0007b3c1a4, 0xfffffe0007c01e9c, 0xfffffe0007c05d30}, tunnel={unit=utun4, provider=com.example.tunnel.provider, mtu=1380, queue={depth=4096, drops=18907}}
2026-05-08 14:02:11.118002 +0100 kernel[0:1c2] skbuf_slab.c:655 skbuf_zone_reclaim: reclaimed 0 of 65536 buffers from zone skbuf.2048 (holders: utun4=65012, en0=388, lo0=136)
‵‵‵

Our read loop, simplified:

‵‵‵c
static void on_packets(cv_tunnel_t tun, cv_packet_batch_t batch, void *ctx) {
    struct vpn *vpn = ctx;
    for (size_t i = 0; i < cv_packet_batch_count(batch); i++) {
        cv_packet_t p = cv_packet_batch_get(batch, i);
        /* encrypt on a worker queue so the callback returns fast */
        cv_retain(p);
        cv_queue_async(vpn->crypto_q, p, encrypt_and_send);
    }
}
‵‵‵

Is the kernel expecting us to free something we are not freeing?
`,
			Replies: []Reply{
				{
					Author:       "priya_net",
					AfterMinutes: 3*hour + 5,
					Body: `
The reclaim line tells the story: ‵utun4=65012‵ means your provider holds almost every buffer in the zone. Can you run this while it is in the slow state and paste the output?

‵‵‵bash
sudo netdctl skbuf stats --zone skbuf.2048 --holders
‵‵‵
`,
				},
				{
					Author:       "pkt_capture",
					AfterMinutes: 4*hour + 31,
					Body: `
‵‵‵text
zone skbuf.2048  size=2048 inuse=65536 max=65536 peak=65536 fail=241877
  holder utun4 (com.example.tunnel.provider, pid 918)  65013  retained-by-client=64990  in-kernel=23
  holder en0                                           387
  holder lo0                                           136
‵‵‵

So ‵retained-by-client‵ is us. But the encrypt path does call ‵cv_release(p)‵ at the end…
`,
				},
				{
					Author:       "priya_net",
					AfterMinutes: 6*hour + 2,
					Accepted:     true,
					BoostedBy:    []string{"pkt_capture", "ghost_in_the_mesh", "oskar_dts"},
					Body: `
It does, eventually — but ‵cv_packet_t‵ is a view onto a kernel buffer, and retaining it keeps the buffer pinned until your crypto queue gets to it. Under load that queue is behind by tens of thousands of packets, so you pin the whole zone. On 26.3 the zone was four times larger, which hid it.

Copy the bytes out inside the callback and release the batch before returning:

‵‵‵diff
-        cv_retain(p);
-        cv_queue_async(vpn->crypto_q, p, encrypt_and_send);
+        struct job *j = job_alloc(vpn, cv_packet_length(p));
+        memcpy(j->buf, cv_packet_bytes(p), j->len);   /* ~2 KB, cheap next to the crypto */
+        cv_queue_async(vpn->crypto_q, j, encrypt_and_send);
‵‵‵

Separately, 26.4 should have pushed back on you by pausing ‵on_packets‵ instead of failing allocations for everyone. That is a kernel bug and it is fixed in 26.5 beta 2.
`,
				},
				{
					Author:       "pkt_capture",
					AfterMinutes: 1*day + 1*hour,
					Body: `
Copying fixed it: 390 Mbit/s sustained for an hour, holders stay under 300. Thanks for the explanation of *why*, that is the part I was missing.
`,
				},
			},
		},
		{
			Subtopic:   "networking",
			Title:      "DNSRelayProvider never sees queries for .local or single-label names",
			Author:     "bram_vd",
			Tags:       []string{"net-extension", "dns"},
			AgeMinutes: 420*day + 3*hour,
			Views:      1204,
			BoostedBy:  []string{"rafael_m", "arvid_n", "lena_builds"},
			Body: `
I have a ‵DNSRelayProvider‵ that forwards queries to our resolver over DoH. Everything shows up in the relay except names ending in ‵.local‵ and bare names like ‵printer‵. Those resolve (or fail) without my provider ever being called.

Corvid OS 25.2, Lumen Pocket 6. Is there a setting I am missing, or is this by design? Our customers have internal hosts with single-label names and expect the relay to handle them.
`,
			Replies: []Reply{
				{
					Author:       "oskar_dts",
					AfterMinutes: 1*day + 4*hour,
					Recommended:  true,
					BoostedBy:    []string{"bram_vd", "arvid_n", "rafael_m", "priya_net"},
					Body: `
By design, for two different reasons.

* ‵.local‵ is multicast DNS. Those queries never go to a unicast resolver, so there is nothing for a relay to intercept. If you need to see them, you need the local network grant and a browser on the mDNS side, not a relay.
* Single-label names are first tried against the search domains in the network configuration. The relay sees the *qualified* name (‵printer.corp.example.com‵), not ‵printer‵. If your logs filter by exact name you will miss them.

If your customers have no search domain configured, add one through the same profile that installs the relay (‵SearchDomains‵ key in the relay payload).
`,
				},
				{
					Author:       "bram_vd",
					AfterMinutes: 1*day + 9*hour,
					Body: `
The second one was exactly it — I was matching on the short name. Thanks.
`,
				},
			},
		},
	}
}
