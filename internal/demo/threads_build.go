package demo

// buildSystem covers forge, Forgefile.yaml and CI.
func buildSystem() []Thread {
	return []Thread{
		{
			Subtopic:   "build-system",
			Title:      "forge build succeeds locally but fails on CI with “undefined symbol: _np_path_monitor_copy_current” — only for the Slate simulator on arm64 runners, never on x86_64 or device builds",
			Author:     "devon_io",
			Tags:       []string{"forge", "c", "debugging"},
			AgeMinutes: 9*day + 1*hour + 12,
			Views:      473,
			BoostedBy:  []string{"lena_builds", "chidi_o", "mateo_r"},
			Body: `
Our CI matrix builds for device, the x86_64 simulator and the arm64 simulator. Since we moved CI to arm64 runners, the arm64 simulator job fails at link time. The same command on my arm64 Notebook works.

‵‵‵console
$ forge build --target slate-sim --arch arm64 --config release
[412/418] Linking Roomsync (slate-sim, arm64)
ld: error: undefined symbol: _np_path_monitor_copy_current
>>> referenced by netstate.o:(_netstate_refresh) in archive build/slate-sim-arm64/libnetstate.a
>>> did you mean: _np_path_monitor_copy_current_path (in /opt/ci/cache/sdk-stubs/slate-sim/libnetpath.cvstub, SDK 26.1)
error: linker command failed with exit code 1 (use -v to see invocation)
‵‵‵

Both machines say ‵forge --version‵ 26.3.0 and SDK 26.4.
`,
			Replies: []Reply{
				{
					Author:       "hiro_tools",
					AfterMinutes: 2*hour + 5,
					Body: `
The “did you mean” line gives it away: the linker found a stub from **SDK 26.1** under ‵/opt/ci/cache/sdk-stubs‵. Can you check how that cache directory is populated and what the cache key is?
`,
				},
				{
					Author:       "devon_io",
					AfterMinutes: 3*hour + 30,
					Body: `
‵‵‵yaml
- name: restore sdk stubs
  uses: cache/restore
  with:
    path: /opt/ci/cache/sdk-stubs
    key: stubs-${{ runner.arch }}-${{ hashFiles('Forgefile.yaml') }}
‵‵‵

Oh. The key doesn't include the SDK version, and nobody has touched Forgefile.yaml since the x86_64 → arm64 switch, which happened when we were still on 26.1.
`,
				},
				{
					Author:       "hiro_tools",
					AfterMinutes: 4*hour + 1,
					Accepted:     true,
					Recommended:  true,
					BoostedBy:    []string{"devon_io", "lena_builds", "chidi_o"},
					Body: `
Exactly. Simplest fix: don't cache the stubs at all. ‵forge‵ reads them straight from the SDK, and copying them saves nothing. If you have another reason to keep a cache, include the SDK build in the key:

‵‵‵yaml
    key: stubs-${{ runner.arch }}-${{ steps.sdk.outputs.build }}-${{ hashFiles('Forgefile.yaml') }}
‵‵‵

where ‵steps.sdk‵ runs ‵forge sdk --print-build‵. We're also going to make ‵forge‵ warn when a stub's SDK version doesn't match the active SDK.
`,
				},
				{
					Author:       "devon_io",
					AfterMinutes: 5*hour + 45,
					Body: `
Removed the cache step; green on all three targets. Thanks Hiroshi.
`,
				},
			},
		},
		{
			Subtopic:   "build-system",
			Title:      "Incremental builds recompile everything after upgrading to Lumen Studio 26.3",
			Author:     "lena_builds",
			Tags:       []string{"forge", "performance"},
			AgeMinutes: 14*day + 3*hour + 8,
			Views:      1342,
			BoostedBy:  []string{"rafael_m", "chidi_o", "kestrel_dev", "devon_io", "mateo_r", "bytewrangler", "svetlana_k"},
			Body: `
After upgrading to Lumen Studio 26.3 every build of our Kotlin app is a full build: 6–7 minutes even when I change a single string. Before the upgrade an incremental build took about 20 seconds. Cleaning the build folder and deleting the derived cache didn't help.

Anyone else? Is there a way to see *why* forge thinks something changed?
`,
			Replies: []Reply{
				{Author: "rafael_m", AfterMinutes: 30, Body: `Same here. I thought it was our new laptop.`},
				{
					Author:       "chidi_o",
					AfterMinutes: 1*hour + 10,
					Body: `
Do you have a build step that generates a source file? We had a version-stamp script that rewrote ‵BuildInfo.kt‵ on every build.
`,
				},
				{
					Author:       "lena_builds",
					AfterMinutes: 1*hour + 40,
					Body: `
We do have one, but it has been there for two years and was fine on 26.2.
`,
				},
				{
					Author:       "hiro_tools",
					AfterMinutes: 5*hour + 20,
					Accepted:     true,
					BoostedBy:    []string{"lena_builds", "rafael_m", "chidi_o", "kestrel_dev", "mateo_r"},
					Body: `
Chidi's guess is likely right, and the reason it started in 26.3 is that forge now tracks generated sources by *modification time* by default instead of content (content hashing was expensive for very large generated files). A script that rewrites an identical file now invalidates everything downstream.

You can see the reason for any rebuild with:

‵‵‵console
$ forge explain-rebuild :app:compileKotlin
:app:compileKotlin is out of date because:
  input changed: build/generated/BuildInfo.kt (mtime 2026-04-30 09:14:02.118 -> 2026-04-30 09:21:47.930, content hash unchanged: sha256:5f0c1e…b2a4)
  downstream: 1,284 tasks invalidated (:app:compileKotlin -> :app:dex -> :app:package -> ... -> :app:assembleRelease)
‵‵‵

Opt the generator back into content stamping:

‵‵‵yaml
tasks:
  generate-build-info:
    outputs:
      - path: build/generated/BuildInfo.kt
        stamp: content
‵‵‵
`,
				},
				{
					Author:       "lena_builds",
					AfterMinutes: 6*hour + 2,
					Body: `
‵explain-rebuild‵ is exactly what I needed, and ‵stamp: content‵ brought us back to 18 seconds. Thank you!
`,
				},
				{
					Author:       "devon_io",
					AfterMinutes: 2*day + 7*hour,
					Body: `
‵explain-rebuild‵ should be in the release notes in bold. Saved my afternoon.
`,
				},
			},
		},
		{
			Subtopic:   "build-system",
			Title:      "How do I share Forgefile.yaml settings between a dozen modules without copy-paste?",
			Author:     "rafael_m",
			Tags:       []string{"forge", "kotlin"},
			AgeMinutes: 470*day + 2*hour,
			Views:      2906,
			BoostedBy:  []string{"lena_builds", "kestrel_dev", "bram_vd", "ghost_in_the_mesh"},
			Body: `
We have twelve Kotlin library modules, each with a Forgefile.yaml that repeats the same compiler flags, lint settings and test configuration. Every change means editing twelve files. Is there an include mechanism?
`,
			Replies: []Reply{
				{
					Author:       "hiro_tools",
					AfterMinutes: 5*hour + 30,
					Accepted:     true,
					Recommended:  true,
					BoostedBy:    []string{"rafael_m", "lena_builds", "kestrel_dev"},
					Body: `
Yes — presets. Put the shared settings in one file at the root:

‵‵‵yaml
# forge/presets/kotlin-library.yaml
preset: kotlin-library
kotlin:
  language-version: "2.1"
  warnings-as-errors: true
lint:
  baseline: forge/lint-baseline.xml
test:
  parallel: true
  timeout: 10m
‵‵‵

and in each module:

‵‵‵yaml
uses: [kotlin-library]
name: feature-search
dependencies:
  - module: core-model
‵‵‵

Values in the module override the preset, and ‵forge config --resolved‵ prints the merged result if you ever wonder where a setting came from.
`,
				},
			},
		},
	}
}
