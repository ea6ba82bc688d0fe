package demo

// networkingInterfaces holds the forum's longest discussion, about telling
// Wi-Fi from cellular. It shows how a long thread with many voices renders.
func networkingInterfaces() []Thread {
	return []Thread{{
		Subtopic:   "networking",
		Title:      "Is there still any supported way to tell whether traffic goes over Wi‑Fi or cellular now that NPInterface.type is deprecated in Corvid OS 26?",
		Author:     "kestrel_dev",
		Tags:       []string{"netpath", "kotlin"},
		AgeMinutes: 19*day + 3*hour + 51,
		Views:      8963,
		BoostedBy: []string{
			"bytewrangler", "tcp_tomas", "svetlana_k", "noor_apps", "arvid_n", "mateo_r",
			"devon_io", "rafael_m", "ghost_in_the_mesh", "lena_builds", "wren_labs", "aiko_t",
		},
		Body: `
The 26.0 SDK marks ‵NPInterface.type‵ as deprecated with the message *“Branching on interface type is discouraged; use path properties.”* Our app has a “Download large files on Wi‑Fi only” setting that users really like. What is the supported replacement?

Current code:

‵‵‵kotlin
monitor.onUpdate { path ->
    val onWifi = path.availableInterfaces.firstOrNull()?.type == NPInterface.Type.WIFI   // deprecated
    downloader.allowLargeFiles = onWifi || settings.allowCellular
}
‵‵‵

Corvid OS 26.4.2, Lumen Pocket 7 and Slate Air.
`,
		Replies: []Reply{
			{Author: "bytewrangler", AfterMinutes: 25, Body: `Following. Our offline-maps download depends on exactly this.`},
			{
				Author:       "oskar_dts",
				AfterMinutes: 3*hour + 2,
				Accepted:     true,
				Recommended:  true,
				BoostedBy:    []string{"kestrel_dev", "bytewrangler", "tcp_tomas", "priya_net", "noor_apps", "svetlana_k", "rafael_m", "mateo_r"},
				Body: `
The replacement is to ask the question your users actually care about. “Wi‑Fi only” really means “don't spend my data allowance”, and the path can tell you that directly:

* ‵path.isExpensive‵ — cellular, a personal hotspot, or anything the user marked as metered.
* ‵path.isConstrained‵ — the user turned on Low Data Mode for this network.

‵‵‵kotlin
monitor.onUpdate { path ->
    downloader.allowLargeFiles = settings.allowCellular || (!path.isExpensive && !path.isConstrained)
}
‵‵‵

Even better, let the system enforce it per request so you never race a path change:

‵‵‵kotlin
val config = FetchConfiguration.background("com.example.maps.large").apply {
    allowsExpensiveAccess = settings.allowCellular
    allowsConstrainedAccess = false
}
‵‵‵

A request with ‵allowsExpensiveAccess = false‵ simply waits until a cheap path appears, which is what “Wi‑Fi only” has always meant.
`,
			},
			{
				Author:       "kestrel_dev",
				AfterMinutes: 3*hour + 40,
				Body: `
But a tethered hotspot is Wi‑Fi. If a user connects to their partner's phone and our app refuses to download, they will file a one-star review saying “it says Wi‑Fi only and I'm on Wi‑Fi”.
`,
			},
			{
				Author:       "oskar_dts",
				AfterMinutes: 4*hour + 30,
				BoostedBy:    []string{"bytewrangler", "svetlana_k"},
				Body: `
That is precisely the case the old API got wrong. The hotspot's data comes out of someone's cellular plan. Downloading 2 GB over it is the thing your setting exists to prevent. I would rename the setting to “Use cellular data for large files” and let the path decide.
`,
			},
			{
				Author:       "tcp_tomas",
				AfterMinutes: 6 * hour,
				Body: `
What happens under a VPN? With our TunnelProvider active the only interface the app sees is ‵utun3‵, which has no meaningful type at all.
`,
			},
			{
				Author:       "priya_net",
				AfterMinutes: 8*hour + 15,
				BoostedBy:    []string{"tcp_tomas", "ghost_in_the_mesh", "pkt_capture"},
				Body: `
The tunnel's path inherits ‵isExpensive‵ and ‵isConstrained‵ from the physical path underneath it, and updates when that path changes. So the property-based code keeps working through a VPN, while ‵type‵ would tell you ‵other‵. That is one of the reasons for the deprecation.
`,
			},
			{
				Author:       "svetlana_k",
				AfterMinutes: 1*day + 10,
				Body: `
Policy aside, our analytics team wants “wifi” / “cellular” / “wired” in the connection-quality dashboard. Is there anything non-deprecated for *reporting*, as opposed to deciding?
`,
			},
			{
				Author:       "oskar_dts",
				AfterMinutes: 1*day + 2*hour,
				BoostedBy:    []string{"svetlana_k", "kestrel_dev"},
				Body: `
Yes: ‵path.usesInterfaceKind(NPInterface.Kind.WIFI)‵ is not deprecated and is fine for diagnostics and metrics. Just don't feed it back into policy. Note that it can be true for more than one kind at once when the system is racing connections.
`,
			},
			{
				Author:       "ghost_in_the_mesh",
				AfterMinutes: 1*day + 5*hour,
				BoostedBy:    []string{"arvid_n"},
				Body: `
For people on the C API, the same thing from Rust through the ‵corvid-netpath-sys‵ bindings:

‵‵‵rust
let path = unsafe { np_path_monitor_copy_current(monitor) };
let expensive = unsafe { np_path_is_expensive(path) };
let constrained = unsafe { np_path_is_constrained(path) };
let via_wifi = unsafe { np_path_uses_interface_kind(path, NP_INTERFACE_KIND_WIFI) }; // metrics only
unsafe { np_release(path as *mut _) };
‵‵‵
`,
			},
			{Author: "noor_apps", AfterMinutes: 1*day + 9*hour, Body: `Is ‵isConstrained‵ the same as the Low Data Mode switch in Settings, or can a carrier set it too?`},
			{
				Author:       "priya_net",
				AfterMinutes: 1*day + 11*hour,
				Body: `
Both. The user switch sets it for that network, and carriers can flag a plan as constrained in their bundle (some prepaid plans do). Either way, your app should treat it as “be frugal”.
`,
			},
			{
				Author:       "arvid_n",
				AfterMinutes: 2*day + 1*hour,
				Body: `
Honestly this feels paternalistic. I know what a Wi‑Fi network is, and so do my users. Deprecating a simple fact about the device because some apps misused it punishes everyone.
`,
			},
			{
				Author:       "june_mod",
				AfterMinutes: 2*day + 2*hour,
				Body: `
Friendly reminder to keep this on the technical side — the feedback is welcome, and the best place for it is a feature request through the feedback portal so it reaches the framework team with your use case attached. Please link the request number here if you file one so others can add to it.
`,
			},
			{
				Author:       "kestrel_dev",
				AfterMinutes: 3*day + 4*hour,
				BoostedBy:    []string{"oskar_dts", "bytewrangler"},
				Body: `
Update: we shipped the rename (“Use cellular data for large downloads”) plus ‵allowsExpensiveAccess‵ in a beta. Zero confused testers so far, and two people on hotspots thanked us for *not* eating their data. I'm converted.
`,
			},
			{
				Author:       "mateo_r",
				AfterMinutes: 5*day + 7*hour,
				Body: `
One thing we saw: after switching from home Wi‑Fi to a hotspot, ‵isExpensive‵ stayed ‵false‵ for about 20 seconds. Is that expected?
`,
			},
			{
				Author:       "priya_net",
				AfterMinutes: 5*day + 9*hour,
				BoostedBy:    []string{"mateo_r"},
				Body: `
Not 20 seconds. Most likely you read a path object you cached earlier instead of the one from the latest update. Paths are immutable snapshots; always use the one delivered to your handler. If you can reproduce it with a fresh path, please file a report with a networking log attached.
`,
			},
			{Author: "devon_io", AfterMinutes: 8*day + 3*hour, Body: `How does this work on a Band 3 that is relaying through the phone?`},
			{
				Author:       "oskar_dts",
				AfterMinutes: 8*day + 6*hour,
				Body: `
The Band's path reflects the companion's: relayed over the phone's cellular connection it is expensive, over the phone's home Wi‑Fi it is not. Same code, no special case.
`,
			},
			{Author: "rafael_m", AfterMinutes: 12*day + 1*hour, Body: `Could TN0412 mention this? I only found the answer because a colleague linked this thread.`},
			{
				Author:       "oskar_dts",
				AfterMinutes: 12*day + 5*hour,
				BoostedBy:    []string{"rafael_m", "kestrel_dev"},
				Body: `
Good idea. TN0412 will pick it up in its next revision; in the meantime I have added this thread to the “Choosing an API” section of *Networking: start here*.
`,
			},
		},
	}}
}
