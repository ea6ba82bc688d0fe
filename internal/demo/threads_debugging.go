package demo

// debuggingProfiling covers crash reports, hangs and the unified log.
func debuggingProfiling() []Thread {
	return []Thread{
		{
			Subtopic:   "debugging-profiling",
			Title:      "Crash reports from Beta Channel builds show only addresses — ctrace symbolicate can't find our symbols",
			Author:     "kestrel_dev",
			Tags:       []string{"crash", "debugging"},
			AgeMinutes: 4*day + 8*hour + 50,
			Views:      522,
			BoostedBy:  []string{"bram_vd", "svetlana_k", "noor_apps"},
			Body: `
Crash reports from testers on the Beta Channel arrive unsymbolicated, and ‵ctrace symbolicate‵ says it can't find a matching image. Excerpt from the ‵.cvcrash‵ file:

‵‵‵json
{
  "app": {"id": "com.example.rides", "version": "5.2.0", "build": "1187", "channel": "beta"},
  "os": {"name": "Corvid OS", "version": "26.4.2", "device": "Lumen Pocket 7 Pro"},
  "exception": {"signal": "SIGABRT", "reason": "Kotlin exception: kotlin.IllegalStateException: Ride state machine received event DRIVER_ARRIVED in state COMPLETED (ride=<private>, driver=<private>, transitions=[REQUESTED->MATCHED@1747301102.114, MATCHED->EN_ROUTE@1747301155.902, EN_ROUTE->ARRIVED@1747301671.330, ARRIVED->IN_PROGRESS@1747301722.018, IN_PROGRESS->COMPLETED@1747302511.774])"},
  "threads": [{"id": 0, "crashed": true, "frames": [
    {"image": "Rides", "offset": "0x1c2f0c", "address": "0x100b2af0c"},
    {"image": "Rides", "offset": "0x1c1e88", "address": "0x100b29e88"},
    {"image": "libkotlinrt.dylib", "offset": "0x4a210", "address": "0x1a4c7e210"}
  ]}],
  "images": [{"name": "Rides", "uuid": "3F9C2A7E-51B0-4D1C-8E22-9A0B7C6D4E13", "base": "0x100968000", "arch": "arm64"}]
}
‵‵‵

‵‵‵console
$ ctrace symbolicate rides-2026-05-11.cvcrash --symbols build/archive/Rides.cvsym
warning: no symbols for image Rides (uuid 3F9C2A7E-51B0-4D1C-8E22-9A0B7C6D4E13); candidates: Rides.cvsym (uuid 8B10D4F6-2C7A-4E39-B5D1-60E8F2A9C147)
‵‵‵
`,
			Replies: []Reply{
				{
					Author:       "bram_vd",
					AfterMinutes: 1*hour + 25,
					Body: `
The UUIDs differ, so the symbols are from a different build than the one the testers are running. Are you archiving on one machine and uploading from another?
`,
				},
				{
					Author:       "hiro_tools",
					AfterMinutes: 6*hour + 10,
					Accepted:     true,
					Recommended:  true,
					BoostedBy:    []string{"kestrel_dev", "bram_vd", "svetlana_k", "oskar_dts"},
					Body: `
Close: it's the same machine but a different link. Your release configuration runs ‵strip‵ as a post-build step, and ‵forge archive‵ then relinks with ‵--reproducible‵, which produces a new UUID. The ‵.cvsym‵ in your build folder is from the first link.

Let forge produce the symbols for what it uploads:

‵‵‵bash
forge archive --config release --keep-symbols --output build/archive
forge upload build/archive/Rides.cvpkg --symbols build/archive/Rides.cvsym
‵‵‵

Then the Beta Channel symbolicates on the server and ‵ctrace‵ works locally. For the reports you already have, there's no way back; the matching symbols no longer exist.
`,
				},
				{
					Author:       "kestrel_dev",
					AfterMinutes: 1*day + 2*hour,
					Body: `
Removed our custom strip step, build 1188 symbolicates properly. Lesson learned.
`,
				},
			},
		},
		{
			Subtopic:   "debugging-profiling",
			Title:      "Main thread hangs for 800 ms at launch inside cv_font_cache_warm — how do I find out what holds the lock?",
			Author:     "svetlana_k",
			Tags:       []string{"performance", "debugging"},
			AgeMinutes: 2*day + 5*hour + 12,
			Views:      233,
			BoostedBy:  []string{"arvid_n"},
			Body: `
Tracer's hang detector flags an 800 ms hang on every cold launch. The main thread is blocked here:

‵‵‵text
Main Thread  812 ms  (blocked)
  cv_lock_wait                         libcvsystem.dylib
  cv_font_cache_warm                   libtextkit.dylib
  text_style_resolve                   libtextkit.dylib
  LaunchScreen.onCreate                 (LaunchScreen.kt:57)
‵‵‵

How do I see which thread holds that lock?
`,
			Replies: []Reply{
				{
					Author:       "amara_support",
					AfterMinutes: 3*hour + 30,
					BoostedBy:    []string{"svetlana_k"},
					Body: `
Record with the **Thread States** template rather than Time Profiler. Select the blocked interval on the main thread and the inspector shows a *Blocked by* row with the owning thread and its stack at that moment.
`,
				},
				{
					Author:       "tcp_tomas",
					AfterMinutes: 5*hour + 2,
					Body: `
We had the exact same stack. The owner was our analytics SDK registering a custom font from a background thread during launch — registration takes the font cache lock for the whole parse. Moving the registration after first frame fixed it.
`,
				},
			},
		},
		{
			Subtopic:   "debugging-profiling",
			Title:      "SIGSEGV in a Rust FFI callback from SensorHub, but only in release builds",
			Author:     "bram_vd",
			Tags:       []string{"crash", "rust", "debugging"},
			AgeMinutes: 18*day + 4*hour + 20,
			Views:      693,
			BoostedBy:  []string{"ghost_in_the_mesh", "mateo_r", "yuki_sensors"},
			Body: `
Our Rust crate registers a callback with the SensorHub C API. Debug builds run for hours. Release builds crash within a minute:

‵‵‵text
Fault:     SIGSEGV (SEGV_ACCERR) at 0x0000000000000010
Thread 7 Crashed (queue: com.corvid.sensorhub.delivery):
0   libmotionbridge.dylib   0x0000000104a1c2d8 motionbridge::on_samples::h6f0e2a91c3b4d5e7 + 56
1   libsensorhub.dylib      0x00000001b83f0a14 sh_deliver_batch + 212
2   libcvdispatch.dylib     0x00000001a20c4f88 cv_queue_drain + 488
‵‵‵

‵‵‵rust
pub fn start(rate_hz: u32, sink: Sender<Sample>) -> Result<(), Error> {
    let ctx = Box::new(Ctx { sink });
    let rc = unsafe { sh_stream_start(rate_hz, on_samples, &*ctx as *const Ctx as *mut c_void) };
    if rc != 0 { return Err(Error::Start(rc)); }
    Ok(())
}
‵‵‵
`,
			Replies: []Reply{
				{Author: "mateo_r", AfterMinutes: 45, Body: `Is ‵ctx‵ still alive when the callback runs? It looks like it's dropped at the end of ‵start‵.`},
				{Author: "bram_vd", AfterMinutes: 1*hour + 30, Body: `Hm, but then why does it work in debug?`},
				{
					Author:       "tcp_tomas",
					AfterMinutes: 2*hour + 15,
					Accepted:     true,
					BoostedBy:    []string{"bram_vd", "mateo_r", "ghost_in_the_mesh", "yuki_sensors"},
					Body: `
Mateo is right. The ‵Box‵ is freed when ‵start‵ returns, so the callback reads freed memory. In debug builds the allocator doesn't reuse that block quickly, so you read stale but intact data; in release it's reused almost immediately and you get garbage (0x10 is a field offset from a null pointer).

Hand ownership to the C side and take it back when you stop:

‵‵‵rust
let raw = Box::into_raw(Box::new(Ctx { sink })) as *mut c_void;
let rc = unsafe { sh_stream_start(rate_hz, on_samples, raw) };
if rc != 0 {
    drop(unsafe { Box::from_raw(raw as *mut Ctx) });
    return Err(Error::Start(rc));
}
// in stop(): sh_stream_stop(), wait for the stop callback, then Box::from_raw(raw) to free it
‵‵‵
`,
				},
				{Author: "bram_vd", AfterMinutes: 4*hour + 5, Body: `Ouch. Yes, that was it. Release build has been running for three hours now. Thanks both.`},
				{
					Author:       "dmitri_fw",
					AfterMinutes: 1*day + 1*hour,
					BoostedBy:    []string{"tcp_tomas"},
					Body: `
Good diagnosis. One addition: free the context only in the *stop completion* callback, not right after ‵sh_stream_stop‵ returns — a batch can still be in flight on the delivery queue.
`,
				},
			},
		},
		{
			Subtopic:   "debugging-profiling",
			Title:      "Seeing the real values behind <private> in clog stream on a development device",
			Author:     "pkt_capture",
			Tags:       []string{"debugging"},
			AgeMinutes: 26*day + 6*hour,
			Views:      1013,
			BoostedBy:  []string{"svetlana_k", "tcp_tomas", "kestrel_dev", "ghost_in_the_mesh", "arvid_n"},
			Body: `
Half of what I need when debugging shows up as ‵<private>‵, including values from my *own* app:

‵‵‵console
2026-04-19 15:31:07.660118 -0700 com.example.tracker[1201:8c3] [sync] uploading batch <private> to <private> (attempt 2)
‵‵‵

How do I see them on my test device, and how do I stop my own log messages from being redacted?
`,
			Replies: []Reply{
				{
					Author:       "oskar_dts",
					AfterMinutes: 8*hour + 45,
					Recommended:  true,
					BoostedBy:    []string{"pkt_capture", "svetlana_k", "tcp_tomas", "priya_net"},
					Body: `
Dynamic values are private by default, so a log collected from a customer never leaks anything you didn't mean to publish. Two separate fixes:

**Your own messages.** Mark values that are safe as public in the format string:

‵‵‵c
clog_info(log, "uploading batch %{public}s to %{public}s (attempt %d)", batch_id, endpoint_host, attempt);
‵‵‵

Don't do that for user data such as names, emails or tokens.

**Everything else, on a development device.** Install the matching logging profile from the downloads page (there's one per subsystem), or, for a short session:

‵‵‵bash
sudo clog config --private-data on --duration 30m
‵‵‵

It turns itself off afterwards, and it's refused on devices that are not in developer mode.
`,
				},
			},
		},
	}
}
