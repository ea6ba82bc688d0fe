package demo

// sensors covers SensorHub.
func sensors() []Thread {
	return []Thread{
		{
			Subtopic:   "sensors",
			Title:      "SensorHub delivers accelerometer samples at 50 Hz even though I asked for 200 Hz",
			Author:     "yuki_sensors",
			Tags:       []string{"sensor-hub", "performance"},
			AgeMinutes: 8*day + 4*hour + 11,
			Views:      344,
			BoostedBy:  []string{"aiko_t", "bram_vd"},
			Body: `
I'm building a gait-analysis app and need 200 Hz accelerometer data. I request it, the stream starts without error, but timestamps are 20 ms apart:

‵‵‵kotlin
val stream = SensorHub.accelerometer().stream(rateHz = 200, batch = Duration.ofMillis(500))
stream.collect { batch ->
    val dt = batch.samples.zipWithNext { a, b -> b.timestampNanos - a.timestampNanos }.average()
    Log.d(TAG, "n=${batch.samples.size} mean dt=${dt / 1e6} ms")   // n=25 mean dt=20.0 ms
}
‵‵‵

Lumen Pocket 7 Pro, Corvid OS 26.4.2.
`,
			Replies: []Reply{
				{
					Author:       "dmitri_fw",
					AfterMinutes: 5*hour + 45,
					Recommended:  true,
					BoostedBy:    []string{"yuki_sensors", "aiko_t", "bram_vd"},
					Body: `
Rates above 50 Hz require the ‵high-rate-motion‵ grant, because high-rate motion data can be used to infer what someone types. Without it the request is clamped silently (which I agree isn't great — ‵stream.effectiveRateHz‵ tells you the actual rate). Declare it in your manifest with a usage description and request it before starting the stream:

‵‵‵yaml
grants:
  high-rate-motion:
    usage: "Measures your walking pattern at high resolution to detect changes in gait."
‵‵‵
`,
				},
				{
					Author:       "yuki_sensors",
					AfterMinutes: 7*hour + 30,
					Body: `
Got 5.0 ms after adding the grant. I didn't know about ‵effectiveRateHz‵ either, thanks.
`,
				},
				{
					Author:       "aiko_t",
					AfterMinutes: 1*day + 2*hour,
					Body: `
Note for Band developers: on Band 3 the maximum is 100 Hz even with the grant.
`,
				},
			},
		},
		{
			Subtopic:   "sensors",
			Title:      "Barometer readings jump by ~0.3 hPa whenever the Wi‑Fi radio scans — is that expected?",
			Author:     "chidi_o",
			Tags:       []string{"sensor-hub"},
			AgeMinutes: 5,
			Views:      20,
			Body: `
I log pressure at 1 Hz for a floor-detection feature. Every time the device scans for Wi‑Fi networks (visible in the system log as ‵wifid: scan started‵) the reading jumps by 0.2–0.3 hPa for a second or two, which is about two metres of altitude and enough to make us think the user changed floors.

‵‵‵text
t=120.0s  1013.42 hPa
t=121.0s  1013.41 hPa
t=122.0s  1013.13 hPa   <- scan started
t=123.0s  1013.17 hPa
t=124.0s  1013.40 hPa
‵‵‵

Lumen Pocket 7, Corvid OS 26.4.2. Is this thermal, electrical, or my imagination? Should I filter it myself?
`,
		},
	}
}
