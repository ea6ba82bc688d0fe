package demo

// networkingFetch covers HTTP loading with FetchSession: proxies, server
// trust and background transfers.
func networkingFetch() []Thread {
	return []Thread{
		{
			Subtopic:   "networking",
			Title:      "Does preferNoProxies apply to redirects? First request goes direct, the 302 target goes through our PAC proxy",
			Author:     "chidi_o",
			Tags:       []string{"fetch-session", "proxy", "kotlin"},
			AgeMinutes: 9*day + 6*hour + 14,
			Views:      640,
			BoostedBy:  []string{"noor_apps", "wren_labs", "tcp_tomas"},
			Body: `
Our field app downloads exports from a storage host that must **not** go through the customer's corporate proxy (the proxy strips a header the host needs). We set ‵preferNoProxies = true‵ on the request and the first hop indeed goes direct. But the API answers with a 302 to a signed URL on another host, and that second request goes through the proxy chosen by the PAC file.

‵‵‵kotlin
val request = FetchRequest(URL("https://api.example.com/v2/exports/latest")).apply {
    preferNoProxies = true
    headers["X-Export-Token"] = token
}
session.data(request) { result -> /* ... */ }
‵‵‵

The log (captured with the networking profile installed) shows the decision for the redirect:

‵‵‵console
2026-05-05 16:40:21.902115 -0400 com.example.fieldnotes[3310:7c21] [corvid.fetch:proxy] Task <8E1F27C0-5B1D-4A63-9C0E-2F9A7D13B6A4>.<3> proxy evaluation for https://api.example.com/v2/exports/latest: config={preferNoProxies=true (request override=true), pac=http://wpad.corp.example.com/wpad.dat}, result=[PROXY proxy1.corp.example.com:3128, DIRECT], chosen=DIRECT
2026-05-05 16:40:22.118734 -0400 com.example.fieldnotes[3310:7c21] [corvid.fetch:proxy] Task <8E1F27C0-5B1D-4A63-9C0E-2F9A7D13B6A4>.<3> redirect 302 -> https://files.example.net/export/2026-05.csv?sig=<private>, proxy evaluation: config={preferNoProxies=false (request override=absent, redirect=inherited-from-session), pac=http://wpad.corp.example.com/wpad.dat}, result=[PROXY proxy1.corp.example.com:3128, DIRECT], chosen=PROXY proxy1.corp.example.com:3128, auth={scheme=basic, user=chidi.okonkwo@example.com, source=vault}
‵‵‵

Is this intended? Corvid OS 26.4.2 on a Lumen Pocket 7 Pro, same on the Slate simulator.
`,
			Replies: []Reply{
				{
					Author:       "wren_labs",
					AfterMinutes: 2*hour + 12,
					Body: `
We hit this too. You can return a modified request from the redirect delegate callback and set the flag again there; that worked for us on 26.3.
`,
				},
				{
					Author:       "oskar_dts",
					AfterMinutes: 1*day + 1*hour,
					Recommended:  true,
					BoostedBy:    []string{"chidi_o", "wren_labs", "noor_apps", "priya_net"},
					Body: `
Yes, this is intended, if surprising. A redirect creates a new request, and a new request takes its proxy preference from the *session* configuration unless you say otherwise. The request-level ‵preferNoProxies‵ is not copied across because the redirect may well go to a host where bypassing the proxy is wrong.

You have two good options:

1. If every request from this session should avoid proxies, set it on the configuration instead of the request:

   ‵‵‵kotlin
   val config = FetchConfiguration.ephemeral().apply { preferNoProxies = true }
   val session = FetchSession(config)
   ‵‵‵

2. If only some hosts should bypass the proxy, do what Wren Labs suggested and re-apply it in ‵willFollowRedirect‵ for hosts you recognise.

Also remember the word *prefer*: if the PAC file returns only ‵PROXY …‵ with no ‵DIRECT‵ fallback, the system will still use the proxy rather than fail.

And a small aside: your log includes the proxy user name. Consider redacting that before posting logs in public.
`,
				},
				{
					Author:       "chidi_o",
					AfterMinutes: 1*day + 3*hour,
					Body: `
Moved it to the configuration and the redirect now goes direct. Thanks both.
`,
				},
			},
		},
		{
			Subtopic:   "networking",
			Title:      "Pinning broke after we renewed our intermediate: Error Domain=CVTrustErrorDomain Code=-2207",
			Author:     "noor_apps",
			Tags:       []string{"tls", "fetch-session"},
			AgeMinutes: 16*day + 22*hour,
			Views:      720,
			BoostedBy:  []string{"chidi_o", "bytewrangler"},
			Body: `
Yesterday our backend team rotated the intermediate certificate on ‵api.example.com‵. Since then every request from the shipping app fails:

‵‵‵text
Error Domain=CVTrustErrorDomain Code=-2207 "The certificate chain for “api.example.com” does not include a pinned public key." UserInfo={CVTrustChainLength=3, CVTrustPinnedKeys=(sha256/<redacted>), CVFailingURL=https://api.example.com/v1/session, CVTrustResult=recoverableFailure}
‵‵‵

We pinned the intermediate's public key, following a blog post. The leaf was not renewed. What is the right thing to pin so this does not happen again, and is there any way to rescue the users on the current version?
`,
			Replies: []Reply{
				{
					Author:       "bytewrangler",
					AfterMinutes: 55,
					Body: `
For the rescue: if the backend can still serve the old intermediate (it should not have expired yet), roll it back until the next app version is out. That is what we did last year.
`,
				},
				{
					Author:       "oskar_dts",
					AfterMinutes: 20 * hour,
					Accepted:     true,
					Recommended:  true,
					BoostedBy:    []string{"noor_apps", "bytewrangler", "chidi_o", "priya_net", "amara_support"},
					Body: `
Sam's rescue advice is right: serve the old chain again for now.

For the future, TN0418 has the long version; the short version is:

* Pin **more than one** key and make at least one of them a backup key that is not deployed anywhere yet, kept offline by your backend team.
* Prefer pinning your own CA's key, or the leaf key if you control renewals, over an intermediate you do not control.
* Do pinning through the declarative configuration so the system evaluates it; hand-written checks tend to compare the wrong certificate.

‵‵‵json
{
  "TransportSecurity": {
    "PinnedDomains": {
      "api.example.com": {
        "IncludeSubdomains": false,
        "PinnedKeys": [
          { "Algorithm": "sha256", "Digest": "<current-leaf-spki>" },
          { "Algorithm": "sha256", "Digest": "<offline-backup-spki>" }
        ]
      }
    }
  }
}
‵‵‵
`,
				},
				{
					Author:       "noor_apps",
					AfterMinutes: 1*day + 2*hour,
					Body: `
Backend rolled back and the app works again. The backup key idea is obvious in hindsight. Thank you!
`,
				},
			},
		},
		{
			Subtopic:   "networking",
			Title:      "Background FetchSession uploads restart from zero every time the app is suspended",
			Author:     "lena_builds",
			Tags:       []string{"fetch-session", "background-sync"},
			AgeMinutes: 480*day + 7*hour,
			Views:      2417,
			BoostedBy:  []string{"rafael_m", "kestrel_dev", "arvid_n", "pkt_capture", "ghost_in_the_mesh"},
			Body: `
We upload inspection videos (300 MB–2 GB) with a background ‵FetchSession‵. On a good connection this is fine. On a flaky one, every time the app is suspended and the system resumes the transfer later, the server receives the upload from byte 0 again. Some users never finish.

Corvid OS 25.1, Lumen Slate Air. We create the task like this:

‵‵‵kotlin
val task = backgroundSession.upload(request, body = FetchBody.stream { videoFile.inputStream() })
task.resume()
‵‵‵
`,
			Replies: []Reply{
				{
					Author:       "rafael_m",
					AfterMinutes: 3 * hour,
					Body: `
Are you uploading from a stream? I don't think background sessions can resume those at all — the system cannot rewind your stream once your process is gone.
`,
				},
				{
					Author:       "oskar_dts",
					AfterMinutes: 1*day + 30,
					Accepted:     true,
					BoostedBy:    []string{"lena_builds", "rafael_m", "kestrel_dev"},
					Body: `
Rafael is right. A background session runs the transfer in ‵corvid.fetchd‵, outside your process, so it can only use bodies it can read by itself: files. Change the body to ‵FetchBody.file(videoFile)‵.

That gets you restarts without your app, but still from zero. To resume from the middle, your server has to speak a resumable upload protocol; FetchSession supports the IETF resumable upload draft out of the box. If the server answers the first request with ‵104 Upload Resumption Supported‵, the system will continue from the acknowledged offset on its own.
`,
				},
				{
					Author:       "lena_builds",
					AfterMinutes: 2*day + 4*hour,
					Body: `
Switched to file bodies and enabled resumable uploads on our ingest server. A 1.6 GB upload survived four suspensions and a network change. Thanks!
`,
				},
				{
					Author:       "pkt_capture",
					AfterMinutes: 9 * day,
					BoostedBy:    []string{"lena_builds"},
					Body: `
Bookmarking this. For anyone who finds it later: the offset is in the ‵Upload-Offset‵ header, so it is easy to confirm in a packet capture that resumption actually happens.
`,
				},
			},
		},
	}
}
