package web

import "github.com/parley-forum/parley/internal/forum"

// adminNavEntry is one link of the admin area's navigation; it is shown
// to those Allowed lets open the page (forum.Can, forum.CanDo or
// forum.CanManage, as the page itself decides).
type adminNavEntry struct {
	Label, Path string
	Allowed     func(u *forum.User) bool
	Help        string // one line on the admin home page
}

func can(act forum.Action) func(u *forum.User) bool {
	return func(u *forum.User) bool { return forum.Can(u, act, 0, 0, false) }
}

// adminNav is the admin area's navigation, one line per page, in the
// order shown. A new admin page adds its line here.
var adminNav = []adminNavEntry{
	{"Overview", "/admin", can(forum.ActAdminArea), ""},
	{"Settings", "/admin/settings", can(forum.ActAdminSettings), "Name, registration, privacy, limits and the About, Guidelines, Terms and Privacy pages."},
	{"Topics", "/admin/topics", func(u *forum.User) bool { return forum.CanDo(u, forum.ActManageTopics) },
		"Topics and subtopics: create, rename, reorder, archive."},
	{"Tags", "/admin/tags", func(u *forum.User) bool { return forum.CanDo(u, forum.ActManageTags) },
		"Create, describe, rename, merge and delete tags."},
	{"Users", "/admin/users", func(u *forum.User) bool { return forum.CanManage(u, forum.AcctView, nil) },
		"Accounts, roles, approvals, invitations and suspensions."},
	{"Invitations", "/admin/invites", func(u *forum.User) bool { return forum.CanManage(u, forum.AcctInvite, nil) },
		"Invitation links with an expiry and a number of uses."},
	{"Audit log", "/admin/log", can(forum.ActAdminLog), "Who did what, when, from where."},
	{"Email", "/admin/email", can(forum.ActAdminEmail), "Outbound email: queued, sent, and failed with the SMTP server's answer."},
	{"Deleted", "/admin/deleted", can(forum.ActRestore), "Deleted posts and threads: restore them or purge them for good."},
}

// adminNavFor is the entries u may open, with the current one marked.
func adminNavFor(u *forum.User, current string) []adminNavLink {
	var out []adminNavLink
	for _, e := range adminNav {
		if e.Allowed(u) {
			out = append(out, adminNavLink{adminNavEntry: e, Current: e.Path == current})
		}
	}
	return out
}

type adminNavLink struct {
	adminNavEntry
	Current bool
}
