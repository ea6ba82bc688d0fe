package demo

// wirelessAccessories covers AccessoryLink pairing, connections and
// firmware updates.
func wirelessAccessories() []Thread {
	return []Thread{
		{
			Subtopic:   "wireless-accessories",
			Title:      "AccessoryLink pairing fails with Error Domain=CVAccessoryErrorDomain Code=450 on Band 3 only",
			Author:     "aiko_t",
			Tags:       []string{"accessory-link", "kotlin"},
			AgeMinutes: 3*day + 5*hour + 36,
			Views:      411,
			BoostedBy:  []string{"yuki_sensors", "olivia_c", "svetlana_k"},
			Body: `
Our heart-rate chest strap pairs fine from Pocket and Slate devices. Pairing from a Band 3 fails every time, after the user has confirmed the code:

‵‵‵text
Error Domain=CVAccessoryErrorDomain Code=450 "The accessory rejected the pairing request." UserInfo={CVAccessoryIdentifier=9A41C7E2-3B05-4F8D-A6C1-0D72E5B9F318, CVAccessoryRejectReason=0x0c, CVRecoverySuggestion=Reset the accessory and try again.}
‵‵‵

From ‵accessoryd‵ on the Band:

‵‵‵console
2026-05-12 19:40:02.551093 +0900 accessoryd[88:3a1] [pairing] <CVAccessory 0x15a8e3c40 id=9A41C7E2 name="Pulse HR" addr=00:00:5e:00:53:c4 rssi=-61 transport=le> SMP pairing response: reject code=0x0c (bonding-not-allowed / slots-exhausted?) after key-exchange phase=2, initiator={addr=00:00:5e:00:53:e9 (random-static), role=central, io-cap=display-yesno, owner=aiko.tanaka@example.com}, accessory-bonds={max=4, used=4, evict-policy=none}
2026-05-12 19:40:02.551310 +0900 accessoryd[88:3a1] [pairing] completing request for com.example.pulse (pid 712) with Error Domain=CVAccessoryErrorDomain Code=450
‵‵‵

Corvid OS 26.4.2 on the phone and Band OS 26.4 on the Band.
`,
			Replies: []Reply{
				{
					Author:       "yuki_sensors",
					AfterMinutes: 1*hour + 50,
					Body: `
‵accessory-bonds={max=4, used=4}‵ — isn't the strap simply full? Our sensors keep 4 bonds too.
`,
				},
				{
					Author:       "aiko_t",
					AfterMinutes: 2*hour + 30,
					Body: `
But the same strap pairs from a *new* Pocket without problems, which would need a fifth slot too…
`,
				},
				{
					Author:       "dmitri_fw",
					AfterMinutes: 7*hour + 5,
					Accepted:     true,
					Recommended:  true,
					BoostedBy:    []string{"aiko_t", "yuki_sensors", "olivia_c", "priya_net"},
					Body: `
Yuki is right that the strap is full; the difference is the address. Phones and tablets use an identity address the strap has bonded before, so the strap *replaces* the old bond for the same identity. A Band uses a fresh random-static address the first time it pairs with an accessory, so it needs a new slot, and your firmware's ‵evict-policy=none‵ refuses.

Fix it in firmware: evict the least recently used bond when a new pairing is confirmed by the user. Until then, a factory reset of the strap clears the table. Code 450 always means the accessory rejected the request; ‵CVAccessoryRejectReason‵ is the raw SMP reason from the accessory.
`,
				},
				{
					Author:       "aiko_t",
					AfterMinutes: 1*day + 4*hour,
					Body: `
Our firmware team added LRU eviction and the Band pairs now. ありがとうございました!
`,
				},
			},
		},
		{
			Subtopic:   "wireless-accessories",
			Title:      "Accessory disconnects every 32 seconds while the app is in the background",
			Author:     "yuki_sensors",
			Tags:       []string{"accessory-link", "background-sync"},
			AgeMinutes: 10*day + 6*hour,
			Views:      262,
			BoostedBy:  []string{"aiko_t"},
			Body: `
Our soil-moisture sensor stays connected while the app is on screen. About 30 seconds after the app goes to the background, it disconnects and reconnects in a loop, every ~32 seconds.

‵‵‵console
2026-05-04 06:12:40.118772 +0900 accessoryd[88:3a1] [link] <CVAccessory id=51D0 name="Soil-3"> connection parameters updated: interval 30ms -> 1005ms, latency 0, supervision-timeout 4000ms (reason=client-background)
2026-05-04 06:13:12.204551 +0900 accessoryd[88:3a1] [link] <CVAccessory id=51D0 name="Soil-3"> disconnected reason=0x08 (supervision timeout)
‵‵‵
`,
			Replies: []Reply{
				{
					Author:       "dmitri_fw",
					AfterMinutes: 1*day + 1*hour,
					Recommended:  true,
					BoostedBy:    []string{"yuki_sensors", "aiko_t"},
					Body: `
When an app goes to the background the system asks the accessory for a longer connection interval to save power. Your firmware accepts the ~1 s interval but keeps a 4 s supervision timeout, and its radio sleeps through enough connection events to hit it. The accessory guidelines ask for a supervision timeout of at least six times the longest interval you accept; with 1005 ms that means 6 s or more. Either reject intervals above 600 ms or raise the timeout.
`,
				},
				{
					Author:       "yuki_sensors",
					AfterMinutes: 3*day + 2*hour,
					Body: `
Raised the timeout to 6.5 s in firmware 2.1.4. No disconnects overnight. Thank you.
`,
				},
			},
		},
		{
			Subtopic:   "wireless-accessories",
			Title:      "Firmware update over AccessoryLink stalls at 99% and the accessory boots back into the old image",
			Author:     "olivia_c",
			Tags:       []string{"accessory-link", "performance"},
			AgeMinutes: 6*hour + 4,
			Views:      58,
			Body: `
We use ‵AccessoryFirmwareSession‵ to push a 1.8 MB image to our stylus. The transfer runs to 99%, then the session waits ~60 seconds and fails with ‵verificationTimedOut‵, and the stylus reboots into the previous firmware.

The image verifies fine when flashed over USB. Is the final verification step done on the device or on the accessory, and is there a way to extend the timeout? Corvid OS 26.4.2, Slate Air.
`,
		},
	}
}
