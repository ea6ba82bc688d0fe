package demo

// forumFeedback is about the forums themselves.
func forumFeedback() []Thread {
	return []Thread{
		{
			Subtopic:   "forum-feedback",
			Title:      "Search can't find CamelCase API names unless I type the exact case",
			Author:     "bytewrangler",
			Tags:       []string{"meta"},
			AgeMinutes: 12*day + 2*hour,
			Views:      190,
			BoostedBy:  []string{"tcp_tomas", "kestrel_dev", "arvid_n"},
			Body: `
Searching for ‵flowfilterprovider‵ returns nothing, while ‵FlowFilterProvider‵ finds several threads. Searching for ‵filter provider‵ doesn't find them either. Developers rarely remember the exact casing of an API name; could search be case-insensitive and understand that ‵FlowFilterProvider‵ contains the words *flow*, *filter* and *provider*?
`,
			Replies: []Reply{
				{
					Author:       "forum_admin",
					AfterMinutes: 1*day + 3*hour,
					Recommended:  true,
					BoostedBy:    []string{"bytewrangler", "tcp_tomas"},
					Body: `
Thanks, good catch, and a fair request. Search is being changed to fold case and to index identifiers both whole and split at case changes, underscores and dots, so that ‵flowfilterprovider‵, ‵filter provider‵ and ‵FlowFilterProvider‵ all find the same threads. The same goes for names like ‵nw_path_evaluator_start‵ and ‵com.corvid.network.helper‵. Quoting a phrase will still match it exactly.
`,
				},
				{
					Author:       "bytewrangler",
					AfterMinutes: 1*day + 5*hour,
					Body: `
Looking forward to it, thank you!
`,
				},
			},
		},
		{
			Subtopic:   "forum-feedback",
			Title:      "Feature request: let moderators mark an answer when the asker has gone quiet",
			Author:     "tcp_tomas",
			Tags:       []string{"meta"},
			AgeMinutes: 21*day + 3*hour,
			Views:      122,
			BoostedBy:  []string{"rafael_m"},
			Body: `
Plenty of threads have a perfectly good answer, but the asker never comes back to accept it, so the thread stays “unanswered” forever and people keep landing on it from search. Could moderators mark an answer in that case?
`,
			Replies: []Reply{
				{
					Author:       "june_mod",
					AfterMinutes: 5*hour + 30,
					Body: `
We've discussed this before. The concern is that “accepted” is the asker saying *this worked for me*, and a moderator can't know that. What we have instead is **Recommended**: staff can mark a reply as the recommended answer, and it's shown at the top of the thread just like an accepted one.
`,
				},
				{
					Author:       "rafael_m",
					AfterMinutes: 1*day + 1*hour,
					Body: `
Recommended covers staff answers, but many of the best answers come from members. Could moderators recommend too?
`,
				},
				{
					Author:       "forum_admin",
					AfterMinutes: 2*day + 4*hour,
					BoostedBy:    []string{"tcp_tomas", "rafael_m"},
					Body: `
That's reasonable, and it's on the list for the next forum update. We'll post in this subtopic when it ships.
`,
				},
			},
		},
	}
}
