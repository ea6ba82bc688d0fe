package web

import "github.com/parley-forum/parley/internal/forum"

// adminNavEntry is one link of the admin area's navigation; it is shown
// to those Act allows (forum.Can).
type adminNavEntry struct {
	Label, Path string
	Act         forum.Action
	Help        string // one line on the admin home page
}

// adminNav is the admin area's navigation, one line per page, in the
// order shown. A new admin page adds its line here.
var adminNav = []adminNavEntry{
	{"Overview", "/admin", forum.ActAdminArea, ""},
	{"Settings", "/admin/settings", forum.ActAdminSettings, "Name, registration, privacy, limits and the About, Guidelines, Terms and Privacy pages."},
	{"Topics", "/admin/topics", forum.ActAdminSettings, "Topics and subtopics: create, rename, reorder, archive."},
	{"Tags", "/admin/tags", forum.ActAdminSettings, "Create, describe, rename, merge and delete tags."},
	{"Users", "/admin/users", forum.ActAdminSettings, "Accounts, roles, approvals, invitations and suspensions."},
	{"Audit log", "/admin/log", forum.ActAdminLog, "Who did what, when, from where."},
	{"Deleted", "/admin/deleted", forum.ActRestore, "Deleted posts and threads: restore them or purge them for good."},
}

// adminNavFor is the entries u may open, with the current one marked.
func adminNavFor(u *forum.User, current string) []adminNavLink {
	var out []adminNavLink
	for _, e := range adminNav {
		if forum.Can(u, e.Act, 0, 0, false) {
			out = append(out, adminNavLink{adminNavEntry: e, Current: e.Path == current})
		}
	}
	return out
}

type adminNavLink struct {
	adminNavEntry
	Current bool
}
