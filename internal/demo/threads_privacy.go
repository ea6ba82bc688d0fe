package demo

// privacySecurity covers grants, KeyVault and privacy manifests.
func privacySecurity() []Thread {
	return []Thread{
		{
			Subtopic:   "privacy-security",
			Title:      "Local network grant prompt never appears for our Go-based command-line helper",
			Author:     "wren_labs",
			Tags:       []string{"privacy", "netpath", "go"},
			AgeMinutes: 6*day + 5*hour + 30,
			Views:      352,
			BoostedBy:  []string{"tcp_tomas", "devon_io"},
			Body: `
We ship a small Go helper inside our Notebook app that discovers our lab instruments on the local network (UDP broadcast on port 47808). Since 26.0 the helper's sends fail with ‵EHOSTUNREACH‵ and no permission prompt ever appears. Running the same binary from a terminal works.

‵‵‵go
conn, err := net.ListenUDP("udp4", &net.UDPAddr{Port: 0})
if err != nil {
	return fmt.Errorf("listen: %w", err)
}
_, err = conn.WriteToUDP(probe, &net.UDPAddr{IP: net.IPv4(192, 0, 2, 255), Port: 47808})
// err: sendto: no route to host
‵‵‵

The app launches it with ‵cv_process_spawn‵ from ‵Contents/Helpers/labscan‵.
`,
			Replies: []Reply{
				{
					Author:       "oskar_dts",
					AfterMinutes: 7*hour + 15,
					Recommended:  true,
					BoostedBy:    []string{"wren_labs", "tcp_tomas", "amara_support"},
					Body: `
The local network grant belongs to the *responsible app*, not to the process that sends the packet, and only an app with a usage description can trigger the prompt. From a terminal the terminal app is responsible (and has the grant already), which is why it works there.

For your helper to be attributed to your app, it must be sealed as part of the app:

1. Declare ‵grants.local-network.usage‵ in the **app's** manifest.
2. Seal the helper with the same team identity and mark it as a bundled helper:

‵‵‵bash
corvid-seal sign --identity "Lumen Developer: Wren Labs (7QX2K9)" \
  --helper-of com.wrenlabs.instruments \
  Instruments.app/Contents/Helpers/labscan
‵‵‵

3. Trigger the prompt from the app itself (any local-network operation will do) before the helper first needs it.
`,
				},
				{
					Author:       "wren_labs",
					AfterMinutes: 1*day + 3*hour,
					Body: `
Sealing with ‵--helper-of‵ did it; the prompt shows the app's name and the helper's broadcasts go through. Thank you!
`,
				},
				{
					Author:       "amara_support",
					AfterMinutes: 1*day + 6*hour,
					Body: `
Glad it's working. I've passed on a request to have this spelled out in the local network documentation, with a Go example — it comes up regularly.
`,
				},
			},
		},
		{
			Subtopic:   "privacy-security",
			Title:      "KeyVault item written by the app can't be read by its share extension (CVKeyVaultErrorDomain Code=31)",
			Author:     "noor_apps",
			Tags:       []string{"privacy", "kotlin"},
			AgeMinutes: 17*day + 2*hour,
			Views:      614,
			BoostedBy:  []string{"mateo_r", "chidi_o"},
			Body: `
The app saves an OAuth refresh token in KeyVault with an access group so that the share extension can use it. The extension gets:

‵‵‵text
Error Domain=CVKeyVaultErrorDomain Code=31 "The calling process is not entitled to access group “shared.tokens”." UserInfo={CVKeyVaultAccessGroup=shared.tokens, CVKeyVaultProcess=com.example.clipper.share (pid 3120)}
‵‵‵

Both targets list ‵shared.tokens‵ in their entitlements. What am I missing?
`,
			Replies: []Reply{
				{
					Author:       "lena_builds",
					AfterMinutes: 2*hour + 20,
					Accepted:     true,
					BoostedBy:    []string{"noor_apps", "mateo_r", "dmitri_fw"},
					Body: `
Access groups must be prefixed with your team identifier, both in the entitlements and in code. The unprefixed name silently matches nothing.

‵‵‵diff
 keyvault-access-groups:
-  - shared.tokens
+  - 7QX2K9.com.example.clipper.shared
‵‵‵

and pass the same full string as ‵accessGroup‵ when you save and query.
`,
				},
				{
					Author:       "noor_apps",
					AfterMinutes: 4 * hour,
					Body: `
That was it, thank you! The error message could really mention the prefix.
`,
				},
			},
		},
		{
			Subtopic:   "privacy-security",
			Title:      "Privacy manifest validation fails on upload: “no reason declared for category FT” in a third-party library we never call directly",
			Author:     "lena_builds",
			Tags:       []string{"privacy", "forge"},
			AgeMinutes: 1*day + 40,
			Views:      95,
			BoostedBy:  []string{"rafael_m"},
			Body: `
Upload to the store is rejected with:

‵‵‵console
$ forge upload build/Release/Inspect.cvpkg
uploading Inspect 4.8.0 (412)...
error: privacy manifest validation failed
  - Inspect.cvpkg/Frameworks/libimagecore.dylib uses required-reason API "file timestamp" (category FT) but no manifest declares a reason
    symbols: vfs_stat_times, vfs_getattr_bulk
    declared reasons in bundle: [UD-01, DS-02]
hint: add a reason for category FT to PrivacyManifest.yaml of the component that calls it
‵‵‵

‵libimagecore‵ is a third-party binary we link and our own code never reads timestamps. Do we have to declare a reason on the vendor's behalf? The vendor hasn't answered in two weeks.
`,
		},
	}
}
