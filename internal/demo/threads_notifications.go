package demo

// notifications covers NoticeKit and the Lumen Push Relay.
func notifications() []Thread {
	return []Thread{
		{
			Subtopic:   "notifications",
			Title:      "Push Relay returns 410 Unregistered for tokens that were issued minutes earlier",
			Author:     "wren_labs",
			Tags:       []string{"push-relay", "go"},
			AgeMinutes: 10*day + 2*hour + 19,
			Views:      884,
			BoostedBy:  []string{"kestrel_dev", "devon_io", "bytewrangler", "chidi_o"},
			Body: `
Our Go backend sends notifications through the Push Relay HTTP/2 API. For tokens registered by our internal test builds, the very first push fails with ‵410‵ even though the app registered the token a few minutes earlier. Production users are fine.

‵‵‵go
req, err := http.NewRequestWithContext(ctx, http.MethodPost,
	"https://relay.push.corvid.example/v1/notify/"+token, bytes.NewReader(payload))
if err != nil {
	return fmt.Errorf("build push request: %w", err)
}
req.Header.Set("Authorization", "Bearer "+jwt)
req.Header.Set("Relay-Topic", "com.wrenlabs.tides")
req.Header.Set("Relay-Priority", "10")
resp, err := client.Do(req)
‵‵‵

Response body:

‵‵‵json
{
  "reason": "Unregistered",
  "timestamp": 1778822400000,
  "detail": "token is not registered for this topic in this environment",
  "request-id": "8c0e5a41-2d7b-4b1e-9f61-3e0a9c7d52b4"
}
‵‵‵
`,
			Replies: []Reply{
				{
					Author:       "amara_support",
					AfterMinutes: 1*hour + 10,
					Body: `
“in this environment” is the hint. How are the test builds signed — development profile or distribution?
`,
				},
				{
					Author:       "wren_labs",
					AfterMinutes: 1*hour + 55,
					Body: `
Development. Oh. Are development tokens only valid against a different host?
`,
				},
				{
					Author:       "oskar_dts",
					AfterMinutes: 3*hour + 40,
					Recommended:  true,
					BoostedBy:    []string{"wren_labs", "amara_support", "kestrel_dev"},
					Body: `
Yes. Development-signed apps register with the sandbox relay, ‵relay.sandbox.push.corvid.example‵, and their tokens mean nothing to production (and the other way round). Have the app send its environment along with the token so the server never has to guess:

‵‵‵go
type Registration struct {
	Token       string ‵json:"token"‵
	Environment string ‵json:"environment"‵ // "sandbox" or "production", from NoticeCenter.environment
}

func relayHost(r Registration) string {
	if r.Environment == "sandbox" {
		return "https://relay.sandbox.push.corvid.example"
	}
	return "https://relay.push.corvid.example"
}
‵‵‵

And treat a 410 as “delete this token” only for the environment it came from.
`,
				},
			},
		},
		{
			Subtopic:   "notifications",
			Title:      "Notification service extension is killed before it finishes downloading the attachment",
			Author:     "kestrel_dev",
			Tags:       []string{"push-relay", "performance"},
			AgeMinutes: 2*hour + 10,
			Views:      47,
			Body: `
Our service extension downloads a 4–6 MB preview image and attaches it to the notification. On good Wi‑Fi it works; on cellular the extension is killed and the notification shows without the image. I do call the content handler from ‵serviceExtensionTimeWillExpire‵, but by then the download is only half done.

‵‵‵console
2026-05-15 07:58:40.220315 +0100 noticed[210:91e] [extension] com.example.rides.NoticeService pid=4410 exceeded time limit (30.0s), memory=23.4 MB of 24.0 MB, calling timeWillExpire; download task state={running, received=2.7 MB, expected=5.9 MB, path={interface=pdp_ip0, expensive, constrained=false}}
‵‵‵

Is there a way to get more time, or should the server send a smaller image?
`,
		},
		{
			Subtopic:   "notifications",
			Title:      "Silent pushes arrive in batches every ~15 minutes on Corvid OS 25.2",
			Author:     "pkt_capture",
			Tags:       []string{"push-relay", "background-sync"},
			AgeMinutes: 390*day + 11*hour,
			Views:      1531,
			BoostedBy:  []string{"wren_labs", "lena_builds", "rafael_m", "bram_vd", "ghost_in_the_mesh"},
			Body: `
We send silent (content-available) pushes to tell the app that a shared list changed. Since 25.2 they no longer arrive one by one; the app gets woken every ~15 minutes and receives several at once. Server logs show the relay accepted each one within milliseconds.

Is there a way to get them delivered immediately? Our users expect the list to be up to date when they open it.
`,
			Replies: []Reply{
				{
					Author:       "dmitri_fw",
					AfterMinutes: 1*day + 3*hour,
					Accepted:     true,
					Recommended:  true,
					BoostedBy:    []string{"pkt_capture", "wren_labs", "lena_builds"},
					Body: `
Silent pushes are sent at priority 5 and are coalesced by design: each wake costs battery, and for background updates the system trades latency for energy. The batching interval depends on battery, usage patterns and how often the app is opened. Priority 10 is reserved for user-visible notifications, and using it for silent pushes gets them throttled harder, not less.

For “fresh when opened”, refresh in the foreground as well. If a change really needs the user's attention now, send a visible notification.
`,
				},
				{
					Author:       "pkt_capture",
					AfterMinutes: 1*day + 5*hour,
					Body: `
Understood — we'll refresh on foreground and keep silent pushes as a hint. Thanks.
`,
				},
			},
		},
	}
}
