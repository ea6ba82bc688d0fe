package forum

// Action is something a user may try to do to a post or thread.
type Action string

// Actions checked by Can.
const (
	ActReply     Action = "reply"
	ActEdit      Action = "edit"
	ActDelete    Action = "delete"
	ActBoost     Action = "boost"
	ActAccept    Action = "accept"
	ActRecommend Action = "recommend"
	// ActRevision is redacting or hiding one kept version of a post.
	ActRevision Action = "revision"
	// ActAdminArea is opening /admin: its home page and checklist.
	ActAdminArea Action = "admin"
	// ActAdminSettings is reading and changing the site settings.
	ActAdminSettings Action = "admin-settings"
	// ActAdminLog is reading the audit log.
	ActAdminLog Action = "admin-log"
	// ActManageTopics is creating, editing, archiving and deleting topics
	// and subtopics: the forum's structure, an administrator's decision.
	ActManageTopics Action = "manage-topics"
	// ActManageTags is creating, describing, renaming, merging and
	// deleting tags.
	ActManageTags Action = "manage-tags"
	// ActThreadControl is pinning, locking, moving and retagging a thread.
	ActThreadControl Action = "thread-control"
	// ActUnlist is hiding a thread from lists, feeds and search.
	ActUnlist Action = "unlist"
	// ActPostStaffOnly is starting a thread in a staff-only subtopic.
	ActPostStaffOnly Action = "post-staff-only"
	// ActAdminEmail is reading the email outbox (addresses and SMTP errors).
	ActAdminEmail Action = "admin-email"
	// ActRestore is seeing deleted posts and threads and restoring them;
	// ActPurge is erasing a deleted one for good.
	ActRestore Action = "restore"
	ActPurge   Action = "purge"
)

// Can reports whether actor may perform act on a post written by authorID
// in a thread started by askerID (locked says whether the thread is locked).
// It is the single place the forum's permissions are written down.
func Can(actor *User, act Action, authorID, askerID int64, locked bool) bool {
	if actor == nil {
		return false
	}
	own := actor.ID == authorID
	switch act {
	case ActReply:
		return !locked || actor.Role.CanModerate()
	case ActEdit, ActDelete:
		return own || actor.Role.CanModerate()
	case ActBoost:
		return !own
	case ActAccept:
		return actor.ID == askerID || actor.Role.CanModerate()
	case ActRecommend:
		return actor.Role.IsStaff()
	case ActRevision:
		// Staff, not only moderators: both actions only take information
		// away, and support staff are the ones who spot a leaked secret.
		return actor.Role.IsStaff()
	case ActAdminArea, ActAdminLog:
		// Moderators see who did what; only administrators change the
		// forum's settings.
		return actor.Role.CanModerate()
	case ActAdminSettings, ActAdminEmail:
		return actor.Role == RoleAdmin
	case ActManageTopics:
		return actor.Role == RoleAdmin
	case ActManageTags, ActUnlist:
		return actor.Role.CanModerate()
	case ActThreadControl, ActPostStaffOnly:
		return actor.Role.IsStaff()
	case ActRestore, ActPurge:
		// Whoever may delete others' posts may undo a delete and purge.
		return actor.Role.CanModerate()
	}
	return false
}

// CanDo reports whether actor may perform an action that is about the
// forum rather than one post (the taxonomy and thread controls): Can with
// no author.
func CanDo(actor *User, act Action) bool { return Can(actor, act, 0, 0, false) }
