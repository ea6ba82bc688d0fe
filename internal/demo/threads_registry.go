package demo

// packageRegistry covers publishing to and consuming from Perch.
func packageRegistry() []Thread {
	return []Thread{
		{
			Subtopic:   "package-registry",
			Title:      "perch publish fails with 409 Conflict: version 1.4.0 already exists — but I never published it",
			Author:     "ghost_in_the_mesh",
			Tags:       []string{"perch"},
			AgeMinutes: 5*day + 2*hour + 48,
			Views:      302,
			BoostedBy:  []string{"bytewrangler", "zoe_q"},
			Body: `
‵‵‵console
$ perch publish --version 1.4.0
packing meshkit-1.4.0.perch (214 files, 1.2 MB)
uploading to https://perch.corvid.example/api/v2/packages/meshkit ...
error: 409 Conflict: version 1.4.0 of meshkit already exists (published 2026-03-02T17:44:09Z, yanked 2026-03-02T17:51:30Z, publisher=ci-token:meshkit-release)
‵‵‵

The package page shows 1.3.2 as the latest. I certainly didn't publish 1.4.0 on the 2nd of March. What is going on, and can I reclaim the number?
`,
			Replies: []Reply{
				{
					Author:       "hiro_tools",
					AfterMinutes: 3*hour + 15,
					Recommended:  true,
					BoostedBy:    []string{"ghost_in_the_mesh", "bytewrangler"},
					Body: `
Version numbers on Perch are immutable, and yanking hides a version without freeing the number, so that nobody can ever download two different packages called ‵meshkit 1.4.0‵. The number can't be reclaimed; publish 1.4.1.

The more important part is ‵publisher=ci-token:meshkit-release‵: something that had your CI token published it. ‵perch audit --package meshkit‵ lists every publish with the source IP and the CI run that used the token.
`,
				},
				{
					Author:       "ghost_in_the_mesh",
					AfterMinutes: 5*hour + 40,
					Body: `
Found it: a contributor's fork had our release workflow enabled and the token was still in the fork's secrets from when it was a mirror. It published, their CI then failed a later step, and a cleanup step yanked it. Nothing malicious, but scary.
`,
				},
				{
					Author:       "hiro_tools",
					AfterMinutes: 6*hour + 20,
					BoostedBy:    []string{"ghost_in_the_mesh"},
					Body: `
Rotate the token now, and consider switching to trusted publishing, which binds publishing rights to a specific repository and workflow instead of a long-lived secret. The handbook has a section on it.
`,
				},
			},
		},
		{
			Subtopic:   "package-registry",
			Title:      "Request: namespace transfer for an abandoned package on Perch",
			Author:     "devon_io",
			Tags:       []string{"perch"},
			AgeMinutes: 27*day + 1*hour,
			Views:      141,
			Body: `
The package ‵sqlkit‵ hasn't been updated in four years, the repository is archived and the maintainer's email bounces. We maintain the most active fork and would like to take over the name so that existing users get security fixes. Who do I ask?
`,
			Replies: []Reply{
				{
					Author:       "june_mod",
					AfterMinutes: 4*hour + 10,
					Body: `
Name transfers are handled by the registry team, not on the forums, because they need to verify identities privately. Use the **Request a name transfer** form linked from the package's page. Include a link to your fork and what you tried in order to reach the maintainer; the team will try to reach them too, and the process usually takes a few weeks.
`,
				},
			},
		},
	}
}
