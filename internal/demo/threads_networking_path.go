package demo

// networkingPath covers NetPath itself: system helpers, path evaluation and
// listeners.
func networkingPath() []Thread {
	return []Thread{
		{
			Subtopic:   "networking",
			Title:      "What is com.corvid.network.helper and why does it keep my Notebook awake all night?",
			Author:     "devon_io",
			Tags:       []string{"performance", "netpath"},
			AgeMinutes: 2*day + 1*hour + 8,
			Views:      982,
			BoostedBy:  []string{"olivia_c", "chidi_o", "arvid_n", "mateo_r"},
			Body: `
My Lumen Notebook 14 (Corvid OS 26.4.2) has been waking up with a flat battery. The energy report blames a process I have never heard of, ‵com.corvid.network.helper‵. It is not in my login items and I can't find it in the app list.

Here is what ‵pwrctl log --since 8h‵ shows overnight:

‵‵‵console
2026-05-12 01:14:09.512330 +0100 powerd[97:2c0] Assertion created: PreventIdleSleep "network-transfer" id=0x1f4c8 pid=611 (com.corvid.network.helper) timeout=none level=255 details={interface=en0 (00:00:5e:00:53:3c), address=192.0.2.44, gateway=192.0.2.1, ssid=<private>, owner=devon.parker@example.com, onBehalfOf=<private>, reason="transfer-in-progress"}
2026-05-12 03:40:51.870041 +0100 powerd[97:2c0] Assertion summary: 1 assertions keeping system awake: PreventIdleSleep "network-transfer" id=0x1f4c8 held 2:26:42 by pid=611 (com.corvid.network.helper)
2026-05-12 06:58:02.003127 +0100 powerd[97:2c0] Assertion released: id=0x1f4c8 pid=611 (com.corvid.network.helper) held 5:43:53 reason=client-released
‵‵‵

Is this a system bug, or is something using it?
`,
			Replies: []Reply{
				{
					Author:       "arvid_n",
					AfterMinutes: 35,
					Body: `
I believe it's the process that does connectivity probes for captive portals. Maybe your Wi‑Fi keeps flapping overnight?
`,
				},
				{
					Author:       "amara_support",
					AfterMinutes: 2*hour + 20,
					Recommended:  true,
					BoostedBy:    []string{"devon_io", "arvid_n", "oskar_dts"},
					Body: `
Close, but not quite. ‵com.corvid.network.helper‵ is the per-user agent that carries out network work *on behalf of* apps — background transfers, scheduled syncs and the like — so that their own processes can stay suspended. The assertion is therefore almost never the helper's own idea. The interesting field is ‵onBehalfOf‵, which is hidden as ‵<private>‵ in the default log. You can see it with:

‵‵‵bash
pwrctl assertions --verbose --include-private
‵‵‵

Run that while the Notebook is awake overnight (or right after you open the lid) and you'll see which app asked for the transfer.
`,
				},
				{
					Author:       "devon_io",
					AfterMinutes: 20*hour + 4,
					Body: `
‵‵‵text
pid 611 com.corvid.network.helper  PreventIdleSleep "network-transfer"  onBehalfOf=com.example.cloudbackup (BackupBuddy 4.2)  transfers=1  bytes=18.2 GB remaining
‵‵‵

So it's the backup app trying to upload my photo library over hotel Wi‑Fi.
`,
				},
				{
					Author:       "amara_support",
					AfterMinutes: 21*hour + 10,
					Accepted:     true,
					BoostedBy:    []string{"devon_io", "mateo_r"},
					Body: `
That's it. Apps may keep the system awake for a transfer the user started, so this is working as designed. You can either let the backup finish on a faster network, or turn off **Settings › Battery › Background network activity** for that app. I'd also let the vendor know: a transfer this large should set ‵allowsExpensiveAccess = false‵ and checkpoint rather than hold the machine awake for six hours.
`,
				},
			},
		},
		{
			Subtopic:   "networking",
			Title:      "Why does nw_path_evaluator_start block my main thread for 300 ms at launch?",
			Author:     "arvid_n",
			Tags:       []string{"netpath", "c", "performance"},
			AgeMinutes: 12*day + 8*hour + 33,
			Views:      301,
			BoostedBy:  []string{"ghost_in_the_mesh", "pkt_capture", "svetlana_k"},
			Body: `
Launch profiling in Tracer shows a 300 ms stall on the main thread of our C app, and the heaviest frame is inside NetPath:

‵‵‵text
Main Thread  0x1a3f  312 ms
  312  main                                   (main.c:41)
  312  app_did_finish_launching              (app.c:88)
  309  np_path_monitor_copy_current          libnetpath.dylib
  309  nw_path_evaluator_start               libnetpath.dylib
  301  nw_path_evaluator_wait_initial        libnetpath.dylib
  301  cv_semaphore_wait                     libcvdispatch.dylib
‵‵‵

Our code:

‵‵‵c
np_path_monitor_t monitor = np_path_monitor_create();
np_path_monitor_set_queue(monitor, cv_queue_main());
np_path_monitor_start(monitor);

np_path_t path = np_path_monitor_copy_current(monitor);   /* <- the 300 ms */
ui_set_offline_banner(np_path_get_status(path) != NP_PATH_STATUS_SATISFIED);
np_release(path);
‵‵‵

Why does asking for the current path wait at all? The system obviously already knows whether I'm online. Corvid OS 26.4.2 on a Lumen Desk Mini.
`,
			Replies: []Reply{
				{
					Author:       "priya_net",
					AfterMinutes: 4*hour + 45,
					Accepted:     true,
					Recommended:  true,
					BoostedBy:    []string{"arvid_n", "ghost_in_the_mesh", "svetlana_k", "oskar_dts"},
					Body: `
The system knows whether *the device* is online; it does not yet know what *your* path is. Each monitor gets its own evaluator in your process, because the answer depends on your parameters, your VPN and filter configuration and your grants. ‵nw_path_evaluator_start‵ builds that evaluator lazily, and ‵np_path_monitor_copy_current‵ before the first update forces it to finish synchronously — which means a round trip to ‵corvid.netd‵ while your main thread waits.

Don't ask; let it tell you:

‵‵‵c
static void on_path_update(np_path_t path, void *ctx) {
    (void)ctx;
    ui_set_offline_banner(np_path_get_status(path) != NP_PATH_STATUS_SATISFIED);
}

/* at launch */
np_path_monitor_t monitor = np_path_monitor_create();
np_path_monitor_set_update_handler_f(monitor, NULL, on_path_update);
np_path_monitor_set_queue(monitor, cv_queue_main());
np_path_monitor_start(monitor);   /* returns immediately; first update arrives in a few ms */
‵‵‵

The first update is delivered as soon as the evaluation completes, typically in 5–20 ms and never on your launch path. Start with the banner hidden; on the rare offline launch it will appear a moment later.
`,
				},
				{
					Author:       "arvid_n",
					AfterMinutes: 1*day + 2*hour,
					Body: `
Launch went from 780 ms to 470 ms. I had assumed ‵copy_current‵ was a cheap getter. Might be worth a warning in the header.
`,
				},
			},
		},
		{
			Subtopic:   "networking",
			Title:      "NPListener bound to [::] never receives UDP datagrams on an IPv6-only test network",
			Author:     "mateo_r",
			Tags:       []string{"netpath", "ipv6", "rust"},
			AgeMinutes: 38,
			Views:      23,
			Body: `
We are preparing for app review, which tests on an IPv6-only network. Our UDP discovery listener (Rust, using the ‵corvid-netpath‵ crate) works on our office network but receives nothing on an IPv6-only test network built with a Desk Mini.

‵‵‵rust
let params = NpParameters::udp().with_local_endpoint(NpEndpoint::host_port("::", 40410));
let listener = NpListener::new(params)?;
listener.on_new_connection(|conn| {
    conn.receive_message(|data, _ctx, _complete, err| handle(data, err));
    conn.start(Queue::global());
});
listener.start(Queue::global());
‵‵‵

The sender is a test script on the Desk Mini sending to the phone's address. ‵tcpdump‵ on the Desk Mini shows the datagrams leaving:

‵‵‵console
21:07:44.102331 IP6 2001:db8:4f2a:10::1.51820 > 2001:db8:4f2a:10:8c1e:77ff:fe00:2a3.40410: UDP, length 48
21:07:45.103019 IP6 2001:db8:4f2a:10::1.51820 > 2001:db8:4f2a:10:8c1e:77ff:fe00:2a3.40410: UDP, length 48
‵‵‵

And the listener's state on the phone (Lumen Pocket 7, Corvid OS 26.4.2) from the networking log:

‵‵‵console
2026-05-14 21:07:31.448120 +0200 com.example.roomsync[1882:3d04] [corvid.netpath:listener] [L3 <private>:40410 udp, local: [::]:40410, definite, attribution: developer, server, path satisfied (Path is satisfied), interface: en0[802.11], ipv6, dns, uses wifi, LQM: good] ready, registered for inbound on interfaces {en0: {addresses=[fe80::8c1e:77ff:fe00:2a3%en0, 2001:db8:4f2a:10:8c1e:77ff:fe00:2a3], flags=<private>}, lo0: {addresses=[::1]}}, multicast=disabled, local-network-grant=granted
‵‵‵

It says ready and the grant is there, but ‵on_new_connection‵ never fires. Same code with ‵0.0.0.0‵ on a dual-stack network works. What am I missing?
`,
		},
	}
}
