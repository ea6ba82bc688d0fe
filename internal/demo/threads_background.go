package demo

// backgroundTasks covers TaskScheduler: when tasks run, how long they get,
// and how to test them.
func backgroundTasks() []Thread {
	return []Thread{
		{
			Subtopic:   "background-tasks",
			Title:      "RefreshTask never runs on my Pocket 7 while Low Power Mode is on",
			Author:     "noor_apps",
			Tags:       []string{"background-sync", "kotlin"},
			AgeMinutes: 8*day + 1*hour + 5,
			Views:      533,
			BoostedBy:  []string{"rafael_m", "zoe_q", "olivia_c"},
			Body: `
Our news app schedules a ‵RefreshTask‵ every hour so the morning edition is ready when the user opens the app. With Low Power Mode on (which many of our users leave on all the time) the task simply never runs — not late, never. As soon as Low Power Mode is off, it runs within the hour.

‵‵‵kotlin
TaskScheduler.shared.submit(
    RefreshTaskRequest("com.example.news.refresh").apply {
        earliestBegin = Instant.now().plus(Duration.ofHours(1))
    }
)
‵‵‵

Is this documented anywhere? Corvid OS 26.4.2.
`,
			Replies: []Reply{
				{
					Author:       "dmitri_fw",
					AfterMinutes: 6*hour + 30,
					Recommended:  true,
					BoostedBy:    []string{"noor_apps", "rafael_m", "zoe_q", "amara_support"},
					Body: `
That is the intended behaviour: in Low Power Mode the scheduler does not start discretionary work at all, and refresh tasks are discretionary. The user has told the system that battery matters more than fresh content. It is mentioned in the TaskScheduler overview under “System conditions”, though not as prominently as it deserves.

Two things you can do:

* Check ‵PowerState.isLowPowerModeEnabled‵ when the app comes to the foreground and refresh immediately, showing cached content meanwhile.
* If the edition is genuinely time-sensitive, send a notification through the Push Relay when it's published; a *user-visible* notification is not affected by Low Power Mode, and the service extension can prefetch the lead story.
`,
				},
				{
					Author:       "noor_apps",
					AfterMinutes: 9 * hour,
					Body: `
Makes sense, even if product won't love it. The foreground refresh is a good compromise. Thanks.
`,
				},
				{
					Author:       "rafael_m",
					AfterMinutes: 1*day + 4*hour,
					Body: `
For what it's worth, ‵schedctl history com.example.news.refresh‵ shows ‵deferred: low-power-mode‵ entries for each skipped slot, which is handy for convincing product people.
`,
				},
			},
		},
		{
			Subtopic:   "background-tasks",
			Title:      "ProcessingTask expiration handler fires after ~30 s instead of the several minutes the docs promise",
			Author:     "rafael_m",
			Tags:       []string{"background-sync", "performance"},
			AgeMinutes: 13*day + 5*hour + 44,
			Views:      212,
			BoostedBy:  []string{"noor_apps"},
			Body: `
We re-index a local search database overnight with a ‵ProcessingTask‵ (requires external power, no network). The docs say processing tasks get “several minutes, and often much longer while charging”. Ours is expired after about 30 seconds, every night.

‵‵‵console
2026-05-01 02:14:00.118203 -0300 corvid.schedd[180:44c] [run] launching task id=com.example.notes.reindex pid=3391 class=refresh budget=30.0s conditions={power=external, battery=100%, thermal=nominal, network=none, user-idle=4h12m} reason=<private> manifest={declared=[com.example.notes.refresh], processing-identifiers=[], matched-by=prefix(com.example.notes.)}
2026-05-01 02:14:30.120987 -0300 corvid.schedd[180:44c] [run] expiring task id=com.example.notes.reindex pid=3391 elapsed=30.002s budget=30.0s
‵‵‵

Corvid OS 26.4.2 on a Slate Air, charging on the desk overnight.
`,
			Replies: []Reply{
				{
					Author:       "dmitri_fw",
					AfterMinutes: 1*day + 2*hour,
					Accepted:     true,
					BoostedBy:    []string{"rafael_m", "noor_apps"},
					Body: `
Look at ‵class=refresh‵ and ‵processing-identifiers=[]‵ in the launch line. Your manifest only declares the refresh identifier, and the scheduler matched the reindex task by prefix, so it ran it with a refresh budget. Declare it explicitly as a processing task:

‵‵‵yaml
background:
  refresh-identifiers:
    - com.example.notes.refresh
  processing-identifiers:
    - com.example.notes.reindex
‵‵‵

We'll make the prefix fallback a hard error in a future release; it causes exactly this confusion.
`,
				},
				{
					Author:       "rafael_m",
					AfterMinutes: 2*day + 1*hour,
					Body: `
That was it. Last night's run took 11 minutes and finished. Thank you.
`,
				},
			},
		},
		{
			Subtopic:   "background-tasks",
			Title:      "How do I test background task scheduling without waiting hours? (schedctl trigger says “not permitted”)",
			Author:     "zoe_q",
			Tags:       []string{"background-sync", "debugging"},
			AgeMinutes: 5*day + 3*hour,
			Views:      391,
			BoostedBy:  []string{"noor_apps", "rafael_m", "devon_io"},
			Body: `
New to the platform. I found ‵schedctl‵ in the tools, but:

‵‵‵console
$ schedctl trigger com.example.habits.refresh
schedctl: trigger com.example.habits.refresh: not permitted (SchedulerErrorDomain Code=3 "The device is not in developer mode or the task's app is not debuggable.")
‵‵‵

Developer mode is on (I can run from Lumen Studio). What else is needed?
`,
			Replies: []Reply{
				{
					Author:       "amara_support",
					AfterMinutes: 2*hour + 45,
					Accepted:     true,
					Recommended:  true,
					BoostedBy:    []string{"zoe_q", "noor_apps", "devon_io"},
					Body: `
The second half of the message is the one that applies: the installed build must be debuggable, i.e. a development build, not the release build you installed from the Beta Channel. Then:

‵‵‵bash
# list what the scheduler knows about your app
schedctl list --app com.example.habits
# run the next pending refresh now, with a normal budget
schedctl trigger com.example.habits.refresh
# simulate the system expiring it, to test your expiration handler
schedctl expire com.example.habits.refresh --after 5s
‵‵‵

Do test the expiration path; it's the one that breaks in the field.
`,
				},
				{
					Author:       "zoe_q",
					AfterMinutes: 4 * hour,
					Body: `
Yes, I had the Beta Channel build installed on top. Works now. And ‵expire‵ immediately found a bug in my handler 🙂
`,
				},
			},
		},
	}
}
